#!/usr/bin/env node
/**
 * Builds `trm-sdk/browser` into dist/browser/ with esbuild:
 *   index.js            the core (plugins, verifiers, symbolic solvers, the solve loop) — no ML engine;
 *   chunk-*.js          code-split chunks; the engine chunk (tfjs + wasm backend + model code) loads
 *                       on the first neural solve, the WebGPU backend only when a GPU is used;
 *   *.wasm              tfjs-backend-wasm's binaries (plain, SIMD, threaded SIMD), found beside the bundle;
 *   (models)            the shipped models stay at tasks/<task>/model.safetensors, two folders up from
 *                       the bundle in the repository and in the package; their SHA-256 and model-card
 *                       rate are compiled into the bundle;
 *   sizes.json          raw and gzip bytes of the core, the engine chunk and each model.
 * It fails if any file of the bundle imports a Node built-in (`node:*`, or a bare `fs`, `path`, …).
 *
 * Usage: node scripts/build-browser.mjs [--quiet]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'browser');
const quiet = process.argv.includes('--quiet');
const require = createRequire(import.meta.url);

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Node built-ins: an import from our own src/ fails the build (the browser entry must not reach
 * Node code); one inside a dependency is emscripten's Node-only branch (logic-solver's MiniSat,
 * tfjs-backend-wasm), taken only when `process.versions.node` is set, so it resolves to an empty module.
 */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (!BUILTINS.has(args.path)) return undefined;
      if (!args.importer.includes(`${path.sep}node_modules${path.sep}`)) {
        return { errors: [{ text: `Node built-in "${args.path}" imported by ${path.relative(ROOT, args.importer)}: the browser build must not reach Node code (put it behind src/sdk/platform/)` }] };
      }
      return { path: args.path, namespace: 'empty-builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'empty-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** Shipped models: hashed, with the model card's measured rate; `file` is relative to dist/browser/. */
function shippedModels() {
  const out = {};
  const tasksDir = path.join(ROOT, 'tasks');
  for (const task of fs.readdirSync(tasksDir).sort()) {
    const file = path.join(tasksDir, task, 'model.safetensors');
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    const entry = { file: `../../tasks/${task}/model.safetensors`, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    const side = path.join(tasksDir, task, 'model.json');
    if (fs.existsSync(side)) {
      const rate = JSON.parse(fs.readFileSync(side, 'utf8')).neuralOnlyVerifiedRate;
      if (typeof rate === 'number') entry.neuralOnlyVerifiedRate = rate;
    }
    out[task] = entry;
  }
  return out;
}

/**
 * Every import in the bundle that names a Node built-in (the check the build enforces): ESM
 * `import … from`, `import '…'`, `import('…')`, `export … from`, and esbuild's `__require('…')`
 * shim for an unbundled CommonJS require; any `require('node:…')` too. A bare `require("fs")`
 * left in place is not an import: it only survives inside code that binds its own `require`
 * (logic-solver's MiniSat defines `var require = function(){}`) or inside a string (tfjs's
 * pthread worker source, run only under Node).
 */
export function nodeImportsIn(dir) {
  const found = [];
  const specs = [
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*|\b__require\s*\(\s*)["']([^"'\n]+)["']/g,
    /\brequire\s*\(\s*["'](node:[^"'\n]+)["']/g,
  ];
  for (const name of fs.readdirSync(dir, { recursive: true })) {
    if (!/\.m?js$/.test(name)) continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const re of specs) for (const m of text.matchAll(re)) if (m[1].startsWith('node:') || BUILTINS.has(m[1])) found.push(`${name}: "${m[1]}"`);
  }
  return found;
}

/** esbuild options shared by the bundle and the browser bench (bench/browser/engines.mjs). */
export function browserBuildOptions() {
  return {
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    define: { __TRM_SHIPPED_MODELS__: '{}', 'process.env.NODE_ENV': '"production"' },
    // The model code imports the tfjs umbrella for its ops; in the page only tfjs-core (and our
    // chosen backends) are needed, not layers, converter, data or WebGL.
    alias: { '@tensorflow/tfjs': path.join(ROOT, 'src', 'neural', 'tfjs-core-only.ts') },
    plugins: [nodeBuiltins],
  };
}

export async function buildBrowser() {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const models = shippedModels();
  const result = await esbuild.build({
    ...browserBuildOptions(),
    entryPoints: { index: 'src/browser.ts' },
    outdir: OUT,
    minify: true,
    legalComments: 'none',
    metafile: true,
    define: { __TRM_SHIPPED_MODELS__: JSON.stringify(models), 'process.env.NODE_ENV': '"production"' },
  });
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const f of fs.readdirSync(wasmDir)) if (f.endsWith('.wasm')) fs.copyFileSync(path.join(wasmDir, f), path.join(OUT, f));

  const external = Object.entries(result.metafile.outputs).flatMap(([f, o]) => o.imports.filter((i) => i.external).map((i) => `${f}: "${i.path}" (external)`));
  const bad = [...external, ...nodeImportsIn(OUT)];
  if (bad.length) throw new Error(`dist/browser imports Node built-ins:\n  ${bad.join('\n  ')}`);

  // Sizes. The core: the entry and the chunks it imports statically (what a symbolic-only page
  // loads). The WebGPU backend: the chunk holding tfjs-backend-webgpu. The engine: every other
  // chunk (tfjs-core, the cpu and wasm backends, the model code), loaded on the first neural solve.
  const outputs = result.metafile.outputs;
  const rel = (p) => path.relative(OUT, path.join(ROOT, p));
  const size = (file) => {
    const bytes = fs.readFileSync(path.join(OUT, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const sum = (files) => ({ files: files.map(rel), raw: 0, gzip: 0, ...files.map((f) => size(rel(f))).reduce((t, x) => ({ raw: t.raw + x.raw, gzip: t.gzip + x.gzip }), { raw: 0, gzip: 0 }) });
  const entry = Object.entries(outputs).find(([, o]) => o.entryPoint === 'src/browser.ts')[0];
  const core = new Set([entry]);
  for (const f of core) for (const i of outputs[f].imports) if (i.kind === 'import-statement') core.add(i.path);
  const js = Object.keys(outputs).filter((f) => f.endsWith('.js'));
  const webgpu = js.filter((f) => Object.keys(outputs[f].inputs).some((i) => i.includes('node_modules/@tensorflow/tfjs-backend-webgpu/')));
  const engine = js.filter((f) => !core.has(f) && !webgpu.includes(f));
  const sizes = {
    core: sum([...core]),
    engine: sum(engine),
    webgpu: sum(webgpu),
    wasm: fs.readdirSync(OUT).filter((f) => f.endsWith('.wasm')).sort().map(size),
    models: Object.fromEntries(Object.entries(models).map(([t, m]) => [t, { ...size(m.file), file: m.file.replace('../../', '') }])),
  };
  fs.writeFileSync(path.join(OUT, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  if (!quiet) {
    const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
    const line = (name, s) => `  ${name.padEnd(22)} ${kb(s.raw).padStart(11)} raw ${kb(s.gzip).padStart(11)} gzip  ${s.file ?? s.files.join(' ')}`;
    console.log('dist/browser:');
    console.log(line('core (symbolic)', sizes.core));
    console.log(line('engine (tfjs+model)', sizes.engine));
    console.log(line('webgpu backend', sizes.webgpu));
    for (const w of sizes.wasm) console.log(line('wasm binary', w));
    for (const [t, s] of Object.entries(sizes.models)) console.log(line(`model ${t}`, s));
  }
  return sizes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildBrowser().catch((e) => {
    console.error(`build-browser: ${e.message}`);
    process.exit(1);
  });
}
