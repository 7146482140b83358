/**
 * Stage 1, neural: run supervision steps on the puzzle; after each, decode and verify; stop at the
 * first verified answer (the early exit that makes a strong model cheap). Each step's answer is
 * formatted once and reused for the dedup key and the step event.
 */
import { performance } from 'node:perf_hooks';
import type { SolveContext } from '../context.js';
import type { SolveStage } from '../stage.js';
import { changedTokens, meanRowConfidence, refineContext } from '../model-steps.js';

export const neuralStepsStage: SolveStage = {
  name: 'neural',
  applies: (ctx) => ctx.model !== null && ctx.opts.strategy !== 'symbolic-only',
  async run(ctx) {
    const { plugin, model, opts, puzzle } = ctx;
    const tn = performance.now();
    try {
      const encoded = plugin.encode(puzzle);
      let prev: Int32Array[] | undefined;
      const seen = new Set<string>();
      for await (const step of model!.refine(encoded, opts.maxSteps ?? model!.maxSteps, opts.signal, refineContext(puzzle))) {
        ctx.steps = step.step;
        ctx.lastStep = step;
        const answer = plugin.decode(step.predictions, puzzle);
        const formatted = plugin.format(answer);
        const key = JSON.stringify(formatted);
        const conf = meanRowConfidence(step);
        // Verify only answers not seen before: an unchanged answer cannot become valid.
        const v = seen.has(key) ? null : ctx.verify(answer);
        seen.add(key);
        opts.onStep?.({ step: step.step, formatted, verified: v?.ok ?? false, qHalt: step.qHalt[0] ?? 0, changed: changedTokens(prev, step.predictions) });
        prev = step.predictions;
        if (v?.ok) {
          ctx.timings.neural = performance.now() - tn;
          return ctx.finish(answer, 'neural', [], conf);
        }
        if (v) ctx.consider(answer, v.violations, conf, true);
        ctx.deadline.check('neural refinement');
      }
      return null;
    } finally {
      ctx.timings.neural = performance.now() - tn;
    }
  },
};
