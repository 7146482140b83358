/**
 * `npm run bench -- server`: the REST service under load. Starts `trm-sdk serve` as a child
 * process (so the load generator does not share the server's event loop), warms it up, then
 * sends 10,000 `POST /solve/sudoku` requests with autocannon over a rotation of generated
 * puzzles: requests/s, p50/p99 latency, non-2xx (429s from deliberate overload are counted apart;
 * anything else must be 0), and the server's resident memory (RSS) before and after.
 *
 * Knobs (environment): TRM_WORKERS (server workers, default: cores), TRM_BENCH_REQUESTS (10000),
 * TRM_BENCH_CONNECTIONS (16), TRM_BENCH_STRATEGY (symbolic-only; `hybrid` once models ship).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createSdk } from '../src/sdk/sdk.js';
import type { BenchRow } from './harness.js';

const GROUP = 'server';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'trm-sdk.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench/server: cannot find the package root (bin/trm-sdk.js)');
    dir = up;
  }
  return dir;
}

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Runs `node bin/trm-sdk.js serve --port 0` and resolves with its URL from the listening line. */
function startServe(env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const root = packageRoot();
  const child = spawn(process.execPath, [join(root, 'bin', 'trm-sdk.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    let head = '';
    const onData = (d: Buffer): void => {
      head += d.toString();
      const m = /listening on (http:\/\/[^\s]+) /.exec(head);
      if (m) {
        // From now on the request log (one line per request) is drained and dropped.
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve({ child, url: m[1]!, exited });
      }
    };
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`trm-sdk serve exited (${code}) before listening:\n${head}`)));
  });
}

async function rssBytes(url: string): Promise<{ rss: number; workers: number; backend: string | null }> {
  const h = (await (await fetch(`${url}/health`)).json()) as { memory: { rssBytes: number }; workers: number; backend: string | null };
  return { rss: h.memory.rssBytes, workers: h.workers, backend: h.backend };
}

/**
 * The default run (TRM_BENCH_STRATEGY, 10,000 requests), then a `neural-first` run on each
 * inference engine (TRM_ENGINE in the server's environment; TRM_BENCH_NEURAL_REQUESTS, default
 * 300; TRM_BENCH_NEURAL_FIRST=0 skips them): the shipped 9×9 model runs on every request.
 */
export async function run(): Promise<BenchRow[]> {
  const rows = await oneRun(process.env.TRM_BENCH_STRATEGY ?? 'symbolic-only', Number(process.env.TRM_BENCH_REQUESTS ?? 10_000), process.env);
  if (process.env.TRM_BENCH_NEURAL_FIRST !== '0') {
    const n = Number(process.env.TRM_BENCH_NEURAL_REQUESTS ?? 300);
    for (const engine of ['onnxruntime', 'tfjs']) rows.push(...(await oneRun('neural-first', n, { ...process.env, TRM_ENGINE: engine })));
  }
  return rows;
}

async function oneRun(strategy: string, amount: number, env: NodeJS.ProcessEnv): Promise<BenchRow[]> {
  const connections = Number(process.env.TRM_BENCH_CONNECTIONS ?? 16);

  const sdk = createSdk();
  const plugin = sdk.plugin('sudoku');
  const bodies = sdk
    .generate('sudoku', { n: 50, seed: 2024, difficulty: 'medium' })
    .map((ex) => JSON.stringify({ puzzle: plugin.formatPuzzle(ex.puzzle), options: { strategy } }));

  const server = await startServe(env);
  try {
    const before = await rssBytes(server.url);
    let next = 0;
    const request = {
      method: 'POST' as const,
      path: '/solve/sudoku',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req: autocannon.Request) => ({ ...req, body: bodies[next++ % bodies.length] }),
    };
    await autocannon({ url: server.url, connections, amount: Math.min(300, amount), requests: [request] }); // warm-up: JIT, worker caches, models
    const r = await autocannon({ url: server.url, connections, amount, requests: [request] });
    const after = await rssBytes(server.url);

    const count429 = r.statusCodeStats?.['429']?.count ?? 0;
    const unexpected = r.non2xx - count429 + r.errors + r.timeouts;
    if (unexpected > 0) {
      console.error(`[bench server] ${unexpected} unexpected failures (non-2xx other than 429, errors, timeouts) — must be 0`);
      process.exitCode = 1;
    }
    const setup = `${amount} requests, ${connections} connections, ${before.workers} workers, strategy ${strategy}, engine ${after.backend ?? 'none (no model ran)'}`;
    const tag = strategy === 'neural-first' ? ` [neural-first, ${after.backend ?? 'no model'}]` : '';
    const mb = (b: number): number => Math.round((b / (1024 * 1024)) * 10) / 10;
    const extra = { requests: r.requests.total, non2xx: r.non2xx, count429, errors: r.errors, timeouts: r.timeouts, rssBeforeMB: mb(before.rss), rssAfterMB: mb(after.rss) };
    return [
      { group: GROUP, name: `POST /solve/sudoku throughput${tag}`, median: r.requests.average, p95: r.requests.p2_5, unit: 'req/s', runs: 1, notes: setup, extra },
      { group: GROUP, name: `POST /solve/sudoku latency p50${tag}`, median: r.latency.p50, unit: 'ms', runs: 1, notes: setup },
      { group: GROUP, name: `POST /solve/sudoku latency p99${tag}`, median: r.latency.p99, unit: 'ms', runs: 1, notes: setup },
      { group: GROUP, name: `unexpected failures (non-2xx except 429, errors, timeouts)${tag}`, median: unexpected, unit: 'count', runs: 1, notes: `429s: ${count429}` },
      { group: GROUP, name: `server RSS before${tag}`, median: mb(before.rss), unit: 'MB', runs: 1, notes: 'main thread + workers, from GET /health' },
      { group: GROUP, name: `server RSS after ${amount} requests${tag}`, median: mb(after.rss), unit: 'MB', runs: 1, notes: 'main thread + workers, from GET /health' },
    ];
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
