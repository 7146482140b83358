/**
 * The 9×9 fast path (`fast9.ts`, taken by `solveSudokuBitset` for 9×9 grids with 3×3
 * boxes) against the general engine (`engine: 'general'`). Both apply the same rules and the same
 * branching, so beyond equal counts and equal solution sets they must return the same solutions
 * in the same order with the same effort: any divergence points at a propagation bug.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../src/util/rng.js';
import { generateSudoku, randomFullGrid } from '../../../src/plugins/sudoku/generate.js';
import { solveSudokuBitset, type BitsetSolveOptions } from '../../../src/symbolic/sudoku/general.js';
import { solveSudokuFast9 } from '../../../src/symbolic/sudoku/fast9.js';
import type { SudokuGrid, SudokuSolveResult } from '../../../src/symbolic/sudoku/types.js';
import { isTrmError } from '../../../src/errors.js';
import {
  G6, G9, bruteForceCount, gridOf, isSolutionOf, loadTdoku, punch, str,
} from '../../plugins/sudoku/helpers.js';

/** A result as plain data: solutions as strings, in the order found. */
const view = (r: SudokuSolveResult) => ({ count: r.count, complete: r.complete, effort: r.effort, solutions: r.solutions.map(str) });

/** Fast and general on the same grid and options; returns both views. */
function both(grid: SudokuGrid, options: BitsetSolveOptions): { fast: ReturnType<typeof view>; general: ReturnType<typeof view> } {
  return { fast: view(solveSudokuBitset(grid, options)), general: view(solveSudokuBitset(grid, { ...options, engine: 'general' })) };
}

/** Random digits at random cells (not taken from a solution): mostly count 0, some with many solutions. */
function randomClues(rng: Rng, clues: number): SudokuGrid {
  const cells = new Uint8Array(81);
  for (let k = 0; k < clues; k++) cells[rng.int(81)] = 1 + rng.int(9);
  return { geometry: G9, cells };
}

describe('9×9 fast path vs the general engine', () => {
  it('agrees on every tdoku line: counts, solutions in order, effort', () => {
    const cases = loadTdoku();
    expect(cases.some((c) => c.count === 0) && cases.some((c) => c.count === 1) && cases.some((c) => c.count > 100)).toBe(true);
    for (const c of cases) {
      const grid = gridOf(c.puzzle);
      const { fast, general } = both(grid, { limit: c.count + 1 });
      expect({ line: c.line, count: fast.count, complete: fast.complete }).toEqual({ line: c.line, count: c.count, complete: true });
      // One assertion per line: the full views hold up to 847 solutions each.
      expect(fast).toEqual(general);
      if (c.solution) expect(fast.solutions[0]).toBe(c.solution);
      expect(new Set(fast.solutions).size).toBe(c.count);
    }
  });

  it('agrees on tdoku lines with a limit below the count, and with limit 1', () => {
    for (const c of loadTdoku()) {
      const grid = gridOf(c.puzzle);
      for (const limit of [1, 3]) {
        const { fast, general } = both(grid, { limit });
        expect({ line: c.line, limit, ...fast }).toEqual({ line: c.line, limit, ...general });
      }
    }
  });

  it('agrees on 300 generated minimal puzzles (limit 2), each unique with the generator\'s answer', () => {
    const rng = createRng(4242);
    for (let k = 0; k < 300; k++) {
      const ex = generateSudoku(G9, rng, { difficulty: 'any' });
      const { fast, general } = both(ex.puzzle, { limit: 2 });
      expect({ k, ...fast }).toEqual({ k, ...general });
      expect(fast.count).toBe(1);
      expect(fast.solutions[0]).toBe(str(ex.answer.cells));
    }
  });

  it('agrees on random partially filled grids (limits 2-10): counts, solution sets, order and effort', () => {
    const rng = createRng(77);
    const seen = new Set<number>();
    for (let k = 0; k < 300; k++) {
      const limit = 2 + (k % 9);
      let grid: SudokuGrid;
      if (k % 3 === 0) grid = randomClues(rng, 8 + rng.int(20));
      else {
        grid = punch(randomFullGrid(G9, rng).cells, G9, 0.5 + 0.3 * rng.next(), rng);
        // Now and then a clash (a repeated digit, or a digit moved) so count 0 and odd states come up.
        if (k % 7 === 1) grid.cells[rng.int(81)] = 1 + rng.int(9);
      }
      const { fast, general } = both(grid, { limit });
      expect({ k, ...fast }).toEqual({ k, ...general });
      expect([...fast.solutions].sort()).toEqual([...general.solutions].sort());
      expect(fast.solutions.every((s) => isSolutionOf(grid, Uint8Array.from(s, Number)))).toBe(true);
      seen.add(Math.min(fast.count, 2));
    }
    // The sample covers unsatisfiable, unique and ambiguous grids.
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('matches brute force on nearly full grids (counts and solution sets)', () => {
    const rng = createRng(5);
    for (let k = 0; k < 40; k++) {
      const grid = punch(randomFullGrid(G9, rng).cells, G9, 0.25, rng);
      if (k % 5 === 4) grid.cells[rng.int(81)] = 1 + rng.int(9);
      const expected = bruteForceCount(grid, 50);
      const got = solveSudokuBitset(grid, { limit: 50 });
      expect(got.count).toBe(expected.count);
      expect(got.solutions.map(str).sort()).toEqual([...expected.solutions].sort());
    }
  });

  it('draws the same random grids as the general engine from the same rng seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const empty = gridOf('.'.repeat(81));
      const fast = view(solveSudokuBitset(empty, { limit: 3, rng: createRng(seed) }));
      const general = view(solveSudokuBitset(empty, { limit: 3, rng: createRng(seed), engine: 'general' }));
      expect({ seed, ...fast }).toEqual({ seed, ...general });
      expect(fast.count).toBe(3);
    }
  });
});

describe('9×9 fast path: contract', () => {
  const INKALA = '8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..';

  it('is what solveSudokuBitset runs for 9×9 (same result as calling it directly)', () => {
    const grid = gridOf(INKALA);
    expect(view(solveSudokuFast9(grid, { limit: 2 }))).toEqual(view(solveSudokuBitset(grid, { limit: 2 })));
  });

  it('returns nothing for limit < 1, and complete: false on a zero time budget or an aborted signal', () => {
    const empty = gridOf('.'.repeat(81));
    expect(solveSudokuBitset(empty, { limit: 0 })).toMatchObject({ count: 0, complete: true, solutions: [] });
    expect(solveSudokuBitset(empty, { limit: 1_000_000, timeoutMs: 0 }).complete).toBe(false);
    const ac = new AbortController();
    ac.abort();
    expect(solveSudokuBitset(empty, { limit: 3, signal: ac.signal }).complete).toBe(false);
  });

  it('stops a long enumeration when the signal fires mid-search, keeping what it found', () => {
    const ac = new AbortController();
    let calls = 0;
    // The rng is consulted once per guess: abort after a while, from inside the search.
    const rng = {
      int: (n: number) => {
        if (++calls === 5000) ac.abort();
        return calls % n;
      },
    };
    const r = solveSudokuBitset(gridOf('.'.repeat(81)), { limit: 1_000_000, signal: ac.signal, rng });
    expect(r.complete).toBe(false);
    expect(r.count).toBeGreaterThan(0);
    expect(r.count).toBeLessThan(1_000_000);
    for (const s of r.solutions.slice(0, 20)) expect(isSolutionOf(gridOf('.'.repeat(81)), s)).toBe(true);
  });

  it('survives a re-entrant call (an rng that solves another puzzle) without corrupting either search', () => {
    const inner: string[] = [];
    const rng = {
      int: (n: number) => {
        inner.push(str(solveSudokuBitset(gridOf(INKALA)).solutions[0]!));
        return n - 1;
      },
    };
    const outer = solveSudokuBitset(gridOf(INKALA), { limit: 2, rng });
    expect(outer.count).toBe(1);
    expect(isSolutionOf(gridOf(INKALA), outer.solutions[0]!)).toBe(true);
    expect(inner.length).toBe(outer.effort);
    expect(new Set(inner)).toEqual(new Set([str(outer.solutions[0]!)]));
  });

  it('rejects malformed grids, and other geometries when called directly, with TRM_ERR_INVALID_INPUT', () => {
    const codeOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        return isTrmError(e) ? e.code : e;
      }
      return 'no error';
    };
    const bad = { geometry: G9, cells: Uint8Array.from({ length: 81 }, (_, i) => (i === 3 ? 12 : 0)) };
    expect(codeOf(() => solveSudokuBitset(bad))).toBe('TRM_ERR_INVALID_INPUT');
    expect(codeOf(() => solveSudokuFast9(bad))).toBe('TRM_ERR_INVALID_INPUT');
    expect(codeOf(() => solveSudokuFast9({ geometry: G6, cells: new Uint8Array(36) }))).toBe('TRM_ERR_INVALID_INPUT');
  });
});
