/**
 * Learning-rate schedule of the reference (`cosine_schedule_with_warmup_lr_lambda` in its
 * pretrain.py): linear warm-up, then a half cosine from `baseLr` down to `minRatio·baseLr`.
 *
 *   t < warmup:  lr = base · t / max(1, warmup)
 *   otherwise:   progress = (t − warmup) / max(1, total − warmup)
 *                lr = base · (minRatio + max(0, (1 − minRatio) · ½ · (1 + cos(2π · cycles · progress))))
 *
 * with cycles = 0.5 (one half cosine: cos(π·progress)). The reference's default `lr_min_ratio` is
 * 1.0, which makes the rate constant after warm-up; the paper's runs use that default, so it is ours.
 *
 * Step numbering as in the reference's `train_batch`: the step counter is incremented *before*
 * the rate is computed, so the first optimizer step uses t = 1 (lr = base/warmup), never 0.
 * The same schedule (with its own base) drives the puzzle-embedding sign-SGD.
 */
import { TrmError } from '../errors.js';

export interface LrScheduleOptions {
  /** Peak learning rate (reference `lr`, or `puzzle_emb_lr` for the embedding). */
  readonly baseLr: number;
  /** Linear warm-up length (reference `lr_warmup_steps`, 2000 by default). */
  readonly warmupSteps: number;
  /** Total optimizer steps of the run (reference: epochs · examples / global batch). */
  readonly totalSteps: number;
  /** Final rate as a fraction of the peak (reference `lr_min_ratio`, default 1.0 = constant). */
  readonly minRatio?: number;
  /** Cosine cycles over the decay phase; 0.5 = one half cosine (reference default). */
  readonly numCycles?: number;
}

/** Validate schedule options; throws TRM_ERR_INVALID_OPTIONS naming the bad field. */
export function validateSchedule(o: LrScheduleOptions): void {
  const check = (ok: boolean, field: string, value: unknown, want: string): void => {
    if (!ok) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `lr schedule ${field} must be ${want}, got ${String(value)}`, { field });
  };
  check(Number.isFinite(o.baseLr) && o.baseLr >= 0, 'baseLr', o.baseLr, 'a finite number ≥ 0');
  check(Number.isInteger(o.warmupSteps) && o.warmupSteps >= 0, 'warmupSteps', o.warmupSteps, 'an integer ≥ 0');
  check(Number.isInteger(o.totalSteps) && o.totalSteps >= 0, 'totalSteps', o.totalSteps, 'an integer ≥ 0');
  const r = o.minRatio ?? 1;
  check(Number.isFinite(r) && r >= 0 && r <= 1, 'minRatio', r, 'in [0, 1]');
  const c = o.numCycles ?? 0.5;
  check(Number.isFinite(c) && c >= 0, 'numCycles', c, 'a finite number ≥ 0');
}

/** The learning rate at optimizer step `step` (1-based as in the reference; see the module comment). */
export function cosineWarmupLr(step: number, o: LrScheduleOptions): number {
  const minRatio = o.minRatio ?? 1;
  const cycles = o.numCycles ?? 0.5;
  if (step < o.warmupSteps) return (o.baseLr * step) / Math.max(1, o.warmupSteps);
  const progress = (step - o.warmupSteps) / Math.max(1, o.totalSteps - o.warmupSteps);
  return o.baseLr * (minRatio + Math.max(0, (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress))));
}

/** A validated schedule as a function of the step. */
export function makeLrSchedule(o: LrScheduleOptions): (step: number) => number {
  validateSchedule(o);
  const frozen = { ...o };
  return (step) => cosineWarmupLr(step, frozen);
}
