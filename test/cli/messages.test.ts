/**
 * Messages that say what to do next: "did you mean" for task names and choices, the one relevant
 * option line after a usage error (not the whole help), the clash that makes a Sudoku
 * unsatisfiable and the cut-off goal of a maze.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCaptured, type CliRun } from './run-captured.js';
import { arcDataDir } from '../support/fixtures.js';

const run = (args: string[]): Promise<CliRun> => runCaptured(args);

afterEach(() => vi.restoreAllMocks());

describe('CLI messages', () => {
  it('a mistyped task name gets a "did you mean"', async () => {
    const r = await run(['solve', 'soduku', '1.3..........4.2']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_UNKNOWN_TASK: unknown task "soduku" (did you mean "sudoku"?); known tasks: sudoku, ');
  });

  it('a mistyped choice gets a "did you mean" and the option\'s own line, not the whole help', async () => {
    const r = await run(['solve', 'sudoku', '1.3..........4.2', '--strategy', 'neural-onyl']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Did you mean "neural-only"?');
    expect(r.err).toMatch(/\n {2}--strategy <strategy> {2}hybrid \(cost-aware\)/);
    expect(r.err).toContain('usage: trm-sdk solve [options] <task> <input>');
    expect(r.err).toContain('(trm-sdk solve --help lists everything)');
    expect(r.err).not.toContain('--max-steps'); // other options stay out of it
  });

  it('a missing argument prints that argument\'s line', async () => {
    const r = await run(['solve', 'sudoku']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: missing required argument 'input'");
    expect(r.err).toContain('  input  the puzzle, a file path, or - for stdin');
    expect(r.err).not.toContain('--strategy');
  });

  it('an option misused inside a command still says what is wrong (exit 2)', async () => {
    const r = await run(['solve', 'sudoku', '1.3..........4.2', '--puzzle-ids', 'ids.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('TRM_ERR_INVALID_OPTIONS: --puzzle-ids needs --model');
  });

  it('an unsatisfiable Sudoku names the clash: row, digit and columns', async () => {
    const r = await run(['solve', 'sudoku', '55' + '.'.repeat(79)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_UNSATISFIABLE: the sudoku puzzle has no solution: the givens clash: row 1 has two 5s (columns 1 and 2)');
  });

  it('an unreachable maze goal says there is no path from S to G', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-msg-'));
    const file = path.join(dir, 'walled.txt');
    fs.writeFileSync(file, '#######\n#S#   #\n###  G#\n#######\n');
    const r = await run(['solve', 'maze', file, '--json']);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('no path from S (2,2) to G (3,6)');
    const body = JSON.parse(r.out) as { error: { code: string; details: { reason: { rule: string; where: unknown } } } };
    expect(body.error.code).toBe('TRM_ERR_UNSATISFIABLE');
    expect(body.error.details.reason.rule).toBe('no-path-possible');
    expect(body.error.details.reason.where).toEqual({ start: { row: 2, col: 2 }, goal: { row: 3, col: 6 } });
  });
});

describe('CLI messages: more choices', () => {
  it('eval --strategies with a typo names the strategy it meant', async () => {
    const r = await run(['eval', 'sudoku-4x4', '--n', '1', '--strategies', 'neural-only,hybird']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown strategy "hybird" (did you mean "hybrid"?); expected hybrid, ');
  });

  it('eval arc --split with a typo names the split it meant', async () => {
    const r = await run(['eval', 'arc', '--split', 'trainig', '--data', '.']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('got "trainig" (did you mean "training"?)');
  });

  it('eval arc --ids runs only the named tasks, and an id not in the split is an error', async () => {
    const dir = arcDataDir();
    const listFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trm-ids-')), 'ids.txt');
    fs.writeFileSync(listFile, '007bbfb7\n0d3d703e\n');
    const ok = await run(['eval', 'arc', '--split', 'training', '--data', dir, '--ids', `@${listFile}`, '--time-per-task', '300', '--workers', '0', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).tasks).toBe(2);
    const bad = await run(['eval', 'arc', '--split', 'training', '--data', dir, '--ids', '007bbfb7,nosuchid', '--workers', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('TRM_ERR_INVALID_OPTIONS: ids not in the training split: nosuchid');
  });
});
