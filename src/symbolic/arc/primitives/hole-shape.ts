/**
 * Filling holes by their shape: an enclosed background region (a hole) is painted with a colour
 * learned from the hole's own outline — lying (wider than tall), standing (taller than wide) or
 * square — and whether it fills its bounding box. "Horizontal holes become orange, vertical ones
 * green" (ConceptARC HorizontalVertical1) is such a table; regions.ts keys a hole by its frame's
 * colours or its size only, and a size says nothing about orientation.
 *
 * Background cells that reach the grid's edge keep a key of their own ('e'), so the table also
 * learns that the outside stays as it is.
 */
import type { Learner } from '../dsl.js';
import type { Grid } from '../grid-ops.js';
import { backgroundLearner } from '../learn-table.js';
import { regions } from './regions.js';

/** Per region of {@link regions}: its bounding box [top, left, bottom, right] (inclusive). */
const boxCache = new WeakMap<Grid, Int32Array>();

export function regionBoxes(g: Grid): Int32Array {
  const hit = boxCache.get(g);
  if (hit) return hit;
  const s = regions(g), n = s.size.length, W = s.W;
  const b = new Int32Array(4 * n);
  for (let k = 0; k < n; k++) b.set([1 << 20, 1 << 20, -1, -1], 4 * k);
  for (let i = 0; i < s.id.length; i++) {
    const k = s.id[i]!, r = (i / W) | 0, c = i % W;
    if (r < b[4 * k]!) b[4 * k] = r;
    if (c < b[4 * k + 1]!) b[4 * k + 1] = c;
    if (r > b[4 * k + 2]!) b[4 * k + 2] = r;
    if (c > b[4 * k + 3]!) b[4 * k + 3] = c;
  }
  boxCache.set(g, b);
  return b;
}

/** Background cells: 'e' outside; inside, the hole's orientation (h/v/s) and r when it is a full rectangle. */
const holeAspect = (g: Grid, r: number, c: number): string => {
  const s = regions(g), k = s.id[r * s.W + c]!;
  if (s.edge[k]) return 'e';
  const b = regionBoxes(g);
  const h = b[4 * k + 2]! - b[4 * k]! + 1, w = b[4 * k + 3]! - b[4 * k + 1]! + 1;
  return `i:${w > h ? 'h' : h > w ? 'v' : 's'}${h * w === s.size[k] ? 'r' : ''}`;
};

export const HOLE_SHAPE_LEARNERS: readonly Learner[] = [backgroundLearner('region.holeaspect', 2.4, holeAspect)];
