/**
 * Elbows: an L-shaped line joins the one pixel of colour A to the one pixel of colour B: along A's
 * column to B's row and on to B (`v`), or along A's row first (`h`), painting background cells in a
 * learned colour. Taxonomy category: line-drawing (docs/arc.md): the output only adds straight runs,
 * here two that meet at a corner whose place depends on both pixels, which no ray or sight table sees.
 *
 * Learner `elbow` (`rootOnly`): the colours A and B (each a single pixel in every grid), the turn,
 * and the line colour, e.g. `elbow{8→2,v,4}`. A test grid without exactly one A and one B is refused.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, histogram, type Grid } from '../grid-ops.js';
import { copyGrid, onlyAdds, reproduces } from './line-paint.js';

function pixel(g: Grid, v: number): [number, number] | null {
  for (let r = 0; r < g.length; r++) for (let c = 0; c < g[r]!.length; c++) if (g[r]![c] === v) return [r, c];
  return null;
}

/** The background cells of the elbow from a to b (vertical leg first when `v`). */
function path(g: Grid, [ar, ac]: [number, number], [br, bc]: [number, number], v: boolean): [number, number][] {
  const bg = background(g), out: [number, number][] = [];
  const step = (x: number, y: number): number => Math.sign(y - x);
  const corner: [number, number] = v ? [br, ac] : [ar, bc];
  let [r, c] = [ar, ac];
  for (const [tr, tc] of [corner, [br, bc] as [number, number]]) {
    while (r !== tr || c !== tc) {
      r += step(r, tr);
      c += step(c, tc);
      if ((r !== br || c !== bc) && g[r]![c] === bg) out.push([r, c]);
    }
  }
  return out;
}

function draw(g: Grid, a: number, b: number, v: boolean, k: number): Grid | null {
  if (histogram(g)[a] !== 1 || histogram(g)[b] !== 1) return null;
  const out = copyGrid(g);
  for (const [r, c] of path(g, pixel(g, a)!, pixel(g, b)!, v)) out[r]![c] = k;
  return out;
}

export const ELBOW_LEARNERS: readonly Learner[] = [
  {
    name: 'elbow',
    family: 'elbow',
    cost: 2.4,
    rootOnly: true,
    fit(xs, ys): Fitted | null {
      if (!onlyAdds(xs, ys)) return null;
      // Candidate endpoints: colours that are one pixel in every demonstration input.
      const singles = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((v) => xs.every((x) => histogram(x)[v] === 1 && background(x) !== v));
      for (const a of singles) for (const b of singles) {
        if (a === b) continue;
        for (const v of [true, false]) {
          const x0 = xs[0]!, cs = path(x0, pixel(x0, a)!, pixel(x0, b)!, v);
          if (!cs.length) continue;
          const k = ys[0]![cs[0]![0]]![cs[0]![1]]!;
          if (k === background(x0)) continue;
          const apply = (g: Grid): Grid | null => draw(g, a, b, v, k);
          if (!reproduces(xs, ys, apply)) continue;
          return { text: `elbow{${a}→${b},${v ? 'v' : 'h'},${k}}`, cost: 2.4, apply };
        }
      }
      return null;
    },
  },
];
