/**
 * For each object: f. A program step that applies a whole-grid transform to every object on its
 * own (its bounding box, the object alone on the background) and puts the result back where the
 * object was. Objects are 8-connected and multicolour, so a figure of several colours turns as one.
 * The transforms are the shape-keeping dihedral ones (a mirror or half-turn of each object in
 * place) and filling each object's enclosed holes with its own main colour.
 *
 * The failure taxonomy in docs/arc.md counts per-object transforms among the largest groups of
 * unsolved tasks; a chain of whole-grid steps cannot express them.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, type Grid } from '../grid-ops.js';
import { dihedral } from '../grid/transforms.js';
import { components, objectGrid, SEGMENTATIONS, type ArcObject } from '../objects.js';
import { outsideBackground } from './physics.js';

/** Most objects a for-each step handles (more is noise, not objects). */
const MAX_OBJECTS = 30;

/**
 * `f` applied to each object of `g` (segmentation M: 8-connected, multicolour) on its own; null when
 * nothing changes, `f` fails on an object, or its result has another shape.
 */
export function forEachObject(g: Grid, f: (box: Grid, bg: number, o: ArcObject) => Grid | null): Grid | null {
  const bg = background(g);
  const objs = components(g, SEGMENTATIONS[2]!.seg, bg);
  if (!objs.length || objs.length > MAX_OBJECTS) return null;
  const out = g.map((row) => row.slice());
  let changed = false;
  for (const o of objs) {
    const box = objectGrid(g, o, bg);
    const t = f(box, bg, o);
    if (!t || t.length !== box.length || t[0]!.length !== box[0]!.length) return null;
    for (const [r, c] of o.cells) out[r]![c] = bg;
    for (let r = 0; r < t.length; r++) for (let c = 0; c < t[0]!.length; c++) {
      const v = t[r]![c]!;
      if (v !== bg) out[o.top + r]![o.left + c] = v;
      if (v !== box[r]![c]) changed = true;
    }
  }
  return changed ? out : null;
}

/** The enclosed background cells of a box (not 4-connected to its edge) painted `colour`. */
function fillHoles(box: Grid, bg: number, colour: number): Grid {
  const W = box[0]!.length, outside = outsideBackground(box, bg);
  return box.map((row, r) => row.map((v, c) => (v === bg && !outside[r * W + c] ? colour : v)));
}

const shapeKeeping = (k: number) => (box: Grid): Grid | null => {
  const t = dihedral(box, k);
  return t.length === box.length && t[0]!.length === box[0]!.length ? t : null;
};

export const FOREACH: readonly Primitive[] = [
  prim('each_flip_h', 'foreach', (g) => forEachObject(g, shapeKeeping(4)), 1.5),
  prim('each_flip_v', 'foreach', (g) => forEachObject(g, shapeKeeping(5)), 1.5),
  prim('each_rot180', 'foreach', (g) => forEachObject(g, shapeKeeping(2)), 1.5),
  prim('each_transpose', 'foreach', (g) => forEachObject(g, shapeKeeping(6)), 1.7),
  prim('each_fillholes', 'foreach', (g) => forEachObject(g, (box, bg, o) => fillHoles(box, bg, o.colour)), 1.5),
];
