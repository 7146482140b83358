/**
 * Serving under pressure, with one worker and a queue of one: overload answers 429 with
 * Retry-After, a request past its budget answers 504 and its stuck worker is replaced, a client
 * that hangs up frees its queue slot, and close() drains — new requests 503, in-flight ones finish.
 *
 * Busy states are made deterministic with the test SDK's `hold` task (its solver holds the
 * worker until the test creates a file) and observed through GET /health, not guessed by timers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startServer, type Running } from './helpers.js';

let srv: Running;
let dir: string;
let files = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trm-limits-'));
  srv = await startServer({ workers: 1, queueCapacity: 1, killGraceMs: 100 });
});
afterAll(async () => {
  await srv?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh `hold` puzzle and the function that releases it. */
function holdFile(): { puzzle: string; release: () => void } {
  const puzzle = join(dir, `release-${files++}`);
  return { puzzle, release: () => writeFileSync(puzzle, '') };
}

async function health(): Promise<{ queue: { running: number; waiting: number } }> {
  return (await (await fetch(`${srv.url}/health`)).json()) as { queue: { running: number; waiting: number } };
}

/**
 * A request on a new connection. close() shuts idle keep-alive sockets at once (issue #23), so a
 * request after it must not ride a pooled socket the server has just closed.
 */
function fresh(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const u = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, agent: false, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Polls /health until `pred` holds (the server's own view). */
async function until(pred: (h: Awaited<ReturnType<typeof health>>) => boolean): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (pred(await health())) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the server never reached the expected queue state');
}

describe('limits', () => {
  it('answers 429 with Retry-After when the queue is full, and serves the admitted requests', async () => {
    const hold = holdFile();
    const running = postJson(`${srv.url}/solve/hold`, { puzzle: hold.puzzle });
    await until((h) => h.queue.running === 1);
    const queued = postJson(`${srv.url}/solve/hold`, { puzzle: hold.puzzle });
    await until((h) => h.queue.waiting === 1);

    const refused = await postJson(`${srv.url}/solve/slow`, { puzzle: '1' });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    const body = (await refused.json()) as { error: { code: string; details: { retryAfterS: number; waiting: number; capacity: number } } };
    expect(body.error.code).toBe('TRM_ERR_OVERLOADED');
    expect(body.error.details).toMatchObject({ retryAfterS: retryAfter, waiting: 1, capacity: 1 });

    hold.release();
    for (const r of await Promise.all([running, queued])) {
      expect(r.status).toBe(200);
      expect(((await r.json()) as { answer: string }).answer).toBe(hold.puzzle);
    }
  });

  it('answers 504 past the time budget, replaces the stuck worker, and keeps serving', async () => {
    const res = await postJson(`${srv.url}/solve/slow`, { puzzle: '5000', options: { timeoutMs: 100 } });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TRM_ERR_TIMEOUT');
    // The solver ignores cancel; the pool terminates it after killGraceMs and starts another worker.
    const next = await postJson(`${srv.url}/solve/slow`, { puzzle: '1' });
    expect(next.status).toBe(200);
    expect(srv.logs.some((l) => /ignored the cancel .* replacing it/.test(l))).toBe(true);
  });

  it('drops a queued request whose client hung up', async () => {
    const hold = holdFile();
    const running = postJson(`${srv.url}/solve/hold`, { puzzle: hold.puzzle });
    await until((h) => h.queue.running === 1);
    const ac = new AbortController();
    const queued = fetch(`${srv.url}/solve/slow`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"puzzle":"1"}', signal: ac.signal }).catch((e: Error) => e);
    await until((h) => h.queue.waiting === 1);
    ac.abort();
    expect(await queued).toBeInstanceOf(Error);
    await until((h) => h.queue.waiting === 0);
    hold.release();
    expect((await running).status).toBe(200);
  });

  it('on close(): new requests get 503, the in-flight one completes, then the port closes', async () => {
    const hold = holdFile();
    const inFlight = postJson(`${srv.url}/solve/hold`, { puzzle: hold.puzzle });
    await until((h) => h.queue.running === 1);
    const closed = srv.server.close();
    expect(srv.server.closing).toBe(true);
    const refused = await fresh('GET', '/health');
    expect(refused.status).toBe(503);
    expect((refused.json as { error: { code: string } }).error.code).toBe('TRM_ERR_SHUTTING_DOWN');
    const late = await fresh('POST', '/solve/slow', { puzzle: '1' });
    expect(late.status).toBe(503);
    hold.release();
    const done = await inFlight;
    expect(done.status).toBe(200);
    expect(((await done.json()) as { answer: string }).answer).toBe(hold.puzzle);
    await closed;
    await expect(fetch(`${srv.url}/health`)).rejects.toThrow();
  });
});
