/**
 * The soak run of issue #23: `node dist/bench/soak.js [--duration 600] [--connections 16]
 * [--workers 2] [--seed 1]`. Starts `trm-sdk serve` as a child process on 127.0.0.1 (loopback
 * only) and drives it for `--duration` seconds with 16 keep-alive connections of mixed traffic,
 * each request drawn from a seeded RNG:
 *   - valid (≈70%): Sudoku solve (symbolic) and verify, maze generate and solve, a small ARC task,
 *     and now and then the heaviest valid ARC task (100 pairs of 30×30, the D1 repro, 3 s budget);
 *   - hostile (≈30%): the seeded fuzz cases (bench/fuzz-cases.ts: malformed and oversized bodies,
 *     deep nesting, bad charsets, string-form tasks over the limits, bad numbers, …), wrong API
 *     keys from a second loopback address (throttled to 429), and stalled uploads on raw sockets
 *     (at most two at a time, cut by the server's request timeout).
 * Bounded: the request count is bounded by the duration, bodies by the fuzz cases' sizes (≤ 1.2 MB),
 * the stalled sockets by two. It stops by itself.
 *
 * Reports: server RSS over time (start after warm-up, peak — VmHWM from /proc and the highest
 * /health sample — and end after a 5 s settle), p50/p99 latency per route, the count of each
 * status, and crashes/lost requests (a crash: the server process exited, or logged a worker crash
 * or an internal error; lost: a request fully sent that got no HTTP response). One table and one
 * `BENCH_JSON` line, like `npm run bench`. Exit code 1 unless 0 crashes and 0 lost.
 *
 * The server runs with API keys on (the valid lanes send the right one) and its defaults otherwise
 * (TRM_MAX_MEMORY sized to the machine, the wire timeouts of src/server/wire.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSdk } from '../src/sdk/sdk.js';
import { createRng, type Rng } from '../src/util/rng.js';
import { makeRequest, type FuzzRequest } from './fuzz-cases.js';
import { percentile, printTable, type BenchRow } from './harness.js';

const GROUP = 'soak';
const KEY = 'soak-bench-key-0123456789';
const MB = 2 ** 20;

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'trm-sdk.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench/soak: cannot find the package root (bin/trm-sdk.js)');
    dir = up;
  }
  return dir;
}

interface Started {
  child: ChildProcess;
  url: string;
  port: number;
  exited: Promise<number | null>;
  /** Server log lines that mean a crash: a worker died, or an internal error. */
  crashLines: string[];
  /** Worker replacements for the heap cap (not crashes: the request got 507). */
  memoryReplacements: number;
}

function startServe(workers: number): Promise<Started> {
  const root = packageRoot();
  const child = spawn(process.execPath, [join(root, 'bin', 'trm-sdk.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, TRM_WORKERS: String(workers), TRM_API_KEYS: KEY },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const started: Omit<Started, 'url' | 'port'> = { child, exited, crashLines: [], memoryReplacements: 0 };
  return new Promise((resolve, reject) => {
    let head = '';
    let partial = '';
    let listening = false;
    child.stderr!.on('data', (d: Buffer) => {
      const text = partial + d.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (/crashed|internal error|exited with code|failed to start/.test(line)) started.crashLines.push(line.slice(0, 300));
        if (/reached its heap limit/.test(line)) started.memoryReplacements++;
      }
      if (!listening) {
        head += d.toString();
        const m = /listening on (http:\/\/[^\s]+) /.exec(head);
        if (m) {
          listening = true;
          resolve({ ...started, url: m[1]!, port: Number(new URL(m[1]!).port) });
        }
      }
    });
    void exited.then((code) => {
      if (!listening) reject(new Error(`trm-sdk serve exited (${code}) before listening:\n${head}`));
    });
  });
}

interface Sent {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string | undefined;
  localAddress?: string;
}

interface Outcome {
  status: number;
  ms: number;
  /** True when the request was fully sent and no HTTP response came back. */
  lost: boolean;
  /** The client-side error code when there was no response (ECONNRESET, …). */
  error?: string;
}

/** Percent-encodes the bytes node:http refuses in a request path (spaces, controls, non-ASCII), as fetch would. */
function wirePath(p: string): string {
  return p.replace(/[^\x21-\x7e]+/g, (run) => [...Buffer.from(run, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/** Requests retried because a reused keep-alive socket was closed by the server's idle timeout as the request left (Node's documented race; `req.reusedSocket`). */
let keepAliveRetries = 0;

/** One request on `agent`; never rejects. A request that failed on a reused keep-alive socket before any response is sent again once. */
async function send(port: number, agent: Agent, s: Sent): Promise<Outcome> {
  const first = await sendOnce(port, agent, s);
  if (first.status === 0 && first.reused) {
    keepAliveRetries++;
    return sendOnce(port, agent, s);
  }
  return first;
}

function sendOnce(port: number, agent: Agent, s: Sent): Promise<Outcome & { reused?: boolean }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let sent = false;
    const req = request(
      { host: '127.0.0.1', port, method: s.method, path: wirePath(s.path), headers: s.headers, agent, ...(s.localAddress ? { localAddress: s.localAddress } : {}), timeout: 120_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, lost: false }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, lost: false }));
      },
    );
    req.on('finish', () => (sent = true));
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, ms: performance.now() - t0, lost: sent, error: e.code ?? e.message, reused: req.reusedSocket }));
    req.end(s.body === undefined || s.method === 'GET' ? undefined : s.body);
  });
}

/** A stalled upload on a raw socket: headers and half a body, then nothing. Resolves with the status line the server answers (408 expected). */
function stalledUpload(port: number): Promise<Outcome> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      resolve({ status: m ? Number(m[1]) : 0, ms: performance.now() - t0, lost: false });
    });
    socket.write(`POST /solve/sudoku HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"puzzle":`);
    // Bounded even if the server never cut it.
    setTimeout(() => socket.destroy(), 120_000).unref();
  });
}

function grid(n: number, rng: Rng): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, () => rng.int(10)));
}

/** The traffic mix: a request for this draw. */
function makeMix(rng: Rng): (i: number) => Sent | 'stall' {
  const sdk = createSdk();
  const sudoku = sdk.plugin('sudoku');
  const puzzles = sdk.generate('sudoku', { n: 40, seed: 7, difficulty: 'medium' }).map((ex) => ({ puzzle: sudoku.formatPuzzle(ex.puzzle), answer: sudoku.format(ex.answer) }));
  const mazeGen = sdk.generate('maze', { n: 10, seed: 9 }).map((ex) => sdk.plugin('maze').formatPuzzle(ex.puzzle));
  const arcSample = (sdk.tasks().find((t) => t.name === 'arc')!.samples[0]) as object;
  const bigArc = JSON.stringify({ task: { train: Array.from({ length: 100 }, () => ({ input: grid(30, rng), output: grid(30, rng) })), test: [{ input: grid(30, rng) }] }, options: { timeoutMs: 3000 } });
  const auth = { authorization: `Bearer ${KEY}` };
  const json = { 'content-type': 'application/json', ...auth };
  let fuzzI = 0;
  return () => {
    const x = rng.next();
    const p = puzzles[rng.int(puzzles.length)]!;
    if (x < 0.3) return { route: 'POST /solve/sudoku', method: 'POST', path: '/solve/sudoku', headers: json, body: JSON.stringify({ puzzle: p.puzzle, options: { strategy: 'symbolic-only' } }) };
    if (x < 0.4) return { route: 'POST /verify/sudoku', method: 'POST', path: '/verify/sudoku', headers: json, body: JSON.stringify({ puzzle: p.puzzle, answer: p.answer }) };
    if (x < 0.5) return { route: 'GET /generate/maze', method: 'GET', path: `/generate/maze?seed=${rng.int(1_000_000)}&size=${5 + 2 * rng.int(8)}`, headers: auth };
    if (x < 0.58) return { route: 'POST /solve/maze', method: 'POST', path: '/solve/maze', headers: json, body: JSON.stringify({ maze: mazeGen[rng.int(mazeGen.length)], options: { strategy: 'symbolic-only' } }) };
    if (x < 0.66) return { route: 'POST /solve/arc (sample)', method: 'POST', path: '/solve/arc', headers: json, body: JSON.stringify({ task: arcSample, options: { timeoutMs: 2000 } }) };
    if (x < 0.67) return { route: 'POST /solve/arc (100×30×30)', method: 'POST', path: '/solve/arc', headers: json, body: bigArc };
    if (x < 0.69) return { route: 'GET /health', method: 'GET', path: '/health', headers: {} };
    if (x < 0.72) return { route: 'hostile: wrong key', method: 'GET', path: '/tasks', headers: { authorization: 'Bearer wrong-key-000000' }, localAddress: '127.0.0.2' };
    if (x < 0.725) return 'stall';
    const f: FuzzRequest = makeRequest(rng, fuzzI++);
    return { route: `hostile: ${f.kind}`, method: f.method, path: f.path, headers: { ...f.headers, ...auth }, body: f.body };
  };
}

interface RouteStats {
  ms: number[];
  statuses: Map<number, number>;
}

async function health(port: number): Promise<{ rss: number; workers: number } | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(10_000) });
    const h = (await res.json()) as { memory: { rssBytes: number }; workers: number };
    return { rss: h.memory.rssBytes, workers: h.workers };
  } catch {
    return null;
  }
}

/** Peak RSS of a process from /proc (Linux), or null elsewhere. */
function vmHwm(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export async function run(durationS: number, connections = 16, workers = 2, seed = 1): Promise<BenchRow[]> {
  const rng = createRng(seed);
  const next = makeMix(rng);
  const server = await startServe(workers);
  const agents: Agent[] = [];
  const routes = new Map<string, RouteStats>();
  let lost = 0;
  let sentCount = 0;
  let stalls = 0;
  const samples: { t: number; rss: number }[] = [];
  /** Why each request without a response had none. */
  const noResponse: string[] = [];
  try {
    // Warm-up: JIT and worker caches, then the start RSS.
    const warm = new Agent({ keepAlive: true, maxSockets: 4 });
    agents.push(warm);
    for (let i = 0; i < 40; i++) {
      const s = next(i);
      if (s !== 'stall' && s.route.startsWith('POST /solve/sudoku')) await send(server.port, warm, s);
    }
    const start = await health(server.port);
    if (!start) throw new Error('the server did not answer /health after the warm-up');
    samples.push({ t: 0, rss: start.rss });
    const t0 = performance.now();
    const deadline = t0 + durationS * 1000;
    const sampler = setInterval(() => {
      void health(server.port).then((h) => {
        if (h) samples.push({ t: (performance.now() - t0) / 1000, rss: h.rss });
      });
    }, 2000);
    const record = (route: string, o: Outcome): void => {
      const r = routes.get(route) ?? { ms: [], statuses: new Map<number, number>() };
      r.ms.push(o.ms);
      r.statuses.set(o.status, (r.statuses.get(o.status) ?? 0) + 1);
      if (o.status === 0) noResponse.push(`${route}: ${o.error ?? 'no status line'}${o.lost ? ' (fully sent)' : ''}`);
      routes.set(route, r);
      if (o.lost) lost++;
    };
    let i = 0;
    const lane = async (): Promise<void> => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      while (performance.now() < deadline) {
        const s = next(i++);
        if (s === 'stall') {
          if (stalls >= 2) continue;
          stalls++;
          void stalledUpload(server.port).then((o) => {
            stalls--;
            record('hostile: stalled upload', o);
          });
          continue;
        }
        sentCount++;
        record(s.route, await send(server.port, agent, s));
      }
    };
    await Promise.all(Array.from({ length: connections }, lane));
    clearInterval(sampler);
    while (stalls > 0) await new Promise((r) => setTimeout(r, 200));
    const elapsedS = (performance.now() - t0) / 1000;
    // Settle: the workers collect after big jobs; the RSS at rest is the number that matters.
    await new Promise((r) => setTimeout(r, 5000));
    const end = await health(server.port);
    const hwm = vmHwm(server.child.pid);
    const alive = end !== null && server.child.exitCode === null;
    const crashes = server.crashLines.length + (alive ? 0 : 1);
    const peak = Math.max(...samples.map((s) => s.rss), hwm ?? 0);

    const statusTotals = new Map<number, number>();
    for (const r of routes.values()) for (const [s, n] of r.statuses) statusTotals.set(s, (statusTotals.get(s) ?? 0) + n);
    const setup = `${durationS} s, ${connections} connections, ${start.workers} workers, seed ${seed}, loopback, ${os.cpus().length} cores (shared machine)`;
    const mb = (b: number): number => Math.round((b / MB) * 10) / 10;
    const rows: BenchRow[] = [
      { group: GROUP, name: 'requests sent', median: sentCount, unit: 'count', runs: 1, notes: `${(sentCount / elapsedS).toFixed(1)} req/s; ${setup}` },
      { group: GROUP, name: 'server RSS start (after warm-up)', median: mb(start.rss), unit: 'MB', runs: 1, notes: 'main thread + workers, GET /health' },
      { group: GROUP, name: 'server RSS peak', median: mb(peak), unit: 'MB', runs: 1, notes: hwm ? 'VmHWM of the server process' : 'highest /health sample' },
      { group: GROUP, name: 'server RSS end (5 s after the last request)', median: end ? mb(end.rss) : NaN, unit: 'MB', runs: 1 },
    ];
    for (const [route, r] of [...routes].sort()) {
      const statuses = [...r.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
      rows.push({ group: GROUP, name: `${route} p50`, median: percentile(r.ms, 50), unit: 'ms', runs: r.ms.length, notes: statuses });
      rows.push({ group: GROUP, name: `${route} p99`, median: percentile(r.ms, 99), unit: 'ms', runs: r.ms.length });
    }
    rows.push({
      group: GROUP,
      name: 'statuses',
      median: [...statusTotals.values()].reduce((a, b) => a + b, 0),
      unit: 'count',
      runs: 1,
      notes: [...statusTotals].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' '),
      extra: Object.fromEntries([...statusTotals].map(([s, n]) => [String(s), n])),
    });
    rows.push({ group: GROUP, name: 'crashes', median: crashes, unit: 'count', runs: 1, notes: crashes ? server.crashLines.slice(0, 3).join(' | ') : `server alive; ${server.memoryReplacements} worker(s) replaced for the heap cap (507)` });
    rows.push({ group: GROUP, name: 'lost requests', median: lost, unit: 'count', runs: 1, notes: 'fully sent, no HTTP response' });
    rows.push({
      group: GROUP,
      name: 'no response (status 0)',
      median: noResponse.length,
      unit: 'count',
      runs: 1,
      notes: `${noResponse.slice(0, 3).join(' | ')}; keep-alive races retried: ${keepAliveRetries}`,
    });
    rows.push({ group: GROUP, name: 'RSS samples', median: samples.length, unit: 'count', runs: 1, extra: { samplesMB: samples.map((s) => [Math.round(s.t), mb(s.rss)]) } });
    console.error(`[bench soak] ${crashes} crashes, ${lost} lost`);
    if (crashes || lost) process.exitCode = 1;
    return rows;
  } finally {
    for (const a of agents) a.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '600' },
      connections: { type: 'string', default: '16' },
      workers: { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
    },
  });
  const rows = await run(Number(values.duration), Number(values.connections), Number(values.workers), Number(values.seed));
  printTable(rows);
  const meta = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, shared: true };
  console.log('BENCH_JSON ' + JSON.stringify({ meta, rows }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
