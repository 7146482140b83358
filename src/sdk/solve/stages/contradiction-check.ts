/**
 * Stage 0, contradiction check: a short symbolic search (solution limit 1, a few milliseconds)
 * before any neural step, so a puzzle whose givens contradict each other is answered
 * TRM_ERR_UNSATISFIABLE at once instead of after a full neural refinement. Its answer, if it finds
 * one, is not used here: whether the solver's answer comes first is the policy's decision.
 */
import { TrmError } from '../../../errors.js';
import { unsatisfiable } from '../../unsatisfiable.js';
import { symbolicFirst } from '../policy.js';
import type { SolveStage } from '../stage.js';

/** Time the check may take; a search that does not finish in it says nothing. */
export const CONTRADICTION_CHECK_MS = 10;

export const contradictionCheckStage: SolveStage = {
  name: 'contradiction-check',
  // Skipped where the solver goes first anyway (symbolic-first finds a contradiction itself).
  applies: (ctx) => ctx.model !== null && ctx.opts.strategy !== 'symbolic-only' && typeof ctx.plugin.solveSymbolic === 'function' && !symbolicFirst(ctx),
  async run(ctx) {
    const { plugin, puzzle } = ctx;
    const r = ctx.timed('symbolic', () => plugin.solveSymbolic!(puzzle, { limit: 1, timeoutMs: CONTRADICTION_CHECK_MS }));
    if (r.complete && r.count === 0) throw unsatisfiable(plugin, puzzle, { effort: r.effort });
    return null;
  },
};
