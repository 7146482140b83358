/**
 * Give the twins what one of them has: the grid holds one larger object and one or more copies of
 * a smaller pattern (8-connected multicolour objects, all alike); the pattern occurs inside the
 * larger object at exactly one place, and what the larger object has beyond it (a roof on a block,
 * a tail under a frame, an L along a triangle) is added to every copy at the same relative place.
 * ConceptARC Copy8 is this concept; the stamp files copy whole objects onto dots, never a part.
 *
 * Read from the grid alone; null unless every object other than the largest is the same pattern,
 * the pattern sits in the largest at one offset only, and every added cell lands on background
 * inside the grid.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS, type ArcObject } from '../objects.js';

/** Most objects a grid may hold for this step. */
const MAX_OBJECTS = 12;

/** An object's cells relative to its bounding box's top-left, with colours: "r,c,v" sorted. */
function pattern(g: Grid, o: ArcObject): string {
  return o.cells.map(([r, c]) => `${r - o.top},${c - o.left},${g[r]![c]}`).sort().join(';');
}

function twinExtra(g: Grid): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  const objs = components(g, SEGMENTATIONS[2]!.seg, bg);
  if (objs.length < 2 || objs.length > MAX_OBJECTS) return null;
  const sorted = [...objs].sort((a, b) => b.size - a.size);
  const big = sorted[0]!, twins = sorted.slice(1);
  if (twins[0]!.size === big.size) return null;
  const p = pattern(g, twins[0]!);
  if (twins.some((t) => pattern(g, t) !== p)) return null;
  const t0 = twins[0]!;
  const th = t0.bottom - t0.top, tw = t0.right - t0.left;
  // Where the pattern sits inside the big object: exactly one offset.
  const inBig = new Map(big.cells.map(([r, c]) => [r * W + c, g[r]![c]!]));
  let at: [number, number] | null = null;
  for (let r0 = big.top; r0 + th <= big.bottom; r0++) for (let c0 = big.left; c0 + tw <= big.right; c0++) {
    if (!t0.cells.every(([r, c]) => inBig.get((r - t0.top + r0) * W + (c - t0.left + c0)) === g[r]![c])) continue;
    if (at) return null;
    at = [r0, c0];
  }
  if (!at) return null;
  const covered = new Set(t0.cells.map(([r, c]) => (r - t0.top + at![0]) * W + (c - t0.left + at![1])));
  const extra = big.cells.filter(([r, c]) => !covered.has(r * W + c));
  const out = g.map((row) => row.slice());
  for (const t of twins) for (const [r, c] of extra) {
    const y = r - at[0] + t.top, x = c - at[1] + t.left;
    if (y < 0 || y >= H || x < 0 || x >= W || out[y]![x] !== bg) return null;
    out[y]![x] = g[r]![c]!;
  }
  return out;
}

export const TWIN_EXTRA: readonly Primitive[] = [prim('twinextra', 'twin-extra', twinExtra, 2)];
