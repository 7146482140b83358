#!/usr/bin/env node
/**
 * `npm run bench:browser`: tfjs (wasm; `BENCH_CONFIGS=webgpu:1` for WebGPU where Chromium offers
 * an adapter) against onnxruntime-web (wasm, 1 and 2 threads) in headless Chromium, per supervision
 * step on every shipped model, batch 1, alternating inside one page. Prints a table and writes test-output/bench-browser/result.json.
 * Needs Chromium (/usr/bin/chromium or $CHROMIUM_PATH). Timings on a shared machine: compare ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { browserBuildOptions } from '../../scripts/build-browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'test-output', 'bench-browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

fs.rmSync(OUT, { recursive: true, force: true });
await esbuild.build({ ...browserBuildOptions(), entryPoints: { page: 'bench/browser/engines-page.ts' }, outdir: OUT, minify: false });
const copy = (pkg, dir, pred) => {
  const d = path.join(ROOT, 'node_modules', pkg, dir);
  for (const f of fs.readdirSync(d)) if (pred(f)) fs.copyFileSync(path.join(d, f), path.join(OUT, f));
};
copy('@tensorflow/tfjs-backend-wasm', 'dist', (f) => f.endsWith('.wasm'));
copy('onnxruntime-web', 'dist', (f) => /^ort-wasm-simd-threaded\.(wasm|mjs)$/.test(f));
fs.writeFileSync(path.join(OUT, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>');

// A static server with the cross-origin isolation headers (test/support/static-server.ts is TypeScript).
const { serveStatic } = await (async () => {
  const http = await import('node:http');
  const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  return {
    serveStatic: (root) => new Promise((resolve) => {
      const s = http.createServer((req, res) => {
        const p = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
        if (!p.startsWith(root) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': MIME[path.extname(p)] ?? 'application/octet-stream', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
        fs.createReadStream(p).pipe(res);
      });
      s.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${s.address().port}`, close: () => new Promise((r) => s.close(r)) }));
    }),
  };
})();
const srv = await serveStatic(ROOT);
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'trm-bench-')), {
  executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--no-first-run'],
});
// Each config is one page: tfjs backend and ORT threads, the two engines alternating inside it.
const configs = (process.env.BENCH_CONFIGS ?? 'wasm:1,wasm:2').split(',').map((c) => [c.split(':')[0], Number(c.split(':')[1])]);
const results = [];
try {
  for (let round = 0; round < 1; round++) {
    for (const [tfjs, threads] of configs) {
      const page = await ctx.newPage();
      await page.goto(`${srv.url}/test-output/bench-browser/index.html?tfjs=${tfjs}&ortThreads=${threads}&rounds=${process.env.BENCH_ROUNDS ?? 5}`);
      page.setDefaultTimeout(240_000);
      const r = await page.evaluate(() => globalThis.benchResult).catch((e) => ({ error: e.message }));
      await page.close();
      if (r.error) {
        console.error(`tfjs=${tfjs} ortThreads=${threads}: ${r.error.split('\n')[0]}`);
        continue;
      }
      results.push({ round, ...r });
      console.error(`  ${r.engine}: ${r.rows.map((x) => `${x.task} ${x.engine.split(' ')[0]} ${x.msPerStep.toFixed(1)} ms`).join(', ')}`);
    }
  }
} finally {
  await ctx.close();
  await srv.close();
}
// One table, two rows per page: the engines measured side by side in it (compare within a page).
const tasks = [...new Set(results.flatMap((r) => r.rows.map((x) => x.task)))];
console.log(`per supervision step, batch 1, ms (median over ${process.env.BENCH_ROUNDS ?? 5} alternating rounds of 16 steps after a warm-up round); Chromium headless, ${results[0]?.cores} cores, cross-origin isolated: ${results[0]?.isolated}`);
console.log(`| page | engine | ${tasks.join(' | ')} |`);
console.log(`| --- | --- | ${tasks.map(() => '---:').join(' | ')} |`);
results.forEach((r, i) => {
  for (const e of [...new Set(r.rows.map((x) => x.engine))]) {
    console.log(`| ${i + 1} | ${e} | ${tasks.map((t) => r.rows.find((x) => x.task === t && x.engine === e)?.msPerStep.toFixed(1) ?? '—').join(' | ')} |`);
  }
  // Agreement inside the page: the step-8 predictions of the second engine against the first's.
  for (const t of tasks) {
    const [a, b] = r.rows.filter((x) => x.task === t);
    const diff = a && b ? a.predictions.filter((v, k) => v !== b.predictions[k]).length : 0;
    console.log(`  page ${i + 1}, ${t}: ${diff ? `${diff} of ${a.predictions.length} step-8 predictions differ` : `all ${a.predictions.length} step-8 predictions agree`} between ${a.engine} and ${b.engine}`);
  }
});
fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify({ results }, null, 2));
