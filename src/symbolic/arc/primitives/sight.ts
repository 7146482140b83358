/**
 * Line drawing by sight: a cell's output colour is learned from its colour and the first
 * non-background colour it sees in each direction (the grid edge reads as -1). "Extend a ray from
 * every pixel to the wall", "join two pixels of one colour in a row", "stop a line at a wall" are
 * all such tables. Narrow feature sets come first and cost less: the fewer directions a key names,
 * the more test cells reuse keys the demonstrations showed.
 *
 * The failure taxonomy in docs/arc.md puts line drawing first among unsolved training tasks.
 * The two 8-direction tables fit the task's own grids only (`rootOnly`): they cost the most and
 * never won after a primitive on the training split; the others also follow one primitive
 * (`sight.diag ∘ rayup`, `sight.between ∘ connect` solved training tasks that way).
 */
import type { Learner } from '../dsl.js';
import { background, type Grid } from '../grid-ops.js';
import { backgroundLearner, localLearner } from '../learn-table.js';

/** Per grid, per cell, the first non-background colour seen looking up, down, left, right, and along the 4 diagonals (-1: the edge). */
interface Sight {
  readonly bg: number;
  /** [dir][r * W + c], dirs: up, down, left, right, up-left, up-right, down-left, down-right. */
  readonly seen: Int8Array[];
  readonly W: number;
}

const DIRS: readonly (readonly [number, number])[] = [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [-1, 1], [1, -1], [1, 1]];
const cache = new WeakMap<Grid, Sight>();

export function sight(g: Grid): Sight {
  const hit = cache.get(g);
  if (hit) return hit;
  const H = g.length, W = g[0]!.length, bg = background(g);
  const seen = DIRS.map(([dr, dc]) => {
    const a = new Int8Array(H * W);
    // Walk each cell's line from the far end toward the cell so that every step reuses the previous answer.
    const rows = dr > 0 ? [...Array(H).keys()].reverse() : [...Array(H).keys()];
    const cols = dc > 0 ? [...Array(W).keys()].reverse() : [...Array(W).keys()];
    for (const r of rows) for (const c of cols) {
      const pr = r + dr, pc = c + dc;
      if (pr < 0 || pr >= H || pc < 0 || pc >= W) a[r * W + c] = -1;
      else {
        const v = g[pr]![pc]!;
        a[r * W + c] = v !== bg ? v : a[pr * W + pc]!;
      }
    }
    return a;
  });
  const s = { bg, seen, W };
  cache.set(g, s);
  return s;
}

const look = (g: Grid, r: number, c: number, dirs: readonly number[]): string => {
  const s = sight(g), i = r * s.W + c;
  let k = `${g[r]![c]}:`;
  for (const d of dirs) k += `${s.seen[d]![i]},`;
  return k;
};

/** Between two equal colours (horizontally, vertically): the colour, or '-' when the two sides differ. */
const between = (g: Grid, r: number, c: number): string => {
  const s = sight(g), i = r * s.W + c;
  const h = s.seen[2]![i] === s.seen[3]![i] ? s.seen[2]! [i] : '-';
  const v = s.seen[0]![i] === s.seen[1]![i] ? s.seen[0]![i] : '-';
  return `${g[r]![c]}:${h}:${v}`;
};

export const SIGHT_LEARNERS: readonly Learner[] = [
  localLearner('sight.between', 2.2, between),
  backgroundLearner('sight.bg4', 2.4, (g, r, c) => look(g, r, c, [0, 1, 2, 3]).slice(2)),
  backgroundLearner('sight.bg8', 2.8, (g, r, c) => look(g, r, c, [0, 1, 2, 3, 4, 5, 6, 7]).slice(2), true),
  localLearner('sight.h', 2.3, (g, r, c) => look(g, r, c, [2, 3])),
  localLearner('sight.v', 2.3, (g, r, c) => look(g, r, c, [0, 1])),
  localLearner('sight.4', 2.6, (g, r, c) => look(g, r, c, [0, 1, 2, 3])),
  localLearner('sight.diag', 2.6, (g, r, c) => look(g, r, c, [4, 5, 6, 7])),
  localLearner('sight.8', 3, (g, r, c) => look(g, r, c, [0, 1, 2, 3, 4, 5, 6, 7]), true),
];
