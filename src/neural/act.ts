/**
 * The ACT wrapper around the inner model, TRM or HRM (the references' `…_ACTV1` classes, which are
 * the same for both):
 * a carry of latents and per-row bookkeeping that deep supervision passes from step to step.
 *
 * Each step: rows that halted last step restart (latents ← H_init / L_init, steps ← 0, data ←
 * the new batch's row); the inner model runs one supervision step; steps += 1; a row halts at
 * haltMaxSteps, and in training also when its Q-halt logit says so (q_halt > 0), subject to
 * random exploration (a row may be held to a random minimum of steps). Evaluation halts only at
 * haltMaxSteps, so a batch stays in lock step.
 *
 * Ownership: a carry holds two tensors (z_H, z_L). `evalStep` and `trainStep` consume the carry
 * they are given (its tensors are disposed) and return the next one; `disposeCarry` frees a carry
 * you stop using. Everything else they return is plain typed arrays, except `trainStep`'s
 * gradients, which the optimizer disposes.
 */
import * as tf from '@tensorflow/tfjs';
import { TrmError, invalidInput } from '../errors.js';
import { IGNORE_LABEL_ID } from '../util/tokens.js';
import { sigmoid } from '../util/math.js';
import type { Rng } from '../util/rng.js';
import type { InnerCarry, TrmBatch, TrmModel } from './model.js';
import {
  actMetrics,
  argmaxRows,
  lmLossSum,
  lossTargets,
  maxStablemaxProbs,
  qHaltLossSum,
  sequenceStats,
  type SequenceStats,
  type TrmMetrics,
} from './loss.js';

export type { InnerCarry, TrmBatch } from './model.js';

/** Everything deep supervision carries from one step to the next. */
export interface TrmCarry {
  readonly inner: InnerCarry;
  /** [B] supervision steps each row has taken since it (re)started. */
  readonly steps: Int32Array;
  /** [B] 1 = the row halted last step (it restarts with the next batch's row). */
  readonly halted: Uint8Array;
  /** The rows currently being worked on (labels −100 where none were given). */
  readonly current: Required<TrmBatch>;
}

/** {@link evalStep}'s result; all outputs are host arrays. */
export interface EvalStepResult {
  /** The next carry (the given one was consumed). */
  readonly carry: TrmCarry;
  /** [B·S·V] row-major logits. */
  readonly logits: Float32Array;
  /** [B] Q-halt logits. */
  readonly qHalt: Float32Array;
  /** [B] Q-continue logits. */
  readonly qContinue: Float32Array;
  /** [B] 1 = halted after this step. */
  readonly halted: Uint8Array;
}

/** One refinement step as the solve loop sees it. */
export interface RefineStep {
  /** 1-based supervision step. */
  readonly step: number;
  /** Per row: argmax token per position [S]. */
  readonly predictions: Int32Array[];
  /** Per row: the max stablemax probability per position [S] (the model's confidence). */
  readonly probs: Float32Array[];
  /** [B] Q-halt logits (> 0: the model believes the row is solved). */
  readonly qHalt: Float32Array;
  /** [B·L·H] z_H after this step, when `returnZH` was asked. */
  readonly zH?: Float32Array;
}

export interface RefineOptions {
  /** Also return z_H per step (for inspection and tests). */
  readonly returnZH?: boolean;
}

/** The random draws of training-time halting exploration (inject a seeded one for reproducibility). */
export type HaltRng = Pick<Rng, 'next' | 'int'>;

/** {@link trainStep}'s result. */
export interface TrainStepResult {
  /** The next carry (the given one was consumed). */
  readonly carry: TrmCarry;
  /** lm_loss + 0.5 · (q_halt_loss + q_continue_loss), summed over the batch (not normalised). */
  readonly loss: number;
  readonly lmLoss: number;
  readonly qHaltLoss: number;
  /** 0 unless config.noActContinue is false (it always is for HRM). */
  readonly qContinueLoss: number;
  /** d loss / d parameter for every trainable name; the caller (optimizer) disposes them. */
  readonly grads: Map<string, tf.Tensor>;
  /**
   * d loss / d puzzle-embedding rows gathered for this batch ([B, ndim], row i belongs to ids[i];
   * ids may repeat), for the reference's sign-SGD of the puzzle embedding; null without one.
   * The caller disposes `grad`.
   */
  readonly puzzleEmbGrad: { readonly ids: Int32Array; readonly grad: tf.Tensor2D } | null;
  readonly metrics: TrmMetrics;
  /** The step's outputs: logits [B·S·V], Q logits [B]. */
  readonly outputs: { readonly logits: Float32Array; readonly qHalt: Float32Array; readonly qContinue: Float32Array };
}

/**
 * Check a batch against the model config: lengths, token ids in [0, vocabSize), labels in
 * [0, vocabSize) or −100, puzzle ids in range. Throws TRM_ERR_INVALID_INPUT saying where.
 */
export function validateBatch(model: TrmModel, batch: TrmBatch, needLabels: boolean): void {
  const { seqLen: S, vocabSize: V, numPuzzleIdentifiers: nId } = model.config;
  const B = batch?.batchSize;
  if (!Number.isInteger(B) || B < 1) throw invalidInput(`batch.batchSize must be a positive integer, got ${JSON.stringify(B)}`);
  const checkTokens = (name: 'inputs' | 'labels', a: unknown, allowIgnore: boolean): void => {
    if (!(a instanceof Int32Array)) throw invalidInput(`batch.${name} must be an Int32Array`);
    if (a.length !== B * S) throw invalidInput(`batch.${name} has ${a.length} tokens, expected batchSize × seqLen = ${B} × ${S} = ${B * S}`);
    for (let i = 0; i < a.length; i++) {
      const t = a[i]!;
      if ((t < 0 || t >= V) && !(allowIgnore && t === IGNORE_LABEL_ID)) {
        throw invalidInput(`batch.${name}: row ${Math.floor(i / S)}, position ${i % S} is ${t}, outside [0, ${V})${allowIgnore ? ' and not −100' : ''}`, { row: Math.floor(i / S), position: i % S, value: t });
      }
    }
  };
  checkTokens('inputs', batch.inputs, false);
  if (batch.labels !== undefined) checkTokens('labels', batch.labels, true);
  else if (needLabels) throw invalidInput('batch.labels are required for training');
  const ids = batch.puzzleIdentifiers;
  if (!(ids instanceof Int32Array)) throw invalidInput('batch.puzzleIdentifiers must be an Int32Array');
  if (ids.length !== B) throw invalidInput(`batch.puzzleIdentifiers has ${ids.length} entries, expected batchSize = ${B}`);
  for (let b = 0; b < B; b++) {
    if (ids[b]! < 0 || ids[b]! >= nId) throw invalidInput(`batch.puzzleIdentifiers[${b}] is ${ids[b]}, outside [0, ${nId})`, { row: b, value: ids[b] });
  }
}

/** A fresh carry of `batchSize` rows, all halted (so the first step loads the batch). */
export function initialCarry(model: TrmModel, batchSize: number): TrmCarry {
  model.assertAlive();
  if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidInput(`batchSize must be a positive integer, got ${batchSize}`);
  const { seqLen: S, hiddenSize: H } = model.config;
  const L = model.latentLen;
  return {
    inner: { zH: tf.zeros([batchSize, L, H]), zL: tf.zeros([batchSize, L, H]) },
    steps: new Int32Array(batchSize),
    halted: new Uint8Array(batchSize).fill(1),
    current: {
      batchSize,
      inputs: new Int32Array(batchSize * S),
      labels: new Int32Array(batchSize * S).fill(IGNORE_LABEL_ID),
      puzzleIdentifiers: new Int32Array(batchSize),
    },
  };
}

/** Free a carry's tensors. */
export function disposeCarry(carry: TrmCarry): void {
  tf.dispose([carry.inner.zH, carry.inner.zL]);
}

/**
 * Restart the halted rows: latents ← H_init / L_init, steps ← 0, data ← the batch's row.
 * Consumes the carry's tensors (returns them unchanged when no row halted).
 */
function restartHalted(model: TrmModel, carry: TrmCarry, batch: TrmBatch): { inner: InnerCarry; steps: Int32Array; current: Required<TrmBatch> } {
  const B = batch.batchSize;
  const S = model.config.seqLen;
  if (carry.steps.length !== B) {
    throw invalidInput(`batch has ${B} rows but the carry was made for ${carry.steps.length}; use a carry of the same batch size`);
  }
  const halted = carry.halted;
  const steps = carry.steps.map((s, b) => (halted[b] ? 0 : s));
  const inputs = carry.current.inputs.slice();
  const labels = carry.current.labels.slice();
  const ids = carry.current.puzzleIdentifiers.slice();
  for (let b = 0; b < B; b++) {
    if (!halted[b]) continue;
    inputs.set(batch.inputs.subarray(b * S, (b + 1) * S), b * S);
    if (batch.labels) labels.set(batch.labels.subarray(b * S, (b + 1) * S), b * S);
    else labels.fill(IGNORE_LABEL_ID, b * S, (b + 1) * S);
    ids[b] = batch.puzzleIdentifiers[b]!;
  }
  const current = { batchSize: B, inputs, labels, puzzleIdentifiers: ids };
  if (!halted.some((h) => h === 1)) return { inner: carry.inner, steps, current };
  const inner = tf.tidy(() => {
    const mask = tf.tensor3d(Uint8Array.from(halted), [B, 1, 1], 'bool'); // broadcast over [L, H]
    return {
      zH: tf.where(mask, model.params.get('inner.H_init') as tf.Tensor, carry.inner.zH) as tf.Tensor3D,
      zL: tf.where(mask, model.params.get('inner.L_init') as tf.Tensor, carry.inner.zL) as tf.Tensor3D,
    };
  });
  disposeCarry(carry);
  return { inner, steps, current };
}

/**
 * One evaluation-mode ACT step (no gradient): restart halted rows from `batch`, run the inner
 * model, halt rows that reached haltMaxSteps. Consumes `carry`; returns host arrays.
 */
export function evalStep(model: TrmModel, carry: TrmCarry, batch: TrmBatch): EvalStepResult {
  model.assertAlive();
  validateBatch(model, batch, false);
  const r = restartHalted(model, carry, batch);
  let out;
  try {
    out = model.forwardInner(r.inner, r.current);
  } finally {
    tf.dispose([r.inner.zH, r.inner.zL]);
  }
  const logits = out.logits.dataSync() as Float32Array;
  const qHalt = out.qHalt.dataSync() as Float32Array;
  const qContinue = out.qContinue.dataSync() as Float32Array;
  tf.dispose([out.logits, out.qHalt, out.qContinue]);
  const steps = r.steps.map((s) => s + 1);
  const halted = Uint8Array.from(steps, (s) => (s >= model.config.haltMaxSteps ? 1 : 0));
  return { carry: { inner: out.inner, steps, halted, current: r.current }, logits, qHalt, qContinue, halted: halted.slice() };
}

/**
 * Refine a batch from a fresh carry for `steps` supervision steps (default haltMaxSteps),
 * yielding after each (argmax predictions, confidences, Q-halt logits). Up to haltMaxSteps this is
 * exactly `evalStep` repeated; beyond it the rows keep refining their latents instead of
 * restarting. Breaking out early disposes the latents.
 */
export async function* refineSteps(model: TrmModel, batch: TrmBatch, steps: number = model.config.haltMaxSteps, options: RefineOptions = {}): AsyncGenerator<RefineStep, void, void> {
  model.assertAlive();
  if (!Number.isInteger(steps) || steps < 1) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `steps must be a positive integer, got ${JSON.stringify(steps)}`);
  validateBatch(model, batch, false);
  const { seqLen: S, vocabSize: V } = model.config;
  const B = batch.batchSize;
  let inner = restartHalted(model, initialCarry(model, B), batch).inner;
  try {
    for (let step = 1; step <= steps; step++) {
      const out = model.forwardInner(inner, batch);
      tf.dispose([inner.zH, inner.zL]);
      inner = out.inner;
      const logits = (await out.logits.data()) as Float32Array;
      const qHalt = (await out.qHalt.data()) as Float32Array;
      tf.dispose([out.logits, out.qHalt, out.qContinue]);
      const preds = argmaxRows(logits, B * S, V);
      const conf = maxStablemaxProbs(logits, B * S, V);
      const predictions: Int32Array[] = [];
      const probs: Float32Array[] = [];
      for (let b = 0; b < B; b++) {
        predictions.push(preds.slice(b * S, (b + 1) * S));
        probs.push(conf.slice(b * S, (b + 1) * S));
      }
      const zH = options.returnZH ? ((await inner.zH.data()) as Float32Array).slice() : undefined;
      yield { step, predictions, probs, qHalt: qHalt.slice(), ...(zH ? { zH } : {}) };
    }
  } finally {
    tf.dispose([inner.zH, inner.zL]);
  }
}

/**
 * One training step of deep supervision (the reference's ACT forward in training mode and
 * ACTLossHead): restart halted rows from `batch`, run the inner model with gradient, compute the
 * loss, then decide halting (haltMaxSteps, Q-halt, exploration drawn from `rng`). Consumes
 * `carry`. Returns the un-normalised summed loss, its gradients (the optimizer step is the
 * caller's), the puzzle-embedding row gradients, metrics and outputs.
 */
export function trainStep(model: TrmModel, carry: TrmCarry, batch: TrmBatch, options: { rng: HaltRng }): TrainStepResult {
  model.assertAlive();
  validateBatch(model, batch, true);
  const cfg = model.config;
  const { seqLen: S, vocabSize: V, haltMaxSteps: maxSteps } = cfg;
  const B = batch.batchSize;
  const r = restartHalted(model, carry, batch);
  const targets = lossTargets(r.current.labels, B, S, V);
  const steps = r.steps.map((s) => s + 1);
  const useQContinue = !cfg.noActContinue && maxSteps > 1;

  let stats: SequenceStats | undefined;
  let logitsHost: Float32Array | undefined;
  let parts: { lm: tf.Scalar; qHalt: tf.Scalar; qCont: tf.Scalar | null } | undefined;
  let res;
  try {
    res = model.forwardInnerWithGrad(r.inner, r.current, (out) => {
      // The Q-halt target (is the row exactly right?) carries no gradient: read it on the host.
      logitsHost = (out.logits.dataSync() as Float32Array).slice();
      stats = sequenceStats(logitsHost, r.current.labels, B, S, V);
      const lm = lmLossSum(tf.reshape(out.logits, [B * S, V]), targets);
      const qHalt = qHaltLossSum(out.qHalt, stats.seqCorrect);
      let qCont: tf.Scalar | null = null;
      if (useQContinue) qCont = qContinueLossSum(model, out, r.current, steps);
      parts = { lm: tf.keep(lm), qHalt: tf.keep(qHalt), qCont: qCont ? tf.keep(qCont) : null };
      return tf.add(lm, tf.mul(0.5, qCont ? tf.add(qHalt, qCont) : qHalt)) as tf.Scalar;
    });
  } finally {
    tf.dispose([r.inner.zH, r.inner.zL]);
  }
  const lmLoss = parts!.lm.dataSync()[0]!;
  const qHaltLoss = parts!.qHalt.dataSync()[0]!;
  const qContinueLoss = parts!.qCont ? parts!.qCont.dataSync()[0]! : 0;
  tf.dispose([parts!.lm, parts!.qHalt, ...(parts!.qCont ? [parts!.qCont] : [])]);
  const qHalt = (res.qHalt.dataSync() as Float32Array).slice();
  const qContinue = (res.qContinue.dataSync() as Float32Array).slice();
  tf.dispose([res.logits, res.qHalt, res.qContinue]);

  // Halting: at haltMaxSteps always; in training also on the Q head, with exploration.
  const halted = Uint8Array.from(steps, (s) => (s >= maxSteps ? 1 : 0));
  if (maxSteps > 1) {
    for (let b = 0; b < B; b++) {
      if (cfg.noActContinue ? qHalt[b]! > 0 : qHalt[b]! > qContinue[b]!) halted[b] = 1;
      const minHalt = options.rng.next() < cfg.haltExplorationProb ? 2 + options.rng.int(maxSteps - 1) : 0;
      if (steps[b]! < minHalt) halted[b] = 0;
    }
  }
  return {
    carry: { inner: res.inner, steps, halted, current: r.current },
    loss: res.loss,
    lmLoss,
    qHaltLoss,
    qContinueLoss,
    grads: res.grads,
    puzzleEmbGrad: res.puzzleRowsGrad ? { ids: r.current.puzzleIdentifiers.slice(), grad: res.puzzleRowsGrad } : null,
    metrics: actMetrics(stats!, halted, steps, qHalt),
    outputs: { logits: logitsHost!, qHalt, qContinue },
  };
}

/**
 * The reference's Q-continue bootstrap loss (HRM always; TRM only when noActContinue is false):
 * BCE(q_continue, sigmoid(next q_halt) at the last step, else sigmoid(max(next q_halt, next
 * q_continue))), where "next" is one more no-grad inner step from this step's new latents. It runs
 * inside the gradient tape, so the target is rebuilt from host values to stay a constant.
 */
function qContinueLossSum(model: TrmModel, out: { inner: InnerCarry; qContinue: tf.Tensor1D }, current: Required<TrmBatch>, steps: Int32Array): tf.Scalar {
  const next = model.forwardInner(out.inner, current);
  const nh = next.qHalt.dataSync();
  const nc = next.qContinue.dataSync();
  tf.dispose([next.inner.zH, next.inner.zL, next.logits, next.qHalt, next.qContinue]);
  const target = Float32Array.from(steps, (s, b) => sigmoid(s >= model.config.haltMaxSteps ? nh[b]! : Math.max(nh[b]!, nc[b]!)));
  return tf.losses.sigmoidCrossEntropy(tf.tensor1d(target), out.qContinue, undefined, 0, tf.Reduction.SUM) as tf.Scalar;
}
