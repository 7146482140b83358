/**
 * Worker entry used when the server runs from TypeScript sources: registers the TypeScript hooks
 * for this thread, then starts the real worker (`../worker.ts`). See src/util/ts-hooks.mjs for why.
 */
import { register } from 'node:module';

register('../../util/ts-hooks.mjs', import.meta.url);
await import('../worker.ts');
