/**
 * The Tiny Recursive Model (arXiv 2510.04871; the reference's `models/recursive_reasoning/trm.py`)
 * on the shared layers of `layers.ts`: one reasoning module `net` = `inner.L_level` updates both
 * latents.
 *
 * One supervision step (T = hCycles, n = lCycles), from the carry (z_H, z_L) and the input
 * embedding x:
 *
 *   repeat T times:  n times z_L ← net(z_L, z_H + x);  then z_H ← net(z_H, z_L)
 *
 * The first T−1 cycles run without gradient, the last one with it (the reference's
 * `torch.no_grad()` around all but the last cycle).
 */
import * as tf from '@tensorflow/tfjs';
import type { TrmConfig } from './config.js';
import {
  embeddingAndHeadSpecs,
  initAndPuzzleSpecs,
  moduleSpecs,
  reasoningModule,
  type Architecture,
  type ForwardContext,
  type Latents,
  type ParamSpec,
} from './layers.js';

/** TRM's parameters: embedding and heads, the blocks of `inner.L_level` (attention or mlp_t), H_init / L_init, the puzzle embedding. */
export function trmParamSpecs(c: TrmConfig): ParamSpec[] {
  return [...embeddingAndHeadSpecs(c), ...moduleSpecs(c, 'inner.L_level', c.lLayers), ...initAndPuzzleSpecs(c)];
}

/**
 * `cycles` recursion cycles from z = (z_H, z_L) [N, H] with input embedding x [N, H]:
 * each cycle does n times z_L = net(z_L, z_H + x), then z_H = net(z_H, z_L).
 */
export function latentRecursion(ctx: ForwardContext, z: Latents, x: tf.Tensor2D, cycles: number): Latents {
  let { zH, zL } = z;
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < ctx.config.lCycles; i++) zL = reasoningModule(zL, tf.add(zH, x), ctx.lLevel, ctx); // [N, H]
    zH = reasoningModule(zH, zL, ctx.lLevel, ctx); // [N, H]
  }
  return { zH, zL };
}

export const trmArchitecture: Architecture = {
  name: 'trm',
  paramSpecs: trmParamSpecs,
  /** T−1 cycles. */
  withoutGrad: (ctx, z, x) => latentRecursion(ctx, z, x, ctx.config.hCycles - 1),
  /** The last cycle. */
  withGrad: (ctx, z, x) => latentRecursion(ctx, z, x, 1),
};
