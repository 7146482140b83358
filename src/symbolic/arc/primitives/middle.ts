/**
 * The middle of a grid (ConceptARC's Center concept): the output is what lies on the grid's middle
 * row or column — a staircase whose middle step is the answer (Center7), a line through the centre.
 *
 * - `midrow` / `midcol`   the one middle row / column, as a 1×W / H×1 grid. An even height (width)
 *                         has two middle lines: the step refuses rather than pick one.
 *
 * Cost 1.5: a plain cut like `top` / `left`, a little dearer since it keeps one line of many.
 */
import { prim, type Primitive } from '../dsl.js';
import { width, type Grid } from '../grid-ops.js';

function midRow(g: Grid): Grid | null {
  const H = g.length;
  return H % 2 === 1 && H > 1 ? [g[(H - 1) / 2]!.slice()] : null;
}

function midCol(g: Grid): Grid | null {
  const W = width(g);
  return W % 2 === 1 && W > 1 ? g.map((row) => [row[(W - 1) / 2]!]) : null;
}

export const MIDDLE: readonly Primitive[] = [
  prim('midrow', 'middle', midRow, 1.5),
  prim('midcol', 'middle', midCol, 1.5),
];
