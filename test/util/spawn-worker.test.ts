/**
 * The one worker spawner (src/util/spawn-worker.ts): the host's `--input-type`/`--eval`/`--print`
 * flags are not passed to workers, so training on two workers works from a `node --input-type=module
 * -e '…'` host; one worker's failure terminates its siblings.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WorkerGroup, workerExecArgv } from '../../src/util/spawn-worker.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('workerExecArgv', () => {
  it('drops --input-type, --eval/-e, --print/-p with what they carry, and keeps every other flag', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'code()'])).toEqual([]);
    expect(workerExecArgv(['--input-type', 'module', '--eval', 'code()'])).toEqual([]);
    expect(workerExecArgv(['--eval=code()', '--max-old-space-size=100'])).toEqual(['--max-old-space-size=100']);
    expect(workerExecArgv(['-pe', '1 + 1'])).toEqual([]);
    expect(workerExecArgv(['--print', '1', '--conditions=dev'])).toEqual(['--conditions=dev']);
    expect(workerExecArgv(['-p', '1'])).toEqual([]);
    expect(workerExecArgv(['--import', './hooks.mjs', '--input-type=module', '-e', 'x', '--enable-source-maps'])).toEqual(['--import', './hooks.mjs', '--enable-source-maps']);
    expect(workerExecArgv([])).toEqual([]);
  });
});

describe('WorkerGroup', () => {
  it('one worker failing terminates its siblings and reports the first failure once', async () => {
    const failures: Error[] = [];
    const group = new WorkerGroup((e) => failures.push(e));
    const waiters = [group.spawn(new URL('./workers/wait.js', import.meta.url)), group.spawn(new URL('./workers/wait.js', import.meta.url))];
    const crash = group.spawn(new URL('./workers/crash.js', import.meta.url));
    await Promise.all([...waiters, crash].map((w) => once(w, 'message')));
    const exits = waiters.map((w: Worker) => once(w, 'exit'));
    crash.postMessage('go');
    await Promise.all(exits);
    expect(failures.map((e) => e.message)).toEqual(['crash worker: failing on purpose']);
    expect(group.failed?.message).toBe('crash worker: failing on purpose');
    expect(waiters.map((w) => w.threadId)).toEqual([-1, -1]);
  });

  it('close() stops every worker without a failure', async () => {
    const failures: Error[] = [];
    const group = new WorkerGroup((e) => failures.push(e));
    const ws = [group.spawn(new URL('./workers/wait.js', import.meta.url)), group.spawn(new URL('./workers/wait.js', import.meta.url))];
    await Promise.all(ws.map((w) => once(w, 'message')));
    await group.close();
    expect(ws.map((w) => w.threadId)).toEqual([-1, -1]);
    expect(failures).toEqual([]);
    expect(group.failed).toBeNull();
  });
});

describe('a `node --input-type=module -e` host', () => {
  it('trains sudoku-4x4 on 2 workers (the workers do not inherit --input-type/-e)', () => {
    // The host runs the TypeScript sources through the repository's hooks (--import), as vitest would not reach a child process.
    const code = [
      "import { createSdk } from './src/index.ts';",
      "const sdk = createSdk({ models: 'none', backend: 'cpu' });",
      "const r = await sdk.train({ task: 'sudoku-4x4', steps: 2, workers: 2, seed: 1, evalSize: 4,",
      "  preset: { model: { hiddenSize: 16, numHeads: 2, expansion: 2, mlpT: true, posEncodings: 'none', lLayers: 1, hCycles: 1, lCycles: 1, haltMaxSteps: 2, puzzleEmbNdim: 0, puzzleEmbLen: 0 }, train: { batchSize: 4 } } });",
      'console.log(JSON.stringify({ steps: r.steps, workers: r.workers }));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', './test/server/fixtures/register-ts.mjs', '--input-type=module', '-e', code], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, TRM_QUIET: '1' },
      timeout: 120_000,
    });
    expect(run.stderr).not.toMatch(/ERR_INPUT_TYPE_NOT_ALLOWED/);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({ steps: 2, workers: 2 });
  }, 120_000);
});
