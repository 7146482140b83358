/**
 * Worker entry used when the package runs from its TypeScript sources (vitest, development):
 * registers the TypeScript hooks (./ts-hooks.mjs) for this thread, then imports the real worker,
 * whose URL spawn-worker.ts passes as the last argument. From dist/ the compiled worker is started
 * directly and this file is never used.
 */
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
await import(process.argv.at(-1));
