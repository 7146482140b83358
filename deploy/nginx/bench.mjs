#!/usr/bin/env node
// Throughput through nginx with 1 vs 2 `trm-sdk serve` instances (deploy/nginx/trm-sdk.conf).
// Needs Debian's nginx (/usr/sbin/nginx), a build (`npm run build`) and the dev dependency
// autocannon. Run from the repository root:
//
//   node deploy/nginx/bench.mjs [seconds=10] [connections=16] [workersPerInstance=1]
//
// Each run: fresh instances on free loopback ports, nginx in front, a warm-up, then autocannon
// POSTs a symbolic-only 9×9 Sudoku solve for the given time. Prints req/s and latency per setup.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const [seconds = 10, connections = 16, workers = 1] = process.argv.slice(2).map(Number);
const PUZZLE = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const body = JSON.stringify({ puzzle: PUZZLE, options: { strategy: 'symbolic-only' } });

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

function startInstance(port) {
  const child = spawn(process.execPath, ['bin/trm-sdk.js', 'serve', '--port', String(port)], {
    env: { ...process.env, TRM_WORKERS: String(workers), TRM_QUIET: '1', TRM_TRUST_PROXY: 'loopback', TRM_QUEUE: '1024' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => { err += d; if (/listening on/.test(err)) resolve(child); });
    child.on('exit', (c) => reject(new Error(`instance exited ${c}: ${err}`)));
  });
}

async function run(n) {
  const dir = mkdtempSync(join(tmpdir(), 'trm-bench-nginx-'));
  chmodSync(dir, 0o777);
  const ports = await Promise.all(Array.from({ length: n + 1 }, freePort));
  const [listen, ...ups] = ports;
  const instances = await Promise.all(ups.map(startInstance));
  let site = readFileSync('deploy/nginx/trm-sdk.conf', 'utf8');
  const lines = site.match(/^\s*server 127\.0\.0\.1:\d+ .*;$/gm);
  const opts = lines[0].trim().replace(/^server \S+/, '');
  site = site.replace(lines.join('\n'), ups.map((p) => `    server 127.0.0.1:${p}${opts}`).join('\n')).replace(/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${listen};`);
  writeFileSync(join(dir, 'site.conf'), site);
  writeFileSync(join(dir, 'nginx.conf'), `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http { access_log off; ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ')} include ${dir}/site.conf; }`);
  const nginx = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${listen}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/health`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const opts2 = { url: `${url}/solve/sudoku`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections };
  await autocannon({ ...opts2, duration: 2 }); // warm-up (JIT, keep-alive pools)
  const r = await autocannon({ ...opts2, duration: seconds });
  nginx.kill('SIGQUIT');
  for (const c of instances) c.kill('SIGTERM');
  await new Promise((res) => setTimeout(res, 1500));
  rmSync(dir, { recursive: true, force: true });
  return { instances: n, workersEach: workers, reqPerS: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

const results = [];
for (const n of [1, 2]) results.push(await run(n));
console.table(results);
console.log(JSON.stringify({ seconds, connections, results }));
