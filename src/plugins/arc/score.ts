/**
 * Scoring against known solutions: the official ARC metric, pass@2.
 * A test input counts as solved when any of its first two attempts equals the solution exactly
 * (same shape, every cell); the task score is the fraction of its test inputs solved.
 */
import { invalidInput } from '../../errors.js';
import { gridProblem, gridsEqual } from '../../symbolic/arc/grid/grid.js';
import { MAX_ATTEMPTS, type ArcAnswer, type ArcTask, type Grid } from '../../symbolic/arc/grid/types.js';

export interface ArcScore {
  /** Per test input: did any of its ≤ 2 attempts match exactly? */
  readonly perTest: boolean[];
  /** Fraction of test inputs solved, in [0, 1]. */
  readonly score: number;
}

/**
 * Scores `answer` against `solutions` (one grid per test input, in order). Missing or malformed
 * attempts count as wrong; throws TRM_ERR_INVALID_INPUT only when `solutions` does not match the puzzle.
 */
export function scoreArc(puzzle: ArcTask, answer: ArcAnswer, solutions: readonly Grid[]): ArcScore {
  const n = puzzle.test.length;
  if (!Array.isArray(solutions) || solutions.length !== n) {
    throw invalidInput(`expected ${n} solution grid(s), one per test input, got ${Array.isArray(solutions) ? solutions.length : 'no array'}`);
  }
  solutions.forEach((g, i) => {
    const p = gridProblem(g, `solutions[${i}]`);
    if (p) throw invalidInput(p, { path: `solutions[${i}]` });
  });
  const perTest = solutions.map((sol, i) => {
    const list = answer?.attempts?.[i];
    if (!Array.isArray(list)) return false;
    return list.slice(0, MAX_ATTEMPTS).some((g) => gridProblem(g, 'attempt') === null && gridsEqual(g, sol));
  });
  return { perTest, score: perTest.filter(Boolean).length / n };
}

/** The known test outputs of a task (from `loadArcDataset`), or undefined when any is missing. */
export function knownSolutions(puzzle: ArcTask): Grid[] | undefined {
  const out = puzzle.test.map((t) => t.output);
  return out.every((g): g is Grid => g !== undefined) ? out : undefined;
}
