/**
 * `solve arc` takes ARC input as users have it: one task, a `{ "task": … }` wrapper, a Kaggle
 * challenges file with --id or whole (one result line per task); `eval arc` without --data says
 * where the data comes from and which flag takes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured, type CliRun } from './run-captured.js';
import { arcCliInput } from '../../src/cli/arc-input.js';

const FLIP_V = { train: [{ input: [[1, 2], [3, 4]], output: [[3, 4], [1, 2]] }, { input: [[5, 0], [0, 6]], output: [[0, 6], [5, 0]] }, { input: [[1, 0], [0, 0], [2, 3]], output: [[2, 3], [0, 0], [1, 0]] }], test: [{ input: [[7, 8], [9, 1]] }] };
const FLIP_H = { train: [{ input: [[1, 2], [3, 4]], output: [[2, 1], [4, 3]] }, { input: [[5, 0], [0, 6]], output: [[0, 5], [6, 0]] }, { input: [[1, 0, 4], [0, 0, 5]], output: [[4, 0, 1], [5, 0, 0]] }], test: [{ input: [[7, 8], [9, 1]] }] };
const CHALLENGES = { aaaa0001: FLIP_V, aaaa0002: FLIP_H };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-arc-in-'));
const file = (name: string, value: unknown): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, JSON.stringify(value));
  return f;
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]): Promise<CliRun> => runCaptured(args, { errSep: '' });

describe('ARC input forms', () => {
  it('sorts one task, a wrapper and a challenges file', () => {
    expect(arcCliInput(FLIP_V)).toEqual({ kind: 'one', task: FLIP_V });
    expect(arcCliInput({ task: FLIP_V })).toEqual({ kind: 'one', task: FLIP_V });
    expect(arcCliInput(CHALLENGES)).toEqual({ kind: 'many', tasks: [['aaaa0001', FLIP_V], ['aaaa0002', FLIP_H]] });
    expect(arcCliInput(CHALLENGES, 'aaaa0002')).toEqual({ kind: 'one', task: { ...FLIP_H, id: 'aaaa0002' } });
    expect(() => arcCliInput(CHALLENGES, 'aaaa002')).toThrow('--id aaaa002: no such task in this challenges file (did you mean "aaaa0002"?)');
    expect(() => arcCliInput(FLIP_V, 'aaaa0001')).toThrow(/--id picks a task out of a challenges file/);
    expect(() => arcCliInput({ aaaa0001: FLIP_V, notes: 'x' })).toThrow(/"notes" is not a task/);
  });

  it('solve arc <wrapper> solves the wrapped task', async () => {
    const r = await run(['solve', 'arc', file('wrapped.json', { task: FLIP_H }), '--timeout', '2000']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('program: flip_h');
  }, 30_000);

  it('solve arc <challenges file> --id solves that task', async () => {
    const r = await run(['solve', 'arc', file('ch1.json', CHALLENGES), '--id', 'aaaa0002', '--timeout', '2000', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ verified: true, formatted: { attempts: [[[[8, 7], [1, 9]]]] } });
  }, 30_000);

  it('solve arc <challenges file> prints one result line per task', async () => {
    const r = await run(['solve', 'arc', file('ch2.json', CHALLENGES), '--timeout', '2000']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^aaaa0001: verified \(source program, \d+ ms\) program flip_v$/);
    expect(lines[1]).toMatch(/^aaaa0002: verified \(source program, \d+ ms\) program flip_h$/);
    expect(r.err).toContain('[solve arc] 2 tasks: 2 verified, 0 not verified, 0 errors');
  }, 30_000);
});

describe('eval arc data', () => {
  it('without --data says what to download and which flag takes it', async () => {
    const r = await run(['eval', 'arc', '--split', 'training']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('eval arc needs --data <dir>, a folder holding arc-agi_training_challenges.json; the ARC data is a download');
  });

  it('a --data folder without the split file names the file it looked for', async () => {
    const r = await run(['eval', 'arc', '--split', 'evaluation', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`TRM_ERR_IO: --data ${dir}: no arc-agi_evaluation_challenges.json there`);
  });
});
