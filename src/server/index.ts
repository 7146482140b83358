/**
 * The REST service's public API (`trm-sdk/server`): embed the service in your own process, or
 * start it as `trm-sdk serve` does.
 *
 * @example
 *   import { createServer } from 'trm-sdk/server';
 *   const server = await createServer({ workers: 4, sdkModule: new URL('./my-sdk.js', import.meta.url) });
 *   await server.listen(8080, '0.0.0.0');
 */
export { createServer, type TrmServer, type ListenResult } from './app.js';
export { serve, type Serving } from './serve.js';
export { resolveServerOptions, serverOptionsFromEnv, DEFAULT_HOST, DEFAULT_PORT, type ServerOptions, type ListenOptions, type ResolvedServerOptions } from './config.js';
export { WorkerPool, type PoolOptions, type PoolStats, type SubmitHooks } from './pool.js';
export { loadServiceSdk, type ServiceSdk } from './sdk-module.js';
export { toServiceError } from './errors.js';
export type { components as ApiSchemas, paths as ApiPaths, operations as ApiOperations } from './api-types.js';
