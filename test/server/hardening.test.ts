/**
 * Issue #13 (hardening), the service's items, each with its repro:
 *   1. a body that does not decompress (gzip, deflate, br) is 400, not 500;
 *   2. a body nested deeper than 64 levels is 400 at parse time, saying so;
 *   3. a malformed answer object on /verify is 400 in user terms (no TypeError, no type names);
 *   4. a timed-out vote stops at the next step: the worker is not replaced, the model stays loaded;
 *   5. work per request is bounded (TRM_MAX_WORK) with a 400 naming the limit; the drain is capped;
 *   6. /health reports the backend once a model has answered;
 *  12. a malformed URI's message has no stray quote.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverOptionsFromEnv } from '../../src/server/config.js';
import { jsonDepth } from '../../src/server/body.js';
import { postJson, startServer, SUDOKU, type Running } from './helpers.js';

let srv: Running;
let url: string;

beforeAll(async () => {
  srv = await startServer({ workers: 1, maxWork: 100_000 });
  url = srv.url;
});
afterAll(async () => {
  await srv?.server.close();
});

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string; details?: Record<string, unknown> }> {
  const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } };
  return { status: res.status, ...body.error };
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('hardening (issue #13)', () => {
  it('1: a body that does not decompress is 400 naming the encoding', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await fetch(`${url}/solve/sudoku`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: 'x' });
      const e = await errorOf(res);
      expect(e.status, encoding).toBe(400);
      expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
      expect(e.message).toContain(`Content-Encoding "${encoding}"`);
    }
    // A good gzip body still works.
    const ok = await fetch(`${url}/solve/sudoku`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ puzzle: SUDOKU, options: { strategy: 'symbolic-only' } })),
    });
    expect(ok.status).toBe(200);
  });

  it('2: a body nested deeper than 64 levels is 400 at parse time, saying so', async () => {
    for (const [route, body] of [
      ['/verify/sudoku', `{"puzzle":"${SUDOKU}","answer":${nested(5000)}}`],
      ['/solve/arc', `{"task":{"train":[],"test":[],"extra":${nested(5000)}}}`],
      ['/solve/sudoku', `{"puzzle":${nested(65)}}`],
    ] as const) {
      const e = await errorOf(await postJson(`${url}${route}`, body));
      expect(e.status, route).toBe(400);
      expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
      expect(e.message).toMatch(/more than 64 levels deep/);
      expect(e.details).toEqual({ maxDepth: 64 });
    }
    // 64 levels pass the guard (and reach the validator, which then judges the shape).
    const e = await errorOf(await postJson(`${url}/verify/sudoku`, `{"puzzle":"${SUDOKU}","answer":${nested(63)}}`));
    expect(e.message).not.toMatch(/levels deep/);
    expect(e.status).toBe(400);
  });

  it('2: depth counting ignores brackets inside strings', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(jsonDepth(enc('{"a":"[[[[\\"[[["}'))).toBe(1);
    expect(jsonDepth(enc('[[1],[[2]]]'))).toBe(3);
    expect(jsonDepth(enc(nested(100)), 10)).toBe(11);
  });

  it('3: a malformed answer object is 400 in user terms, never a TypeError', async () => {
    const answers = [
      { geometry: null, cells: [] },
      { geometry: { size: 9, boxRows: 3, boxCols: 3 }, cells: [1, 2, 3] },
      { geometry: 'x', cells: 'y' },
      {},
    ];
    for (const answer of answers) {
      const e = await errorOf(await postJson(`${url}/verify/sudoku`, { puzzle: SUDOKU, answer }));
      expect(e.status, JSON.stringify(answer)).toBe(400);
      expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
      // Which argument was malformed is said first (issue #11): `answer: …`, details.argument.
      expect(e.message).toBe('answer: expected a string of 81 cells or a 9×9 array of numbers, got object');
      expect(e.details?.argument).toBe('answer');
      expect(e.message).not.toMatch(/Uint8Array|reading|undefined|null/);
    }
    // The same object as a puzzle is refused by the task's input schema (strings or grids), never a 500.
    const p = await postJson(`${url}/solve/sudoku`, { puzzle: { geometry: null, cells: [] } });
    expect(p.status).toBe(400);
  });

  it('4: a timed-out vote stops between batched steps; the worker is not replaced', async () => {
    const before = srv.logs.length;
    const res = await postJson(`${url}/solve/busy-model`, { puzzle: 'x', options: { vote: 64, maxSteps: 16, timeoutMs: 500 } });
    expect(res.status).toBe(504);
    // The worker finishes the job (a TIMEOUT of its own) within the kill grace and takes the next
    // one: the pool neither had to kill it (no "ignored the cancel") nor replace it (no exit).
    const next = await postJson(`${url}/solve/busy-model`, { puzzle: 'x', options: { maxSteps: 1 } });
    expect(next.status).toBe(200);
    const logs = srv.logs.slice(before).join('\n');
    expect(logs).not.toMatch(/ignored the cancel/);
    expect(logs).not.toMatch(/exited with code/);
  });

  it('5: over-budget work is 400 naming the limit; symbolic-only and in-budget requests pass', async () => {
    // sudoku: 81 tokens per copy, a shipped model; the test server's limit is 100,000.
    const big = await errorOf(await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, options: { maxSteps: 256, vote: 64 } }));
    expect(big.status).toBe(400);
    expect(big.code).toBe('TRM_ERR_INVALID_OPTIONS');
    expect(big.message).toMatch(/over this server's limit of 100000 \(TRM_MAX_WORK\)/);
    expect(big.details).toMatchObject({ work: 256 * 65 * 81, limit: 100_000, steps: 256, copies: 65, tokens: 81 });
    expect(big.message).toMatch(/1347840 units of work \(256 steps × 65 copies × 81 tokens\)/);
    expect(big.message).toMatch(/lower options\.maxSteps to 18 or fewer/);
    const sym = await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, options: { maxSteps: 256, vote: 64, strategy: 'symbolic-only' } });
    expect(sym.status).toBe(200);
  });

  it('5: TRM_MAX_WORK and TRM_DRAIN_MS are read from the environment and checked', () => {
    expect(serverOptionsFromEnv({ TRM_MAX_WORK: '5000', TRM_DRAIN_MS: '250' })).toEqual({ maxWork: 5000, drainMs: 250 });
    expect(() => serverOptionsFromEnv({ TRM_MAX_WORK: '0' })).toThrow(/TRM_MAX_WORK/);
    expect(() => serverOptionsFromEnv({ TRM_DRAIN_MS: 'soon' })).toThrow(/TRM_DRAIN_MS/);
  });

  it('12: a malformed URI is 400 without the validator\'s stray quote', async () => {
    const e = await errorOf(await fetch(`${url}/generate/%E0`));
    expect(e.status).toBe(400);
    expect(e.message).toBe('invalid request: generate/%E0 is a malformed URI (bad percent-encoding)');
    expect(JSON.stringify(e)).not.toContain("uri'");
  });

  it('6: /health reports the backend once a model has answered', async () => {
    const res = await postJson(`${url}/solve/busy-model`, { puzzle: 'x', options: { maxSteps: 1 } });
    expect(res.status).toBe(200);
    const health = (await (await fetch(`${url}/health`)).json()) as { backend: string | null };
    expect(health.backend).toBe('fake');
  });
});

describe('capped drain (issue #13, item 5)', () => {
  it('close() stops waiting after drainMs: the stuck request gets 503 and close() resolves', async () => {
    const s = await startServer({ workers: 1, drainMs: 200 });
    const stuck = postJson(`${s.url}/solve/slow`, { puzzle: '3000' });
    for (let i = 0; i < 200 && s.server.pool.stats().running === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await s.server.close();
    // The stuck solve busy-waits 3 s: a 503 (not its 200) proves close() stopped waiting at the drain limit.
    const e = await errorOf(await stuck);
    expect(e.status).toBe(503);
    expect(e.code).toBe('TRM_ERR_SHUTTING_DOWN');
    expect(s.logs.join('\n')).toMatch(/drain limit/);
  });
});
