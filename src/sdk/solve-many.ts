/**
 * Batch solving: `sdk.solveMany(task, puzzles, options)`. Every puzzle gets the same stages as a
 * single solve (src/sdk/solve-loop.ts), with one difference that is the point of batching: the
 * neural stage runs all remaining puzzles' rows through the model together, one supervision step
 * at a time, and each puzzle leaves the batch's bookkeeping at its first verified step. The model
 * call is batched; verification and every later stage stay per puzzle.
 *
 * Results come back in input order: a SolveResult, or the TrmError that puzzle raised (bad input,
 * no solution, …), so one bad puzzle costs nothing to the others.
 */
import { TrmError, toTrmError } from '../errors.js';
import type { AnyTaskPlugin, Encoded } from '../plugins/contract.js';
import type { ResolvedSolveOptions } from './options.js';
import type { SolveResult } from './result.js';
import { SolveContext } from './solve/context.js';
import { sliceStep } from './solve/model-steps.js';
import { neuralStepsStage, StepObserver } from './solve/stages/neural-steps.js';
import { STAGES } from './solve-loop.js';
import type { TaskModel } from './task-model.js';

/** Rows per model call: big batches amortise the per-call cost, bounded so memory stays small. */
export const SOLVE_MANY_BATCH_ROWS = 64;

export async function solveMany(plugin: AnyTaskPlugin, inputs: readonly unknown[], model: TaskModel | null, opts: ResolvedSolveOptions): Promise<(SolveResult | TrmError)[]> {
  if (opts.onStep) throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'option onStep is per puzzle: use solve() for step events', { option: 'onStep' });
  const out: (SolveResult | TrmError | undefined)[] = new Array(inputs.length);
  const neuralIndex = STAGES.indexOf(neuralStepsStage);
  const ctxs: (SolveContext | null)[] = inputs.map(() => null);

  // Stages before the neural one (contradiction check, symbolic-first), per puzzle.
  for (let i = 0; i < inputs.length; i++) {
    const ctx = new SolveContext(plugin, model, opts);
    try {
      ctx.puzzle = plugin.parse(inputs[i]);
      ctx.timings.parse = performance.now() - ctx.t0;
      const r = await runStages(ctx, 0, neuralIndex);
      if (r) out[i] = r;
      else ctxs[i] = ctx;
    } catch (e) {
      out[i] = toTrmError(e);
    }
  }

  // The neural stage, batched over the puzzles still open.
  const open = ctxs.map((c, i) => [c, i] as const).filter((x): x is readonly [SolveContext, number] => x[0] !== null && neuralStepsStage.applies(x[0]));
  for (let start = 0; start < open.length; start += SOLVE_MANY_BATCH_ROWS) {
    const group = open.slice(start, start + SOLVE_MANY_BATCH_ROWS);
    await batchedNeural(group, model!, opts, out);
  }

  // The rest of the stages, per puzzle.
  for (let i = 0; i < inputs.length; i++) {
    const ctx = ctxs[i];
    if (!ctx || out[i] !== undefined) continue;
    try {
      const r = await runStages(ctx, neuralIndex + 1, STAGES.length);
      out[i] = r ?? ctx.finish(ctx.best?.answer ?? null, 'unverified', ctx.best?.violations ?? [], ctx.best?.confidence ?? null);
    } catch (e) {
      out[i] = toTrmError(e);
    }
  }
  return out as (SolveResult | TrmError)[];
}

async function runStages(ctx: SolveContext, from: number, to: number): Promise<SolveResult | null> {
  for (const stage of STAGES.slice(from, to)) {
    if (!stage.applies(ctx)) continue;
    const r = await stage.run(ctx);
    if (r) return r;
  }
  return null;
}

/** One model call over the group's rows; each puzzle's rows are judged after every step. */
async function batchedNeural(group: readonly (readonly [SolveContext, number])[], model: TaskModel, opts: ResolvedSolveOptions, out: (SolveResult | TrmError | undefined)[]): Promise<void> {
  const parts: Encoded[] = [];
  const live: { ctx: SolveContext; index: number; start: number; rows: number; observer: StepObserver }[] = [];
  let row = 0;
  for (const [ctx, index] of group) {
    try {
      const e = ctx.plugin.encode(ctx.puzzle);
      parts.push(e);
      live.push({ ctx, index, start: row, rows: e.inputs.length, observer: new StepObserver(ctx) });
      row += e.inputs.length;
    } catch (err) {
      out[index] = toTrmError(err);
    }
  }
  if (live.length === 0) return;
  const encoded: Encoded = { inputs: parts.flatMap((p) => p.inputs), puzzleIdentifiers: parts.flatMap((p) => p.puzzleIdentifiers) };
  const t0 = performance.now();
  for await (const step of model.refine(encoded, opts.maxSteps ?? model.maxSteps, opts.signal)) {
    const elapsed = performance.now() - t0;
    for (const p of live) {
      if (out[p.index] !== undefined) continue;
      p.ctx.timings.neural = elapsed;
      try {
        const r = p.observer.observe(sliceStep(step, p.start, p.rows));
        if (r) out[p.index] = r;
        else p.ctx.deadline.check('neural refinement');
      } catch (e) {
        out[p.index] = toTrmError(e);
      }
    }
    // Stop the batch once every puzzle is settled: the early exit, batched.
    if (live.every((p) => out[p.index] !== undefined)) break;
  }
}
