/**
 * Stage 5, program search (tasks without an exact solver, e.g. ARC): the plugin searches for
 * programs that reproduce every demonstration pair, within the rest of the budget. An answer whose
 * program verified that way (and whose output passes verify) ends the solve as source 'program';
 * a looser fit is kept as a candidate with its reason. The program text and how far the search got
 * go into the result either way.
 */
import type { SolveStage } from '../stage.js';

/** Time left for whatever follows the search (formatting, the response). */
const RESERVE_MS = 50;

export const programSearchStage: SolveStage = {
  name: 'program',
  applies: (ctx) => ctx.opts.strategy !== 'neural-only' && typeof ctx.plugin.searchPrograms === 'function',
  async run(ctx) {
    ctx.deadline.check('program search');
    const { plugin, puzzle, opts } = ctx;
    // With test-time training to follow, the search gets a third of what is left, the training the rest.
    const left = ctx.deadline.left() - RESERVE_MS;
    const timeoutMs = Math.max(1, ctx.opts.testTimeTraining && typeof plugin.testTimeTrain === 'function' ? left / 3 : left);
    const r = ctx.timed('symbolic', () => plugin.searchPrograms!(puzzle, { timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) }));
    ctx.program = r.program;
    ctx.search = r.stats;
    if (r.answer === null) return null;
    const v = ctx.verify(r.answer);
    if (v.ok && r.verification === 'demonstrations') return ctx.finish(r.answer, 'program', [], null, undefined, 'demonstrations');
    const reason = v.ok ? [{ rule: 'program-not-pinned-down', message: r.reason ?? 'the program found is not pinned down by the demonstrations', where: { program: r.program } }] : v.violations;
    // A fitted program beats a candidate that only passed the validator.
    ctx.consider(r.answer, reason, 0, true);
    return null;
  },
};
