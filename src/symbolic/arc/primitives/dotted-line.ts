/**
 * Dotted lines made solid: a row (or column) whose only content is three or more cells of one
 * colour, two cells apart, becomes a solid line of that colour across the whole grid. Where a row
 * line crosses a column line one of the two is on top, learned. "Join the dots of each dashed line
 * and run it from border to border" is such a rule.
 * Taxonomy category: line-drawing (docs/arc.md): the output adds whole rows and columns, but only
 * where the input has a dotted line, which no per-cell table or ray from a pixel sees.
 *
 * Learner `dotline` (`rootOnly`): which direction is on top, e.g. `dotline{rows}`; when the
 * demonstrations never showed a crossing, both orders fit, and a test grid on which they differ is
 * refused.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, equal, sameShape, width, type Grid } from '../grid-ops.js';

/** The colour of the dotted line that `cells` (the values along one row or column) form, or null. */
function dotted(cells: readonly number[], bg: number): number | null {
  const at = cells.flatMap((v, i) => (v === bg ? [] : [i]));
  if (at.length < 3) return null;
  const k = cells[at[0]!]!;
  return at.every((i, j) => cells[i] === k && (j === 0 || i - at[j - 1]! === 2)) ? k : null;
}

/** `g` with its dotted lines solid, row lines on top when `rowsOver`; null when it has none. */
function solidify(g: Grid, rowsOver: boolean): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  const rows = g.map((row) => dotted(row, bg));
  const cols = Array.from({ length: W }, (_, c) => dotted(g.map((row) => row[c]!), bg));
  if (rows.every((k) => k === null) && cols.every((k) => k === null)) return null;
  const out = g.map((row) => row.slice());
  const paintRows = () => rows.forEach((k, r) => { if (k !== null) out[r]!.fill(k); });
  const paintCols = () => cols.forEach((k, c) => { if (k !== null) for (let r = 0; r < H; r++) out[r]![c] = k; });
  if (rowsOver) { paintCols(); paintRows(); } else { paintRows(); paintCols(); }
  return out;
}

export const DOTTED_LINE_LEARNERS: readonly Learner[] = [{
  name: 'dotline',
  family: 'dotted-line',
  cost: 3,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (!xs.every((x, i) => sameShape(x, ys[i]!))) return null;
    const orders = [true, false].filter((o) => xs.every((x, i) => { const out = solidify(x, o); return out !== null && equal(out, ys[i]!); }));
    if (!orders.length) return null;
    return {
      text: `dotline{${orders.length === 2 ? 'any' : orders[0] ? 'rows' : 'cols'}}`,
      cost: 3,
      apply: (g) => {
        const outs = orders.map((o) => solidify(g, o));
        return outs.every((o) => o && equal(o, outs[0]!)) ? outs[0]! : null;
      },
    };
  },
}];
