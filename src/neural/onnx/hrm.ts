/**
 * The Hierarchical Reasoning Model's supervision step as ONNX nodes, the same recursion as
 * `src/neural/hrm.ts`: a high-level module `inner.H_level` (hLayers blocks) and a low-level one
 * `inner.L_level` (lLayers blocks).
 *
 *   repeat T times:  n times z_L ← L_level(z_L, z_H + x);  then, except after the last cycle,
 *                    z_H ← H_level(z_H, z_L)
 *   z_H ← H_level(z_H, z_L)
 *
 * The tfjs engine splits this at the one-step gradient (hrmWithoutGrad / hrmWithGrad); the graph
 * unrolls both parts in the same order.
 */
import { reasoningModule, type OnnxContext, type OnnxLatents } from './layers.js';

const lLevel = (ctx: OnnxContext, zL: string, injection: string): string => reasoningModule(ctx, zL, injection, 'inner.L_level', ctx.config.lLayers);
const hLevel = (ctx: OnnxContext, zH: string, zL: string): string => reasoningModule(ctx, zH, zL, 'inner.H_level', ctx.config.hLayers);

/** All of a step's updates but the last z_L update and the final z_H update, z and x [B, L, H]. */
export function hrmWithoutGrad(ctx: OnnxContext, z: OnnxLatents, x: string): OnnxLatents {
  const { hCycles: T, lCycles: n } = ctx.config;
  let { zH, zL } = z;
  for (let c = 0; c < T; c++) {
    for (let i = 0; i < n; i++) {
      if (c === T - 1 && i === n - 1) break; // the last z_L update is hrmWithGrad's
      zL = lLevel(ctx, zL, ctx.g.op1('Add', [zH, x])); // [B, L, H]
    }
    if (c < T - 1) zH = hLevel(ctx, zH, zL); // [B, L, H]
  }
  return { zH, zL };
}

/** The last z_L update, then z_H ← H_level(z_H, z_L); [B, L, H]. */
export function hrmWithGrad(ctx: OnnxContext, z: OnnxLatents, x: string): OnnxLatents {
  const zL = lLevel(ctx, z.zL, ctx.g.op1('Add', [z.zH, x])); // [B, L, H]
  const zH = hLevel(ctx, z.zH, zL); // [B, L, H]
  return { zH, zL };
}

/** One HRM supervision step. */
export function hrmStep(ctx: OnnxContext, z: OnnxLatents, x: string): OnnxLatents {
  return hrmWithGrad(ctx, hrmWithoutGrad(ctx, z, x), x);
}
