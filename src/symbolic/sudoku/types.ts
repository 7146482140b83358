/**
 * Plain data shared by every Sudoku solver (and by the Sudoku plugin, which re-exports it).
 *
 * Glossary
 *   N        — side length (`size`): 4, 6 or 9 for the built-in tasks; digits are 1..N.
 *   box      — a `boxRows` × `boxCols` rectangle; N = boxRows · boxCols.
 *   band     — a horizontal strip of boxes (boxRows rows); `N / boxRows` bands.
 *   stack    — a vertical strip of boxes (boxCols columns); `N / boxCols` stacks.
 *   unit     — a row, a column or a box: N cells that must hold 1..N once each.
 *   cell i   — row-major index: row = ⌊i / N⌋, col = i mod N (0-based in code, 1-based in messages).
 *
 * It lives in `src/symbolic/` because plugins import solvers, never the other way round.
 */
import { TrmError } from '../../errors.js';

/** The shape of a Sudoku: N = boxRows · boxCols. */
export interface SudokuGeometry {
  readonly size: number;
  readonly boxRows: number;
  readonly boxCols: number;
}

/** A puzzle or an answer: N² cells row-major, 0 = blank, otherwise a digit 1..N. */
export interface SudokuGrid {
  readonly geometry: SudokuGeometry;
  readonly cells: Uint8Array;
}

/** Anything that draws a uniform integer in [0, n) (the plugin's `Rng` fits): the solvers' random branching. */
export interface IntSource {
  int(n: number): number;
}

/** Options every Sudoku solver accepts (the shared solver signature). */
export interface SudokuSolveOptions {
  /** Stop after this many solutions (default 1; 2 answers "is it unique?"). */
  readonly limit?: number;
  /** Give up after about this many milliseconds (`complete: false`). */
  readonly timeoutMs?: number;
  /** Abort from outside (`complete: false`). */
  readonly signal?: AbortSignal;
}

/** What every Sudoku solver returns. */
export interface SudokuSolveResult {
  /** Up to `limit` solutions, each N² digits row-major. */
  readonly solutions: Uint8Array[];
  /** Solutions found (= solutions.length); exact up to `limit` when `complete`. */
  readonly count: number;
  /** True when the search space was exhausted or the limit reached. */
  readonly complete: boolean;
  /** Solver-specific effort (bitset: guesses; SAT: SAT calls); used as a difficulty rating. */
  readonly effort: number;
}

/** The largest side supported: digit sets are int bitmasks, and the bitset solver packs a band of boxRows × N cells (transposed if need be) into one int. */
export const MAX_SUDOKU_SIZE = 10;

/** Throws TRM_ERR_INVALID_INPUT unless `g` is a consistent geometry (N = boxRows · boxCols, 2 ≤ N ≤ 10). */
export function checkGeometry(g: SudokuGeometry): void {
  const ok = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1;
  if (!g || !ok(g.size) || !ok(g.boxRows) || !ok(g.boxCols) || g.boxRows * g.boxCols !== g.size || g.size < 2 || g.size > MAX_SUDOKU_SIZE) {
    throw new TrmError(
      'TRM_ERR_INVALID_INPUT',
      `invalid Sudoku geometry ${JSON.stringify(g)}: need integers with size = boxRows × boxCols and 2 ≤ size ≤ ${MAX_SUDOKU_SIZE}`,
      { geometry: g as unknown as Record<string, unknown> },
    );
  }
}

/**
 * Cell arrays already checked (by the parser or an earlier checkGrid): a solve validates its grid
 * once, not again in the encoder and in each solver it passes through. Keyed on the cells array,
 * which the SDK never mutates; code that edits a grid's cells in place builds a new array.
 */
const checkedCells = new WeakSet<Uint8Array>();

/** Records that `grid` passed validation (the parser calls this on what it returns). */
export function markGridChecked(grid: SudokuGrid): SudokuGrid {
  checkedCells.add(grid.cells);
  return grid;
}

/** Throws TRM_ERR_INVALID_INPUT unless the grid has N² cells, each 0..N (duplicates are allowed: they make it unsatisfiable). */
export function checkGrid(grid: SudokuGrid): void {
  checkGeometry(grid?.geometry);
  const n = grid.geometry.size;
  if (grid.cells instanceof Uint8Array && grid.cells.length === n * n && checkedCells.has(grid.cells)) return;
  if (!(grid.cells instanceof Uint8Array) || grid.cells.length !== n * n) {
    const got = grid.cells instanceof Uint8Array ? `${grid.cells.length} cells` : typeof grid.cells;
    throw new TrmError('TRM_ERR_INVALID_INPUT', `expected a Uint8Array of ${n * n} cells, got ${got}`);
  }
  for (let i = 0; i < grid.cells.length; i++) {
    if (grid.cells[i]! > n) {
      throw new TrmError(
        'TRM_ERR_INVALID_INPUT',
        `row ${Math.floor(i / n) + 1}, column ${(i % n) + 1}: digit ${grid.cells[i]} is out of range 0-${n}`,
        { row: Math.floor(i / n) + 1, col: (i % n) + 1 },
      );
    }
  }
  checkedCells.add(grid.cells);
}

/** Same geometry (size and box shape)? */
export function sameGeometry(a: SudokuGeometry, b: SudokuGeometry): boolean {
  return a.size === b.size && a.boxRows === b.boxRows && a.boxCols === b.boxCols;
}
