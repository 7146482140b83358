/**
 * The Hierarchical Reasoning Model (the official HRM's `models/hrm/hrm_act_v1.py`) on the shared
 * layers of `layers.ts`: two reasoning modules with their own weights, a high-level `H_level`
 * (`inner.H_level.layers.*`, hLayers blocks) and a low-level `L_level` (`inner.L_level.layers.*`,
 * lLayers blocks); a module is layers(h + injection).
 *
 * One supervision step (T = hCycles, n = lCycles), from the carry (z_H, z_L) and the input
 * embedding x:
 *
 *   repeat T times:  n times z_L ← L_level(z_L, z_H + x);  then, except after the last cycle,
 *                    z_H ← H_level(z_H, z_L)
 *   z_H ← H_level(z_H, z_L)
 *
 * all without gradient except the very last z_L update and the final z_H update (HRM's one-step
 * gradient approximation). Unlike TRM there is no mlp_t variant and no puzzle_emb_len setting
 * (the prefix is ceil(puzzleEmbNdim / hiddenSize)); the ACT wrapper always trains the Q-continue
 * bootstrap (see act.ts).
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

/** HRM's parameters: embedding and heads, the blocks of `inner.H_level` then `inner.L_level`, H_init / L_init, the puzzle embedding. */
export function hrmParamSpecs(c: TrmConfig): ParamSpec[] {
  return [...embeddingAndHeadSpecs(c), ...moduleSpecs(c, 'inner.H_level', c.hLayers), ...moduleSpecs(c, 'inner.L_level', c.lLayers), ...initAndPuzzleSpecs(c)];
}

/** All of a step's updates but the last z_L update and the final z_H update, z and x [N, H]. */
export function hrmWithoutGrad(ctx: ForwardContext, z: Latents, x: tf.Tensor2D): Latents {
  const { hCycles: T, lCycles: n } = ctx.config;
  let { zH, zL } = z;
  for (let c = 0; c < T; c++) {
    for (let i = 0; i < n; i++) {
      if (c === T - 1 && i === n - 1) break; // the last z_L update carries the gradient
      zL = reasoningModule(zL, tf.add(zH, x), ctx.lLevel, ctx); // [N, H]
    }
    if (c < T - 1) zH = reasoningModule(zH, zL, ctx.hLevel, ctx); // [N, H]
  }
  return { zH, zL };
}

/** The one-step gradient: z_L ← L_level(z_L, z_H + x), then z_H ← H_level(z_H, z_L); [N, H]. */
export function hrmWithGrad(ctx: ForwardContext, z: Latents, x: tf.Tensor2D): Latents {
  const zL = reasoningModule(z.zL, tf.add(z.zH, x), ctx.lLevel, ctx); // [N, H]
  const zH = reasoningModule(z.zH, zL, ctx.hLevel, ctx); // [N, H]
  return { zH, zL };
}

export const hrmArchitecture: Architecture = {
  name: 'hrm',
  paramSpecs: hrmParamSpecs,
  withoutGrad: hrmWithoutGrad,
  withGrad: hrmWithGrad,
};
