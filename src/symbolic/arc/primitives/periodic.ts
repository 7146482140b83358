/**
 * Periodic patterns (taxonomy: pattern-completion; ConceptARC CleanUp): the output is the input's
 * periodic pattern made whole where the input breaks it.
 *
 * - `retile`          noise of any colour: the lattice whose classes' majority colours explain the
 *                     grid most briefly repaints every cell its class's majority.
 * - `skewrepair(c)`   cells of colour c are unknown and the pattern repeats along a slanted lattice
 *                     (diagonal stripes): each row is the row above shifted, which pattern.ts's
 *                     rectangular `repair` cannot express.
 * - `extend_h`, `extend_v` (and `…2`, twice as wide/tall): the pattern occupies a band of the
 *                     grid and the rest is background; the band's smallest period continues to the
 *                     grid's edges.
 *
 * A lattice (py, px, dx): cell (r, c) belongs to class (r mod py, (c − ⌊r/py⌋·dx) mod px); dx = 0
 * is an ordinary 2-D period.
 */
import { prim, type Primitive, type PrimitiveFactory } from '../dsl.js';
import { background, transpose, width, type Grid } from '../grid-ops.js';

type Lattice = readonly [number, number, number];

const classOf = (r: number, c: number, [py, px, dx]: Lattice): number => {
  const q = Math.floor(r / py);
  return (r % py) * px + ((((c - q * dx) % px) + px) % px);
};

/** Per class, colour tallies over the cells `known` accepts. */
function tallies(g: Grid, L: Lattice, known: (v: number) => boolean): Int32Array {
  const H = g.length, W = width(g);
  const t = new Int32Array(L[0] * L[1] * 10);
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    const v = g[r]![c]!;
    if (known(v)) t[classOf(r, c, L) * 10 + v]!++;
  }
  return t;
}

/** Each class's majority colour (-1: no known cell), and how many known cells disagree with it; null when a class has no strict majority. */
function majority(t: Int32Array, n: number): { colour: Int8Array; wrong: number } | null {
  const colour = new Int8Array(n).fill(-1);
  let wrong = 0;
  for (let k = 0; k < n; k++) {
    let best = -1, bestN = 0, total = 0;
    for (let v = 0; v < 10; v++) {
      const x = t[k * 10 + v]!;
      total += x;
      if (x > bestN) { bestN = x; best = v; }
    }
    if (total === 0) continue;
    if (bestN * 2 <= total) return null;
    colour[k] = best;
    wrong += total - bestN;
  }
  return { colour, wrong };
}

/**
 * Repaints noise: over lattices whose classes have ≥ 3 cells and strict majorities, the one with the
 * shortest description (classes + 2 × repainted cells) wins. Null when no cell disagrees, or more than a fifth do.
 */
export function retile(g: Grid, skew = false): Grid | null {
  const H = g.length, W = width(g);
  let best: { L: Lattice; colour: Int8Array; wrong: number; area: number } | null = null;
  for (let py = 1; py <= H; py++) for (let px = 1; px <= W; px++) {
    // Small cells only (and whole-row / whole-column stripes): the search runs this on every state.
    if (py * px * 3 > H * W || (py * px > 64 && px > 1 && py > 1)) continue;
    for (let dx = 0; dx < (skew && py < H ? px : 1); dx++) {
      const L: Lattice = [py, px, dx];
      const m = majority(tallies(g, L, () => true), py * px);
      if (!m) continue;
      const area = py * px;
      // Description length: a colour per class, two per repainted cell (a bigger lattice can
      // always absorb a little noise into classes of its own, so it must pay for them).
      if (!best || area + 2 * m.wrong < best.area + 2 * best.wrong) best = { L, ...m, area };
    }
  }
  if (!best || best.wrong === 0 || best.wrong * 5 > H * W) return null;
  const { L, colour } = best;
  return g.map((row, r) => row.map((_, c) => colour[classOf(r, c, L)]!));
}

/** Fills cells of `mask` from the smallest slanted lattice (dx ≠ 0) every known cell agrees with. */
export function skewRepair(g: Grid, mask: number): Grid | null {
  const H = g.length, W = width(g);
  let masked = 0;
  for (const row of g) for (const v of row) if (v === mask) masked++;
  if (masked === 0 || masked === H * W) return null;
  // Slanted lattices one or two rows tall cover diagonal stripes; taller ones cost too much to try on every state.
  const lattices: Lattice[] = [];
  for (let py = 1; py <= Math.min(2, H - 1); py++) for (let px = 2; px * py * 2 <= H * W && px <= W; px++) for (let dx = 1; dx < px; dx++) lattices.push([py, px, dx]);
  lattices.sort((a, b) => a[0] * a[1] - b[0] * b[1] || a[0] - b[0] || a[2] - b[2]);
  for (const L of lattices) {
    const cell = new Int8Array(L[0] * L[1]).fill(-1);
    let ok = true;
    for (let r = 0; r < H && ok; r++) for (let c = 0; c < W; c++) {
      const v = g[r]![c]!;
      if (v === mask) continue;
      const k = classOf(r, c, L);
      if (cell[k] === -1) cell[k] = v;
      else if (cell[k] !== v) { ok = false; break; }
    }
    if (!ok || cell.some((v) => v < 0)) continue;
    return g.map((row, r) => row.map((v, c) => (v === mask ? cell[classOf(r, c, L)]! : v)));
  }
  return null;
}

/**
 * The band of rows holding every non-background cell, continued with its smallest row period
 * (`whole`: its own height) over a grid `scale` times as tall (up and down). Null when there is
 * no band, or it fills the grid and nothing changes.
 */
export function extendRows(g: Grid, scale: number, whole = false): Grid | null {
  const H = g.length, bg = background(g);
  const rows: number[] = [];
  for (let r = 0; r < H; r++) if (g[r]!.some((v) => v !== bg)) rows.push(r);
  if (!rows.length) return null;
  const r0 = rows[0]!, r1 = rows[rows.length - 1]! + 1;
  const band = g.slice(r0, r1);
  const same = (a: readonly number[], b: readonly number[]): boolean => a.every((v, i) => v === b[i]);
  let p = whole ? band.length : 1;
  while (p < band.length && !band.every((row, i) => i < p || same(row, band[i - p]!))) p++;
  const out: Grid = [];
  for (let r = 0; r < H * scale; r++) out.push(band[(((r - r0) % p) + p) % p]!.slice());
  if (out.length === H && out.every((row, r) => same(row, g[r]!))) return null;
  return out;
}

const extendCols = (g: Grid, scale: number, whole = false): Grid | null => {
  const t = extendRows(transpose(g), scale, whole);
  return t && transpose(t);
};

export const PERIODIC: readonly Primitive[] = [
  prim('retile', 'completion', (g) => retile(g), 2),
  prim('extend_v', 'completion', (g) => extendRows(g, 1), 1.5),
  prim('extend_h', 'completion', (g) => extendCols(g, 1), 1.5),
  prim('extend_v2', 'completion', (g) => extendRows(g, 2), 1.5),
  prim('extend_h2', 'completion', (g) => extendCols(g, 2), 1.5),
  prim('extend_vb', 'completion', (g) => extendRows(g, 1, true), 1.5),
  prim('extend_hb', 'completion', (g) => extendCols(g, 1, true), 1.5),
];

/** Per mask colour (every input shows it), plus 0: skewrepair(c). */
export const periodicFactory: PrimitiveFactory = (ctx) =>
  [0, ...ctx.commonColours].map((c) => prim(`skewrepair(${c})`, 'completion', (g) => skewRepair(g, c), 2));
