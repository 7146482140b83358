/**
 * The Tiny Recursive Model's supervision step as ONNX nodes, the same recursion as
 * `src/neural/trm.ts`: one reasoning module `net` = `inner.L_level` updates both latents.
 *
 *   repeat T times:  n times z_L ← net(z_L, z_H + x);  then z_H ← net(z_H, z_L)
 *
 * In the graph all T cycles are unrolled (inference has no gradient, so the reference's split
 * into T−1 gradient-free cycles and one with gradient is the same computation).
 */
import { reasoningModule, type OnnxContext, type OnnxLatents } from './layers.js';

/** `cycles` recursion cycles from z = (z_H, z_L) [B, L, H] with input embedding x [B, L, H]. */
export function latentRecursion(ctx: OnnxContext, z: OnnxLatents, x: string, cycles: number): OnnxLatents {
  const { g, config } = ctx;
  let { zH, zL } = z;
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < config.lCycles; i++) zL = reasoningModule(ctx, zL, g.op1('Add', [zH, x]), 'inner.L_level', config.lLayers); // [B, L, H]
    zH = reasoningModule(ctx, zH, zL, 'inner.L_level', config.lLayers); // [B, L, H]
  }
  return { zH, zL };
}

/** One TRM supervision step: T−1 cycles, then the last one (see the tfjs engine's trmArchitecture). */
export function trmStep(ctx: OnnxContext, z: OnnxLatents, x: string): OnnxLatents {
  return latentRecursion(ctx, latentRecursion(ctx, z, x, ctx.config.hCycles - 1), x, 1);
}
