/**
 * Centre between two walls: the grid holds exactly two full lines (both rows or both columns) of one
 * colour, and every other object lies between them; each object slides across the lines' direction
 * until it sits halfway between them (ConceptARC Center9: a dot between two walls moves to the
 * middle, keeping its place along them). motion.ts moves objects to a wall or by a learned step,
 * never to the middle of a gap.
 *
 * Null when the walls are not exactly two, an object lies outside them, an object has no exact
 * middle (the free space on its two sides differs by an odd count), or nothing moves.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, equal, transpose, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS } from '../objects.js';

/** Most objects a grid may hold for this step. */
const MAX_OBJECTS = 20;


/** The step on rows: walls are full rows; objects move up or down. */
function centreRows(g: Grid, bg: number): Grid | null {
  const full = g.map((row, r) => (row[0] !== bg && row.every((v) => v === row[0]) ? r : -1)).filter((r) => r >= 0);
  if (full.length !== 2 || g[full[0]!]![0] !== g[full[1]!]![0]) return null;
  const [a, b] = full as [number, number];
  const rest = g.map((row, r) => (r === a || r === b ? row.map(() => bg) : row));
  const objs = components(rest, SEGMENTATIONS[2]!.seg, bg);
  if (!objs.length || objs.length > MAX_OBJECTS) return null;
  const out = g.map((row, r) => (r === a || r === b ? row.slice() : row.map(() => bg)));
  for (const o of objs) {
    if (o.top <= a || o.bottom - 1 >= b) return null;
    const free = b - a - 1 - (o.bottom - o.top);
    if (free % 2) return null;
    const dr = a + 1 + free / 2 - o.top;
    for (const [r, c] of o.cells) out[r + dr]![c] = g[r]![c]!;
  }
  return out;
}

function centreBetween(g: Grid): Grid | null {
  const bg = background(g);
  const byRows = centreRows(g, bg);
  const t = width(g) > 1 ? centreRows(transpose(g), bg) : null;
  if ((byRows === null) === (t === null)) return null;
  const out = byRows ?? transpose(t!);
  return equal(out, g) ? null : out;
}

export const CENTRE_BETWEEN: readonly Primitive[] = [prim('centrebetween', 'centre-between', centreBetween, 2)];
