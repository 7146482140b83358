/**
 * Neural-guided repair for Sudoku: the model's confident, non-given cells become SAT assumptions
 * (most confident first); the solver keeps a maximal consistent subset of them, drops the rest,
 * and completes the grid. Wrong confident cells cost SAT calls, never correctness: the result is a
 * solution of the puzzle (or null when the givens contradict each other).
 */
import type { GuidedHint, GuidedResult, SymbolicOptions } from '../contract.js';
import { solveSudokuSatWithAssumptions, type SudokuAssumption } from '../../symbolic/sudoku/sat.js';
import type { SudokuGrid } from './geometry.js';

/** Cells below this model probability are not offered as assumptions: each wrong one costs SAT calls (bisection), and low-confidence cells are mostly wrong. */
export const DEFAULT_MIN_CONFIDENCE = 0.9;

export function solveSudokuGuided(
  puzzle: SudokuGrid,
  hint: GuidedHint<SudokuGrid>,
  options: SymbolicOptions & { minConfidence?: number } = {},
): GuidedResult<SudokuGrid> {
  const n = puzzle.geometry.size;
  const conf = hint.confidence[0];
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const wishes: { a: SudokuAssumption; c: number }[] = [];
  for (let i = 0; i < n * n; i++) {
    if (puzzle.cells[i] !== 0) continue; // givens are constraints already
    const digit = hint.answer.cells[i]!;
    const c = conf ? conf[i]! : 1;
    if (digit >= 1 && digit <= n && c >= minConfidence) wishes.push({ a: { index: i, digit }, c });
  }
  wishes.sort((x, y) => y.c - x.c);
  const r = solveSudokuSatWithAssumptions(
    puzzle,
    wishes.map((w) => w.a),
    { ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) },
  );
  return {
    solution: r.solution ? { geometry: puzzle.geometry, cells: r.solution } : null,
    kept: r.kept.length,
    dropped: r.dropped.length,
    unsatisfiable: r.solution === null && r.complete,
    effort: r.satCalls,
  };
}
