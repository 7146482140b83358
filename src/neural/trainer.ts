/**
 * The deep-supervision training loop of the reference (pretrain.py), on token rows:
 *
 *   carry ← initial (every row "halted", so the first batch fills all rows)
 *   each optimizer step:
 *     new rows replace only the rows that halted last step (the others keep refining their
 *     carry: deep supervision spreads one puzzle over up to haltMaxSteps optimizer steps);
 *     one supervision step with gradient → loss (summed) → grads · 1/B (as the reference's
 *     `(1/global_batch_size) * loss).backward()`) → AdamW (+ sign-SGD on the puzzle embedding)
 *     → EMA update;
 *   every evalEvery steps: evaluate the EMA weights on the held-out rows (all haltMaxSteps steps);
 *   every checkpointEvery steps: atomic checkpoints (EMA weights for use; raw weights + optimizer
 *   + EMA state for resume).
 *
 * Data-parallel (`workers` > 1, parallel/data-parallel.ts): the step's gradient is computed on
 * contiguous shards of the batch by worker threads and summed; everything else above (refills in
 * row order, optimizer, EMA, evaluation, checkpoints, resume, metrics, progress) is this same code
 * on this thread's model. `workers: 1` (the default here) is the plain single-thread path.
 *
 * Stopping: every step starts with a yield to the event loop, so an abort from a timer, a server's
 * shutdown or a request deadline is seen before the next step. The yield costs ~5 µs; the smallest
 * step measured (hidden 16, batch 8, 16 tokens) takes tens of ms on tfjs/wasm, so < 0.01 %. A
 * stopped run still evaluates and writes its checkpoint, so it is a valid resume point.
 *
 * The one training loop: `sdk.train` and ARC test-time training (sdk/arc/ttt.ts, which stops on a
 * deadline through `shouldStop` and fits only the puzzle embedding with lr 0) both run it.
 *
 * Knows tokens and tensors only: the task (data, augmentation, held-out set) comes from the caller.
 * Resume restores weights, optimizer moments, EMA and the step counter; the carry (in-flight
 * latents) is not saved, so a resumed run restarts its rows — at most haltMaxSteps steps of
 * deep-supervision progress on one batch are lost, never weights.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../errors.js';
import { createRng } from '../util/rng.js';
import { disposeCarry, initialCarry, trainStep, type TrmBatch, type TrmCarry } from './act.js';
import type { StateTensor } from './model.js';
import { DataParallel, type ParallelStepResult } from './parallel/data-parallel.js';
import { resolveWorkers } from './parallel/shards.js';
import { AdamW } from './adamw.js';
import { currentBackend } from './backend.js';
import { saveCheckpoint } from './checkpoint.js';
import { cleanStaleTemps, loadResumePoint, saveResumePoint } from './resume.js';
import type { TrmConfig } from './config.js';
import { Ema } from './ema.js';
import { evaluateRows } from './evaluate.js';
import { batchBuffers, refillHalted } from './refill-rows.js';
import { applyGradients } from './apply-gradients.js';
import type { EvalReport, TokenRow, TrainHyper, TrainProgress, TrainRunSummary } from './train-types.js';
export type { EvalReport, TokenRow, TrainHyper, TrainProgress, TrainRunSummary } from './train-types.js';
import { TrmModel } from './model.js';
import { makeLrSchedule } from './schedule.js';
import { SparseSignSGD } from './sign-sgd.js';



export interface TrainerOptions {
  config: TrmConfig;
  hyper: TrainHyper;
  seed: number;
  /** Next `n` training rows (already augmented and held-out-filtered). */
  nextRows: (n: number) => TokenRow[];
  /** Held-out rows for periodic evaluation. */
  evalRows: readonly TokenRow[];
  /** Evaluate every N steps (0 = only at the end). */
  evalEvery: number;
  /** Report progress every N steps. */
  logEvery?: number;
  /** Checkpoint directory; omitted = no checkpoints. */
  checkpointDir?: string;
  checkpointEvery?: number;
  /** Continue from checkpointDir's training state if present. */
  resume?: boolean;
  /** Stop after this many seconds (checkpointing first), for runs split across sessions. */
  maxSeconds?: number;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** Extra metadata written into the shipped checkpoint. */
  metadata?: Record<string, string>;
  /** Hears what resume had to do (fall back to the previous checkpoint, remove temp files); default: console.warn. */
  onNotice?: (message: string) => void;
  /**
   * Data-parallel ranks (this thread + workers − 1 worker threads, see parallel/data-parallel.ts);
   * default 1 (this thread only). Capped by batchSize.
   */
  workers?: number;
  /** Start from these weights instead of a fresh init (a resume point, when one is loaded, wins). */
  initialWeights?: Map<string, StateTensor>;
  /**
   * Asked before each step (after the signal and maxSeconds): true ends the run there, as
   * `stoppedEarly` (ARC test-time training stops this way before its deadline). `step` = steps done.
   */
  shouldStop?: (step: number) => boolean;
}

export interface TrainSummary extends TrainRunSummary {
  /** The trained model (EMA weights loaded); the caller disposes it. */
  model: TrmModel;
}

/** Longest a run stays silent between progress reports, however slow its steps. */
export const REPORT_EVERY_MS = 2000;

export const MODEL_FILE = 'model.safetensors';
export const RAW_FILE = 'raw.safetensors';
export const METRICS_FILE = 'metrics.jsonl';

/** Lets timers and I/O callbacks run (setImmediate: after pending I/O, before the next step). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function train(opts: TrainerOptions): Promise<TrainSummary> {
  const { config, hyper } = opts;
  const B = hyper.batchSize;
  const S = config.seqLen;
  if (!Number.isInteger(B) || B < 1) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `batchSize must be a positive integer, got ${B}`);
  if (!Number.isInteger(hyper.steps) || hyper.steps < 1) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `steps must be a positive integer, got ${hyper.steps}`);

  const workers = resolveWorkers(opts.workers ?? 1, B);
  const model = new TrmModel(config, { seed: opts.seed });
  // Copies: a backend may keep the arrays it is given, and tfjs's cpu TensorScatterUpdate (sign-SGD)
  // writes into its input's array, which would change the caller's weights.
  if (opts.initialWeights) model.loadState(new Map([...opts.initialWeights].map(([n, t]) => [n, { ...t, data: t.data.slice() }] as const)));
  const trainable = new Map(model.trainableNames().map((n) => [n, model.params.get(n)!] as const));
  // lr 0 leaves the weights as they are (only the puzzle embedding is fitted): no AdamW state to keep.
  const adam = hyper.lr > 0 ? new AdamW(trainable, { betas: hyper.betas, weightDecay: hyper.weightDecay }) : null;
  const puzzleEmb = model.params.get('inner.puzzle_emb.weights');
  const signSgd = puzzleEmb ? new SparseSignSGD(puzzleEmb, { weightDecay: hyper.puzzleEmbWeightDecay }) : null;
  const emaNames = [...trainable.keys(), ...(puzzleEmb ? ['inner.puzzle_emb.weights'] : [])];
  const ema = hyper.emaRate > 0 ? new Ema(model.params, { mu: hyper.emaRate, names: emaNames }) : null;
  const lrAt = makeLrSchedule({ baseLr: hyper.lr, warmupSteps: hyper.warmupSteps, totalSteps: hyper.steps, minRatio: hyper.lrMinRatio });
  const embLrAt = makeLrSchedule({ baseLr: hyper.puzzleEmbLr, warmupSteps: hyper.warmupSteps, totalSteps: hyper.steps, minRatio: hyper.lrMinRatio });

  const dir = opts.checkpointDir;
  const rawPath = dir ? path.join(dir, RAW_FILE) : null;
  const modelPath = dir ? path.join(dir, MODEL_FILE) : null;
  const metricsPath = dir ? path.join(dir, METRICS_FILE) : null;
  if (dir) fs.mkdirSync(dir, { recursive: true });

  let step = 0;
  if (dir) cleanStaleTemps(dir);
  if (opts.resume && dir) {
    // The newest complete (raw weights, training state) pair; a half-written newer one is skipped, and said so.
    const notice = opts.onNotice ?? ((m: string) => console.warn(`[trm-sdk train] ${m}`));
    const point = await loadResumePoint(dir, config, notice);
    // Asked to resume with nothing there: carry on from step 0, but say so (a mistyped folder would
    // otherwise retrain from scratch without a word).
    if (!point) notice(`resume: nothing to resume in ${dir} (no checkpoint there); starting at step 0`);
    if (point) {
      model.loadState(point.checkpoint.tensors);
      const st = point.state;
      if (st.adam && adam) adam.setState(st.adam);
      if (st.ema && ema) ema.setState(st.ema);
      step = st.step;
    }
  }
  const resumedFrom = step;
  // Reseeding from (seed, step) keeps a resumed run's randomness independent of where it stopped.
  const rng = createRng((opts.seed * 1_000_003 + step) >>> 0);

  const writeMetrics = (obj: Record<string, unknown>): void => {
    if (metricsPath) fs.appendFileSync(metricsPath, JSON.stringify(obj) + '\n');
  };
  const backend = currentBackend()?.backend ?? tf.getBackend();

  const checkpoint = (): void => {
    if (!rawPath || !modelPath) return;
    // Both files, then the manifest that makes them one checkpoint (see resume.ts).
    saveResumePoint(dir!, model, { step, ...(adam ? { adam: adam.getState() } : {}), ...(ema ? { ema: ema.getState() } : {}), extra: { seed: String(opts.seed) } });
    if (ema) ema.swap();
    try {
      saveCheckpoint(modelPath, model, { ...opts.metadata, kind: ema ? 'ema-weights' : 'raw-weights', step: String(step), backend });
    } finally {
      if (ema) ema.swap();
    }
  };

  const evaluate = async (): Promise<EvalReport> => {
    if (ema) ema.swap();
    try {
      return await evaluateRows(model, opts.evalRows, config.haltMaxSteps);
    } finally {
      if (ema) ema.swap();
    }
  };

  // One rank: this thread's carry and trainStep, as always. More: DataParallel holds the shards' carries.
  const par = workers > 1 ? await DataParallel.start({ model, batchSize: B, workers, backend }).catch((e: unknown) => {
    adam?.dispose();
    ema?.dispose();
    model.dispose();
    throw e;
  }) : null;
  let carry: TrmCarry | null = par ? null : initialCarry(model, B);
  const t0 = performance.now();
  const logEvery = opts.logEvery ?? 10;
  let lastReport = performance.now();
  let winLoss = 0;
  let winSteps = 0;
  let winHalted = 0;
  let winExact = 0;
  let stoppedEarly = false;
  let finalEval: EvalReport | null = null;
  const buf = batchBuffers(B, S);

  try {
    while (step < hyper.steps) {
      // The only await of a single-thread step: without it a timer's abort waits for the whole run.
      await yieldToEventLoop();
      if (opts.signal?.aborted || (opts.maxSeconds !== undefined && (performance.now() - t0) / 1000 > opts.maxSeconds) || opts.shouldStop?.(step)) {
        stoppedEarly = true;
        break;
      }
      // Fill only the rows that halted: the others keep their current puzzle.
      refillHalted(buf, par ? par.halted : carry!.halted, opts.nextRows, S);
      const batch: TrmBatch = { batchSize: B, ...buf };

      let res: Omit<ParallelStepResult, 'timing'>;
      if (par) res = await par.step(batch, rng);
      else {
        const r = trainStep(model, carry!, batch, { rng });
        carry = r.carry;
        res = r;
      }
      const lr = lrAt(step);
      applyGradients(res, B, adam ? { opt: adam, lr } : null, signSgd ? { opt: signSgd, lr: embLrAt(step) } : null);
      ema?.update();
      step++;

      winLoss += res.loss / B;
      winSteps++;
      // trainStep already scored the halted rows (the reference's ACTLossHead metrics).
      winHalted += res.metrics.count;
      winExact += res.metrics.exactAccuracy * res.metrics.count;

      const isEval = opts.evalEvery > 0 && step % opts.evalEvery === 0 && step < hyper.steps;
      // First feedback after the first step, then every logEvery steps or every REPORT_EVERY_MS, whichever comes first.
      const due = step === resumedFrom + 1 || step % logEvery === 0 || performance.now() - lastReport >= REPORT_EVERY_MS;
      if (due || isEval || step === hyper.steps) {
        lastReport = performance.now();
        const elapsedS = (performance.now() - t0) / 1000;
        const stepsPerS = (step - resumedFrom) / Math.max(elapsedS, 1e-9);
        const progress: TrainProgress = {
          step,
          totalSteps: hyper.steps,
          loss: winLoss / winSteps,
          trainExact: winHalted ? winExact / winHalted : 0,
          lr,
          elapsedS,
          etaS: (hyper.steps - step) / Math.max(stepsPerS, 1e-9),
          stepsPerS,
        };
        if (isEval) progress.eval = await evaluate();
        writeMetrics({ type: progress.eval ? 'eval' : 'train', backend, ...progress, eval: progress.eval ?? undefined });
        opts.onProgress?.(progress);
        winLoss = winSteps = winHalted = winExact = 0;
      }
      if (opts.checkpointEvery && step % opts.checkpointEvery === 0) checkpoint();
    }
    finalEval = opts.evalRows.length ? await evaluate() : null;
    if (finalEval) writeMetrics({ type: 'final-eval', backend, step, elapsedS: (performance.now() - t0) / 1000, eval: finalEval });
    checkpoint();
  } finally {
    if (carry) disposeCarry(carry);
    await par?.close();
    adam?.dispose();
  }
  // Hand back the weights that were evaluated (EMA).
  if (ema) {
    ema.copyTo(model);
    ema.dispose();
  }
  return { steps: step, resumedFrom, wallS: (performance.now() - t0) / 1000, backend, finalEval, stoppedEarly, modelPath, workers, model };
}
