/**
 * Module hooks that let a training worker thread run the TypeScript sources directly (vitest,
 * development); from dist/ the compiled worker.js runs and these are never registered. A worker
 * thread is a fresh isolate that vitest's transform does not reach, and the sources need nothing
 * but type erasure, one file at a time: esbuild (present wherever vitest is, through vite), else
 * TypeScript's transpileModule (a dev dependency). The server has the same hooks for its workers
 * (src/server/dev/ts-hooks.mjs); this copy keeps neural/ from depending on server/.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const transpile = await (async () => {
  try {
    const esbuild = await import('esbuild');
    return (source, file) => esbuild.transformSync(source, { loader: 'ts', format: 'esm', target: 'es2022', sourcefile: file, sourcemap: 'inline' }).code;
  } catch {
    const ts = (await import('typescript')).default;
    return (source, file) =>
      ts.transpileModule(source, { fileName: file, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true } }).outputText;
  }
})();

export async function resolve(specifier, context, next) {
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
