/**
 * Which SDK a solver worker builds. Functions cannot cross threads, so a server with custom
 * plugins names modules instead:
 *   - `sdkModule`: a module exporting `createSdk()` (or a default function) returning a
 *     {@link ServiceSdk} — a `TrmSdk` with its plugins registered, or a promise of one;
 *   - `plugins`: plugin modules (as `trm-sdk serve --plugin`), registered on top of that SDK;
 *   - `models`: task → checkpoint path (as `serve --model task=path`), loaded at start on top of
 *     the shipped models, so a bad checkpoint stops the server at start, not at the first solve.
 */
import { TrmError } from '../errors.js';
import { loadPluginModule } from '../sdk/plugin-module.js';
import type { TrmSdk } from '../sdk/sdk.js';

/** The part of the SDK the service calls (`registerPlugin` / `loadModel` only with `plugins` / `models`). */
export type ServiceSdk = Pick<TrmSdk, 'solve' | 'verify' | 'generate' | 'tasks' | 'plugin'> & Partial<Pick<TrmSdk, 'registerPlugin' | 'loadModel'>>;

export interface ServiceSdkExtras {
  /** Plugin module specifiers (file URLs or package names). */
  plugins?: string[];
  /** task → checkpoint path. */
  models?: Record<string, string>;
}

/** Imports `moduleUrl` (default: the SDK itself) and builds its SDK; throws TRM_ERR_INVALID_CONFIG when the module has no factory. */
export async function loadServiceSdk(moduleUrl?: string, extras: ServiceSdkExtras = {}): Promise<ServiceSdk> {
  // Imported lazily so a custom module does not pay for (or depend on) the default plugin set.
  const mod = (await import(moduleUrl ?? '../sdk/sdk.js')) as { createSdk?: unknown; default?: unknown };
  const factory = typeof mod.createSdk === 'function' ? mod.createSdk : mod.default;
  if (typeof factory !== 'function') {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `SDK module ${moduleUrl ?? '(default)'} exports neither createSdk() nor a default function`, { module: moduleUrl });
  }
  const sdk = (await (factory as () => unknown)()) as Partial<ServiceSdk> | null;
  for (const m of ['solve', 'verify', 'generate', 'tasks', 'plugin'] as const) {
    if (typeof sdk?.[m] !== 'function') {
      throw new TrmError('TRM_ERR_INVALID_CONFIG', `SDK module ${moduleUrl ?? '(default)'}: createSdk() returned an object without ${m}()`, { module: moduleUrl });
    }
  }
  const service = sdk as ServiceSdk;
  for (const spec of extras.plugins ?? []) {
    if (typeof service.registerPlugin !== 'function') {
      throw new TrmError('TRM_ERR_INVALID_CONFIG', `SDK module ${moduleUrl ?? '(default)'} has no registerPlugin(), so --plugin ${spec} cannot be added to it`, { module: moduleUrl });
    }
    for (const p of await loadPluginModule(spec)) service.registerPlugin(p);
  }
  for (const [task, file] of Object.entries(extras.models ?? {})) {
    if (typeof service.loadModel !== 'function') {
      throw new TrmError('TRM_ERR_INVALID_CONFIG', `SDK module ${moduleUrl ?? '(default)'} has no loadModel(), so --model ${task}=… cannot be added to it`, { module: moduleUrl });
    }
    await service.loadModel(task, file);
  }
  return service;
}
