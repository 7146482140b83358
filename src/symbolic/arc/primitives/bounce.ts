/**
 * A bouncing line (taxonomy: pattern-completion — the output is a zigzag, periodic where the input
 * is one pixel): the grid's only coloured cell sits in a corner; a diagonal line of its colour
 * leaves it along the grid's long axis and reflects off the side walls until the far edge.
 * A pixel elsewhere (its direction would be a guess) or any second coloured cell refuses.
 * Recolouring the background (e.g. to 8) is left to the colormap learner after it.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, width, type Grid } from '../grid-ops.js';

export function bounce(g: Grid): Grid | null {
  const H = g.length, W = width(g), bg = background(g);
  let at: [number, number] | null = null;
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    if (g[r]![c] === bg) continue;
    if (at) return null;
    at = [r, c];
  }
  if (!at || H < 2 || W < 2) return null;
  const [r0, c0] = at;
  if ((r0 !== 0 && r0 !== H - 1) || (c0 !== 0 && c0 !== W - 1)) return null;
  const colour = g[r0]![c0]!;
  const out = g.map((row) => row.slice());
  // Walk along the long axis (rows when tall); the other coordinate reflects off its walls.
  const tall = H >= W;
  const n = tall ? H : W, m = tall ? W : H;
  let i = tall ? r0 : c0, j = tall ? c0 : r0;
  const di = i === 0 ? 1 : -1;
  let dj = j === 0 ? 1 : -1;
  for (let step = 1; step < n; step++) {
    i += di;
    if (j + dj < 0 || j + dj >= m) dj = -dj;
    j += dj;
    if (tall) out[i]![j] = colour;
    else out[j]![i] = colour;
  }
  return out;
}

export const BOUNCE: readonly Primitive[] = [prim('bounce', 'completion', bounce, 2)];
