/**
 * Issue #11 on the server: a plugin's own input schema validates its requests (an 8-queens board
 * as an array of strings is accepted; a wrong shape gets a message naming the task and the path),
 * a stream with invalid input is a 4xx before the stream opens, step events say `formatted`,
 * /verify says which argument was malformed, and `trm-sdk serve --plugin … --model task=path`
 * gives the workers those plugins and models.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUDOKU, parseSse, postJson, schemaErrors, startServer, type Running } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const QUEENS = new URL('./fixtures/queens-plugin.ts', import.meta.url).href;
const BOARD = ['Q.......', '........', '........', '........', '........', '........', '........', '........'];
const MAZE = ['#####', '#S  #', '# # #', '#  G#', '#####'];

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

let srv: Running;
beforeAll(async () => {
  srv = await startServer({ workers: 1, plugins: [QUEENS] });
});
afterAll(async () => {
  await srv?.server.close();
});

async function error400(res: Response): Promise<ErrorBody['error']> {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(schemaErrors('Error', body)).toEqual([]);
  expect(body.error.code).toBe('TRM_ERR_INVALID_INPUT');
  return body.error;
}

describe('the task\'s inputSchema validates `puzzle`', () => {
  it('accepts a plugin\'s own form (8-queens: 8 strings), as /generate gives it', async () => {
    const res = await postJson(`${srv.url}/solve/queens-8`, { puzzle: BOARD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { answer: string[]; verified: boolean };
    expect(body.verified).toBe(true);
    expect(body.answer[0]).toBe('Q.......');
    const gen = (await (await fetch(`${srv.url}/generate/queens-8?seed=3`)).json()) as { puzzle: string[] };
    expect(gen.puzzle).toHaveLength(8);
    expect((await postJson(`${srv.url}/solve/queens-8`, { puzzle: gen.puzzle })).status).toBe(200);
  });

  it('rejects a wrong shape naming the task and the path, not a schema written for other tasks', async () => {
    const e = await error400(await postJson(`${srv.url}/solve/queens-8`, { puzzle: [[0, 1], 'Q.......'] }));
    expect(e.message).toMatch(/^puzzle: not a valid input for task "queens-8"/);
    expect(e.message).toMatch(/body\/puzzle\/0 must be string/);
    expect(e.message).not.toMatch(/must be array/);
    expect(e.details).toMatchObject({ task: 'queens-8', argument: 'puzzle' });
    const row = await error400(await postJson(`${srv.url}/solve/queens-8`, { puzzle: [...BOARD.slice(0, 7), 'QQ'] }));
    expect(row.message).toMatch(/body\/puzzle\/7 must match pattern/);
    // The parser's own words come along.
    expect(row.message).toMatch(/the task's parser says: row 8 must be 8 characters/);
  });

  it('routes a maze sent under `puzzle` to the maze task\'s schema: accepted by maze, named by sudoku', async () => {
    const ok = await postJson(`${srv.url}/solve/maze`, { puzzle: MAZE });
    expect(ok.status).toBe(200);
    const e = await error400(await postJson(`${srv.url}/solve/sudoku`, { puzzle: MAZE }));
    expect(e.message).toMatch(/task "sudoku"/);
    expect(e.message).toMatch(/body\/puzzle/);
  });
});

describe('streams', () => {
  it('answers invalid input with a JSON 400 before any stream opens', async () => {
    for (const [task, body] of [
      ['sudoku', { puzzle: SUDOKU.slice(0, 80) }],
      ['queens-8', { puzzle: [1, 2, 3] }],
      ['latin-square', { puzzle: [[9]] }],
    ] as const) {
      const res = await postJson(`${srv.url}/solve/${task}?stream=true`, body);
      expect(res.headers.get('content-type'), task).not.toMatch(/event-stream/);
      const e = await error400(res);
      expect(e.message, task).toMatch(/^puzzle: /);
    }
  });

  it('says `formatted` in step events, as the SDK does', async () => {
    const puzzle = [[1, 0, 0, 0, 5], [0, 0, 5, 0, 0], [0, 0, 0, 5, 0], [0, 5, 0, 0, 0], [5, 0, 0, 0, 4]];
    const res = await postJson(`${srv.url}/solve/latin-square?stream=true`, { puzzle });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    const steps = events.filter((e) => e.event === 'step').map((e) => e.data as Record<string, unknown>);
    expect(steps.length).toBe(3);
    for (const s of steps) {
      expect(schemaErrors('StepEvent', s)).toEqual([]);
      expect(s).toHaveProperty('formatted');
      expect(s).not.toHaveProperty('answer');
    }
    expect(steps.at(-1)!.formatted).toEqual((events.at(-1)!.data as { answer: unknown }).answer);
  });
});

describe('/verify says which argument was malformed', () => {
  it('puzzle: … / answer: … with details.argument', async () => {
    const p = await error400(await postJson(`${srv.url}/verify/sudoku`, { puzzle: SUDOKU.slice(0, 80), answer: SUDOKU }));
    expect(p.message).toMatch(/^puzzle: /);
    expect(p.details?.argument).toBe('puzzle');
    const a = await error400(await postJson(`${srv.url}/verify/sudoku`, { puzzle: SUDOKU, answer: '12' }));
    expect(a.message).toMatch(/^answer: /);
    expect(a.details?.argument).toBe('answer');
    const q = await error400(await postJson(`${srv.url}/verify/queens-8`, { puzzle: BOARD, answer: BOARD }));
    expect(q.message).toBe('answer: row 2 has no queen');
    expect(q.details).toMatchObject({ argument: 'answer', task: 'queens-8' });
    // A well-formed wrong answer is a 200 with its violations.
    const wrong = ['Q.......', '.Q......', '..Q.....', '...Q....', '....Q...', '.....Q..', '......Q.', '.......Q'];
    const v = (await (await postJson(`${srv.url}/verify/queens-8`, { puzzle: BOARD, answer: wrong })).json()) as { ok: boolean };
    expect(v.ok).toBe(false);
  });
});

describe('trm-sdk serve --plugin <module> --model <task>=<file>', () => {
  function serveCli(args: string[]): { url: Promise<string>; exited: Promise<number | null>; stderr: () => string; stop: () => void } {
    const child = spawn(process.execPath, ['--import', './test/server/fixtures/register-ts.mjs', './test/server/fixtures/cli-child.mjs', ...args], {
      cwd: root,
      env: { ...process.env, TRM_WORKERS: '1', TRM_QUIET: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const url = new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${stderr}`)));
    });
    return { url, exited, stderr: () => stderr, stop: () => child.kill('SIGTERM') };
  }

  it('builds every worker\'s SDK with those plugins and models', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-serve-model-'));
    const model = join(dir, 'my-4x4.safetensors');
    copyFileSync(join(root, 'tasks/sudoku-4x4/model.safetensors'), model);
    const s = serveCli(['--plugin', './test/server/fixtures/queens-plugin.ts', 'serve', '--port', '0', '--host', '127.0.0.1', '--model', `sudoku-4x4=${model}`]);
    try {
      const url = await s.url;
      const { tasks } = (await (await fetch(`${url}/tasks`)).json()) as { tasks: Array<{ name: string; model: string | null }> };
      expect(tasks.map((t) => t.name)).toContain('queens-8');
      expect(tasks.find((t) => t.name === 'sudoku-4x4')!.model).toMatch(/my-4x4/);
      // Models add: the shipped 9×9 model is still there.
      expect(tasks.find((t) => t.name === 'sudoku')!.model).not.toBeNull();
      expect((await postJson(`${url}/solve/queens-8`, { puzzle: BOARD })).status).toBe(200);
      const r = (await (await postJson(`${url}/solve/sudoku-4x4`, { puzzle: '1.3..........4.2', options: { strategy: 'neural-only', maxSteps: 2 } })).json()) as { model: string; source: string };
      expect(r.model).toMatch(/my-4x4/);
    } finally {
      s.stop();
      expect(await s.exited).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops at start on a missing checkpoint or a malformed --model', async () => {
    const missing = serveCli(['serve', '--port', '0', '--model', 'sudoku=/nonexistent/model.safetensors']);
    missing.url.catch(() => {});
    expect(await missing.exited).not.toBe(0);
    expect(missing.stderr()).toMatch(/TRM_ERR_IO: model for task "sudoku" not found/);
    const malformed = serveCli(['serve', '--port', '0', '--model', 'no-equals-sign']);
    malformed.url.catch(() => {});
    expect(await malformed.exited).toBe(2);
    expect(malformed.stderr()).toMatch(/--model takes <task>=<file>/);
  });
});
