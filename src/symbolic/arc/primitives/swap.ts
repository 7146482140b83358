/**
 * Swaps: exchange the two non-background colours of a grid, or its two halves. A colour map can
 * learn a fixed swap; `swap` is the swap whose colours change from pair to pair (a task about
 * "the two colours", whatever they are). Halves: part of issue #19's "output assembled from input parts".
 */
import { prim, type Primitive } from '../dsl.js';
import { coloursByCount, crop, hconcat, map, width, type Grid } from '../grid-ops.js';

function swapColours(g: Grid): Grid | null {
  const cs = coloursByCount(g);
  if (cs.length !== 2) return null;
  const [a, b] = cs as [number, number];
  return map(g, (v) => (v === a ? b : v === b ? a : v));
}

/** Left and right halves exchanged (an odd middle column stays); rows: top and bottom. */
function swapHalves(g: Grid, vertical: boolean): Grid | null {
  const H = g.length, W = width(g);
  if (vertical) {
    if (H < 2) return null;
    const k = Math.floor(H / 2);
    const mid = crop(g, k, 0, H - k, W);
    const top = crop(g, 0, 0, k, W), bottom = crop(g, H - k, 0, H, W);
    return [...bottom, ...mid, ...top];
  }
  if (W < 2) return null;
  const k = Math.floor(W / 2);
  const left = crop(g, 0, 0, H, k), mid = crop(g, 0, k, H, W - k), right = crop(g, 0, W - k, H, W);
  const lm = W - 2 * k ? hconcat(right, mid) : right;
  return lm ? hconcat(lm, left) : null;
}

export const SWAP: readonly Primitive[] = [
  prim('swap', 'swap', swapColours),
  prim('swaph', 'swap', (g) => swapHalves(g, false), 1.5),
  prim('swapv', 'swap', (g) => swapHalves(g, true), 1.5),
];
