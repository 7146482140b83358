/**
 * Stage 0b, symbolic first (hybrid, when the policy says the model is not worth running first):
 * the plain symbolic solver within a bounded share of the budget. If it runs out of time, the
 * neural stages get their turn; "no solution" ends the solve.
 */
import { isTrmError } from '../../../errors.js';
import { runSymbolic } from '../../symbolic-solve.js';
import { SYMBOLIC_FIRST_MAX_MS, symbolicFirst } from '../policy.js';
import type { SolveStage } from '../stage.js';

export const symbolicFirstStage: SolveStage = {
  name: 'symbolic-first',
  applies: symbolicFirst,
  async run(ctx) {
    const { plugin, puzzle, opts } = ctx;
    const budget = Math.max(1, Math.min(SYMBOLIC_FIRST_MAX_MS, ctx.deadline.left() / 2));
    let sym;
    try {
      sym = ctx.timed('symbolic', () => runSymbolic(plugin, puzzle, opts.symbolicLimit, budget, opts.signal));
    } catch (e) {
      if (isTrmError(e) && e.code === 'TRM_ERR_TIMEOUT') return null; // the model's turn
      throw e;
    }
    const v = ctx.verify(sym.answer);
    if (v.ok) return ctx.accept(sym.answer, 'symbolic', null, { count: sym.count, complete: sym.complete });
    return null;
  },
};
