import { describe, it, expect, vi, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCaptured, type CliRun } from './run-captured.js';
import { sudokuPlugin } from '../../src/plugins/sudoku/index.js';
import { mazePlugin } from '../../src/plugins/maze/index.js';

const EASY = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';

const run = (args: string[]): Promise<CliRun> => runCaptured(args);

afterEach(() => vi.restoreAllMocks());

describe('trm-sdk CLI', () => {
  it('solve sudoku --json prints the 81-char answer, verified', async () => {
    const r = await run(['solve', 'sudoku', EASY, '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out);
    expect(obj.verified).toBe(true);
    expect(obj.answer).toMatch(/^[1-9]{81}$/);
    expect(sudokuPlugin.verify(sudokuPlugin.parse(EASY), sudokuPlugin.parseAnswer(obj.answer, sudokuPlugin.parse(EASY))).ok).toBe(true);
    // The shipped 9×9 model verifies 0% alone, so the cost-aware default runs the solver first.
    expect(obj.source).toBe('symbolic');
  });

  it('solve --strategy symbolic-only --json reports source symbolic and uniqueness', async () => {
    const r = await run(['solve', 'sudoku', EASY, '--strategy', 'symbolic-only', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out);
    expect(obj.source).toBe('symbolic');
    expect(obj.unique).toBe(true);
  });

  it('solve --steps-trace prints each supervision step of the shipped 4×4 model', async () => {
    const r = await run(['solve', 'sudoku-4x4', '1.3..........4.2', '--steps-trace', '--strategy', 'neural-only', '--max-steps', '2']);
    // The shipped 4×4 model solves this puzzle at its first step (held-out rate 100%; see the model card).
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/step 1: verified q_halt=/);
    expect(r.out).toMatch(/sudoku-4x4: verified \(source neural, unique, 1 neural step,/);
  });

  it('bad input exits non-zero with the TRM_ERR code and message', async () => {
    const r = await run(['solve', 'sudoku', EASY.slice(1)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_INVALID_INPUT');
    expect(r.err).toMatch(/80/);
  });

  it('a contradiction says TRM_ERR_UNSATISFIABLE', async () => {
    const bad = '55' + EASY.slice(2);
    const r = await run(['solve', 'sudoku', bad, '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_UNSATISFIABLE');
    expect(JSON.parse(r.out).error.code).toBe('TRM_ERR_UNSATISFIABLE');
  });

  it('unknown task exits with TRM_ERR_UNKNOWN_TASK', async () => {
    const r = await run(['solve', 'sodoku', EASY]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_UNKNOWN_TASK');
  });

  it('solve maze <file> prints rows with o, verified', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-cli-'));
    const file = path.join(dir, 'maze.txt');
    const sample = mazePlugin.samples![0] as string[] | string;
    fs.writeFileSync(file, Array.isArray(sample) ? sample.join('\n') : sample);
    const r = await run(['solve', 'maze', file, '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out);
    expect(obj.verified).toBe(true);
    expect(obj.answer.join('')).toContain('o');
  });

  it('generate sudoku --n 3 --difficulty hard prints 3 unique puzzles', async () => {
    const r = await run(['generate', 'sudoku', '--n', '3', '--difficulty', 'hard', '--seed', '5']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      const res = sudokuPlugin.solveSymbolic!(sudokuPlugin.parse(l), { limit: 2 });
      expect(res.count).toBe(1);
    }
  });

  it('generate maze --n 2 --json gives valid instances', async () => {
    const r = await run(['generate', 'maze', '--n', '2', '--json', '--seed', '3']);
    expect(r.code).toBe(0);
    for (const l of r.out.trim().split('\n')) {
      const o = JSON.parse(l);
      const p = mazePlugin.parse(o.puzzle);
      expect(mazePlugin.verify(p, mazePlugin.parseAnswer(o.answer, p)).ok).toBe(true);
    }
  });

  it('solve arc answers by program search and prints the program and its verification', async () => {
    const task = { train: [{ input: [[1, 2], [3, 4]], output: [[3, 4], [1, 2]] }, { input: [[5, 0], [0, 6]], output: [[0, 6], [5, 0]] }, { input: [[1, 0], [0, 0], [2, 3]], output: [[2, 3], [0, 0], [1, 0]] }], test: [{ input: [[7, 8], [9, 1]] }] };
    const r = await run(['solve', 'arc', JSON.stringify(task), '--strategy', 'symbolic-only', '--timeout', '20000']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/arc: verified \(source program, verified by demonstrations,/);
    expect(r.out).toMatch(/^program: \S+/m);
    // How much the search tried is reported with the program (issue: report programs tried).
    expect(r.out).toMatch(/^program: flip_v \(\d+ programs tried\)$/m);
    expect(r.out).toContain('91\n78'.replace('\n', '\n'));
  });

  it('demo (the README\'s first command) verifies every sample of every task and exits 0', async () => {
    const r = await run(['demo']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).not.toMatch(/NOT verified/);
    expect(r.out).toMatch(/^arc: verified \(source program/m);
  });

  it('usage errors exit 2', async () => {
    const r = await run(['solve']);
    expect(r.code).toBe(2);
  });
});
