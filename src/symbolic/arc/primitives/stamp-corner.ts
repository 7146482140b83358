/**
 * Stamp a template at marker pixels by a corner: every one-cell object (a marker) gets a copy of the
 * larger object of its colour placed so that the template's corner (top-left, top-right, …) lands on
 * the marker. object-stamp.ts centres the copy on the marker, which needs odd-sized templates and
 * cannot say "the dot is where the copy starts" (ConceptARC Copy4: blocks and framed squares copied
 * to the right of / below their dots, the dot being the copy's top-left cell).
 *
 * The template is read off the grid (the one larger object holding the marker's colour, 8-connected
 * multicolour objects), so nothing is learned; the corner is one primitive each. Null when a marker
 * has no template, a copy would leave the grid, or nothing changes.
 */
import { prim, type Primitive } from '../dsl.js';
import { equal, width, type Grid } from '../grid-ops.js';
import { markersAndTemplates } from './object-stamp.js';

type Corner = 'tl' | 'tr' | 'bl' | 'br';

function stampAtCorner(g: Grid, corner: Corner): Grid | null {
  const H = g.length, W = width(g);
  const found = markersAndTemplates(g);
  if (!found) return null;
  const { markers, templates } = found;
  const out = g.map((row) => row.slice());
  for (const m of markers) {
    const same = templates.filter((t) => t.colours.includes(m.colour));
    if (same.length !== 1) return null;
    const t = same[0]!;
    const [mr, mc] = m.cells[0]!;
    const dr = mr - (corner[0] === 't' ? t.top : t.bottom - 1), dc = mc - (corner[1] === 'l' ? t.left : t.right - 1);
    for (const [r, c] of t.cells) {
      const y = r + dr, x = c + dc;
      if (y < 0 || y >= H || x < 0 || x >= W) return null;
      out[y]![x] = g[r]![c]!;
    }
  }
  return equal(out, g) ? null : out;
}

export const STAMP_CORNER: readonly Primitive[] = (['tl', 'tr', 'bl', 'br'] as const).map((k) =>
  prim(`objstamp${k}`, 'stamp-corner', (g) => stampAtCorner(g, k), 2.2));
