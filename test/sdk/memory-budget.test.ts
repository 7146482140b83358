/** The per-solve memory estimate (issue #23, D1): its parts, the refusal, and the ARC search's byte-bounded state budget. */
import { describe, expect, it } from 'vitest';
import { checkSolveMemory, defaultMaxMemoryBytes, estimateSolveMemory, MODEL_BYTES_PER_TOKEN, parseByteSize } from '../../src/sdk/memory-budget.js';
import { gridBytes, StateBudget, stateBytes } from '../../src/symbolic/arc/state-budget.js';
import { TrmError } from '../../src/errors.js';

const sudoku = { name: 'sudoku', programSearch: false, model: 'sudoku@models/sudoku.safetensors', tokens: { seqLen: 81 } };
const arc = { name: 'arc', programSearch: true, model: null, tokens: { seqLen: 900 } };
const grid = (n: number): number[][] => Array.from({ length: n }, () => Array.from({ length: n }, () => 1));
const arcTask = (pairs: number, side: number) => ({ train: Array.from({ length: pairs }, () => ({ input: grid(side), output: grid(side) })), test: [{ input: grid(side) }] });

describe('memory budget (issue #23, D1)', () => {
  it('a neural solve costs its vote copies × tokens; symbolic-only costs none of that', () => {
    const e = estimateSolveMemory(sudoku, '.'.repeat(81), { vote: 64 });
    expect(e.parts.model).toBe(65 * 81 * MODEL_BYTES_PER_TOKEN);
    expect(estimateSolveMemory(sudoku, '.'.repeat(81), { strategy: 'symbolic-only', vote: 64 }).parts.model).toBeUndefined();
    expect(() => checkSolveMemory('sudoku', e, 64 * 2 ** 20)).toThrow(TrmError);
    try {
      checkSolveMemory('sudoku', e, 64 * 2 ** 20);
    } catch (err) {
      expect((err as TrmError).code).toBe('TRM_ERR_INVALID_OPTIONS');
      expect((err as TrmError).message).toMatch(/lower options\.vote/);
      expect((err as TrmError).details).toMatchObject({ limitBytes: 64 * 2 ** 20, estimateBytes: e.bytes });
    }
    expect(() => checkSolveMemory('sudoku', estimateSolveMemory(sudoku, '.'.repeat(81), { vote: 0 }), 64 * 2 ** 20)).not.toThrow();
  });

  it('the ARC search part grows with the task: one state per primitive of every input grid', () => {
    const small = estimateSolveMemory(arc, arcTask(3, 5));
    const big = estimateSolveMemory(arc, arcTask(100, 30));
    expect(big.parts['arc-search']!).toBeGreaterThan(100 * small.parts['arc-search']!);
    expect(big.parts['arc-search']! % stateBytes([...arcTask(100, 30).train.map((p) => p.input), grid(30)])).toBe(0);
    // Test-time training adds its own part.
    expect(estimateSolveMemory(arc, arcTask(3, 5), { testTimeTraining: true }).parts['arc-ttt']).toBeGreaterThan(0);
  });

  it('grid bytes follow V8\'s layout of number[][]; the state budget admits states until its bytes run out', () => {
    expect(gridBytes(grid(30))).toBe(48 + 8 * 30 + 30 * (48 + 8 * 30));
    const g = [grid(30)];
    const one = stateBytes(g);
    const budget = new StateBudget(3 * one);
    expect([budget.admit(g), budget.admit(g), budget.admit(g), budget.admit(g)]).toEqual([true, true, true, false]);
    expect(budget.dropped).toBe(1);
    // Moving down a level: the built level is now the frontier; it still counts.
    budget.nextLevel();
    expect(budget.admit(g)).toBe(false);
  });

  it('sizes parse; the default is a share of the machine within 256 MiB – 2 GiB', () => {
    expect(parseByteSize('512mb')).toBe(512 * 2 ** 20);
    expect(parseByteSize('1.5GB')).toBe(1.5 * 2 ** 30);
    expect(parseByteSize('64k')).toBe(64 * 1024);
    expect(parseByteSize('12')).toBe(12);
    expect(parseByteSize('lots')).toBeNull();
    expect(parseByteSize(-1)).toBeNull();
    expect(defaultMaxMemoryBytes(2, 24 * 2 ** 30)).toBe(2 * 2 ** 30);
    expect(defaultMaxMemoryBytes(16, 4 * 2 ** 30)).toBe(256 * 2 ** 20);
    expect(defaultMaxMemoryBytes(2, 4 * 2 ** 30)).toBe(2 ** 30);
  });
});
