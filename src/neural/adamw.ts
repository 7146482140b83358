/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019), step for step what
 * `torch.optim.AdamW` does. For a parameter p with gradient g at its step t (1-based):
 *
 *   p ← p · (1 − lr·wd)                       decay first, from the pre-update p (torch: p.mul_)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)     = p − lr·m̂/(√v̂ + ε)
 *
 * As in torch, a parameter without a gradient this step is left alone (no decay, no moment
 * update) and its step counter does not advance, so every parameter carries its own t.
 *
 * Note: the reference TRM trains with `AdamATan2` (adam-atan2, ε-free: the ratio m̂/(√v̂+ε) is
 * replaced by an atan2). AdamW with the same betas and weight decay is the standard stand-in.
 */
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../errors.js';

export interface AdamWOptions {
  /** (β1, β2); the reference trains with (0.9, 0.95). */
  readonly betas?: readonly [number, number];
  /** Added to √v̂; 1e-8 as torch. */
  readonly eps?: number;
  /** Decoupled weight decay; the reference uses 0.1 (1.0 for Sudoku). Default 0. */
  readonly weightDecay?: number;
}

/** Per-parameter optimizer state, on the CPU, for checkpoints. */
export interface AdamWParamState {
  /** How many updates this parameter has had (torch's `state['step']`). */
  readonly step: number;
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly shape: number[];
}

/** Everything needed to resume: hyper-parameters and the per-parameter moments. */
export interface AdamWState {
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly params: Map<string, AdamWParamState>;
}

interface Slot {
  step: number;
  m: tf.Variable;
  v: tf.Variable;
}

/** AdamW over a map of named tfjs variables (see the module comment for the exact update). */
export class AdamW {
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  private readonly params: Map<string, tf.Variable>;
  private readonly slots = new Map<string, Slot>();

  constructor(params: Map<string, tf.Variable>, options: AdamWOptions = {}) {
    const [b1, b2] = options.betas ?? [0.9, 0.95];
    const eps = options.eps ?? 1e-8;
    const wd = options.weightDecay ?? 0;
    for (const [k, x] of [['beta1', b1], ['beta2', b2]] as const) {
      if (!(x >= 0 && x < 1)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `AdamW ${k} must be in [0, 1), got ${x}`);
    }
    if (!(eps >= 0)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `AdamW eps must be ≥ 0, got ${eps}`);
    if (!(wd >= 0)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `AdamW weightDecay must be ≥ 0, got ${wd}`);
    this.betas = [b1, b2];
    this.eps = eps;
    this.weightDecay = wd;
    this.params = params;
  }

  private slot(name: string, p: tf.Variable): Slot {
    let s = this.slots.get(name);
    if (!s) {
      // tidy frees the zero tensors; the variables keep their own reference to the data.
      s = tf.tidy(() => ({ step: 0, m: tf.variable(tf.zerosLike(p), false), v: tf.variable(tf.zerosLike(p), false) }));
      this.slots.set(name, s);
    }
    return s;
  }

  /**
   * One AdamW update at learning rate `lr` for every parameter that has a gradient in `grads`.
   * Throws TRM_ERR_INVALID_INPUT for a gradient of an unknown parameter or of the wrong shape.
   * Does not dispose the gradients (the caller owns them) and leaves no intermediate tensors.
   */
  step(grads: Map<string, tf.Tensor>, lr: number): void {
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `AdamW lr must be a finite number ≥ 0, got ${lr}`);
    for (const [name, g] of grads) {
      const p = this.params.get(name);
      if (!p) throw new TrmError('TRM_ERR_INVALID_INPUT', `AdamW: gradient for unknown parameter "${name}"`, { name });
      if (!tf.util.arraysEqual(g.shape, p.shape)) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `AdamW: gradient of "${name}" has shape [${g.shape}], parameter has [${p.shape}]`, { name });
      }
    }
    const [b1, b2] = this.betas;
    for (const [name, g] of grads) {
      const p = this.params.get(name)!;
      const s = this.slot(name, p);
      s.step += 1;
      const bc1 = 1 - b1 ** s.step;
      const bc2Sqrt = Math.sqrt(1 - b2 ** s.step);
      tf.tidy(() => {
        const m = s.m.mul(b1).add(g.mul(1 - b1));
        const v = s.v.mul(b2).add(g.square().mul(1 - b2));
        const denom = v.sqrt().div(bc2Sqrt).add(this.eps);
        const decayed = this.weightDecay ? p.mul(1 - lr * this.weightDecay) : p;
        const next = decayed.sub(m.div(denom).mul(lr / bc1));
        s.m.assign(m);
        s.v.assign(v);
        p.assign(next);
      });
    }
  }

  /** A CPU copy of the state (moments and step counts) for checkpointing. */
  getState(): AdamWState {
    const params = new Map<string, AdamWParamState>();
    for (const [name, s] of this.slots) {
      params.set(name, { step: s.step, m: s.m.dataSync() as Float32Array, v: s.v.dataSync() as Float32Array, shape: [...s.m.shape] });
    }
    return { betas: [...this.betas], eps: this.eps, weightDecay: this.weightDecay, params };
  }

  /**
   * Restore moments and step counts saved by {@link getState}. Hyper-parameters stay those of the
   * constructor (a resumed run may change them on purpose). Throws TRM_ERR_INVALID_CHECKPOINT for
   * an unknown parameter or a shape mismatch, before changing anything.
   */
  setState(state: Pick<AdamWState, 'params'>): void {
    for (const [name, ps] of state.params) {
      const p = this.params.get(name);
      if (!p) throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `AdamW state has moments for unknown parameter "${name}"`, { name });
      const n = p.size;
      if (ps.m.length !== n || ps.v.length !== n || !tf.util.arraysEqual(ps.shape, p.shape)) {
        throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `AdamW state for "${name}" has shape [${ps.shape}], parameter has [${p.shape}]`, { name });
      }
      if (!Number.isInteger(ps.step) || ps.step < 0) {
        throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `AdamW state for "${name}" has step ${ps.step}, expected an integer ≥ 0`, { name });
      }
    }
    this.disposeSlots();
    for (const [name, ps] of state.params) {
      const shape = this.params.get(name)!.shape;
      this.slots.set(name, tf.tidy(() => ({
        step: ps.step,
        m: tf.variable(tf.tensor(ps.m, shape, 'float32'), false),
        v: tf.variable(tf.tensor(ps.v, shape, 'float32'), false),
      })));
    }
  }

  private disposeSlots(): void {
    for (const s of this.slots.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.slots.clear();
  }

  /** Free the moment tensors (the parameters belong to the model). */
  dispose(): void {
    this.disposeSlots();
  }
}
