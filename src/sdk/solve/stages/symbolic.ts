/**
 * Stage 4, symbolic: the plugin's plain solver with the solve's solution limit, so the result
 * carries the solution count it found (no second search for uniqueness).
 */
import { runSymbolic } from '../../symbolic-solve.js';
import type { SolveStage } from '../stage.js';

export const symbolicStage: SolveStage = {
  name: 'symbolic',
  applies: (ctx) => ctx.opts.strategy !== 'neural-only' && typeof ctx.plugin.solveSymbolic === 'function',
  // (after a symbolic-first attempt that ran out of its share, this is the rest of the budget)
  async run(ctx) {
    ctx.deadline.check('symbolic solve');
    const { plugin, puzzle, opts } = ctx;
    const sym = ctx.timed('symbolic', () => runSymbolic(plugin, puzzle, opts.symbolicLimit, Math.max(1, ctx.deadline.left()), opts.signal));
    const v = ctx.verify(sym.answer);
    if (v.ok) return ctx.accept(sym.answer, 'symbolic', null, { count: sym.count, complete: sym.complete });
    if (!ctx.best) ctx.best = { answer: sym.answer, violations: v.violations, confidence: 0 };
    return null;
  },
};
