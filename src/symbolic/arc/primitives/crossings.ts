/**
 * Lines that pass under others: full-width rows (or full-height columns) with no background cell
 * are the crossing bars; a column (row) line is a straight run of one colour cut by those bars. At
 * each crossing either the line shows (it lies on top) or the bar does (it lies below). `dropunder`
 * removes every line that lies below a bar at all its crossings, keeping the lines on top and the
 * bars (ConceptARC TopBottom3D2: "keep only what is on top"). motion/object files see the cut line
 * as several objects and cannot tell it from separate pieces.
 *
 * Read from the grid alone: tried with row bars and with column bars, and exactly one reading must
 * remove something (else null). A line must show cells on both sides of some bar, be one colour
 * outside the bars; it lies below when no bar shows its colour where it crosses.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, transpose, width, type Grid } from '../grid-ops.js';


/** With row bars: `g` with the under-lying column lines erased, or null when none is. */
function dropUnderRows(g: Grid, bg: number): Grid | null {
  const H = g.length, W = width(g);
  const bars = g.map((row, r) => (row.every((v) => v !== bg) ? r : -1)).filter((r) => r >= 0);
  if (!bars.length || bars.length === H) return null;
  const isBar = new Set(bars);
  const out = g.map((row) => row.slice());
  let dropped = 0;
  for (let c = 0; c < W; c++) {
    const off = [...Array(H).keys()].filter((r) => !isBar.has(r) && g[r]![c] !== bg);
    if (!off.length) continue;
    const a = g[off[0]!]![c]!;
    if (off.some((r) => g[r]![c] !== a)) continue;
    // Cells on both sides of some bar: a line crossing it, not a piece lying beside a bar.
    if (!bars.some((b) => off.some((r) => r < b) && off.some((r) => r > b))) continue;
    if (bars.some((b) => g[b]![c] === a)) continue;
    for (const r of off) out[r]![c] = bg;
    dropped++;
  }
  return dropped ? out : null;
}

function dropUnder(g: Grid): Grid | null {
  const bg = background(g);
  const rows = dropUnderRows(g, bg), t = dropUnderRows(transpose(g), bg);
  if ((rows === null) === (t === null)) return null;
  return rows ?? transpose(t!);
}

export const CROSSINGS: readonly Primitive[] = [prim('dropunder', 'crossings', dropUnder, 2)];
