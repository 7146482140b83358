/**
 * One side of a dividing line (ConceptARC's AboveBelow concept): the grid is split by one line
 * across it, and everything on one side of the line is wiped.
 *
 * - `clearbelow` / `clearabove` / `clearright` / `clearleft`   every cell beyond the one divider
 *   (row or column) turned background; the divider and the other side are kept.
 *
 * A divider row is one whose non-background cells are all one colour, run from the first or second
 * cell to the last or second-to-last, and leave no gap wider than one cell (a full line, or a
 * dotted one: AboveBelow1 draws `9.9.9.9`). A grid with no divider, or two, is refused: which line
 * splits it would be a guess.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, width, type Grid } from '../grid-ops.js';
import { dihedral } from '../grid/transforms.js';

function isDivider(row: readonly number[], bg: number): boolean {
  const W = row.length;
  const on = row.map((v, c) => (v !== bg ? c : -1)).filter((c) => c >= 0);
  if (on.length < 2 || on[0]! > 1 || on[on.length - 1]! < W - 2) return false;
  if (!on.every((c) => row[c] === row[on[0]!])) return false;
  return on.every((c, i) => i === 0 || c - on[i - 1]! <= 2);
}

/** Rows after the one divider row turned background; null without exactly one divider. */
function clearBelow(g: Grid): Grid | null {
  const bg = background(g);
  if (width(g) < 3) return null;
  const rows = g.map((row, r) => (isDivider(row, bg) ? r : -1)).filter((r) => r >= 0);
  if (rows.length !== 1) return null;
  const d = rows[0]!;
  if (d === g.length - 1) return null;
  return g.map((row, r) => (r > d ? row.map(() => bg) : row.slice()));
}

/** clearBelow seen through the dihedral transform `k` (each one used here is its own inverse). */
const turned = (k: number) => (g: Grid): Grid | null => {
  const out = clearBelow(dihedral(g, k));
  return out && dihedral(out, k);
};

export const DIVIDER: readonly Primitive[] = [
  prim('clearbelow', 'divider', clearBelow, 1.5),
  prim('clearabove', 'divider', turned(5), 1.5),
  prim('clearright', 'divider', turned(6), 1.5),
  prim('clearleft', 'divider', turned(7), 1.5),
];
