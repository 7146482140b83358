/** Shared helpers for the Sudoku tests: tdoku's edge-case file, grids from strings, and a slow but obviously correct reference solver. */
import { readFileSync } from 'node:fs';
import type { SudokuGeometry, SudokuGrid } from '../../../src/symbolic/sudoku/types.js';
import { tdokuPath } from '../../support/fixtures.js';

export const G9: SudokuGeometry = { size: 9, boxRows: 3, boxCols: 3 };
export const G6: SudokuGeometry = { size: 6, boxRows: 2, boxCols: 3 };
export const G4: SudokuGeometry = { size: 4, boxRows: 2, boxCols: 2 };


export interface TdokuCase {
  readonly line: number;
  readonly puzzle: string;
  readonly count: number;
  readonly solution?: string;
}

/** tdoku's solver edge cases (test/fixtures/data/sudoku/tdoku_test_puzzles.txt). */
export function loadTdoku(): TdokuCase[] {
  return readFileSync(tdokuPath(), 'utf8')
    .split('\n')
    .map((l, i) => ({ l: l.trim(), i }))
    .filter(({ l }) => l.length > 0)
    .map(({ l, i }) => {
      const [puzzle, count, solution] = l.split(':');
      return { line: i + 1, puzzle: puzzle!, count: Number(count), ...(solution ? { solution } : {}) };
    });
}

export function gridOf(s: string, g: SudokuGeometry = G9): SudokuGrid {
  return { geometry: g, cells: Uint8Array.from(s, (ch) => (ch === '.' ? 0 : Number(ch))) };
}

export const str = (cells: Uint8Array): string => Array.from(cells, (d) => (d ? String(d) : '.')).join('');

/** True when `cells` is a full valid grid that keeps the givens of `puzzle`. Independent of the plugin's verify. */
export function isSolutionOf(puzzle: SudokuGrid, cells: Uint8Array): boolean {
  const { size: n, boxRows, boxCols } = puzzle.geometry;
  if (cells.length !== n * n) return false;
  for (let i = 0; i < n * n; i++) {
    if (cells[i]! < 1 || cells[i]! > n) return false;
    if (puzzle.cells[i] && puzzle.cells[i] !== cells[i]) return false;
  }
  // Each unit must hold every digit: a bitmask of seen digits must come out full.
  const full = (1 << n) - 1;
  for (let k = 0; k < n; k++) {
    let row = 0, col = 0, box = 0;
    for (let j = 0; j < n; j++) {
      row |= 1 << (cells[k * n + j]! - 1);
      col |= 1 << (cells[j * n + k]! - 1);
      const r = Math.floor(k / (n / boxCols)) * boxRows + Math.floor(j / boxCols);
      const c = (k % (n / boxCols)) * boxCols + (j % boxCols);
      box |= 1 << (cells[r * n + c]! - 1);
    }
    if (row !== full || col !== full || box !== full) return false;
  }
  return true;
}

/** Plain backtracking over cells in order: slow, obviously correct; counts solutions up to `limit`. */
export function bruteForceCount(puzzle: SudokuGrid, limit = Infinity): { count: number; solutions: string[] } {
  const { size: n, boxRows, boxCols } = puzzle.geometry;
  const cells = Uint8Array.from(puzzle.cells);
  const solutions: string[] = [];
  const allowed = (i: number, d: number): boolean => {
    const r = Math.floor(i / n), c = i % n;
    const br = r - (r % boxRows), bc = c - (c % boxCols);
    for (let j = 0; j < n; j++) {
      if (j !== c && cells[r * n + j] === d) return false;
      if (j !== r && cells[j * n + c] === d) return false;
    }
    for (let rr = br; rr < br + boxRows; rr++) for (let cc = bc; cc < bc + boxCols; cc++) if ((rr !== r || cc !== c) && cells[rr * n + cc] === d) return false;
    return true;
  };
  for (let i = 0; i < n * n; i++) if (cells[i] && !allowed(i, cells[i]!)) return { count: 0, solutions };
  const go = (i: number): void => {
    if (solutions.length >= limit) return;
    if (i === n * n) {
      solutions.push(str(cells));
      return;
    }
    if (cells[i]) return go(i + 1);
    for (let d = 1; d <= n; d++) {
      if (allowed(i, d)) {
        cells[i] = d;
        go(i + 1);
        cells[i] = 0;
      }
    }
  };
  go(0);
  return { count: solutions.length, solutions };
}

/** Blanks each cell of a full grid with probability `p` (deterministic for a seed). */
export function punch(full: Uint8Array, g: SudokuGeometry, p: number, rng: { next(): number }): SudokuGrid {
  return { geometry: g, cells: Uint8Array.from(full, (d) => (rng.next() < p ? 0 : d)) };
}
