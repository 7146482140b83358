/**
 * Serving for real (issue #14): optional API keys (401 without or with a wrong key, 200 with a
 * right one; /health, /openapi.yaml and the playground page stay open; keys never logged), a
 * token bucket per client (one client gets 429 with Retry-After while another still gets 200,
 * keyed by API key, or by IP address when auth is off), a fair queue (one client cannot take the
 * whole queue; workers serve clients round-robin), and a CORS allow-list with preflight.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBucketStore, matchesAny } from '../../src/server/access.js';
import { resolveServerOptions, serverOptionsFromEnv } from '../../src/server/config.js';
import { SUDOKU, postJson, schemaErrors, startServer, type Running } from './helpers.js';

const KEY_A = 'alpha-key-0001';
const KEY_B = 'bravo-key-0002';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const auth = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string; details?: Record<string, unknown> }> {
  const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } };
  expect(schemaErrors('Error', body)).toEqual([]);
  return { status: res.status, ...body.error };
}

describe('API keys', () => {
  let srv: Running;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trm-keys-'));
    // One key in the clear, one as a digest from a keys file (as TRM_API_KEYS_FILE gives it).
    const file = join(dir, 'keys');
    writeFileSync(file, `# trm-sdk API keys (SHA-256)\n${sha(KEY_B)}  -\n\n`);
    const env = serverOptionsFromEnv({ TRM_API_KEYS: KEY_A, TRM_API_KEYS_FILE: file });
    // Many wrong keys from one address on purpose: the failed-login throttle (hardening-2.test.ts) is lifted here.
    srv = await startServer({ apiKeys: env.apiKeys!, apiKeyHashes: env.apiKeyHashes!, authFailuresPerMinute: 1000 });
  });
  afterAll(async () => {
    await srv?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('401 TRM_ERR_UNAUTHORIZED without a key and with a wrong one, on every protected route', async () => {
    for (const headers of [{}, auth('wrong-key-123'), { authorization: KEY_A }, auth(KEY_A + 'x'), { authorization: 'Basic YWxwaGE6YQ==' }]) {
      for (const res of [
        await postJson(`${srv.url}/solve/sudoku`, { puzzle: SUDOKU }, headers),
        await fetch(`${srv.url}/tasks`, { headers }),
        await fetch(`${srv.url}/generate/sudoku`, { headers }),
        await postJson(`${srv.url}/verify/sudoku`, { puzzle: SUDOKU, answer: SUDOKU }, headers),
      ]) {
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const e = await errorOf(res);
        expect({ status: e.status, code: e.code }).toEqual({ status: 401, code: 'TRM_ERR_UNAUTHORIZED' });
      }
    }
  });

  it('200 with a right key (in the clear or from the digest file)', async () => {
    for (const key of [KEY_A, KEY_B]) {
      const res = await postJson(`${srv.url}/solve/sudoku`, { puzzle: SUDOKU, options: { strategy: 'symbolic-only' } }, auth(key));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { verified: boolean }).verified).toBe(true);
      expect((await fetch(`${srv.url}/tasks`, { headers: auth(key) })).status).toBe(200);
    }
  });

  it('leaves /health, /openapi.yaml and the playground page open', async () => {
    expect((await fetch(`${srv.url}/health`)).status).toBe(200);
    expect((await fetch(`${srv.url}/openapi.yaml`)).status).toBe(200);
    const page = await fetch(`${srv.url}/`);
    expect(page.status).toBe(200);
    // The page asks for the key and sends it as a Bearer header from sessionStorage.
    const html = await page.text();
    expect(html).toContain('id="apikey"');
    expect(html).toMatch(/sessionStorage/);
    expect(html).toMatch(/'Bearer '/);
  });

  it('never logs a key', () => {
    const all = srv.logs.join('\n');
    expect(all).not.toContain(KEY_A);
    expect(all).not.toContain(KEY_B);
    expect(all).toMatch(/POST \/solve\/sudoku 401/);
  });

  it('compares digests in constant time against every accepted key', () => {
    const keys = [KEY_A, KEY_B].map((k) => createHash('sha256').update(k).digest());
    expect(matchesAny(createHash('sha256').update(KEY_B).digest(), keys)).toBe(true);
    expect(matchesAny(createHash('sha256').update('nope-nope').digest(), keys)).toBe(false);
    expect(matchesAny(Buffer.alloc(3), keys)).toBe(false);
  });

  it('refuses bad key settings at start, without echoing the key', () => {
    expect(() => resolveServerOptions({ apiKeys: ['short'] })).toThrow(/API key #1 must be at least 8 characters/);
    expect(() => resolveServerOptions({ apiKeys: ['short'] })).not.toThrow(/short/);
    expect(() => resolveServerOptions({ apiKeyHashes: ['abc'] })).toThrow(/SHA-256/);
    const bad = join(dir, 'bad-keys');
    writeFileSync(bad, 'not-a-digest\n');
    expect(() => serverOptionsFromEnv({ TRM_API_KEYS_FILE: bad })).toThrow(/line 1 is not a SHA-256 digest/);
    expect(() => serverOptionsFromEnv({ TRM_RATE: 'fast' })).toThrow(/TRM_RATE/);
    expect(() => resolveServerOptions(serverOptionsFromEnv({ TRM_CORS_ORIGINS: 'https://a.example/path' }))).toThrow(/exact origin/);
    expect(resolveServerOptions(serverOptionsFromEnv({ TRM_CORS_ORIGINS: 'https://a.example, http://localhost:5173' })).corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
  });
});

describe('per-client rate limit (token bucket)', () => {
  let srv: Running;
  beforeAll(async () => {
    srv = await startServer({ apiKeys: [KEY_A, KEY_B], rate: 1, burst: 3, workers: 1 });
  });
  afterAll(async () => {
    await srv?.server.close();
  });

  it('answers 429 TRM_ERR_OVERLOADED with Retry-After to the client over its rate while another client still gets 200', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${srv.url}/tasks`, { headers: auth(KEY_A) });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
      else await res.arrayBuffer();
    }
    // A burst of 3, refilled at 1/s: the 4th and 5th (well within a second) are refused.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toContain(429);
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    const e = await errorOf(refused!);
    expect(e.code).toBe('TRM_ERR_OVERLOADED');
    expect(e.message).toMatch(/rate limit of 1 requests\/s/);
    expect(e.details).toMatchObject({ retryAfterS: retryAfter, rate: 1, burst: 3 });
    // Client B has its own bucket.
    const b = await postJson(`${srv.url}/solve/sudoku`, { puzzle: SUDOKU, options: { strategy: 'symbolic-only' } }, auth(KEY_B));
    expect(b.status).toBe(200);
    // /health is never rate limited (load balancers poll it).
    for (let i = 0; i < 5; i++) expect((await fetch(`${srv.url}/health`)).status).toBe(200);
  });

  it('keys the bucket by IP address when auth is off', async () => {
    // One token back per 1,000 s: no refill can happen between the requests however slow the machine is.
    const open = await startServer({ rate: 0.001, burst: 2, workers: 1 });
    try {
      const port = new URL(open.url).port;
      // Two loopback source addresses are two clients.
      const get = (localAddress: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/tasks', localAddress }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        });
      const one = [await get('127.0.0.1'), await get('127.0.0.1'), await get('127.0.0.1')];
      expect(one).toEqual([200, 200, 429]);
      expect(await get('127.0.0.2')).toBe(200);
    } finally {
      await open.server.close();
    }
  });

  it('refills at the rate and caps at the burst', () => {
    let t = 0;
    const store = new TokenBucketStore(2, 2, () => t);
    expect(store.increment('k').totalHits).toBeLessThanOrEqual(2);
    expect(store.increment('k').totalHits).toBeLessThanOrEqual(2);
    const over = store.increment('k');
    expect(over.totalHits).toBe(3);
    expect(over.resetTime!.getTime()).toBe(500); // one token comes back in 1/rate s
    t = 500;
    expect(store.increment('k').totalHits).toBeLessThanOrEqual(2);
    t = 100_000;
    store.increment('k');
    store.increment('k');
    expect(store.increment('k').totalHits).toBe(3); // never more than the burst at once
    store.shutdown();
  });
});

describe('fair queueing', () => {
  let srv: Running;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trm-fair-'));
    srv = await startServer({ apiKeys: [KEY_A, KEY_B], workers: 1, queueCapacity: 4, queuePerClient: 2 });
  });
  afterAll(async () => {
    await srv?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waiting(n: number, running = 1): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const h = (await (await fetch(`${srv.url}/health`)).json()) as { queue: { running: number; waiting: number } };
      if (h.queue.waiting === n && h.queue.running === running) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`the queue never reached ${n} waiting`);
  }

  it('gives one client at most its share of the queue, and serves clients round-robin', async () => {
    const release = join(dir, 'go');
    const order: string[] = [];
    const track = (name: string, p: Promise<Response>): Promise<Response> => p.then((r) => (order.push(name), r));
    const holding = postJson(`${srv.url}/solve/hold`, { puzzle: release }, auth(KEY_A));
    await waiting(0);
    const a1 = track('a1', postJson(`${srv.url}/solve/slow`, { puzzle: '30' }, auth(KEY_A)));
    await waiting(1);
    const a2 = track('a2', postJson(`${srv.url}/solve/slow`, { puzzle: '30' }, auth(KEY_A)));
    await waiting(2);
    // A has its share (2 waiting): its next request is refused while the queue still has room.
    const a3 = await postJson(`${srv.url}/solve/slow`, { puzzle: '1' }, auth(KEY_A));
    expect(a3.status).toBe(429);
    expect(Number(a3.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const e = await errorOf(a3);
    expect(e.code).toBe('TRM_ERR_OVERLOADED');
    expect(e.details).toMatchObject({ clientWaiting: 2, perClient: 2, capacity: 4 });
    // B still gets in, and is served before A's second queued job (round-robin, not FIFO).
    const b1 = track('b1', postJson(`${srv.url}/solve/slow`, { puzzle: '30' }, auth(KEY_B)));
    await waiting(3);
    writeFileSync(release, '');
    for (const r of await Promise.all([holding, a1, a2, b1])) expect(r.status).toBe(200);
    expect(order).toEqual(['a1', 'b1', 'a2']);
  });
});

describe('CORS', () => {
  it('allows only the listed origins, with preflight; none without a list', async () => {
    const srv = await startServer({ corsOrigins: ['http://app.example:3000'], apiKeys: [KEY_A] });
    const plain = await startServer();
    try {
      const pre = await fetch(`${srv.url}/solve/sudoku`, {
        method: 'OPTIONS',
        headers: { origin: 'http://app.example:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('http://app.example:3000');
      expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
      // The actual request from the allowed origin carries the header, as does a 401 (so the page can read it).
      const ok = await fetch(`${srv.url}/tasks`, { headers: { origin: 'http://app.example:3000', ...auth(KEY_A) } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://app.example:3000');
      const denied = await fetch(`${srv.url}/tasks`, { headers: { origin: 'http://app.example:3000' } });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('access-control-allow-origin')).toBe('http://app.example:3000');
      // Another origin gets no CORS headers (the browser blocks it).
      const other = await fetch(`${srv.url}/solve/sudoku`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      // Without TRM_CORS_ORIGINS: no cross-origin access at all.
      const none = await fetch(`${plain.url}/tasks`, { headers: { origin: 'http://app.example:3000' } });
      expect(none.headers.get('access-control-allow-origin')).toBeNull();
      const nonePre = await fetch(`${plain.url}/solve/sudoku`, { method: 'OPTIONS', headers: { origin: 'http://app.example:3000', 'access-control-request-method': 'POST' } });
      expect(nonePre.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await srv.server.close();
      await plain.server.close();
    }
  });
});
