/**
 * Helpers for votes over parts (used by summary.ts `blockvote`): the most frequent value of a list,
 * and a grid cut by full separator lines into its r×c cells, kept in their layout (split.ts returns
 * the parts as a flat list; a vote per cell needs to know which row and column each came from).
 */
import { background, crop, width, type Grid } from '../grid-ops.js';
import { spans } from './cells.js';

/** The strictly most frequent value, or null for an empty list or a tie. */
export function majority(xs: readonly number[]): number | null {
  const n = new Map<number, number>();
  for (const v of xs) n.set(v, (n.get(v) ?? 0) + 1);
  let best: number | null = null, bn = 0, tie = false;
  for (const [v, k] of n) {
    if (k > bn) [best, bn, tie] = [v, k, false];
    else if (k === bn) tie = true;
  }
  return tie ? null : best;
}

/**
 * The cells between full separator lines of one colour (rows and columns both counted, at least 2
 * cells in all), as grid[i][j] of sub-grids, or null. Cells may differ in size. The background
 * colour is tried last, as blank lines between blocks.
 */
export function separatorCells(g: Grid): { grid: Grid[][]; sep: number } | null {
  const H = g.length, W = width(g), bg = background(g);
  // A non-background separator colour first; the background itself last (cells of noise cut by blank lines).
  for (const sep of [...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((c) => c !== bg), bg]) {
    const rows: number[] = [], cols: number[] = [];
    for (let r = 0; r < H; r++) if (g[r]!.every((v) => v === sep)) rows.push(r);
    for (let c = 0; c < W; c++) if (g.every((row) => row[c] === sep)) cols.push(c);
    if (!rows.length && !cols.length) continue;
    const rs = spans(rows, H), cs = spans(cols, W);
    if (rs.length * cs.length < 2) continue;
    return { grid: rs.map(([r0, r1]) => cs.map(([c0, c1]) => crop(g, r0, c0, r1, c1))), sep };
  }
  return null;
}
