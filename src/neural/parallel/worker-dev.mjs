/**
 * Worker entry used when training runs from the TypeScript sources (vitest, development): registers
 * the TypeScript module hooks for this thread (src/util/ts-hooks.mjs), then starts the real worker. From
 * dist/ the compiled worker.js is started directly and this file is never used.
 */
import { register } from 'node:module';

register('../../util/ts-hooks.mjs', import.meta.url);
await import('./worker.ts');
