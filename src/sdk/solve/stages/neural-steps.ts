/**
 * Stage 1, neural: run supervision steps on the puzzle; after each, decode and verify; stop at the
 * first verified answer (the early exit that makes a strong model cheap). Each step's answer is
 * formatted once and reused for the dedup key and the step event. `StepObserver` is the per-puzzle
 * half, shared with `solveMany`, which runs many puzzles' rows in one batch.
 */
import type { SolveResult } from '../../result.js';
import type { ModelStep } from '../../task-model.js';
import type { SolveContext } from '../context.js';
import type { SolveStage } from '../stage.js';
import { changedTokens, meanRowConfidence, refineContext } from '../model-steps.js';

/** Judges one puzzle's successive step outputs: verify new answers, report, finish on the first verified one. */
export class StepObserver {
  private prev: Int32Array[] | undefined;
  private readonly seen = new Set<string>();
  constructor(private readonly ctx: SolveContext) {}

  /** A finished result when this step's answer verified, else null (its best failure kept in the context). */
  observe(step: ModelStep): SolveResult | null {
    const { ctx } = this;
    const { plugin, puzzle, opts } = ctx;
    ctx.steps = step.step;
    ctx.lastStep = step;
    const answer = plugin.decode(step.predictions, puzzle);
    const formatted = plugin.format(answer);
    const key = JSON.stringify(formatted);
    const conf = meanRowConfidence(step);
    // Verify only answers not seen before: an unchanged answer cannot become valid.
    const v = this.seen.has(key) ? null : ctx.verify(answer);
    this.seen.add(key);
    opts.onStep?.({ step: step.step, formatted, verified: v?.ok ?? false, qHalt: step.qHalt[0] ?? 0, changed: changedTokens(this.prev, step.predictions), ...(step.confidence[0] ? { confidence: Array.from(step.confidence[0]) } : {}) });
    this.prev = step.predictions;
    if (v?.ok) return ctx.accept(answer, 'neural', conf);
    if (v) ctx.consider(answer, v.violations, conf, true);
    return null;
  }
}

export const neuralStepsStage: SolveStage = {
  name: 'neural',
  applies: (ctx) => ctx.model !== null && ctx.opts.strategy !== 'symbolic-only',
  async run(ctx) {
    const { plugin, model, opts, puzzle } = ctx;
    const tn = performance.now();
    const observer = new StepObserver(ctx);
    try {
      const encoded = plugin.encode(puzzle);
      for await (const step of model!.refine(encoded, opts.maxSteps ?? model!.maxSteps, opts.signal, refineContext(puzzle))) {
        ctx.timings.neural = performance.now() - tn;
        const done = observer.observe(step);
        if (done) return done;
        ctx.deadline.check('neural refinement');
      }
      return null;
    } finally {
      ctx.timings.neural = performance.now() - tn;
    }
  },
};
