/**
 * Put a picture into the frame it fits: an enclosed background hole that is a full rectangle gets a
 * copy of the one object (8-connected, multicolour) elsewhere in the grid whose bounding box has
 * exactly the hole's height and width. "Copy the pattern into the empty box" (ConceptARC Copy2:
 * a framed square, a diamond, nested rings copied into an empty frame of their size) is such a step;
 * the object-stamp files copy onto dots, not into holes.
 *
 * The size match is the whole evidence, so two candidates of the hole's size make the step null, as
 * does a grid with no hole filled. The original stays where it is; only its non-background cells
 * are copied.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS } from '../objects.js';
import { regionBoxes } from './hole-shape.js';
import { regions } from './regions.js';

/** Most objects a grid may hold for this step, and most rectangular holes (each costs a component pass). */
const MAX_OBJECTS = 30;
const MAX_HOLES = 8;

/** The cells of the one-colour (8-connected) object holding cell (r, c). */
function frameCells(g: Grid, r: number, c: number): [number, number][] {
  const v = g[r]![c]!, H = g.length, W = g[0]!.length, seen = new Set([r * W + c]), out: [number, number][] = [];
  const stack = [r * W + c];
  while (stack.length) {
    const i = stack.pop()!, y = (i / W) | 0, x = i % W;
    out.push([y, x]);
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const yy = y + dy, xx = x + dx, j = yy * W + xx;
      if (yy < 0 || yy >= H || xx < 0 || xx >= W || seen.has(j) || g[yy]![xx] !== v) continue;
      seen.add(j);
      stack.push(j);
    }
  }
  return out;
}

function fitIntoHoles(g: Grid): Grid | null {
  const bg = background(g), s = regions(g), b = regionBoxes(g);
  const holes: number[] = [];
  for (let k = 0; k < s.size.length; k++) {
    const top = b[4 * k]!, left = b[4 * k + 1]!, h = b[4 * k + 2]! - top + 1, w = b[4 * k + 3]! - left + 1;
    if (!s.edge[k] && g[top]![left] === bg && h * w === s.size[k]) holes.push(k);
  }
  if (!holes.length || holes.length > MAX_HOLES) return null;
  const out = g.map((row) => row.slice());
  let filled = 0;
  for (const k of holes) {
    const top = b[4 * k]!, left = b[4 * k + 1]!, h = b[4 * k + 2]! - top + 1, w = b[4 * k + 3]! - left + 1;
    // The hole's frame (the object above its top-left cell) is set aside, so that a picture
    // touching the frame is still an object of its own.
    const rest = g.map((row) => row.slice());
    for (const [r, c] of frameCells(g, top - 1, left)) rest[r]![c] = bg;
    const objs = components(rest, SEGMENTATIONS[2]!.seg, bg);
    if (objs.length > MAX_OBJECTS) return null;
    const fits = objs.filter((o) => o.bottom - o.top === h && o.right - o.left === w);
    if (fits.length > 1) return null;
    if (!fits.length) continue;
    const o = fits[0]!;
    for (const [r, c] of o.cells) out[r - o.top + top]![c - o.left + left] = g[r]![c]!;
    filled++;
  }
  return filled ? out : null;
}

export const HOLE_FIT: readonly Primitive[] = [prim('holefit', 'hole-fit', fitIntoHoles, 2)];
