/**
 * Copies side by side with a gap: the output repeats a picture along one axis, the copies separated
 * by one line of colour 0. The `tile` learner (learners.ts) only abuts copies in a fixed layout;
 * here the number of copies and their direction are read from each grid:
 *
 * - `gapdouble`   the whole grid twice along its shorter side (a wide picture is stacked, a tall
 *                 one put side by side); null on a square grid, where the side is a guess, and on
 *                 a grid with an empty border line (not a cropped picture: most grids, which this
 *                 step would only add search states for) (ConceptARC Copy6).
 * - `gaprepeat`   a picture with a count bar: a line of one colour starting at the picture's
 *                 top-right corner going right (or bottom-left going down), on 0, the rest of that
 *                 strip 0 and the picture free of 0. The picture is repeated once more than the bar
 *                 is long, in the bar's direction (ConceptARC Copy5: "one more copy per dot").
 *
 * Both read the grid only, so nothing is learned; the result must fit 30×30.
 */
import { prim, type Primitive } from '../dsl.js';
import { makeGrid, paste, width, type Grid } from '../grid-ops.js';

/** `n` copies of `p` along rows (`down`) or columns, one 0 line between consecutive copies. */
function repeatWithGap(p: Grid, n: number, down: boolean): Grid | null {
  const h = p.length, w = width(p);
  const H = down ? n * h + n - 1 : h, W = down ? w : n * w + n - 1;
  if (H > 30 || W > 30) return null;
  let out = makeGrid(H, W, 0);
  for (let i = 0; i < n; i++) out = paste(out, p, down ? i * (h + 1) : 0, down ? 0 : i * (w + 1));
  return out;
}

/** Every border line of `g` holds a non-0 cell: the grid is a picture cropped to its content. */
const cropped = (g: Grid): boolean => g[0]!.some((v) => v !== 0) && g[g.length - 1]!.some((v) => v !== 0)
  && g.some((row) => row[0] !== 0) && g.some((row) => row[row.length - 1] !== 0);

function gapDouble(g: Grid): Grid | null {
  const h = g.length, w = width(g);
  return h === w || !cropped(g) ? null : repeatWithGap(g, 2, h < w);
}

/**
 * The length of the count bar in the strip right of the picture (`down` false) or below it: the
 * trailing columns (rows) whose first cell is one colour, not 0, and all other cells 0. Zero when
 * there is none or the picture left over holds a 0.
 */
function barLength(g: Grid, down: boolean): number {
  const t = down ? g[0]!.map((_, c) => g.map((row) => row[c]!)) : g;
  const H = t.length, W = width(t);
  const m = t[0]![W - 1]!;
  if (m === 0) return 0;
  let k = 0;
  while (k < W - 1 && t[0]![W - 1 - k] === m && t.every((row, r) => r === 0 || row[W - 1 - k] === 0)) k++;
  if (k === 0) return 0;
  for (let r = 0; r < H; r++) for (let c = 0; c < W - k; c++) if (t[r]![c] === 0) return 0;
  return k;
}

function gapRepeat(g: Grid): Grid | null {
  const right = barLength(g, false), below = barLength(g, true);
  if ((right > 0) === (below > 0)) return null;
  const pic = right > 0 ? g.map((row) => row.slice(0, width(g) - right)) : g.slice(0, g.length - below);
  if (!pic.length || !width(pic)) return null;
  return repeatWithGap(pic, Math.max(right, below) + 1, below > 0);
}

export const GAP_TILE: readonly Primitive[] = [
  prim('gapdouble', 'gap-tile', gapDouble, 2),
  prim('gaprepeat', 'gap-tile', gapRepeat, 2),
];
