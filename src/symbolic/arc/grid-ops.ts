/**
 * Small grid helpers for the symbolic ARC solver (pure; every function returns a new grid).
 * Colour 10 ({@link NEW_COLOUR}) is a placeholder a primitive may paint with when the real colour
 * is to be learned from the demonstrations by a final colour map; it never survives into an answer.
 */
import { gridsEqual } from './grid/grid.js';
import type { Grid } from './grid/types.js';

export type { Grid };

/** Placeholder colour for "a colour the demonstrations decide" (mapped by the final learner). */
export const NEW_COLOUR = 10;

export function makeGrid(h: number, w: number, v = 0): Grid {
  const g: Grid = [];
  for (let r = 0; r < h; r++) g.push(new Array<number>(w).fill(v));
  return g;
}

export function height(g: Grid): number {
  return g.length;
}

export function width(g: Grid): number {
  return g[0]?.length ?? 0;
}

/** True when the grid is a legal intermediate state (1..30 per side). */
export function okSize(g: Grid | null): g is Grid {
  return g !== null && g.length >= 1 && g.length <= 30 && width(g) >= 1 && width(g) <= 30;
}

export function sameShape(a: Grid, b: Grid): boolean {
  return a.length === b.length && width(a) === width(b);
}

/** Exact equality (the plugin's `gridsEqual`). */
export const equal = gridsEqual;

/** Count of each colour 0..10. */
export function histogram(g: Grid): number[] {
  const h = new Array<number>(11).fill(0);
  for (const row of g) for (const v of row) h[v]!++;
  return h;
}

/** The background colour: 0 (ARC's canvas) whenever it occurs, else the most frequent colour. */
export function background(g: Grid): number {
  const h = histogram(g);
  if (h[0]! > 0) return 0;
  let best = 0;
  for (let c = 1; c < h.length; c++) if (h[c]! > h[best]!) best = c;
  return best;
}

/** Non-background colours by decreasing count (ties: lower colour first). */
export function coloursByCount(g: Grid, bg = background(g)): number[] {
  const h = histogram(g);
  const cs: number[] = [];
  for (let c = 0; c < h.length; c++) if (c !== bg && h[c]! > 0) cs.push(c);
  return cs.sort((a, b) => h[b]! - h[a]! || a - b);
}

/** Sub-grid rows r0..r1-1, cols c0..c1-1. */
/** Rows become columns. */
export function transpose(g: Grid): Grid {
  return g[0]!.map((_, c) => g.map((row) => row[c]!));
}

export function crop(g: Grid, r0: number, c0: number, r1: number, c1: number): Grid {
  return g.slice(r0, r1).map((row) => row.slice(c0, c1));
}

/** Bounding box [r0, c0, r1, c1) of the cells satisfying `pred`, or null. */
export function bbox(g: Grid, pred: (v: number) => boolean): [number, number, number, number] | null {
  let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
  for (let r = 0; r < g.length; r++) {
    const row = g[r]!;
    for (let c = 0; c < row.length; c++) {
      if (!pred(row[c]!)) continue;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
  }
  return r1 < 0 ? null : [r0, c0, r1 + 1, c1 + 1];
}

export function map(g: Grid, f: (v: number, r: number, c: number) => number): Grid {
  return g.map((row, r) => row.map((v, c) => f(v, r, c)));
}

export function hconcat(a: Grid, b: Grid): Grid | null {
  if (a.length !== b.length) return null;
  return a.map((row, r) => [...row, ...b[r]!]);
}

export function vconcat(a: Grid, b: Grid): Grid | null {
  if (width(a) !== width(b)) return null;
  return [...a.map((r) => r.slice()), ...b.map((r) => r.slice())];
}

/** Places `src` onto a copy of `dst` at (r0, c0); cells of `src` equal to `transparent` are skipped. */
export function paste(dst: Grid, src: Grid, r0: number, c0: number, transparent = -1): Grid {
  const out = dst.map((r) => r.slice());
  for (let r = 0; r < src.length; r++) {
    const y = r + r0;
    if (y < 0 || y >= out.length) continue;
    for (let c = 0; c < src[r]!.length; c++) {
      const x = c + c0, v = src[r]![c]!;
      if (x < 0 || x >= out[y]!.length || v === transparent) continue;
      out[y]![x] = v;
    }
  }
  return out;
}

/** 52-bit hash of a tuple of grids, shapes included (the search state's dedupe key). */
export function hashGrids(gs: readonly Grid[]): number {
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  const mix = (v: number): void => {
    h1 = Math.imul(h1 ^ v, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ (v + 0x9e3779b9), 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 15)) >>> 0;
  };
  for (const g of gs) {
    mix(1000 + g.length);
    mix(2000 + width(g));
    for (const row of g) for (const v of row) mix(v);
  }
  return (h1 & 0x1fffff) * 0x100000000 + h2;
}

/** True when the grid equals its left-right or up-down mirror image (cells of value -1 compare too). */
export function dihedralSym(g: Grid): boolean {
  const H = g.length, W = width(g);
  let lr = true, ud = true;
  for (let r = 0; r < H && (lr || ud); r++) for (let c = 0; c < W; c++) {
    if (g[r]![c] !== g[r]![W - 1 - c]) lr = false;
    if (g[r]![c] !== g[H - 1 - r]![c]) ud = false;
  }
  return lr || ud;
}
