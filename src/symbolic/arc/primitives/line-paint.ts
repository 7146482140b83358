/**
 * Shared plumbing of the line-drawing and fill learners (rays.ts, elbow.ts, boxfill.ts, halo.ts):
 * they all only paint background cells, learn a small per-source-colour table, and count how many
 * demonstration pairs showed each entry. Taxonomy categories: line-drawing and fill-enclosed
 * (docs/arc.md), where the output only adds cells to the input.
 */
import { background, equal, sameShape, type Grid } from '../grid-ops.js';
import { PairCounts, validColours } from '../learn-table.js';

/** The 8 compass steps: up, down, left, right, up-left, up-right, down-left, down-right. */
export const DIRS8: readonly (readonly [number, number])[] = [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [-1, 1], [1, -1], [1, 1]];
export const DIR_NAMES: readonly string[] = ['U', 'D', 'L', 'R', 'UL', 'UR', 'DL', 'DR'];

/**
 * True when every pair keeps every non-background input cell, changes some cell, and has its
 * input's shape: the demonstrations only add paint (the premise of every learner here).
 */
export function onlyAdds(xs: readonly Grid[], ys: readonly Grid[]): boolean {
  let changed = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, y = ys[i]!;
    if (!sameShape(x, y) || !validColours(x)) return false;
    const bg = background(x);
    for (let r = 0; r < x.length; r++) for (let c = 0; c < x[r]!.length; c++) {
      const v = x[r]![c]!, w = y[r]![c]!;
      if (v !== bg && w !== v) return false;
      if (w !== v) changed = true;
    }
  }
  return changed;
}

/** True when `apply` reproduces every demonstration output. */
export function reproduces(xs: readonly Grid[], ys: readonly Grid[], apply: (g: Grid) => Grid | null): boolean {
  return xs.every((x, i) => {
    const p = apply(x);
    return p !== null && equal(p, ys[i]!);
  });
}

/** The non-background colours of `g`. */
export function colours(g: Grid, bg = background(g)): Set<number> {
  const s = new Set<number>();
  for (const row of g) for (const v of row) if (v !== bg) s.add(v);
  return s;
}

/** Per source colour, the pairs that showed it: an entry seen in one pair gives support 1 (not verified). */
export function colourSupport(xs: readonly Grid[]): PairCounts {
  const pc = new PairCounts();
  xs.forEach((x, i) => {
    for (const c of colours(x)) pc.add(String(c), i);
  });
  return pc;
}

export const copyGrid = (g: Grid): Grid => g.map((row) => row.slice());
