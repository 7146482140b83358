import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/util/rng.js';
import { solveSudokuBitset } from '../../../src/symbolic/sudoku/general.js';
import { isTrmError } from '../../../src/errors.js';
import type { SudokuGeometry } from '../../../src/symbolic/sudoku/types.js';
import {
  G4, G6, G9, bruteForceCount, gridOf, isSolutionOf, loadTdoku, punch, str,
} from '../../plugins/sudoku/helpers.js';

const EASY = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const EASY_SOLUTION = '534678912672195348198342567859761423426853791713924856961537284287419635345286179';
const INKALA = '8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..';

describe('bitset solver on tdoku_test_puzzles.txt', () => {
  it('gets every count and solution right', () => {
    const cases = loadTdoku();
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.some((c) => c.count === 0) && cases.some((c) => c.count === 1) && cases.some((c) => c.count > 100)).toBe(true);
    for (const c of cases) {
      const grid = gridOf(c.puzzle);
      const r = solveSudokuBitset(grid, { limit: c.count + 1 });
      expect({ line: c.line, count: r.count, complete: r.complete }).toEqual({ line: c.line, count: c.count, complete: true });
      if (c.solution) expect(str(r.solutions[0]!)).toBe(c.solution);
      // One assertion per line, not per solution: thousands of expect() calls would dominate the run.
      expect(r.solutions.every((s) => isSolutionOf(grid, s))).toBe(true);
      expect(new Set(r.solutions.map(str)).size).toBe(r.count);
    }
  });
});

describe('bitset solver', () => {
  it('solves an easy puzzle by propagation alone (effort 0)', () => {
    const r = solveSudokuBitset(gridOf(EASY), { limit: 2 });
    expect(r.count).toBe(1);
    expect(str(r.solutions[0]!)).toBe(EASY_SOLUTION);
    expect(r.effort).toBe(0);
  });

  it('needs guesses on a hard puzzle and still proves it unique', () => {
    const r = solveSudokuBitset(gridOf(INKALA), { limit: 2 });
    expect(r.count).toBe(1);
    expect(r.effort).toBeGreaterThan(0);
    expect(isSolutionOf(gridOf(INKALA), r.solutions[0]!)).toBe(true);
  });

  it('reports count 0 for duplicate givens in a row, a column and a box', () => {
    const row = '55' + '.'.repeat(79);
    const col = '5' + '.'.repeat(8) + '5' + '.'.repeat(71);
    const box = '5' + '.'.repeat(9) + '5' + '.'.repeat(70);
    for (const p of [row, col, box]) expect(solveSudokuBitset(gridOf(p), { limit: 5 })).toMatchObject({ count: 0, complete: true, solutions: [] });
  });

  it('stops at the limit and says the count is exact up to it', () => {
    const empty = gridOf('.'.repeat(81));
    const r = solveSudokuBitset(empty, { limit: 7 });
    expect(r.count).toBe(7);
    expect(r.complete).toBe(true);
    expect(new Set(r.solutions.map(str)).size).toBe(7);
    for (const s of r.solutions) expect(isSolutionOf(empty, s)).toBe(true);
  });

  it('returns complete: false when the time budget or the signal cuts it short', () => {
    const empty = gridOf('.'.repeat(81));
    expect(solveSudokuBitset(empty, { limit: 1_000_000, timeoutMs: 0 }).complete).toBe(false);
    const ac = new AbortController();
    ac.abort();
    expect(solveSudokuBitset(empty, { limit: 3, signal: ac.signal }).complete).toBe(false);
  });

  it('agrees with brute force on random 4×4 and 6×6 puzzles (counts and solution sets)', () => {
    const rng = createRng(11);
    for (const g of [G4, G6]) {
      for (let k = 0; k < 40; k++) {
        const full = solveSudokuBitset(gridOf('.'.repeat(g.size * g.size), g), { rng }).solutions[0]!;
        const puzzle = punch(full, g, g.size === 4 ? 0.7 : 0.6, rng);
        // Occasionally plant a contradiction so count 0 is exercised too.
        if (k % 10 === 9) puzzle.cells[0] = puzzle.cells[1] = 1;
        const expected = bruteForceCount(puzzle, 500);
        const got = solveSudokuBitset(puzzle, { limit: 500 });
        expect(got.count).toBe(expected.count);
        expect(got.solutions.map(str).sort()).toEqual([...expected.solutions].sort());
      }
    }
  });

  it('counts every 4×4 grid (288) and draws different full grids with an rng', () => {
    expect(solveSudokuBitset(gridOf('.'.repeat(16), G4), { limit: 1000 }).count).toBe(288);
    const rng = createRng(3);
    const grids = new Set(Array.from({ length: 10 }, () => str(solveSudokuBitset(gridOf('.'.repeat(81)), { rng }).solutions[0]!)));
    expect(grids.size).toBeGreaterThan(5);
  });

  it('handles tall boxes (10×10, boxes 5×2) through the transpose', () => {
    const g: SudokuGeometry = { size: 10, boxRows: 5, boxCols: 2 };
    const empty = { geometry: g, cells: new Uint8Array(100) };
    const r = solveSudokuBitset(empty, { limit: 2, rng: createRng(5) });
    expect(r.count).toBe(2);
    for (const s of r.solutions) expect(isSolutionOf(empty, s)).toBe(true);
    const puzzle = punch(r.solutions[0]!, g, 0.5, createRng(6));
    const again = solveSudokuBitset(puzzle, { limit: 1 });
    expect(isSolutionOf(puzzle, again.solutions[0]!)).toBe(true);
  });

  it('rejects malformed grids with TRM_ERR_INVALID_INPUT', () => {
    const bad = [
      { geometry: G9, cells: new Uint8Array(80) },
      { geometry: G9, cells: Uint8Array.from({ length: 81 }, (_, i) => (i === 40 ? 10 : 0)) },
      { geometry: { size: 9, boxRows: 2, boxCols: 3 }, cells: new Uint8Array(81) },
    ];
    for (const grid of bad) {
      let err: unknown;
      try {
        solveSudokuBitset(grid);
      } catch (e) {
        err = e;
      }
      expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_INPUT');
    }
  });
});
