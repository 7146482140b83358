/** Colour primitives: majority/minority colour, keeping or erasing colours, recolouring, per-colour crops. */
import { prim, type Primitive, type PrimitiveFactory } from '../dsl.js';
import { background, bbox, coloursByCount, crop, histogram, makeGrid, map, type Grid } from '../grid-ops.js';

/** 1×1 grid of the most (or least) frequent non-background colour. */
export function dominant(g: Grid, least: boolean): Grid | null {
  const cs = coloursByCount(g);
  if (!cs.length) return null;
  return [[least ? cs[cs.length - 1]! : cs[0]!]];
}

/** Keeps only the most (least) frequent non-background colour. */
export function keepDominant(g: Grid, least: boolean): Grid | null {
  const bg = background(g);
  const cs = coloursByCount(g, bg);
  if (cs.length < 2) return null;
  const keep = least ? cs[cs.length - 1]! : cs[0]!;
  return map(g, (v) => (v === keep ? v : bg));
}

/** Every non-background cell painted with the most frequent non-background colour. */
export function unify(g: Grid): Grid | null {
  const bg = background(g);
  const cs = coloursByCount(g, bg);
  if (cs.length < 2) return null;
  return map(g, (v) => (v === bg ? bg : cs[0]!));
}

/** Non-background cells → background, background → placeholder colour (the learner names it). */
export function invert(g: Grid): Grid {
  const bg = background(g);
  return map(g, (v) => (v === bg ? 10 : bg));
}

/** Each row (or column) painted with its most frequent colour (denoising stripes). */
export function lineMajority(g: Grid, columns: boolean): Grid | null {
  const mode = (xs: number[]): number => {
    const h = new Array<number>(11).fill(0);
    for (const v of xs) h[v]!++;
    let best = 0;
    for (let c = 1; c < h.length; c++) if (h[c]! > h[best]!) best = c;
    return best;
  };
  if (!columns) return g.map((row) => new Array<number>(row.length).fill(mode(row)));
  const W = g[0]!.length;
  const m = Array.from({ length: W }, (_, c) => mode(g.map((row) => row[c]!)));
  return g.map(() => m.slice());
}

export const COLOUR: readonly Primitive[] = [
  prim('rowmajority', 'colour', (g) => lineMajority(g, false), 1.5),
  prim('colmajority', 'colour', (g) => lineMajority(g, true), 1.5),
  prim('majority', 'colour', (g) => dominant(g, false)),
  prim('minority', 'colour', (g) => dominant(g, true)),
  prim('keepmajor', 'colour', (g) => keepDominant(g, false)),
  prim('keepminor', 'colour', (g) => keepDominant(g, true)),
  prim('unify', 'colour', unify),
  prim('invert', 'colour', invert),
  prim('countrow', 'colour', (g) => {
    // 1×n row of the dominant colour, n = its number of cells (count-based outputs).
    const cs = coloursByCount(g);
    if (!cs.length) return null;
    const n = histogram(g)[cs[0]!]!;
    return n <= 30 ? makeGrid(1, n, cs[0]!) : null;
  }, 2),
];

/** Per-colour primitives for colours every input shows: keep(c), erase(c), cropc(c). */
export const colourFactory: PrimitiveFactory = (ctx) =>
  ctx.commonColours.flatMap((c) => [
    prim(`keep(${c})`, 'colour', (g) => {
      const bg = background(g);
      return map(g, (v) => (v === c ? v : bg));
    }, 1.5),
    prim(`erase(${c})`, 'colour', (g) => {
      const bg = background(g);
      return bg === c ? null : map(g, (v) => (v === c ? bg : v));
    }, 1.5),
    prim(`cropc(${c})`, 'colour', (g) => {
      const b = bbox(g, (v) => v === c);
      return b ? crop(g, ...b) : null;
    }, 1.5),
    prim(`insidec(${c})`, 'colour', (g) => {
      // The inside of a frame drawn in colour c (its box without the border row/column).
      const b = bbox(g, (v) => v === c);
      if (!b || b[2] - b[0] < 3 || b[3] - b[1] < 3) return null;
      return crop(g, b[0] + 1, b[1] + 1, b[2] - 1, b[3] - 1);
    }, 1.5),
  ]);

