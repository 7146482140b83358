/**
 * Test helper: run supervision steps with refineSteps (the one neural inference API) and keep the
 * last step, stopping early when `onStep` returns false.
 */
import { refineSteps, type RefineOptions, type RefineStep } from '../../../src/neural/act.js';
import type { TrmBatch, TrmModel } from '../../../src/neural/model.js';

export async function refine(
  model: TrmModel,
  batch: TrmBatch,
  options: { steps?: number; onStep?: (s: RefineStep) => boolean | void } & RefineOptions = {},
): Promise<{ last: RefineStep | undefined; stepsRun: number; stoppedEarly: boolean }> {
  let last: RefineStep | undefined;
  let stepsRun = 0;
  const total = options.steps ?? model.config.haltMaxSteps;
  for await (const s of refineSteps(model, batch, total, options)) {
    last = s;
    stepsRun = s.step;
    if (options.onStep && options.onStep(s) === false) return { last, stepsRun, stoppedEarly: s.step < total };
  }
  return { last, stepsRun, stoppedEarly: false };
}
