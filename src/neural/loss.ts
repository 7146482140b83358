/**
 * The reference's ACT loss head (`ACTLossHead` with `stablemax_cross_entropy`, models/losses.py):
 *
 *   mask = labels ≠ −100, divisor_b = max(Σ_s mask, 1)
 *   lm_loss      = Σ_b Σ_s mask · CE_stablemax(logits, label) / divisor_b
 *   seq_correct_b = every valid token's argmax equals its label
 *   q_halt_loss  = Σ_b BCE_with_logits(q_halt_b, seq_correct_b)
 *   loss         = lm_loss + 0.5 · (q_halt_loss [+ q_continue_loss])
 *
 * Stablemax replaces exp by s(x) = 1/(1−x) for x < 0 and 1 + x for x ≥ 0 (a softmax that does not
 * saturate in low precision). The reference evaluates it in float64; here it stays in float32 but
 * takes log s(x) − log Σ s(x) rather than the log of a ratio. s is written as
 * 1/(1 − min(x, 0)) + relu(x): equal to both branches (for x < 0 relu is 0; for x ≥ 0 the first
 * term is 1), differentiable on every backend (tfjs has no gradient through `where`/`less`).
 */
import * as tf from '@tensorflow/tfjs';
import { IGNORE_LABEL_ID } from '../util/tokens.js';

/** s(x) elementwise: 1/(1−x) for x < 0, 1 + x for x ≥ 0. */
export function stablemaxS(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.reciprocal(tf.sub(1, tf.minimum(x, 0))), tf.relu(x));
}

/** log stablemax over the last axis: log s(x) − log Σ s(x). */
export function logStablemax(x: tf.Tensor): tf.Tensor {
  const s = stablemaxS(x);
  return tf.sub(tf.log(s), tf.log(tf.sum(s, -1, true)));
}

/** s(x) in plain JS (the same formula, for per-token confidences without a tensor round trip). */
export function stablemaxSScalar(x: number): number {
  return x < 0 ? 1 / (1 - x) : x + 1;
}

/** What the loss needs from the labels, computed once on the host (constants for the gradient). */
export interface LossTargets {
  readonly batch: number;
  readonly seqLen: number;
  readonly vocab: number;
  readonly labels: Int32Array;
  /** Valid (non-ignored) labels per row. */
  readonly counts: Int32Array;
  /** [B·S]: mask / divisor of the row — the weight of each token's log Σ s term. */
  readonly tokenWeight: Float32Array;
  /** [B·S·V]: tokenWeight at the label's column, 0 elsewhere — the weight of each log s term. */
  readonly labelWeight: Float32Array;
}

/** Loss targets from flat labels [B·S] (IGNORE_LABEL_ID = −100 ignored). Labels must be in [0, V) or −100. */
export function lossTargets(labels: Int32Array, batch: number, seqLen: number, vocab: number): LossTargets {
  const counts = new Int32Array(batch);
  const tokenWeight = new Float32Array(batch * seqLen);
  const labelWeight = new Float32Array(batch * seqLen * vocab);
  for (let b = 0; b < batch; b++) {
    let n = 0;
    for (let s = 0; s < seqLen; s++) if (labels[b * seqLen + s] !== IGNORE_LABEL_ID) n++;
    counts[b] = n;
    const w = 1 / Math.max(n, 1);
    for (let s = 0; s < seqLen; s++) {
      const i = b * seqLen + s;
      const y = labels[i]!;
      if (y === IGNORE_LABEL_ID) continue;
      tokenWeight[i] = w;
      labelWeight[i * vocab + y] = w;
    }
  }
  return { batch, seqLen, vocab, labels, counts, tokenWeight, labelWeight };
}

/**
 * lm_loss = Σ_tokens weight · (log Σ_v s(x_v) − log s(x_label)) for logits [B·S, V]; a scalar,
 * differentiable w.r.t. the logits.
 */
export function lmLossSum(logits: tf.Tensor2D, t: LossTargets): tf.Scalar {
  const n = t.batch * t.seqLen;
  const s = stablemaxS(logits); // [B·S, V]
  const logSum = tf.log(tf.sum(s, -1)); // [B·S]
  const total = tf.sum(tf.mul(logSum, tf.tensor1d(t.tokenWeight)));
  const picked = tf.sum(tf.mul(tf.log(s), tf.tensor2d(t.labelWeight, [n, t.vocab])));
  return tf.sub(total, picked) as tf.Scalar;
}

/** q_halt_loss = Σ_b BCE_with_logits(qHalt_b, seqCorrect_b). */
export function qHaltLossSum(qHalt: tf.Tensor1D, seqCorrect: Uint8Array): tf.Scalar {
  const target = tf.tensor1d(Float32Array.from(seqCorrect));
  return tf.losses.sigmoidCrossEntropy(target, qHalt, undefined, 0, tf.Reduction.SUM) as tf.Scalar;
}

/** Per-row correctness from host-side logits [B·S·V] (no gradient is needed through it). */
export interface SequenceStats {
  /** argmax per token [B·S] (the first maximum on ties, as torch.argmax). */
  readonly preds: Int32Array;
  /** Valid labels per row. */
  readonly counts: Int32Array;
  /** Valid tokens predicted right, per row. */
  readonly correct: Int32Array;
  /** 1 where every valid token is right (the Q-halt target). */
  readonly seqCorrect: Uint8Array;
}

/** argmax and correctness per row from logits [B·S·V] and labels [B·S]. */
export function sequenceStats(logits: Float32Array, labels: Int32Array, batch: number, seqLen: number, vocab: number): SequenceStats {
  const preds = argmaxRows(logits, batch * seqLen, vocab);
  const counts = new Int32Array(batch);
  const correct = new Int32Array(batch);
  const seqCorrect = new Uint8Array(batch);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < seqLen; s++) {
      const i = b * seqLen + s;
      if (labels[i] === IGNORE_LABEL_ID) continue;
      counts[b]!++;
      if (preds[i] === labels[i]) correct[b]!++;
    }
    seqCorrect[b] = correct[b] === counts[b] ? 1 : 0;
  }
  return { preds, counts, correct, seqCorrect };
}

/** argmax over the last axis of a row-major [rows, width] array. */
export function argmaxRows(x: Float32Array, rows: number, width: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestV = x[r * width]!;
    for (let v = 1; v < width; v++) {
      const val = x[r * width + v]!;
      if (val > bestV) {
        bestV = val;
        best = v;
      }
    }
    out[r] = best;
  }
  return out;
}

/** The reference's training metrics, over rows that halted this step and have labels. */
export interface TrmMetrics {
  /** Rows counted: halted this step with at least one valid label. */
  readonly count: number;
  /** Mean per-row token accuracy. */
  readonly accuracy: number;
  /** Fraction of rows exactly right. */
  readonly exactAccuracy: number;
  /** Fraction of rows where (q_halt ≥ 0) agrees with exactly-right. */
  readonly qHaltAccuracy: number;
  /** Mean supervision steps used. */
  readonly steps: number;
}

/** Metrics as the reference's ACTLossHead computes them (means over `count`; 0 when count is 0). */
export function actMetrics(stats: SequenceStats, halted: Uint8Array, steps: Int32Array, qHalt: Float32Array): TrmMetrics {
  let count = 0;
  let acc = 0;
  let exact = 0;
  let qAcc = 0;
  let st = 0;
  for (let b = 0; b < halted.length; b++) {
    if (!halted[b] || stats.counts[b]! === 0) continue;
    count++;
    acc += stats.correct[b]! / stats.counts[b]!;
    exact += stats.seqCorrect[b]!;
    qAcc += (qHalt[b]! >= 0) === (stats.seqCorrect[b] === 1) ? 1 : 0;
    st += steps[b]!;
  }
  const d = Math.max(count, 1);
  return { count, accuracy: acc / d, exactAccuracy: exact / d, qHaltAccuracy: qAcc / d, steps: st / d };
}

/**
 * Max stablemax probability per token from logits [B·S·V] (the confidence the refine loop
 * reports; stablemax because that is the distribution the loss trains).
 */
export function maxStablemaxProbs(logits: Float32Array, rows: number, vocab: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    let max = 0;
    for (let v = 0; v < vocab; v++) {
      const s = stablemaxSScalar(logits[r * vocab + v]!);
      sum += s;
      if (s > max) max = s;
    }
    out[r] = max / sum;
  }
  return out;
}
