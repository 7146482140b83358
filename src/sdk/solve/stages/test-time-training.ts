/**
 * Stage 6, test-time training (opt-in, tasks with `testTimeTrain`: ARC): fit a small model on the
 * puzzle's demonstrations within the rest of the budget and propose an answer. Verified only by
 * leave-one-out (the model refitted without each demonstration predicts it); otherwise the answer
 * is a candidate with its reason.
 */
import type { SolveStage } from '../stage.js';

export const testTimeTrainingStage: SolveStage = {
  name: 'neural-ttt',
  applies: (ctx) => ctx.opts.testTimeTraining !== null && ctx.opts.strategy !== 'symbolic-only' && typeof ctx.plugin.testTimeTrain === 'function',
  async run(ctx) {
    ctx.deadline.check('test-time training');
    const { plugin, puzzle, opts } = ctx;
    const t0 = performance.now();
    const r = await plugin.testTimeTrain!(puzzle, { timeoutMs: Math.max(1, ctx.deadline.left() - 100), leaveOneOut: opts.testTimeTraining!.leaveOneOut, ...(opts.signal ? { signal: opts.signal } : {}) });
    ctx.timings.neural += performance.now() - t0;
    if (r.answer === null) return null;
    const v = ctx.verify(r.answer);
    if (v.ok && r.verification === 'leave-one-out') return ctx.finish(r.answer, 'neural-ttt', [], null, undefined, 'leave-one-out');
    ctx.consider(r.answer, v.ok ? [{ rule: 'not-leave-one-out-verified', message: r.reason ?? 'not verified by leave-one-out', where: {} }] : v.violations, 0);
    return null;
  },
};
