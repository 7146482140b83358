/**
 * Which solver goes first. `hybrid` is cost-aware: a model runs before the symbolic solver only
 * when its measured neural-only verified rate (`model.json` beside the checkpoint, written from
 * its model card) is at least NEURAL_FIRST_MIN_RATE, or when nothing says how good it is (a user's
 * own model: loading it is asking for it). Otherwise the symbolic solver goes first, within a
 * bounded share of the budget, and the model still gets its turn if that search runs out of time.
 * `neural-first` always runs the model first (the behaviour before this policy); `neural-only` and
 * `symbolic-only` run one side.
 *
 * Why: the 9×9 model shipped before 2026-11-30 verified 0% on its own, yet ran 4–16 steps
 * (300–1,700 ms) before the 0.1 ms symbolic solve on every default request. Today's verifies 48%
 * (under the bar), so default 9×9 solves still go to the solver first.
 */
import type { SolveContext } from './context.js';

/** Models verifying at least this share of puzzles by themselves are worth running first. */
export const NEURAL_FIRST_MIN_RATE = 0.5;
/** The most of the budget a symbolic-first attempt may take before the model gets its turn. */
export const SYMBOLIC_FIRST_MAX_MS = 2000;

/** True when the hybrid solve should try the symbolic solver before any neural step. */
export function symbolicFirst(ctx: SolveContext): boolean {
  if (ctx.opts.strategy !== 'hybrid' || ctx.model === null || typeof ctx.plugin.solveSymbolic !== 'function') return false;
  const rate = ctx.model.verifiedRate;
  return typeof rate === 'number' && rate < NEURAL_FIRST_MIN_RATE;
}
