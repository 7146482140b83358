/**
 * Many instances behind nginx (issue #14): Debian's nginx runs deploy/nginx/trm-sdk.conf (its
 * ports swapped for free loopback ones) in front of two `trm-sdk serve` processes. Solves and one
 * SSE stream go through nginx; one instance gets SIGTERM mid-load. No request may be lost: every
 * answer is 2xx, or 429/503 with Retry-After, and the stream completes with its result event.
 * Skipped, saying so in its name, only where /usr/sbin/nginx is absent (.ci/run installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SUDOKU, postJson, readSse } from './helpers.js';
import { missingTool } from '../support/system-tools.js';

const NGINX = '/usr/sbin/nginx';
const haveNginx = existsSync(NGINX);
const root = fileURLToPath(new URL('../../', import.meta.url));
const CONF = join(root, 'deploy/nginx/trm-sdk.conf');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Instance {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `trm-sdk serve` from the sources, as test/server/cli.test.ts starts it. */
async function startInstance(port: number): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', './test/server/fixtures/register-ts.mjs', './test/server/fixtures/cli-child.mjs', 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, TRM_WORKERS: '1', TRM_QUIET: '1', TRM_TRUST_PROXY: 'loopback', TRM_DRAIN_MS: '20000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/listening on/.test(stderr)) resolve();
    });
    void exited.then((code) => reject(new Error(`serve on ${port} exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, port, stderr: () => stderr, exited };
}

/** The documented config with its upstream servers and listen port replaced; wrapped in a minimal nginx.conf in `dir`. */
function writeNginxConf(dir: string, listen: number, upstreams: number[]): string {
  let site = readFileSync(CONF, 'utf8');
  const serverLines = site.match(/^\s*server 127\.0\.0\.1:\d+ .*;$/gm) ?? [];
  expect(serverLines.length).toBeGreaterThanOrEqual(2);
  const opts = serverLines[0]!.trim().replace(/^server \S+/, '');
  site = site.replace(serverLines.join('\n'), upstreams.map((p) => `    server 127.0.0.1:${p}${opts}`).join('\n'));
  site = site.replace(/^(\s*)listen 8080;$/m, `$1listen 127.0.0.1:${listen};`);
  expect(site).toContain(`listen 127.0.0.1:${listen};`);
  writeFileSync(join(dir, 'trm-sdk.conf'), site);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, [
    'worker_processes 1;',
    'daemon off;',
    'master_process on;',
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    'events { worker_connections 512; }',
    'http {',
    `  access_log ${dir}/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
    `  include ${dir}/trm-sdk.conf;`,
    '}',
  ].join('\n'));
  return conf;
}

async function until(what: string, pred: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await pred().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!haveNginx)(`nginx in front of two instances${haveNginx ? '' : missingTool('nginx', `no ${NGINX}`)}`, () => {
  it('loses no request and completes the stream while one instance drains on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-nginx-'));
    chmodSync(dir, 0o777); // nginx's workers may run as another user
    const [np, pa, pb] = [await freePort(), await freePort(), await freePort()];
    let nginx: ChildProcess | undefined;
    const instances: Instance[] = [];
    try {
      instances.push(...(await Promise.all([startInstance(pa!), startInstance(pb!)])));
      const [a, b] = instances as [Instance, Instance];
      const conf = writeNginxConf(dir, np!, [pa!, pb!]);
      let nginxErr = '';
      nginx = spawn(NGINX, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      nginx.stderr!.on('data', (d: Buffer) => (nginxErr += d.toString()));
      const base = `http://127.0.0.1:${np}`;
      await until(`nginx on ${np} (${nginxErr})`, async () => (await fetch(`${base}/health`)).status === 200);

      // Load: 4 clients in a loop of symbolic solves (and some generates) for ~5 s.
      type Outcome = { status: number; retryAfter: string | null; error?: string };
      const outcomes: Outcome[] = [];
      let stop = false;
      let paused: Promise<void> | null = null;
      const client = async (i: number): Promise<void> => {
        for (let n = 0; !stop; n++) {
          if (paused) await paused;
          try {
            const res = n % 5 === 4
              ? await fetch(`${base}/generate/sudoku?seed=${i * 1000 + n}`)
              : await postJson(`${base}/solve/sudoku`, { puzzle: SUDOKU, options: { strategy: 'symbolic-only' } });
            await res.arrayBuffer();
            outcomes.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
          } catch (e) {
            outcomes.push({ status: 0, retryAfter: null, error: String(e) });
          }
        }
      };
      const load = Promise.all([0, 1, 2, 3].map(client));
      await until('some load served', async () => outcomes.length >= 40);
      // Streams: neural 4×4 solves (step events must pass through unbuffered). Opened one after
      // another while the load pauses, so nginx's round-robin puts one on each instance; each is
      // open (accepted, the model still loading in its worker) when A gets SIGTERM, so A's drain
      // has a stream in flight, and the load meets A's 503 gate while it drains.
      let resume!: () => void;
      paused = new Promise<void>((r) => (resume = r));
      await new Promise((r) => setTimeout(r, 200));
      const streams: Response[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await postJson(`${base}/solve/sudoku-4x4?stream=true`, { puzzle: '1.3..........4.2', options: { strategy: 'neural-only', maxSteps: 4 } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
        streams.push(res);
      }
      const streamed = Promise.all(streams.map((res) => readSse(res, () => {})));
      paused = null;
      resume();
      const beforeStop = outcomes.length;
      a.child.kill('SIGTERM');
      const aExit = await a.exited;
      await new Promise((r) => setTimeout(r, 1500)); // load continues on B alone
      stop = true;
      await load;
      const allEvents = await streamed;

      const lost = outcomes.filter((o) => !(o.status >= 200 && o.status < 300) && !((o.status === 429 || o.status === 503) && o.retryAfter !== null));
      expect(lost, `lost requests (nginx error log: ${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000) : ''})`).toEqual([]);
      expect(outcomes.length).toBeGreaterThan(beforeStop + 10);
      expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(40);
      // Both instances served, and A drained and exited cleanly.
      expect(a.stderr()).toMatch(/POST \/solve\/sudoku 200/);
      expect(b.stderr()).toMatch(/POST \/solve\/sudoku 200/);
      expect(a.stderr()).toMatch(/SIGTERM: draining/);
      expect(aExit).toBe(0);
      // A was draining with a stream open, and both streams completed: steps, then the result.
      expect(a.stderr()).toMatch(/POST \/solve\/sudoku-4x4 200/);
      // (logged when it closed: after the SIGTERM, so it was in flight during the drain)
      expect(a.stderr().indexOf('POST /solve/sudoku-4x4 200')).toBeGreaterThan(a.stderr().indexOf('SIGTERM: draining'));
      for (const events of allEvents) {
        expect(events.at(-1)?.event).toBe('result');
        expect(events.filter((e) => e.event === 'step').length).toBeGreaterThanOrEqual(1);
      }
      // nginx is still answering (through B).
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      if (nginx?.pid) {
        nginx.kill('SIGQUIT');
        await new Promise((r) => {
          const t = setTimeout(() => (nginx!.kill('SIGKILL'), r(null)), 3000);
          nginx!.once('exit', () => (clearTimeout(t), r(null)));
        });
      }
      for (const inst of instances) {
        if (inst.child.exitCode === null) {
          inst.child.kill('SIGTERM');
          await Promise.race([inst.exited, new Promise((r) => setTimeout(r, 5000))]);
          if (inst.child.exitCode === null) inst.child.kill('SIGKILL');
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
