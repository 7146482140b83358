/**
 * The REST service end to end: a real server (worker threads, test SDK) on a free loopback port,
 * every route and every client-caused error status through real HTTP, and the server still
 * healthy afterwards. Response bodies are checked against openapi.yaml's schemas.
 */
import { SAMPLE_SOLUTIONS } from '../../src/plugins/arc/samples.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSdk } from '../../src/sdk/sdk.js';
import { SUDOKU, parseSse, postJson, readSse, schemaErrors, startServer, type Running } from './helpers.js';

const sdk = createSdk();
let srv: Running;
let url: string;

beforeAll(async () => {
  srv = await startServer({ workers: 2, queueCapacity: 16 });
  url = srv.url;
});
afterAll(async () => {
  await srv?.server.close();
});

async function expectError(res: Response, status: number, code: string, messageLike?: RegExp): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } };
  expect({ status: res.status, code: body.error?.code }).toEqual({ status, code });
  expect(schemaErrors('Error', body)).toEqual([]);
  if (messageLike) expect(body.error.message).toMatch(messageLike);
  return body.error;
}

describe('info routes', () => {
  it('GET /health reports status, queue and workers', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(schemaErrors('Health', body)).toEqual([]);
    expect(body.status).toBe('ok');
    expect(body.queue.capacity).toBe(16);
    expect(body.workers).toBe(2);
  });

  it('GET /tasks lists the workers\' tasks with input schema and model state', async () => {
    const res = await fetch(`${url}/tasks`);
    const body = (await res.json()) as { tasks: Array<Record<string, any>> };
    expect(schemaErrors('TasksResponse', body)).toEqual([]);
    const names = body.tasks.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['sudoku', 'maze', 'arc', 'latin-square', 'slow', 'hold']));
    const sudoku = body.tasks.find((t) => t.name === 'sudoku')!;
    expect(sudoku.modelLoaded).toBe(sudoku.model !== null);
    expect(sudoku.symbolicSolver).toBe(true);
    // Each task's own solve budget: ARC's plugin names 10 s, the others take the SDK's 30 s.
    expect(body.tasks.find((t) => t.name === 'arc')!.defaultTimeoutMs).toBe(10_000);
    expect(sudoku.defaultTimeoutMs).toBe(30_000);
  });

  it('GET /openapi.yaml serves the 3.1 contract', async () => {
    const res = await fetch(`${url}/openapi.yaml`);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    const doc = parse(await res.text()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/solve/{task}', '/verify/{task}', '/generate/{task}', '/tasks', '/health']));
  });

  it('GET / serves a self-contained playground (no external resources)', async () => {
    const res = await fetch(`${url}/`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>trm-sdk playground</title>');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });
});

describe('POST /solve/{task}', () => {
  it('solves a Sudoku given as 81 characters; the answer verifies', async () => {
    const res = await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, options: { strategy: 'symbolic-only' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(schemaErrors('SolveResponse', body)).toEqual([]);
    expect(body.answer).toMatch(/^[1-9]{81}$/);
    expect(body.verified).toBe(true);
    expect(body.source).toBe('symbolic');
    expect(sdk.verify('sudoku', SUDOKU, body.answer).ok).toBe(true);
  });

  it('accepts the 9×9 number-array form', async () => {
    const grid = Array.from({ length: 9 }, (_, r) => [...SUDOKU.slice(r * 9, r * 9 + 9)].map((c) => (c === '.' ? 0 : Number(c))));
    const res = await postJson(`${url}/solve/sudoku`, { puzzle: grid });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(sdk.verify('sudoku', SUDOKU, body.answer).ok).toBe(true);
  });

  it('solves a maze; the answer is rows with o on a verified shortest path', async () => {
    const sample = sdk.tasks().find((t) => t.name === 'maze')!.samples[0];
    const res = await postJson(`${url}/solve/maze`, { maze: sample });
    const body = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(Array.isArray(body.answer)).toBe(true);
    expect((body.answer as string[]).join('')).toContain('o');
    expect(sdk.verify('maze', sample, body.answer).ok).toBe(true);
  });

  it('answers the ARC sample task (a rotation) by program search: verified against the demonstrations, right', async () => {
    const sample = sdk.tasks().find((t) => t.name === 'arc')!.samples[0] as { id: string };
    const res = await postJson(`${url}/solve/arc`, { task: sample });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.verified).toBe(true);
    expect(body.source).toBe('program');
    expect(body.verification).toBe('demonstrations');
    expect(typeof body.program).toBe('string');
    expect(body.answer.attempts[0][0]).toEqual(SAMPLE_SOLUTIONS[sample.id]![0]);
  });

  it('streams a hybrid solve of the shipped 4×4 model as step events then the result', async () => {
    const res = await postJson(`${url}/solve/sudoku-4x4?stream=true`, { puzzle: '1.3..........4.2', options: { strategy: 'neural-only', maxSteps: 3 } });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    expect(events.at(-1)!.event).toBe('result');
    const steps = events.filter((e) => e.event === 'step');
    expect(steps.length).toBeGreaterThanOrEqual(1);
    expect(steps.length).toBeLessThanOrEqual(3);
    const result = events.at(-1)!.data as { verified: boolean; steps: number; backend: string | null };
    expect(result.steps).toBe(steps.length);
    expect(result.backend).toMatch(/wasm|cpu|tensorflow/);
  });

  it('streams a symbolic solve as a single result event', async () => {
    const res = await postJson(`${url}/solve/sudoku?stream=true`, { puzzle: SUDOKU, options: { strategy: 'symbolic-only' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['result']);
    expect(schemaErrors('SolveResponse', events[0]!.data)).toEqual([]);
    expect(sdk.verify('sudoku', SUDOKU, (events[0]!.data as { answer: string }).answer).ok).toBe(true);
  });

  it('streams step events (answer so far, changed cells, verified flag) before the result', async () => {
    const puzzle = [[1, 0, 0, 0, 5], [0, 0, 5, 0, 0], [0, 0, 0, 5, 0], [0, 5, 0, 0, 0], [5, 0, 0, 0, 4]];
    const res = await postJson(`${url}/solve/latin-square?stream=true`, { puzzle });
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual(['step', 'step', 'step', 'result']);
    for (const e of events.slice(0, 3)) expect(schemaErrors('StepEvent', e.data)).toEqual([]);
    const steps = events.slice(0, 3).map((e) => e.data as { step: number; verified: boolean; changed: number[] });
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(steps.map((s) => s.verified)).toEqual([false, false, true]);
    expect(steps.flatMap((s) => s.changed).sort((a, b) => a - b)).toEqual(puzzle.flat().flatMap((v, i) => (v === 0 ? [i] : [])));
    expect((events[3]!.data as { verified: boolean }).verified).toBe(true);
  });

  it('relays each step while the solve is still running (the worker waits for the client to see it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-sse-'));
    const marker = join(dir, 'ack');
    try {
      const res = await postJson(`${url}/solve/handshake?stream=true`, { puzzle: marker });
      const events = await readSse(res, (e) => {
        if (e.event === 'step') writeFileSync(marker, 'seen');
      });
      expect(events.map((e) => e.event)).toEqual(['step', 'result']);
      expect((events[1]!.data as { answer: string }).answer).toBe('ack');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends a stream with an error event when the solve fails after it started', async () => {
    // Unsatisfiable: row 1 forces a 5 into column 5, which already holds one.
    const puzzle = [[1, 2, 3, 4, 0], [0, 0, 0, 0, 5], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    const res = await postJson(`${url}/solve/latin-square?stream=true`, { puzzle });
    const events = parseSse(await res.text());
    expect(events.at(-1)!.event).toBe('error');
    const err = events.at(-1)!.data as { error: { code: string }; status: number };
    expect(schemaErrors('StreamError', err)).toEqual([]);
    expect(err).toMatchObject({ error: { code: 'TRM_ERR_UNSATISFIABLE' }, status: 422 });
  });
});

describe('POST /verify/{task} and GET /generate/{task}', () => {
  it('verifies a correct and a wrong answer', async () => {
    const solved = (await (await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU })).json()) as { answer: string };
    const ok = (await (await postJson(`${url}/verify/sudoku`, { puzzle: SUDOKU, answer: solved.answer })).json()) as Record<string, any>;
    expect(schemaErrors('Verification', ok)).toEqual([]);
    expect(ok).toEqual({ ok: true, violations: [] });
    const wrong = solved.answer.slice(0, 80) + (solved.answer[80] === '9' ? '8' : '9');
    const bad = (await (await postJson(`${url}/verify/sudoku`, { puzzle: SUDOKU, answer: wrong })).json()) as { ok: boolean; violations: unknown[] };
    expect(bad.ok).toBe(false);
    expect(bad.violations.length).toBeGreaterThan(0);
  });

  it('generates a puzzle that the service then solves and verifies', async () => {
    const res = await fetch(`${url}/generate/sudoku?difficulty=easy&seed=7`);
    expect(res.status).toBe(200);
    const gen = (await res.json()) as { puzzle: string; answer: string };
    expect(schemaErrors('GenerateResponse', gen)).toEqual([]);
    expect(sdk.verify('sudoku', gen.puzzle, gen.answer).ok).toBe(true);
    const solved = (await (await postJson(`${url}/solve/sudoku`, { puzzle: gen.puzzle })).json()) as { verified: boolean; answer: string };
    expect(solved.verified).toBe(true);
    expect(sdk.verify('sudoku', gen.puzzle, solved.answer).ok).toBe(true);
  });

  it('is reproducible by seed', async () => {
    const a = await (await fetch(`${url}/generate/maze?seed=11`)).json();
    const b = await (await fetch(`${url}/generate/maze?seed=11`)).json();
    expect(a).toEqual(b);
  });
});

describe('errors: one JSON shape, the catalogue\'s status', () => {
  it('400 for malformed JSON', async () => {
    await expectError(await postJson(`${url}/solve/sudoku`, '{"puzzle": "53..'), 400, 'TRM_ERR_INVALID_INPUT', /not valid JSON/);
  });

  it('400 for wrong types (puzzle: 42), naming the field', async () => {
    await expectError(await postJson(`${url}/solve/sudoku`, { puzzle: 42 }), 400, 'TRM_ERR_INVALID_INPUT', /body\/puzzle must be string or array/);
  });

  it('400 when the body has none (or two) of puzzle / maze / task, or unknown fields', async () => {
    await expectError(await postJson(`${url}/solve/sudoku`, {}), 400, 'TRM_ERR_INVALID_INPUT', /exactly one of "puzzle", "maze", "task"/);
    await expectError(await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, maze: ['#'] }), 400, 'TRM_ERR_INVALID_INPUT', /exactly one of/);
    await expectError(await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, hint: 1 }), 400, 'TRM_ERR_INVALID_INPUT', /hint/);
    await expectError(await postJson(`${url}/solve/sudoku`, [SUDOKU]), 400, 'TRM_ERR_INVALID_INPUT');
  });

  it('400 for 80- and 82-character Sudokus, from the plugin\'s parser', async () => {
    const e80 = await expectError(await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU.slice(0, 80) }), 400, 'TRM_ERR_INVALID_INPUT');
    expect(e80.message).toMatch(/80/);
    const e82 = await expectError(await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU + '.' }), 400, 'TRM_ERR_INVALID_INPUT');
    expect(e82.message).toMatch(/82/);
  });

  it('400 for a 31×31 maze (the maze task takes up to 30×30)', async () => {
    const rows = Array.from({ length: 31 }, (_, r) => (r === 0 || r === 30 ? '#'.repeat(31) : '#' + (r === 1 ? 'S' : ' ') + ' '.repeat(27) + (r === 29 ? 'G' : ' ') + '#'));
    const e = await expectError(await postJson(`${url}/solve/maze`, { maze: rows }), 400, 'TRM_ERR_INVALID_INPUT');
    expect(e.message).toMatch(/31|30/);
  });

  it('400 for an ARC grid with colour 10, naming the cell', async () => {
    const task = { train: [{ input: [[1, 10]], output: [[1, 1]] }], test: [{ input: [[1, 1]] }] };
    await expectError(await postJson(`${url}/solve/arc`, { task }), 400, 'TRM_ERR_INVALID_INPUT', /train\/0\/input\/0\/1 must be <= 9/);
  });

  it('400 for out-of-range options', async () => {
    await expectError(await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, options: { vote: 99 } }), 400, 'TRM_ERR_INVALID_INPUT', /vote must be <= 64/);
    await expectError(await postJson(`${url}/solve/sudoku`, { puzzle: SUDOKU, options: { strategy: 'guess' } }), 400, 'TRM_ERR_INVALID_INPUT', /strategy/);
    await expectError(await postJson(`${url}/solve/sudoku?stream=perhaps`, { puzzle: SUDOKU }), 400, 'TRM_ERR_INVALID_INPUT', /stream/);
    await expectError(await fetch(`${url}/generate/sudoku?seed=abc`), 400, 'TRM_ERR_INVALID_INPUT', /seed/);
  });

  it('404 for an unknown task, listing the known ones', async () => {
    const e = await expectError(await postJson(`${url}/solve/chess`, { puzzle: 'e4' }), 404, 'TRM_ERR_UNKNOWN_TASK', /chess/);
    expect(e.details?.known).toEqual(expect.arrayContaining(['sudoku']));
    await expectError(await fetch(`${url}/generate/chess`), 404, 'TRM_ERR_UNKNOWN_TASK');
  });

  it('404 for an unknown route or method', async () => {
    await expectError(await fetch(`${url}/solvez/sudoku`), 404, 'TRM_ERR_NOT_FOUND', /GET \/solvez\/sudoku/);
    await expectError(await postJson(`${url}/tasks`, {}), 404, 'TRM_ERR_NOT_FOUND');
  });

  it('415 for a body that is not JSON', async () => {
    const res = await fetch(`${url}/solve/sudoku`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: SUDOKU });
    await expectError(res, 415, 'TRM_ERR_UNSUPPORTED_MEDIA_TYPE', /text\/plain/);
  });

  it('413 for a 10 MB body', async () => {
    const res = await postJson(`${url}/solve/sudoku`, JSON.stringify({ puzzle: '.'.repeat(10 * 1024 * 1024) }));
    await expectError(res, 413, 'TRM_ERR_PAYLOAD_TOO_LARGE', /limit/);
  });

  it('422 for an unsatisfiable puzzle', async () => {
    const puzzle = [[1, 2, 3, 4, 0], [0, 0, 0, 0, 5], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    await expectError(await postJson(`${url}/solve/latin-square`, { puzzle }), 422, 'TRM_ERR_UNSATISFIABLE');
  });

  it('survives hostile bodies: deep nesting, __proto__, huge numbers, binary', async () => {
    const deep = '{"puzzle":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    expect((await postJson(`${url}/solve/sudoku`, deep)).status).toBe(400);
    expect((await postJson(`${url}/solve/sudoku`, '{"__proto__":{"polluted":true},"puzzle":"1"}')).status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await postJson(`${url}/solve/sudoku`, { puzzle: [[1e308, -1e308]] })).status).toBe(400);
    expect((await fetch(`${url}/solve/sudoku`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) })).status).toBe(400);
  });

  it('logs one line per request: method, path, status, ms', () => {
    const lines = srv.logs.filter((l) => !l.startsWith('[trm-sdk serve]'));
    expect(lines.length).toBeGreaterThan(20);
    for (const l of lines) expect(l).toMatch(/^(GET|POST) \/\S* \d{3}( \(client gone\))? \d+\.\dms$/);
    expect(lines.some((l) => /^POST \/solve\/chess 404 /.test(l))).toBe(true);
  });

  it('still answers /health after all of that', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('ok');
  });
});
