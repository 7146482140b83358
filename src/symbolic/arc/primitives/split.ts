/**
 * Splitting a grid into equal sub-grids — by separator lines (full rows/columns of one colour) or,
 * failing that, into halves along the longer axis — and combining or choosing among the parts.
 * The cell-by-cell boolean combinations (AND/OR/XOR with a learned output colour) are the
 * `combine` learner; these primitives overlay parts or pick one.
 */
import { prim, type Primitive } from '../dsl.js';
import { background, crop, equal, histogram, width, type Grid } from '../grid-ops.js';
import { spans } from './cells.js';

/** Separator-split parts (equal shapes), or null. Separator: full rows/columns of one colour, the same for all. */
export function splitBySeparators(g: Grid): Grid[] | null {
  const H = g.length, W = width(g);
  const bg = background(g);
  const rowsOf = new Map<number, number[]>(), colsOf = new Map<number, number[]>();
  if (W >= 2) for (let r = 0; r < H; r++) if (g[r]!.every((v) => v === g[r]![0])) rowsOf.set(g[r]![0]!, [...(rowsOf.get(g[r]![0]!) ?? []), r]);
  if (H >= 2) for (let c = 0; c < W; c++) if (g.every((row) => row[c] === g[0]![c])) colsOf.set(g[0]![c]!, [...(colsOf.get(g[0]![c]!) ?? []), c]);
  // Prefer colours that occur only on their full lines (true separators) over colours that merely fill a line.
  const onlyOnLines = (c: number): boolean => {
    const rs = new Set(rowsOf.get(c) ?? []), cs = new Set(colsOf.get(c) ?? []);
    return g.every((row, r) => row.every((v, x) => v !== c || rs.has(r) || cs.has(x)));
  };
  const candidates = [...new Set([...rowsOf.keys(), ...colsOf.keys()])]
    .filter((c) => c !== bg)
    .map((c) => [c, onlyOnLines(c) ? 0 : 1] as const)
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .map(([c]) => c);
  for (const sep of candidates) {
    const rs = spans(rowsOf.get(sep) ?? [], H), cs = spans(colsOf.get(sep) ?? [], W);
    if (rs.length * cs.length < 2) continue;
    const parts: Grid[] = [];
    for (const [r0, r1] of rs) for (const [c0, c1] of cs) parts.push(crop(g, r0, c0, r1, c1));
    if (parts.every((p) => p.length === parts[0]!.length && width(p) === width(parts[0]!))) return parts;
  }
  return null;
}

/** Separator parts, or the two halves along the longer axis (middle line dropped when odd). */
export function splitParts(g: Grid): Grid[] | null {
  const bySep = splitBySeparators(g);
  if (bySep) return bySep;
  const H = g.length, W = width(g);
  if (W >= H && W >= 2) {
    const k = Math.floor(W / 2);
    return [crop(g, 0, 0, H, k), crop(g, 0, W - k, H, W)];
  }
  if (H >= 2) {
    const k = Math.floor(H / 2);
    return [crop(g, 0, 0, k, W), crop(g, H - k, 0, H, W)];
  }
  return null;
}

function overlay(parts: Grid[], reverse: boolean): Grid {
  const order = reverse ? parts.slice().reverse() : parts;
  const bg = background(parts[0]!);
  const out = order[0]!.map((r) => r.slice());
  for (const p of order.slice(1)) for (let r = 0; r < out.length; r++) for (let c = 0; c < out[r]!.length; c++) if (p[r]![c] !== bg) out[r]![c] = p[r]![c]!;
  return out;
}

const fg = (g: Grid): number => {
  const h = histogram(g), bg = background(g);
  return g.length * width(g) - h[bg]!;
};

function pick(parts: Grid[] | null, f: (parts: Grid[]) => Grid | null): Grid | null {
  return parts && parts.length >= 2 ? f(parts) : null;
}

export const SPLIT: readonly Primitive[] = [
  prim('overlay', 'split', (g) => pick(splitParts(g), (ps) => overlay(ps, false))),
  prim('underlay', 'split', (g) => pick(splitParts(g), (ps) => overlay(ps, true))),
  prim('firstpart', 'split', (g) => pick(splitBySeparators(g), (ps) => ps[0]!)),
  prim('lastpart', 'split', (g) => pick(splitBySeparators(g), (ps) => ps[ps.length - 1]!)),
  prim('fullestpart', 'split', (g) => pick(splitBySeparators(g), (ps) => {
    const n = ps.map(fg), m = Math.max(...n);
    return n.filter((x) => x === m).length === 1 ? ps[n.indexOf(m)]! : null;
  })),
  prim('emptiestpart', 'split', (g) => pick(splitBySeparators(g), (ps) => {
    const n = ps.map(fg), m = Math.min(...n);
    return n.filter((x) => x === m).length === 1 ? ps[n.indexOf(m)]! : null;
  })),
  prim('oddpart', 'split', (g) => pick(splitBySeparators(g), (ps) => {
    const odd = ps.filter((p) => ps.filter((q) => equal(p, q)).length === 1);
    return ps.length >= 3 && odd.length === 1 ? odd[0]! : null;
  })),
];
