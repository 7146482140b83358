/**
 * Stage 2, neural-vote: run the model on K augmented copies in one batch, map each copy's answer
 * back through its inverse transform, rank distinct candidates by votes then mean sigmoid(q_halt),
 * and verify in that order (or let the plugin merge them, e.g. ARC's pass@2 attempts).
 */
import { composeTransforms, type Transform } from '../../../plugins/contract.js';
import { createRng } from '../../../util/rng.js';
import type { ModelStep } from '../../task-model.js';
import type { SolveContext } from '../context.js';
import { concatEncoded, meanRowConfidence, sliceStep } from '../model-steps.js';
import type { SolveStage } from '../stage.js';

/** Augmented copies refined per batch (a 9×9 step over 8 copies takes ~0.1 s on wasm). */
const VOTE_CHUNK = 8;

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
        return ctx.verify(merged).ok ? ctx.accept(merged, 'neural-vote', ranked[0]!.votes / total) : null;
      }
      for (const c of ranked) {
        ctx.deadline.check('vote verification');
        const v = ctx.verify(c.answer);
        if (v.ok) {
          const done = ctx.accept(c.answer, 'neural-vote', c.votes / total);
          if (done) return done;
          continue;
        }
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
  // Copies run in chunks so that one batched step stays short: the deadline (and a cancel) is
  // seen between steps, never after one long step over every copy.
  const finals: (ModelStep | null)[] = [];
  for (let start = 0; start < parts.length; start += VOTE_CHUNK) {
    const chunk = parts.slice(start, start + VOTE_CHUNK);
    ctx.deadline.check('vote refinement');
    let final: ModelStep | null = null;
    for await (const s of model!.refine(concatEncoded(chunk), opts.maxSteps ?? model!.maxSteps, opts.signal)) {
      final = s;
      ctx.deadline.check('vote refinement');
    }
    for (let k = 0; k < chunk.length; k++) finals.push(final ? sliceStep(final, k * rowsPerCopy, rowsPerCopy) : null);
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
  transforms.forEach((t, k) => {
    const step = finals[k];
    if (!step) return;
    ctx.deadline.check('vote decoding');
    try {
      add(t.inverseAnswer(plugin.decode(step.predictions, t.puzzle(puzzle))), meanRowConfidence(step));
    } catch {
      // A transform that cannot invert a malformed prediction contributes no vote.
    }
  });
  return [...candidates.values()].sort((a, b) => b.votes - a.votes || b.confSum / b.votes - a.confSum / a.votes);
}
