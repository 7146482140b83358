/**
 * Exponential moving average of the weights, as the reference's `EMAHelper` (mu 0.999):
 * after every optimizer step, shadow ← mu·shadow + (1 − mu)·param; evaluation runs on the shadow.
 *
 * The reference registers only `requires_grad` parameters, so the puzzle-embedding table (a
 * buffer trained by sign-SGD) is not averaged: pass `names` (e.g. `model.trainableNames()`)
 * to do the same. The shadow starts as a copy of the current weights (reference `register`).
 */
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../errors.js';

export interface EmaOptions {
  /** Decay of the average; the reference's `ema_rate` is 0.999. */
  readonly mu?: number;
  /** Which parameters to average; default all of `params`. */
  readonly names?: Iterable<string>;
}

/** Serializable EMA state (CPU copies). */
export interface EmaState {
  readonly mu: number;
  readonly shadow: Map<string, { shape: number[]; data: Float32Array }>;
}

/** Anything that holds named weights: a `Map` or a model with `params`. */
export type ParamHolder = Map<string, tf.Variable> | { readonly params: Map<string, tf.Variable> };

const paramsOf = (h: ParamHolder): Map<string, tf.Variable> => (h instanceof Map ? h : h.params);

export class Ema {
  readonly mu: number;
  private readonly params: Map<string, tf.Variable>;
  private readonly shadow = new Map<string, tf.Variable>();

  constructor(params: ParamHolder, options: EmaOptions = {}) {
    const mu = options.mu ?? 0.999;
    if (!(mu >= 0 && mu <= 1)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `EMA mu must be in [0, 1], got ${mu}`);
    this.mu = mu;
    this.params = paramsOf(params);
    const names = options.names ? [...options.names] : [...this.params.keys()];
    for (const name of names) {
      const p = this.params.get(name);
      if (!p) throw new TrmError('TRM_ERR_INVALID_INPUT', `EMA: no parameter named "${name}"`, { name });
      this.shadow.set(name, tf.tidy(() => tf.variable(p.clone(), false)));
    }
  }

  /** Names of the averaged parameters. */
  names(): string[] {
    return [...this.shadow.keys()];
  }

  /** shadow ← mu·shadow + (1 − mu)·param, for every averaged parameter. Call after each optimizer step. */
  update(): void {
    tf.tidy(() => {
      for (const [name, s] of this.shadow) {
        s.assign(s.mul(this.mu).add(this.params.get(name)!.mul(1 - this.mu)));
      }
    });
  }

  /** Copy the averages into `target` (a model or its param map; default the tracked params). */
  copyTo(target: ParamHolder = this.params): void {
    const dst = paramsOf(target);
    for (const [name, s] of this.shadow) {
      const p = dst.get(name);
      if (!p) throw new TrmError('TRM_ERR_INVALID_INPUT', `EMA copyTo: target has no parameter "${name}"`, { name });
      if (!tf.util.arraysEqual(p.shape, s.shape)) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `EMA copyTo: "${name}" has shape [${p.shape}] in the target, [${s.shape}] in the average`, { name });
      }
    }
    for (const [name, s] of this.shadow) dst.get(name)!.assign(s);
  }

  /**
   * Exchange the live weights and the averages: call once to evaluate on the averages and once
   * more to return to training, with nothing copied to the CPU.
   */
  swap(): void {
    tf.tidy(() => {
      for (const [name, s] of this.shadow) {
        const p = this.params.get(name)!;
        const live = p.clone();
        p.assign(s);
        s.assign(live);
      }
    });
  }

  /** CPU copy of the averages, for checkpoints. */
  getState(): EmaState {
    const shadow = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const [name, s] of this.shadow) shadow.set(name, { shape: [...s.shape], data: s.dataSync() as Float32Array });
    return { mu: this.mu, shadow };
  }

  /**
   * Restore averages saved by {@link getState} (mu stays the constructor's). Throws
   * TRM_ERR_INVALID_CHECKPOINT for an unknown name or a shape mismatch, before changing anything.
   */
  setState(state: Pick<EmaState, 'shadow'>): void {
    for (const [name, t] of state.shadow) {
      const s = this.shadow.get(name);
      if (!s) throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `EMA state has an average for "${name}", which is not tracked`, { name });
      if (!tf.util.arraysEqual(t.shape, s.shape) || t.data.length !== s.size) {
        throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `EMA state for "${name}" has shape [${t.shape}], expected [${s.shape}]`, { name });
      }
    }
    for (const [name, t] of state.shadow) {
      tf.tidy(() => this.shadow.get(name)!.assign(tf.tensor(t.data, t.shape, 'float32')));
    }
  }

  /** Free the averages. */
  dispose(): void {
    for (const s of this.shadow.values()) s.dispose();
    this.shadow.clear();
  }
}
