/**
 * Stage 3, neural-guided-symbolic: hand the model's confident cells of its last step to the
 * plugin's solveGuided() (Sudoku: SAT with those cells as assumptions, dropping the conflicting
 * ones). Hybrid strategy only: neural-only must not fall back to a solver.
 */
import { TrmError } from '../../../errors.js';
import { unsatisfiable } from '../../unsatisfiable.js';
import type { SolveStage } from '../stage.js';

export const guidedRepairStage: SolveStage = {
  name: 'neural-guided-symbolic',
  applies: (ctx) => (ctx.opts.strategy === 'hybrid' || ctx.opts.strategy === 'neural-first') && ctx.model !== null && typeof ctx.plugin.solveGuided === 'function' && ctx.lastStep !== null,
  async run(ctx) {
    const { plugin, puzzle } = ctx;
    const last = ctx.lastStep!;
    const hint = { answer: plugin.decode(last.predictions, puzzle), confidence: last.confidence };
    const g = ctx.timed('symbolic', () => plugin.solveGuided!(puzzle, hint, { timeoutMs: Math.max(1, ctx.deadline.left()) }));
    if (g.unsatisfiable) throw unsatisfiable(plugin, puzzle);
    if (g.solution !== null && ctx.verify(g.solution).ok) return ctx.accept(g.solution, 'neural-guided-symbolic', null);
    return null;
  },
};
