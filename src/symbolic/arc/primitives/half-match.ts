/**
 * Keep what both halves share: a grid cut by one separator line (a full column or row of one
 * colour) into two halves of equal size; an object of the second half (right or bottom;
 * 8-connected, multicolour) stays only when the first half has the same object at the same place,
 * and is erased otherwise (ConceptARC SameDifferent10: "keep the shapes that are the same on both
 * sides"). split.ts overlays the halves cell by cell, which keeps a matching piece of a
 * different shape.
 *
 * The first half is the reference and never changes. Null when there is no single separator with
 * equal halves; the grid comes back unchanged when every object matches (a demonstration may show
 * that too).
 */
import { prim, type Primitive } from '../dsl.js';
import { background, transpose, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS, type ArcObject } from '../objects.js';

/** Most objects a half may hold for this step. */
const MAX_OBJECTS = 20;


/** An object's cells relative to the half's origin (column `c0`), with colours. */
const placed = (g: Grid, o: ArcObject, c0: number): string =>
  o.cells.map(([r, c]) => `${r},${c - c0},${g[r]![c]}`).sort().join(';');

/** With a separator column: the grid with unmatched right-half objects erased, or null. */
function keepSharedCols(g: Grid, bg: number): Grid | null {
  const W = width(g);
  if (W % 2 === 0) return null;
  const s = (W - 1) / 2, sep = g[0]![s]!;
  if (sep === bg || g.some((row) => row[s] !== sep)) return null;
  for (let c = 0; c < W; c++) if (c !== s && g.every((row) => row[c] === sep)) return null;
  const left = g.map((row) => row.slice(0, s)), right = g.map((row) => row.slice(s + 1));
  const lo = components(left, SEGMENTATIONS[2]!.seg, bg), ro = components(right, SEGMENTATIONS[2]!.seg, bg);
  if (!ro.length || lo.length > MAX_OBJECTS || ro.length > MAX_OBJECTS) return null;
  const known = new Set(lo.map((o) => placed(left, o, 0)));
  const out = g.map((row) => row.slice());
  for (const o of ro) if (!known.has(placed(right, o, 0))) for (const [r, c] of o.cells) out[r]![c + s + 1] = bg;
  return out;
}

function keepShared(g: Grid): Grid | null {
  const bg = background(g);
  const byCols = keepSharedCols(g, bg);
  const t = g.length > 1 ? keepSharedCols(transpose(g), bg) : null;
  if ((byCols === null) === (t === null)) return null;
  return byCols ?? transpose(t!);
}

export const HALF_MATCH: readonly Primitive[] = [prim('halfkeep', 'half-match', keepShared, 2)];
