/**
 * Sparse sign-SGD for the puzzle embedding, as the reference's
 * `CastedSparseEmbeddingSignSGD_Distributed` (single process: world_size 1).
 *
 * Only the rows used in the batch move. Gradients of rows that appear several times in the batch
 * are summed first (torch `unique` + `scatter_add_`), then, for each distinct row r:
 *
 *   w_r ← w_r · (1 − lr·wd) − lr · sign(Σ grad_r)
 *
 * Sign-SGD suits this table: each row is seen rarely, so Adam's moments would be mostly stale and
 * Adam degenerates to sign-SGD anyway (the reference's own comment). It has no state to save.
 * The reference trains it with its own lr and decay (`puzzle_emb_lr`, `puzzle_emb_weight_decay`)
 * on the same warm-up/cosine schedule as the dense weights.
 */
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../errors.js';

export interface SignSgdOptions {
  /** Decoupled weight decay applied to the touched rows only (reference: puzzle_emb_weight_decay). */
  readonly weightDecay?: number;
}

/** Sparse sign-SGD over one embedding table `[numRows, dim]` held in a tfjs variable. */
export class SparseSignSGD {
  readonly weights: tf.Variable;
  readonly weightDecay: number;

  constructor(weights: tf.Variable, options: SignSgdOptions = {}) {
    if (weights.rank !== 2) throw new TrmError('TRM_ERR_INVALID_INPUT', `sign-SGD needs a [rows, dim] table, got shape [${weights.shape}]`);
    const wd = options.weightDecay ?? 0;
    if (!(wd >= 0)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `sign-SGD weightDecay must be ≥ 0, got ${wd}`);
    this.weights = weights;
    this.weightDecay = wd;
  }

  /**
   * Update the rows `ids[i]` with gradients `grad[i]` (`grad` is `[ids.length, dim]`) at learning
   * rate `lr`. Duplicate ids have their gradients summed. Throws TRM_ERR_INVALID_INPUT for an id
   * out of range or a gradient of the wrong shape. The caller keeps ownership of `grad`.
   */
  step(ids: ArrayLike<number> | tf.Tensor, grad: tf.Tensor, lr: number): void {
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `sign-SGD lr must be a finite number ≥ 0, got ${lr}`);
    const idList = ids instanceof tf.Tensor ? Array.from(ids.dataSync()) : Array.from(ids);
    const [rows, dim] = this.weights.shape as [number, number];
    if (grad.rank !== 2 || grad.shape[0] !== idList.length || grad.shape[1] !== dim) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `sign-SGD gradient has shape [${grad.shape}], expected [${idList.length}, ${dim}]`);
    }
    if (idList.length === 0) return;
    // Sum duplicate rows on the CPU: the batch is small, and tfjs has no scatter-add we could trust
    // on every backend (wasm lacks UnsortedSegmentSum).
    const g = grad.dataSync();
    const slotOf = new Map<number, number>();
    const unique: number[] = [];
    for (const id of idList) {
      if (!Number.isInteger(id) || id < 0 || id >= rows) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `sign-SGD row id ${id} is outside [0, ${rows})`, { id });
      }
      if (!slotOf.has(id)) {
        slotOf.set(id, unique.length);
        unique.push(id);
      }
    }
    const sum = new Float64Array(unique.length * dim);
    idList.forEach((id, i) => {
      const base = slotOf.get(id)! * dim;
      for (let j = 0; j < dim; j++) sum[base + j] = sum[base + j]! + g[i * dim + j]!;
    });
    const signs = new Float32Array(sum.length);
    for (let k = 0; k < sum.length; k++) signs[k] = Math.sign(sum[k]!);
    const keep = 1 - lr * this.weightDecay;
    tf.tidy(() => {
      const idx = tf.tensor1d(unique, 'int32');
      const updated = tf.gather(this.weights, idx).mul(keep).sub(tf.tensor2d(signs, [unique.length, dim]).mul(lr));
      this.weights.assign(tf.tensorScatterUpdate(this.weights, idx.reshape([unique.length, 1]), updated));
    });
  }
}
