/**
 * Cell lattices: a grid cut into cells by full separator lines of one colour (rows and/or columns,
 * cells of equal or unequal size), and the primitives that act on whole cells: read the lattice as
 * a small grid, copy a cell's pattern into the others, join equal cells along a row or column, blow
 * one cell up to the lattice's scale, move the marked cell, stamp the first cell's shape into the others,
 * colour a pattern cell by a palette cell.
 *
 * Taxonomy category "partition" (docs/arc.md): inputs cut by separator lines, where the rule is about
 * cells (which cell is filled, which pattern spreads), not pixels; `split.ts` only overlays or picks
 * equal parts. The lattice is parsed once per grid (cached), so these primitives are cheap.
 */
import { prim, type Primitive, type PrimitiveFactory } from '../dsl.js';
import { background, histogram, width, type Grid } from '../grid-ops.js';

/** A grid's cell lattice: separator colour, the row spans and column spans of the cells ([start, end)). */
export interface Lattice {
  readonly sep: number;
  readonly bg: number;
  readonly rows: readonly (readonly [number, number])[];
  readonly cols: readonly (readonly [number, number])[];
}

const cache = new WeakMap<Grid, Lattice | null>();

/** Spans between cut lines (runs of consecutive cut lines act as one thick separator). */
export function spans(cuts: readonly number[], n: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (const k of [...cuts, n]) {
    if (k > start) out.push([start, k]);
    start = k + 1;
  }
  return out;
}

/**
 * The lattice of `g`, or null: a non-background colour that fills whole rows or columns and occurs
 * nowhere else (a true separator, not a region that happens to span the grid), giving at least two
 * cells. Several candidates: the one with the most lines.
 */
export function lattice(g: Grid): Lattice | null {
  if (cache.has(g)) return cache.get(g)!;
  // ARC's background is 0 whenever 0 occurs, but 0 may itself be the separator (lines of 0 between
  // cells of another colour): then the cells' background is the most frequent colour.
  let L = latticeWith(g, background(g));
  if (!L) {
    const h = histogram(g);
    const most = h.indexOf(Math.max(...h));
    if (most !== background(g)) L = latticeWith(g, most);
  }
  cache.set(g, L);
  return L;
}

function latticeWith(g: Grid, bg: number): Lattice | null {
  let best: Lattice | null = null, bestLines = 0;
  const H = g.length, W = width(g);
  if (H >= 3 || W >= 3) {
    const rowsOf = new Map<number, number[]>(), colsOf = new Map<number, number[]>();
    for (let r = 0; r < H; r++) {
      const v = g[r]![0]!;
      if (W >= 2 && v !== bg && g[r]!.every((x) => x === v)) rowsOf.set(v, [...(rowsOf.get(v) ?? []), r]);
    }
    for (let c = 0; c < W; c++) {
      const v = g[0]![c]!;
      if (H >= 2 && v !== bg && g.every((row) => row[c] === v)) colsOf.set(v, [...(colsOf.get(v) ?? []), c]);
    }
    for (const sep of new Set([...rowsOf.keys(), ...colsOf.keys()])) {
      const rl = rowsOf.get(sep) ?? [], cl = colsOf.get(sep) ?? [];
      const rs = new Set(rl), cs = new Set(cl);
      if (!g.every((row, r) => rs.has(r) || row.every((v, c) => v !== sep || cs.has(c)))) continue;
      const rows = spans(rl, H), cols = spans(cl, W);
      if (rows.length * cols.length < 2 || rl.length + cl.length <= bestLines) continue;
      best = { sep, bg, rows, cols };
      bestLines = rl.length + cl.length;
    }
  }
  return best;
}

/** The cell (i, j) of `g` as a grid. */
export function cellOf(g: Grid, L: Lattice, i: number, j: number): Grid {
  const [r0, r1] = L.rows[i]!, [c0, c1] = L.cols[j]!;
  return g.slice(r0, r1).map((row) => row.slice(c0, c1));
}

/** Non-background pixels of a cell. */
export function cellCount(cell: Grid, bg: number): number {
  let n = 0;
  for (const row of cell) for (const v of row) if (v !== bg) n++;
  return n;
}

/** The cell's most frequent non-background colour (ties: the lower colour), or `bg` when empty. */
export function dominant(cell: Grid, bg: number): number {
  const h = new Array<number>(11).fill(0);
  for (const row of cell) for (const v of row) h[v]!++;
  let best = bg, n = 0;
  for (let c = 0; c < h.length; c++) if (c !== bg && h[c]! > n) { best = c; n = h[c]!; }
  return best;
}

/** Every cell's grid, row-major, or null without a lattice. */
export function cellsOf(g: Grid): { L: Lattice; cells: Grid[][] } | null {
  const L = lattice(g);
  if (!L) return null;
  return { L, cells: L.rows.map((_, i) => L.cols.map((_, j) => cellOf(g, L, i, j))) };
}

const equalShapes = (L: Lattice): boolean =>
  L.rows.every(([a, b]) => b - a === L.rows[0]![1] - L.rows[0]![0]) && L.cols.every(([a, b]) => b - a === L.cols[0]![1] - L.cols[0]![0]);

/** A copy of `g` with cell (i, j) replaced by `cell` (same shape). */
function writeCell(out: Grid, L: Lattice, i: number, j: number, cell: Grid): void {
  const [r0] = L.rows[i]!, [c0] = L.cols[j]!;
  for (let r = 0; r < cell.length; r++) for (let c = 0; c < cell[r]!.length; c++) out[r0 + r]![c0 + c] = cell[r]![c]!;
}

const key = (cell: Grid): string => cell.map((r) => r.join('')).join('/');

/** The lattice as a small grid: one pixel per cell, its dominant colour. */
function cellsGrid(g: Grid): Grid | null {
  const p = cellsOf(g);
  return p ? p.cells.map((row) => row.map((cell) => dominant(cell, p.L.bg))) : null;
}

/** The one non-empty pattern (every non-empty cell shows it) copied into every empty cell; equal cells only. */
function cellCopy(g: Grid): Grid | null {
  const p = cellsOf(g);
  if (!p || !equalShapes(p.L)) return null;
  const bg = p.L.bg;
  const full = p.cells.flat().filter((c) => cellCount(c, bg) > 0);
  if (!full.length || full.length === p.cells.flat().length || !full.every((c) => key(c) === key(full[0]!))) return null;
  const out = g.map((r) => r.slice());
  p.cells.forEach((row, i) => row.forEach((cell, j) => { if (cellCount(cell, bg) === 0) writeCell(out, p.L, i, j, full[0]!); }));
  return out;
}

/** Empty cells between two cells of one pattern along a row or column take that pattern; equal cells only. */
function cellConnect(g: Grid): Grid | null {
  const p = cellsOf(g);
  if (!p || !equalShapes(p.L)) return null;
  const bg = p.L.bg, R = p.cells.length, C = p.cells[0]!.length;
  const keys = p.cells.map((row) => row.map((c) => (cellCount(c, bg) ? key(c) : '')));
  const out = g.map((r) => r.slice());
  let changed = false;
  const run = (at: (k: number) => [number, number], n: number): void => {
    let last = -1;
    for (let k = 0; k < n; k++) {
      const [i, j] = at(k), kk = keys[i]![j]!;
      if (!kk) continue;
      if (last >= 0 && k - last > 1) {
        const [li, lj] = at(last);
        if (keys[li]![lj] === kk) for (let m = last + 1; m < k; m++) {
          const [mi, mj] = at(m);
          writeCell(out, p.L, mi, mj, p.cells[i]![j]!);
          changed = true;
        }
      }
      last = k;
    }
  };
  for (let i = 0; i < R; i++) run((k) => [i, k], C);
  for (let j = 0; j < C; j++) run((k) => [k, j], R);
  return changed ? out : null;
}

/**
 * One cell, chosen as the unique cell with the fewest (`min`) or most (`max`) non-background pixels,
 * blown up to the lattice: cell (i, j) is filled with that cell's pixel (i, j), the rest cleared.
 * Needs a cell the shape of the lattice (n×n cells of n×n pixels).
 */
function cellZoom(g: Grid, which: 'min' | 'max'): Grid | null {
  const p = cellsOf(g);
  if (!p || !equalShapes(p.L)) return null;
  const R = p.cells.length, C = p.cells[0]!.length, bg = p.L.bg;
  const flat = p.cells.flat(), n = flat.map((c) => cellCount(c, bg));
  const m = which === 'min' ? Math.min(...n) : Math.max(...n);
  if (n.filter((x) => x === m).length !== 1) return null;
  const pick = flat[n.indexOf(m)]!;
  if (pick.length !== R || width(pick) !== C) return null;
  const out = g.map((r) => r.slice());
  p.cells.forEach((row, i) => row.forEach((cell, j) => writeCell(out, p.L, i, j, cell.map((r) => r.map(() => pick[i]![j]!)))));
  return out;
}

/**
 * The cell holding the one pixel of colour `marker` moves to the lattice position the marker has
 * inside it (cell (i, j) for a marker at pixel (i, j)); every other cell is cleared. Needs a cell
 * the shape of the lattice.
 */
function cellMove(g: Grid, marker: number): Grid | null {
  const p = cellsOf(g);
  if (!p || !equalShapes(p.L) || marker === p.L.sep || marker === p.L.bg) return null;
  const R = p.cells.length, C = p.cells[0]!.length, bg = p.L.bg;
  let at: [number, number, Grid] | null = null, n = 0;
  p.cells.forEach((row) => row.forEach((cell) => cell.forEach((pr, r) => pr.forEach((v, c) => { if (v === marker) { at = [r, c, cell]; n++; } }))));
  if (n !== 1) return null;
  if (!at || p.cells[0]![0]!.length !== R || width(p.cells[0]![0]!) !== C) return null;
  const [mi, mj, cell] = at as [number, number, Grid];
  const out = g.map((r) => r.slice());
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) writeCell(out, p.L, i, j, i === mi && j === mj ? cell : cell.map((r) => r.map(() => bg)));
  return out;
}

/**
 * The first cell's shape stamped into every other cell in the separator colour, under the cell's
 * own pixels: "draw the template's outline into each compartment". Equal cells only.
 */
function cellStamp(g: Grid): Grid | null {
  const p = cellsOf(g);
  if (!p || !equalShapes(p.L)) return null;
  const bg = p.L.bg, t = p.cells[0]![0]!;
  if (!cellCount(t, bg)) return null;
  const out = g.map((r) => r.slice());
  let changed = false;
  p.cells.forEach((row, i) => row.forEach((cell, j) => {
    if (i === 0 && j === 0) return;
    const stamped = cell.map((pr, r) => pr.map((v, c) => (v === bg && t[r]![c] !== bg ? p.L.sep : v)));
    if (!changed && key(stamped) !== key(cell)) changed = true;
    writeCell(out, p.L, i, j, stamped);
  }));
  return changed ? out : null;
}

/**
 * A one-colour pattern cell coloured by a palette: the pattern is the cell with the most pixels, the
 * palette a smaller cell with no background pixel (or, in a 3×3 lattice of 1×1 corner cells, the four
 * corners); each pattern pixel takes the palette colour of its block (pattern side / palette side).
 * The output is the pattern cell alone.
 */
function cellPalette(g: Grid): Grid | null {
  const p = cellsOf(g);
  if (!p) return null;
  const bg = p.L.bg, flat = p.cells.flat(), n = flat.map((c) => cellCount(c, bg));
  const mx = Math.max(...n);
  if (n.filter((x) => x === mx).length !== 1) return null;
  const pat = flat[n.indexOf(mx)]!, H = pat.length, W = width(pat);
  if (new Set(pat.flat().filter((v) => v !== bg)).size !== 1) return null;
  let pal: Grid | null = null;
  const R = p.cells.length, C = p.cells[0]!.length;
  const corners = [p.cells[0]![0]!, p.cells[0]![C - 1]!, p.cells[R - 1]![0]!, p.cells[R - 1]![C - 1]!];
  if (R === 3 && C === 3 && corners.every((c) => c.length === 1 && width(c) === 1)) pal = [[corners[0]![0]![0]!, corners[1]![0]![0]!], [corners[2]![0]![0]!, corners[3]![0]![0]!]];
  else {
    const full = flat.filter((c, i) => c !== pat && n[i] === c.length * width(c) && H % c.length === 0 && W % width(c) === 0 && c.length * width(c) < H * W);
    if (full.length !== 1) return null;
    pal = full[0]!;
  }
  const ph = pal.length, pw = width(pal);
  if (H % ph || W % pw) return null;
  return pat.map((row, r) => row.map((v, c) => (v === bg ? bg : pal![Math.floor((r * ph) / H)]![Math.floor((c * pw) / W)]!)));
}

export const CELLS: readonly Primitive[] = [
  prim('cells', 'cells', cellsGrid, 1.5),
  prim('cellcopy', 'cells', cellCopy, 1.5),
  prim('cellconnect', 'cells', cellConnect, 1.5),
  prim('cellzoommin', 'cells', (g) => cellZoom(g, 'min'), 2),
  prim('cellzoommax', 'cells', (g) => cellZoom(g, 'max'), 2),
  prim('cellstamp', 'cells', cellStamp, 2),
  prim('cellpalette', 'cells', cellPalette, 2),
];

/** Per task, for each colour in every input: `cellmove(c)` moves the cell marked by the one pixel of c. */
export const cellFactory: PrimitiveFactory = (ctx) => ctx.commonColours.map((c) => prim(`cellmove(${c})`, 'cells', (g) => cellMove(g, c), 2));
