/**
 * Stage 2, neural-vote: run the model on K augmented copies in one batch, map each copy's answer
 * back through its inverse transform, rank distinct candidates by votes then mean sigmoid(q_halt),
 * and verify in that order (or let the plugin merge them, e.g. ARC's pass@2 attempts).
 */
import { performance } from 'node:perf_hooks';
import { composeTransforms, type Transform } from '../../../plugins/contract.js';
import { createRng } from '../../../util/rng.js';
import type { ModelStep } from '../../task-model.js';
import type { SolveContext } from '../context.js';
import { concatEncoded, meanRowConfidence, sliceStep } from '../model-steps.js';
import type { SolveStage } from '../stage.js';

interface Candidate {
  answer: unknown;
  votes: number;
  confSum: number;
}

export const voteStage: SolveStage = {
  name: 'neural-vote',
  applies: (ctx) => ctx.model !== null && ctx.opts.strategy !== 'symbolic-only' && ctx.opts.vote > 0 && (ctx.plugin.augmentations?.length ?? 0) > 0,
  async run(ctx) {
    const tv = performance.now();
    try {
      const ranked = await rankVotes(ctx);
      const total = ranked.reduce((s, c) => s + c.votes, 0);
      if (ctx.plugin.combineCandidates) {
        if (ranked.length === 0) return null;
        const merged = ctx.plugin.combineCandidates(ranked.map((c) => c.answer), ctx.puzzle);
        return ctx.verify(merged).ok ? ctx.finish(merged, 'neural-vote', [], ranked[0]!.votes / total) : null;
      }
      for (const c of ranked) {
        ctx.deadline.check('vote verification');
        const v = ctx.verify(c.answer);
        if (v.ok) return ctx.finish(c.answer, 'neural-vote', [], c.votes / total);
        ctx.consider(c.answer, v.violations, c.votes / total);
      }
      return null;
    } finally {
      ctx.timings.vote = performance.now() - tv;
    }
  },
};

/** Candidates from the plain refinement's last step and every augmented copy, best first. */
async function rankVotes(ctx: SolveContext): Promise<Candidate[]> {
  const { plugin, puzzle, opts, model } = ctx;
  const rng = createRng(0x7e57);
  const augs = plugin.augmentations!;
  const transforms: Transform<unknown, unknown>[] = [];
  for (let k = 0; k < opts.vote; k++) transforms.push(composeTransforms(augs.map((a) => a.sample(rng))));
  const parts = transforms.map((t) => plugin.encode(t.puzzle(puzzle)));
  const rowsPerCopy = parts[0]!.inputs.length;
  let final: ModelStep | null = null;
  for await (const s of model!.refine(concatEncoded(parts), opts.maxSteps ?? model!.maxSteps, opts.signal)) {
    final = s;
    ctx.deadline.check('vote refinement');
  }
  const candidates = new Map<string, Candidate>();
  const add = (answer: unknown, conf: number): void => {
    const key = JSON.stringify(plugin.format(answer));
    const c = candidates.get(key) ?? { answer, votes: 0, confSum: 0 };
    c.votes++;
    c.confSum += conf;
    candidates.set(key, c);
  };
  if (ctx.lastStep) add(plugin.decode(ctx.lastStep.predictions, puzzle), meanRowConfidence(ctx.lastStep));
  if (final) {
    transforms.forEach((t, k) => {
      const step = sliceStep(final!, k * rowsPerCopy, rowsPerCopy);
      try {
        add(t.inverseAnswer(plugin.decode(step.predictions, t.puzzle(puzzle))), meanRowConfidence(step));
      } catch {
        // A transform that cannot invert a malformed prediction contributes no vote.
      }
    });
  }
  return [...candidates.values()].sort((a, b) => b.votes - a.votes || b.confSum / b.votes - a.confSum / a.votes);
}
