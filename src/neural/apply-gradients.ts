/**
 * One optimizer update from a training step's summed gradients, as the reference applies it:
 * the weights' gradients · 1/B into AdamW, the gathered puzzle-embedding rows' gradient into
 * sparse sign-SGD. Shared by the trainer and ARC test-time training. Consumes (disposes) every
 * gradient it is given.
 */
import * as tf from '@tensorflow/tfjs';
import type { AdamW } from './adamw.js';
import type { SparseSignSGD } from './sign-sgd.js';

export interface StepGradients {
  /** Summed over the batch, by parameter name. */
  readonly grads: Map<string, tf.Tensor>;
  readonly puzzleEmbGrad: { readonly ids: Int32Array; readonly grad: tf.Tensor2D } | null;
}

/** `adam` null: the weights stay (e.g. only the puzzle embedding is fitted); `signSgd` null: no puzzle embedding. */
export function applyGradients(
  res: StepGradients,
  batchSize: number,
  adam: { readonly opt: AdamW; readonly lr: number } | null,
  signSgd: { readonly opt: SparseSignSGD; readonly lr: number } | null,
): void {
  if (adam) {
    const scaled = new Map<string, tf.Tensor>();
    for (const [name, g] of res.grads) scaled.set(name, tf.mul(g, 1 / batchSize));
    adam.opt.step(scaled, adam.lr);
    tf.dispose([...scaled.values()]);
  }
  tf.dispose([...res.grads.values()]);
  if (res.puzzleEmbGrad) {
    signSgd?.opt.step(res.puzzleEmbGrad.ids, res.puzzleEmbGrad.grad, signSgd.lr);
    res.puzzleEmbGrad.grad.dispose();
  }
}
