/**
 * Scaling by a count, and self-similar assembly with colour ("scale-tile" in docs/arc.md, ~19
 * unsolved training tasks: outputs larger than the input whose factor is not fixed across pairs).
 *
 * - `scalecountc` / `scalecounto`   each cell becomes a k×k block, k = the number of non-background
 *                                   colours / of objects (8-connected) in the input.
 * - `scalecountt`                   the input tiled k×k times, k = the number of colours.
 * - `fractalc`                      block (i, j) is the input's shape painted in cell (i, j)'s colour
 *                                   (background cells give background blocks): the coloured variant
 *                                   of geometry's `fractal`.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, coloursByCount, makeGrid, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS } from '../objects.js';

function scaleBy(g: Grid, k: number, tile: boolean): Grid | null {
  const H = g.length, W = width(g);
  if (k < 2 || H * k > 30 || W * k > 30) return null;
  const out = makeGrid(H * k, W * k);
  for (let r = 0; r < H * k; r++) for (let c = 0; c < W * k; c++) out[r]![c] = tile ? g[r % H]![c % W]! : g[(r / k) | 0]![(c / k) | 0]!;
  return out;
}

function fractalColour(g: Grid): Grid | null {
  const H = g.length, W = width(g);
  if (H * H > 30 || W * W > 30) return null;
  const bg = background(g);
  const out = makeGrid(H * H, W * W, bg);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
    const v = g[i]![j]!;
    if (v === bg) continue;
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) if (g[r]![c] !== bg) out[i * H + r]![j * W + c] = v;
  }
  return out;
}

export const SCALE: readonly Primitive[] = [
  prim('scalecountc', 'scale', (g) => scaleBy(g, coloursByCount(g).length, false), 1.5),
  prim('scalecounto', 'scale', (g) => scaleBy(g, components(g, SEGMENTATIONS[1]!.seg).length, false), 1.5),
  prim('scalecountt', 'scale', (g) => scaleBy(g, coloursByCount(g).length, true), 1.5),
  prim('fractalc', 'scale', fractalColour, 1.5),
];
