/**
 * Replace objects by a template: the one multicolour object (the template) is painted over every
 * one-colour object of its shape, in the target's place; the template itself is kept or removed.
 * "Every grey square becomes a copy of the coloured square" is such a step.
 *
 * The failure taxonomy (docs/arc.md) counts these as `per-object` (objects change one by one);
 * the template is chosen by the grid itself (the only object of several colours), so nothing is
 * learned and the step is a plain primitive of cost 2 (one component pass per grid, cached).
 */
import { prim, type Primitive } from '../dsl.js';
import { background, equal, type Grid } from '../grid-ops.js';
import { components, shapeKey, type ArcObject, type Segmentation } from '../objects.js';

/** Objects are 4-connected, several colours joining: a template set diagonally next to a target stays apart from it. */
const FOUR_MULTI: Segmentation = { diag: false, multi: true };

/** Most objects a grid may hold for this step. */
const MAX_OBJECTS = 30;

/**
 * The template (the single multicolour object, 4-connected) painted over each one-colour object
 * of the same shape; null when there is no single template, no target, or nothing changes.
 */
function replaceByTemplate(g: Grid, keepTemplate: boolean): Grid | null {
  const bg = background(g);
  const multi = components(g, FOUR_MULTI, bg);
  if (multi.length < 2 || multi.length > MAX_OBJECTS) return null;
  const templates = multi.filter((o) => o.colours.length > 1);
  if (templates.length !== 1) return null;
  const t = templates[0]!, tShape = shapeKey(t);
  const targets: ArcObject[] = multi.filter((o) => o !== t && o.colours.length === 1 && shapeKey(o) === tShape);
  if (!targets.length) return null;
  const out = g.map((row) => row.slice());
  if (!keepTemplate) for (const [r, c] of t.cells) out[r]![c] = bg;
  for (const o of targets) {
    // Cells pair up in scan order: equal shape keys list the same offsets.
    o.cells.forEach(([r, c], i) => {
      const [tr, tc] = t.cells[i]!;
      out[r]![c] = g[tr]![tc]!;
    });
  }
  return equal(out, g) ? null : out;
}

export const OBJECT_REPLACE: readonly Primitive[] = [
  prim('objreplace', 'object-replace', (g) => replaceByTemplate(g, true), 2),
  prim('objreplacemove', 'object-replace', (g) => replaceByTemplate(g, false), 2),
];
