/**
 * Centre marks: every object whose bounding box has a middle cell that is background (a ring, an
 * outline, a dotted frame) gets that cell painted, in the object's own colour or in one learned
 * colour. "Put a dot in the middle of every frame" is such a rule.
 * Taxonomy category: line-drawing (docs/arc.md): the output only adds cells, one per object, at a
 * place found from the object's extent rather than from any pixel or ray.
 *
 * Objects are the `clusters` of motion-relative.ts, so a dotted outline is one object. Learner
 * `centremark` (`rootOnly`): the colour, `own` or a constant, e.g. `centremark{own}`. A grid with an
 * object of even height or width (its middle falls between cells) is refused.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, equal, sameShape, type Grid } from '../grid-ops.js';
import { clusters } from './motion-relative.js';

/** `g` with the centre marks in colour `k` (`own`: each object's colour); null when an object has no middle cell or nothing is marked. */
function mark(g: Grid, k: number | 'own'): Grid | null {
  const bg = background(g);
  const cl = clusters(g, bg);
  if (!cl) return null;
  const out = g.map((row) => row.slice());
  let marked = false;
  for (const o of cl.objs) {
    const h = o.bottom - o.top, w = o.right - o.left;
    if (h % 2 === 0 || w % 2 === 0) return null;
    const r = (o.top + o.bottom - 1) / 2, c = (o.left + o.right - 1) / 2;
    if (g[r]![c] !== bg) continue;
    const [r0, c0] = o.cells[0]!;
    out[r]![c] = k === 'own' ? g[r0]![c0]! : k;
    marked = true;
  }
  return marked ? out : null;
}

export const CENTRE_MARK_LEARNERS: readonly Learner[] = [{
  name: 'centremark',
  family: 'centre-mark',
  cost: 3,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (!xs.every((x, i) => sameShape(x, ys[i]!))) return null;
    const consts = new Set<number>();
    ys.forEach((y, i) => y.forEach((row, r) => row.forEach((v, c) => { if (v !== xs[i]![r]![c]) consts.add(v); })));
    for (const k of ['own' as const, ...(consts.size === 1 ? consts : [])]) {
      if (!xs.every((x, i) => { const m = mark(x, k); return m !== null && equal(m, ys[i]!); })) continue;
      return { text: `centremark{${k}}`, cost: 3, apply: (g) => mark(g, k) };
    }
    return null;
  },
}];
