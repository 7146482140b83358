/**
 * Box outlines: the pieces of each colour are the broken outline of a rectangle, and the output
 * closes it: every background cell on the border of the colour's bounding box takes that colour.
 * "Join the scattered segments of each frame" is such a rule.
 * Taxonomy category: line-drawing (docs/arc.md): the output only adds cells, in straight runs
 * between the pieces; boxfill.ts paints a box's whole area or its interior, never only its rim.
 *
 * Learner `boxoutline` (`rootOnly`), one rule for every colour, so unseen colours are covered. A
 * grid with a colour whose box is thinner than 3 cells (no rim around an inside) is refused.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, type Grid } from '../grid-ops.js';
import { copyGrid, onlyAdds, reproduces } from './line-paint.js';

/** `g` with the rim of every colour's bounding box closed; null when a box has no inside or nothing changes. */
function outline(g: Grid): Grid | null {
  const bg = background(g), boxes = new Map<number, [number, number, number, number]>();
  g.forEach((row, r) => row.forEach((v, c) => {
    if (v === bg) return;
    const b = boxes.get(v);
    if (!b) boxes.set(v, [r, c, r, c]);
    else { b[0] = Math.min(b[0], r); b[1] = Math.min(b[1], c); b[2] = Math.max(b[2], r); b[3] = Math.max(b[3], c); }
  }));
  const out = copyGrid(g);
  let changed = false;
  for (const [v, [r0, c0, r1, c1]] of boxes) {
    if (r1 - r0 < 2 || c1 - c0 < 2) return null;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) {
      if ((r === r0 || r === r1 || c === c0 || c === c1) && g[r]![c] === bg) {
        if (out[r]![c] !== bg) return null;
        out[r]![c] = v;
        changed = true;
      }
    }
  }
  return changed ? out : null;
}

export const BOX_OUTLINE_LEARNERS: readonly Learner[] = [{
  name: 'boxoutline',
  family: 'box-outline',
  cost: 2.5,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (!onlyAdds(xs, ys) || !reproduces(xs, ys, outline)) return null;
    return { text: 'boxoutline', cost: 2.5, apply: outline };
  },
}];
