/**
 * Worker entry used when training runs from the TypeScript sources (vitest, development): registers
 * the project's TypeScript module hooks for this thread (the server's, src/server/dev/ts-hooks.mjs,
 * which explains why vitest's own transform does not reach worker threads), then starts the real
 * worker. From dist/ the compiled worker.js is started directly and this file is never used.
 */
import { register } from 'node:module';

register('../../server/dev/ts-hooks.mjs', import.meta.url);
await import('./worker.ts');
