/**
 * Issue #23 (hardening, round two), the service's items, each with its repro scaled down:
 *   D1  memory is a budget: a solve estimated over TRM_MAX_MEMORY is refused before it runs; a
 *       worker that outgrows its heap cap is replaced and the request gets 507 with a code;
 *   D2  the JSON-text form of an ARC task has the object form's limits (pairs, grid size, colours);
 *   D3  integers in the query and the body are finite safe integers within the contract's bounds;
 *   D4  failed logins are throttled per address (429 + Retry-After), logged without the key, counted;
 *   D5  a body that stops halfway is cut by requestTimeout; sockets per address are capped; close()
 *       shuts idle and stalled sockets at once instead of waiting out the drain limit;
 *   charset: a JSON body in a charset other than UTF-8 is 415.
 * The RSS-after-a-heavy-ARC-request check (D1) is in arc-memory.test.ts.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverOptionsFromEnv } from '../../src/server/config.js';
import { postJson, startServer, SUDOKU, type Running } from './helpers.js';

interface ErrorBody {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

async function errorOf(res: Response): Promise<ErrorBody> {
  const body = (await res.json()) as { error: Omit<ErrorBody, 'status'> };
  return { status: res.status, ...body.error };
}

/** A seeded grid of side n (colours 0–9). */
function grid(n: number, seed: number): number[][] {
  let s = seed >>> 0;
  const next = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) % 10);
  return Array.from({ length: n }, () => Array.from({ length: n }, next));
}

function arcTask(pairs: number, tests: number, side: number): { train: { input: number[][]; output: number[][] }[]; test: { input: number[][] }[] } {
  return {
    train: Array.from({ length: pairs }, (_, i) => ({ input: grid(side, 2 * i + 1), output: grid(side, 2 * i + 2) })),
    test: Array.from({ length: tests }, (_, i) => ({ input: grid(side, 1000 + i) })),
  };
}

/** Opens a raw socket and writes `text`; resolves with everything the server sends until it closes the socket. */
function rawExchange(port: number, text: string): { socket: net.Socket; reply: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(text);
  const reply = new Promise<string>((resolve) => {
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('close', () => resolve(got));
    socket.on('error', () => {});
  });
  return { socket, reply };
}

const portOf = (url: string): number => Number(new URL(url).port);

let srv: Running;
let url: string;

beforeAll(async () => {
  srv = await startServer({ workers: 1, maxMemory: '64mb' });
  url = srv.url;
});
afterAll(async () => {
  await srv?.server.close();
});

describe('charset (issue #23)', () => {
  it('a JSON body declared UTF-16 (or any charset but UTF-8) is 415; utf-8 and none pass', async () => {
    for (const charset of ['utf-16', 'UTF-16LE', 'latin1', '"utf-32"']) {
      const res = await fetch(`${url}/solve/sudoku`, {
        method: 'POST',
        headers: { 'content-type': `application/json; charset=${charset}` },
        body: JSON.stringify({ puzzle: SUDOKU, options: { strategy: 'symbolic-only' } }),
      });
      const e = await errorOf(res);
      expect(e.status, charset).toBe(415);
      expect(e.code).toBe('TRM_ERR_UNSUPPORTED_MEDIA_TYPE');
      expect(e.message).toContain('UTF-8');
    }
    for (const ct of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json']) {
      const res = await fetch(`${url}/solve/sudoku`, { method: 'POST', headers: { 'content-type': ct }, body: JSON.stringify({ puzzle: SUDOKU, options: { strategy: 'symbolic-only' } }) });
      expect(res.status, ct).toBe(200);
    }
  });
});

describe('D3: integers are finite safe integers within the contract (issue #23)', () => {
  const BAD = ['1e400', '-1', '1.5', 'NaN', 'Infinity', '0x10', '1e3', '9007199254740993'];

  it('GET /generate: seed and size', async () => {
    for (const param of ['seed', 'size']) {
      for (const v of BAD) {
        const e = await errorOf(await fetch(`${url}/generate/maze?${param}=${encodeURIComponent(v)}`));
        expect(e.status, `${param}=${v}`).toBe(400);
        expect(e.code, `${param}=${v}`).toBe('TRM_ERR_INVALID_INPUT');
        expect(e.message, `${param}=${v}`).toContain(param);
      }
    }
    // The bounds of the contract still apply to well-formed integers, and good values pass.
    expect((await fetch(`${url}/generate/maze?seed=4294967296`)).status).toBe(400);
    expect((await fetch(`${url}/generate/maze?size=1001`)).status).toBe(400);
    expect((await fetch(`${url}/generate/maze?seed=7&size=11`)).status).toBe(200);
  });

  it('seed=1e400 is not the puzzle of seed=0 any more', async () => {
    const zero = await (await fetch(`${url}/generate/sudoku?seed=0`)).json();
    const res = await fetch(`${url}/generate/sudoku?seed=1e400`);
    expect(res.status).toBe(400);
    expect(zero).toHaveProperty('puzzle');
  });

  it('POST /solve: every integer option, as JSON numbers and as raw non-JSON tokens', async () => {
    for (const option of ['maxSteps', 'vote', 'timeoutMs']) {
      for (const v of ['1e400', '-1', '1.5', 'NaN', 'Infinity', '-Infinity']) {
        const res = await postJson(`${url}/solve/sudoku`, `{"puzzle":"${SUDOKU}","options":{"${option}":${v}}}`);
        const e = await errorOf(res);
        expect(e.status, `${option}=${v}`).toBe(400);
        expect(e.code, `${option}=${v}`).toBe('TRM_ERR_INVALID_INPUT');
      }
    }
  });
});

describe('D2: the JSON-text form of a task has the object form\'s limits (issue #23)', () => {
  it('101 pairs, 101 test inputs, a 31-row grid and a colour 10 are refused as text as they are as objects', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['101 train pairs', arcTask(101, 1, 3), /body\/task\/train must NOT have more than 100 items/],
      ['101 test inputs', arcTask(1, 101, 3), /body\/task\/test must NOT have more than 100 items/],
      ['31 rows', { train: [{ input: grid(3, 1), output: Array.from({ length: 31 }, () => [1]) }], test: [{ input: grid(3, 2) }] }, /body\/task\/train\/0\/output must NOT have more than 30 items/],
      ['colour 10', { train: [{ input: [[10]], output: [[1]] }], test: [{ input: [[1]] }] }, /body\/task\/train\/0\/input\/0\/0 must be <= 9/],
    ];
    for (const [what, task, message] of cases) {
      const asObject = await errorOf(await postJson(`${url}/solve/arc`, { task }));
      const asText = await errorOf(await postJson(`${url}/solve/arc`, { task: JSON.stringify(task) }));
      expect(asObject.status, what).toBe(400);
      expect(asText.status, what).toBe(400);
      expect(asText.code, what).toBe('TRM_ERR_INVALID_INPUT');
      expect(asText.message, what).toMatch(message);
      expect(asObject.message, what).toMatch(message);
    }
    // /verify reads the same field the same way.
    const v = await errorOf(await postJson(`${url}/verify/arc`, { task: JSON.stringify(arcTask(101, 1, 3)), answer: { attempts: [[[[1]]]] } }));
    expect(v.status).toBe(400);
    expect(v.message).toMatch(/must NOT have more than 100 items/);
  });

  it('text that is not JSON, or nests too deep, is 400 naming the field; a valid text solves like the object', async () => {
    const notJson = await errorOf(await postJson(`${url}/solve/arc`, { task: '{"train": [' }));
    expect(notJson.status).toBe(400);
    expect(notJson.message).toMatch(/^task: /);
    const deep = await errorOf(await postJson(`${url}/solve/arc`, { task: '['.repeat(100) + ']'.repeat(100) }));
    expect(deep.status).toBe(400);
    expect(deep.message).toMatch(/more than 64 levels/);
    const task = { train: [{ input: [[1, 2], [3, 4]], output: [[3, 1], [4, 2]] }, { input: [[5, 6], [7, 8]], output: [[7, 5], [8, 6]] }], test: [{ input: [[1, 1], [2, 2]] }] };
    const a = (await (await postJson(`${url}/solve/arc`, { task })).json()) as { answer: unknown };
    const b = (await (await postJson(`${url}/solve/arc`, { task: JSON.stringify(task) })).json()) as { answer: unknown };
    expect(b.answer).toEqual(a.answer);
    expect(a.answer).not.toBeNull();
  });
});

describe('D1: memory is a budget (issue #23)', () => {
  it('an ARC task whose search would not fit TRM_MAX_MEMORY is refused before it runs, with the estimate and the limit', async () => {
    // 100 pairs of 30×30 (the contract's largest): hundreds of MB of search states, over 64 MB.
    const res = await postJson(`${url}/solve/arc`, { task: arcTask(100, 1, 30), options: { timeoutMs: 60_000 } });
    const e = await errorOf(res);
    expect(e.status).toBe(400);
    expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
    expect(e.message).toMatch(/TRM_MAX_MEMORY/);
    expect(e.details?.limitBytes).toBe(64 * 2 ** 20);
    expect(e.details?.estimateBytes as number).toBeGreaterThan(64 * 2 ** 20);
    expect((e.details?.parts as Record<string, number>)['arc-search']).toBeGreaterThan(0);
    // The same task as text is estimated the same way (the string form is no way around it).
    const asText = await errorOf(await postJson(`${url}/solve/arc`, { task: JSON.stringify(arcTask(100, 1, 30)) }));
    expect(asText.details?.estimateBytes).toBe(e.details?.estimateBytes);
    // A small task under the same limit runs.
    expect((await postJson(`${url}/solve/arc`, { task: arcTask(3, 1, 5), options: { timeoutMs: 10_000 } })).status).toBe(200);
  });

  it('a worker that outgrows its heap cap is replaced; the request gets 507 TRM_ERR_MEMORY_LIMIT and the server keeps serving', async () => {
    const res = await postJson(`${url}/solve/hog`, { puzzle: '4000', options: { timeoutMs: 60_000 } });
    const e = await errorOf(res);
    expect(e.status).toBe(507);
    expect(e.code).toBe('TRM_ERR_MEMORY_LIMIT');
    expect(srv.logs.some((l) => /reached its heap limit/.test(l))).toBe(true);
    const ok = await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, options: { strategy: 'symbolic-only' } });
    expect(ok.status).toBe(200);
  }, 60_000);

  it('TRM_MAX_MEMORY is read from the environment and checked', () => {
    expect(serverOptionsFromEnv({ TRM_MAX_MEMORY: '1.5gb' }).maxMemory).toBe(1.5 * 2 ** 30);
    expect(serverOptionsFromEnv({ TRM_MAX_MEMORY: '268435456' }).maxMemory).toBe(268435456);
    expect(() => serverOptionsFromEnv({ TRM_MAX_MEMORY: 'lots' })).toThrow(/TRM_MAX_MEMORY/);
    expect(() => serverOptionsFromEnv({ TRM_MAX_MEMORY: '1kb' })).toThrow(/at least 16mb/);
  });
});

describe('D4: failed logins are throttled per address (issue #23)', () => {
  it('after the limit a wrong key gets 429 with Retry-After, then even a right one; the key is never logged; /health counts', async () => {
    const key = 'right-key-12345';
    const wrong = 'WRONG-key-67890';
    const s = await startServer({ workers: 1, apiKeys: [key], authFailuresPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${s.url}/tasks`, { headers: { authorization: `Bearer ${wrong}` } });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          expect((await errorOf(res)).code).toBe('TRM_ERR_OVERLOADED');
        }
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // The address is locked out for the window, right key or not: no guessing at line rate.
      expect((await fetch(`${s.url}/tasks`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(429);
      const health = (await (await fetch(`${s.url}/health`)).json()) as { auth: { failures: number; throttled: number } };
      expect(health.auth).toEqual({ failures: 3, throttled: 3 });
      const authLines = s.logs.filter((l) => l.includes('auth failure'));
      expect(authLines).toHaveLength(3);
      expect(s.logs.join('\n')).not.toContain(wrong);
      expect(s.logs.join('\n')).not.toContain(key);
    } finally {
      await s.server.close();
    }
  });

  it('TRM_AUTH_FAILURES_PER_MIN is read from the environment', () => {
    expect(serverOptionsFromEnv({ TRM_AUTH_FAILURES_PER_MIN: '5' }).authFailuresPerMinute).toBe(5);
    expect(() => serverOptionsFromEnv({ TRM_AUTH_FAILURES_PER_MIN: '0' })).toThrow(/TRM_AUTH_FAILURES_PER_MIN/);
  });
});

describe('D5: time and connection limits on the wire (issue #23)', () => {
  it('a body that stops halfway is cut with 408 by requestTimeout', async () => {
    const s = await startServer({ workers: 1, requestTimeoutMs: 1000, headersTimeoutMs: 500 });
    try {
      const { reply } = rawExchange(portOf(s.url), 'POST /solve/sudoku HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"puzzle":');
      expect(await reply).toMatch(/^HTTP\/1\.1 408/);
      // Headers that never end are cut too (slowloris).
      const slow = rawExchange(portOf(s.url), 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      expect(await slow.reply).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await s.server.close();
    }
  }, 20_000);

  it('an address over its socket cap gets 429 and is closed; /health counts the refusal', async () => {
    const s = await startServer({ workers: 1, maxConnectionsPerIp: 2 });
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const sock = net.connect(portOf(s.url), '127.0.0.1');
        await new Promise((r) => sock.once('connect', r));
        held.push(sock);
      }
      const third = rawExchange(portOf(s.url), 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      const reply = await third.reply;
      expect(reply).toMatch(/^HTTP\/1\.1 429/);
      expect(reply).toContain('TRM_ERR_OVERLOADED');
      held.pop()!.destroy();
      // Once a socket is freed the address may connect again.
      let health: { connections: { refused: number } } | null = null;
      for (let i = 0; i < 50 && !health; i++) {
        const res = await fetch(`${s.url}/health`).catch(() => null);
        if (res?.status === 200) health = (await res.json()) as { connections: { refused: number } };
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(health!.connections.refused).toBeGreaterThanOrEqual(1);
    } finally {
      for (const h of held) h.destroy();
      await s.server.close();
    }
  });

  it('close() shuts stalled uploads and idle sockets at once instead of waiting out the drain limit', async () => {
    // A drain limit far past the test's own timeout: close() may not wait for it.
    const s = await startServer({ workers: 1, drainMs: 600_000 });
    const stalled = rawExchange(portOf(s.url), 'POST /solve/sudoku HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"puzzle":');
    const slowHeaders = rawExchange(portOf(s.url), 'GET /health HTTP/1.1\r\nHost: x\r\n');
    // Wait until the stalled request has reached the app (it is counted in flight).
    await new Promise((r) => setTimeout(r, 300));
    await s.server.close();
    await stalled.reply;
    await slowHeaders.reply;
    expect(stalled.socket.destroyed).toBe(true);
    expect(slowHeaders.socket.destroyed).toBe(true);
    // The test's own limit (60 s) is a tenth of the drain limit: passing proves close() did not wait for it.
  }, 60_000);

  it('the wire limits are read from the environment', () => {
    const o = serverOptionsFromEnv({ TRM_HEADERS_TIMEOUT_MS: '2000', TRM_REQUEST_TIMEOUT_MS: '4000', TRM_KEEP_ALIVE_TIMEOUT_MS: '1000', TRM_MAX_CONNECTIONS_PER_IP: '8' });
    expect(o).toMatchObject({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000, maxConnectionsPerIp: 8 });
    expect(() => serverOptionsFromEnv({ TRM_REQUEST_TIMEOUT_MS: '1e400' })).toThrow(/TRM_REQUEST_TIMEOUT_MS/);
  });
});
