/**
 * Module hooks that let a worker thread run the TypeScript sources directly (vitest, development):
 * every worker started by spawn-worker.ts registers it (through worker-dev.mjs).
 * Only used when the code was loaded from `.ts` files; from `dist/` the workers load compiled
 * JavaScript and these hooks are never registered.
 *
 * Why not rely on vitest: vitest transforms the test's own module graph, but a worker thread is
 * a fresh Node isolate that knows nothing of it. The sources need nothing but type erasure, one
 * file at a time: esbuild (present wherever vitest is, through vite) does it in milliseconds;
 * TypeScript's own `transpileModule` (a dev dependency) is the slower fallback.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Mirrors vitest.config.ts: examples import the package by name, which means the sources here. */
const PACKAGE_ENTRY = new URL('../index.ts', import.meta.url).href;

const transpile = await (async () => {
  try {
    const esbuild = await import('esbuild');
    return (source, file) =>
      esbuild.transformSync(source, {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
        sourcefile: file,
        sourcemap: 'inline',
      }).code;
  } catch {
    const ts = (await import('typescript')).default;
    return (source, file) =>
      ts.transpileModule(source, {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          inlineSourceMap: true,
          inlineSources: true,
        },
      }).outputText;
  }
})();

export async function resolve(specifier, context, next) {
  if (specifier === 'trm-sdk') return { url: PACKAGE_ENTRY, shortCircuit: true };
  // Sources import each other as `./x.js` (NodeNext); the file on disk is `./x.ts`.
  if (context.parentURL?.endsWith('.ts') && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
    const asTs = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(asTs)) return { url: asTs.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  return { format: 'module', source: transpile(await readFile(file, 'utf8'), file), shortCircuit: true };
}
