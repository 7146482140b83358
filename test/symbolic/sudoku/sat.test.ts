import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/util/rng.js';
import { solveSudokuBitset } from '../../../src/symbolic/sudoku/general.js';
import { solveSudokuSat, solveSudokuSatWithAssumptions, type SudokuAssumption } from '../../../src/symbolic/sudoku/sat.js';
import { isTrmError } from '../../../src/errors.js';
import type { SudokuGrid } from '../../../src/symbolic/sudoku/types.js';
import { G4, G6, G9, gridOf, isSolutionOf, loadTdoku, punch, str } from '../../plugins/sudoku/helpers.js';

/** SAT counting forbids one solution per call; past this many, check the cap is reached rather than the full count. */
const SAT_CAP = 10;

describe('SAT solver on tdoku_test_puzzles.txt', () => {
  it('matches the file and the bitset solver on every line', () => {
    for (const c of loadTdoku()) {
      const grid = gridOf(c.puzzle);
      const sat = solveSudokuSat(grid, { limit: c.count < SAT_CAP ? c.count + 1 : SAT_CAP });
      expect({ line: c.line, count: sat.count }).toEqual({ line: c.line, count: Math.min(c.count, SAT_CAP) });
      if (c.solution) expect(str(sat.solutions[0]!)).toBe(c.solution);
      // Every SAT solution is one of the bitset solver's (which enumerates them all), and they are distinct.
      const all = new Set(solveSudokuBitset(grid, { limit: c.count + 1 }).solutions.map(str));
      expect(all.size).toBe(c.count);
      expect(sat.solutions.every((s) => all.has(str(s)))).toBe(true);
      expect(new Set(sat.solutions.map(str)).size).toBe(sat.count);
    }
  });

  it(`matches sudoku-dlx's counts and solutions`, () => {
    const dlx = createRequire(import.meta.url)('sudoku-dlx') as { solveString(s: string, all?: boolean): { number: number; row: number; col: number }[][] };
    for (const c of loadTdoku()) {
      const found = dlx.solveString(c.puzzle, true).map((cells) => {
        const out = new Uint8Array(81);
        for (const x of cells) out[x.row * 9 + x.col] = x.number;
        return str(out);
      });
      expect({ line: c.line, count: found.length }).toEqual({ line: c.line, count: c.count });
      const ours = solveSudokuBitset(gridOf(c.puzzle), { limit: c.count + 1 }).solutions.map(str).sort();
      expect(found.sort()).toEqual(ours);
    }
  });
});

describe('SAT solver', () => {
  it('agrees with the bitset solver on random 4×4 and 6×6 puzzles', () => {
    const rng = createRng(21);
    for (const g of [G4, G6]) {
      for (let k = 0; k < 12; k++) {
        const full = solveSudokuBitset(gridOf('.'.repeat(g.size * g.size), g), { rng }).solutions[0]!;
        const puzzle = punch(full, g, 0.6, rng);
        if (k === 11) puzzle.cells[0] = puzzle.cells[g.size] = 2; // same column: contradiction
        const a = solveSudokuBitset(puzzle, { limit: 200 });
        const b = solveSudokuSat(puzzle, { limit: 200 });
        expect(b.count).toBe(a.count);
        expect(b.solutions.map(str).sort()).toEqual(a.solutions.map(str).sort());
      }
    }
  });

  it('returns count 0 for duplicate givens and complete: false when aborted', () => {
    expect(solveSudokuSat(gridOf('5.......5' + '.'.repeat(72)), { limit: 3 })).toMatchObject({ count: 0, complete: true });
    const ac = new AbortController();
    ac.abort();
    expect(solveSudokuSat(gridOf('.'.repeat(81)), { limit: 3, signal: ac.signal }).complete).toBe(false);
  });
});

describe('solveSudokuSatWithAssumptions', () => {
  const HARD = '8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..';
  const hard = gridOf(HARD);
  const truth = solveSudokuBitset(hard).solutions[0]!;
  const blanks = [...hard.cells.keys()].filter((i) => hard.cells[i] === 0);

  it('keeps every assumption of the true solution with one extra SAT call', () => {
    const assumptions = blanks.map((index) => ({ index, digit: truth[index]! }));
    const r = solveSudokuSatWithAssumptions(hard, assumptions);
    expect(r.kept).toEqual(assumptions);
    expect(r.dropped).toEqual([]);
    expect(r.satCalls).toBe(2);
    expect(str(r.solution!)).toBe(str(truth));
  });

  it('drops exactly the wrong predictions of a unique puzzle and returns its solution', () => {
    const wrong = new Set([blanks[0], blanks[9], blanks[17], blanks[30], blanks[40]]);
    const assumptions = blanks.map((index) => ({ index, digit: wrong.has(index) ? (truth[index]! % 9) + 1 : truth[index]! }));
    const r = solveSudokuSatWithAssumptions(hard, assumptions);
    expect(r.dropped.map((a) => a.index).sort((x, y) => x - y)).toEqual([...wrong].sort((x, y) => x! - y!));
    expect(r.kept.length).toBe(assumptions.length - wrong.size);
    expect(str(r.solution!)).toBe(str(truth));
    expect(r.complete).toBe(true);
  });

  it('keeps earlier assumptions over later ones that clash with them (input order is priority)', () => {
    const empty = gridOf('.'.repeat(16), G4);
    const a: SudokuAssumption = { index: 0, digit: 1 };
    const b: SudokuAssumption = { index: 1, digit: 1 }; // same row, same digit
    expect(solveSudokuSatWithAssumptions(empty, [a, b])).toMatchObject({ kept: [a], dropped: [b] });
    const swapped = solveSudokuSatWithAssumptions(empty, [b, a]);
    expect(swapped).toMatchObject({ kept: [b], dropped: [a] });
    expect(swapped.solution![1]).toBe(1);
    expect(isSolutionOf(empty, swapped.solution!)).toBe(true);
  });

  it('equals adding assumptions one at a time (checked with the bitset solver)', () => {
    const rng = createRng(8);
    for (let k = 0; k < 8; k++) {
      const g = k % 2 ? G6 : G4;
      const full = solveSudokuBitset(gridOf('.'.repeat(g.size * g.size), g), { rng }).solutions[0]!;
      const puzzle = punch(full, g, 0.75, rng);
      const assumptions = Array.from({ length: 12 }, () => ({ index: rng.int(g.size * g.size), digit: 1 + rng.int(g.size) }));
      const expected: SudokuAssumption[] = [];
      for (const a of assumptions) {
        const cells = Uint8Array.from(puzzle.cells);
        let clash = false;
        for (const x of [...expected, a]) {
          if (cells[x.index] && cells[x.index] !== x.digit) clash = true;
          cells[x.index] = x.digit;
        }
        const trial: SudokuGrid = { geometry: g, cells };
        if (!clash && solveSudokuBitset(trial).count > 0) expected.push(a);
      }
      const r = solveSudokuSatWithAssumptions(puzzle, assumptions);
      expect(r.kept).toEqual(expected);
      expect(r.kept.length + r.dropped.length).toBe(assumptions.length);
      expect(isSolutionOf(puzzle, r.solution!)).toBe(true);
      for (const a of r.kept) expect(r.solution![a.index]).toBe(a.digit);
    }
  });

  it('handles assumptions on givens without SAT calls, and contradictory givens with solution null', () => {
    const keep = { index: 0, digit: 8 }, change = { index: 0, digit: 7 };
    const r = solveSudokuSatWithAssumptions(hard, [keep, change]);
    expect(r).toMatchObject({ kept: [keep], dropped: [change], satCalls: 1 });
    const clash = gridOf('88' + '.'.repeat(79));
    expect(solveSudokuSatWithAssumptions(clash, [keep])).toMatchObject({ solution: null, kept: [], dropped: [keep] });
  });

  it('rejects assumptions outside the grid or the digits', () => {
    for (const bad of [{ index: 81, digit: 1 }, { index: 0, digit: 0 }, { index: 0, digit: 10 }, { index: 1.5, digit: 1 }]) {
      let err: unknown;
      try {
        solveSudokuSatWithAssumptions(gridOf('.'.repeat(81), G9), [bad]);
      } catch (e) {
        err = e;
      }
      expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_INPUT');
    }
  });
});
