/**
 * The verify-and-refine loop: the model proposes, the plugin's verify() disposes. A solve is the
 * list of stages below, tried in order over one SolveContext (src/sdk/solve/context.ts); the
 * first stage that verifies an answer ends the solve:
 *
 *   0. contradiction-check    — a few-ms symbolic search: contradictory givens → 422 before any neural step
 *   0b. symbolic-first        — hybrid with a model too weak to go first (solve/policy.ts)
 *   1. neural                 — supervision steps, verify after each, early exit (stages/neural-steps.ts)
 *   2. neural-vote            — K augmented copies, inverse-mapped, ranked by votes (stages/vote.ts)
 *   3. neural-guided-symbolic — the model's confident cells as solver assumptions (stages/guided-repair.ts)
 *   4. symbolic               — the plain symbolic solver (stages/symbolic.ts)
 *   5. program                — program search for tasks without an exact solver (ARC; stages/program-search.ts)
 *   6. neural-ttt             — opt-in test-time training on the demonstrations (ARC; stages/test-time-training.ts)
 *   7. unverified             — nothing verified: the best candidate, verified: false, with its violations
 *
 * Adding a way to answer (ARC program search, another architecture) is one stage file plus one
 * line in STAGES. The invariant every stage keeps: `verified: true` only for an answer whose
 * verify() returned ok inside this solve (SolveContext.verify).
 *
 * The grid is parsed (and so validated) once, here; stages and solvers receive the parsed puzzle.
 */
import { TrmError } from '../errors.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';
import type { ResolvedSolveOptions } from './options.js';
import type { SolveResult } from './result.js';
import { SolveContext } from './solve/context.js';
import type { SolveStage } from './solve/stage.js';
import { contradictionCheckStage } from './solve/stages/contradiction-check.js';
import { guidedRepairStage } from './solve/stages/guided-repair.js';
import { programSearchStage } from './solve/stages/program-search.js';
import { symbolicFirstStage } from './solve/stages/symbolic-first.js';
import { testTimeTrainingStage } from './solve/stages/test-time-training.js';
import { neuralStepsStage } from './solve/stages/neural-steps.js';
import { symbolicStage } from './solve/stages/symbolic.js';
import { voteStage } from './solve/stages/vote.js';
import type { TaskModel } from './task-model.js';

/** The stages of a solve, in the order they are tried. */
export const STAGES: readonly SolveStage[] = [contradictionCheckStage, symbolicFirstStage, neuralStepsStage, voteStage, guidedRepairStage, symbolicStage, programSearchStage, testTimeTrainingStage];

export async function solveLoop(plugin: AnyTaskPlugin, input: unknown, model: TaskModel | null, opts: ResolvedSolveOptions): Promise<SolveResult> {
  const ctx = new SolveContext(plugin, model, opts);
  ctx.puzzle = plugin.parse(input);
  ctx.timings.parse = performance.now() - ctx.t0;
  ctx.deadline.check('parse');
  checkSolvable(ctx);
  for (const stage of STAGES) {
    if (!stage.applies(ctx)) continue;
    const result = await stage.run(ctx);
    if (result) return result;
  }
  const best = ctx.best;
  return ctx.finish(best?.answer ?? null, 'unverified', best?.violations ?? [], best?.confidence ?? null);
}

/** Fails before any work when the options leave no stage that could answer. */
function checkSolvable(ctx: SolveContext): void {
  const { plugin, model, opts } = ctx;
  if (opts.strategy === 'neural-only' && model === null) {
    throw new TrmError('TRM_ERR_NO_SOLVER', `no model is loaded for task "${plugin.name}", so strategy neural-only cannot run`, { task: plugin.name });
  }
  const neural = model !== null && opts.strategy !== 'symbolic-only';
  if (!neural && typeof plugin.solveSymbolic !== 'function' && typeof plugin.searchPrograms !== 'function' && !(opts.testTimeTraining && plugin.testTimeTrain)) {
    throw new TrmError('TRM_ERR_NO_SOLVER', `task "${plugin.name}" has no symbolic solver or program search and no model is loaded`, { task: plugin.name });
  }
}
