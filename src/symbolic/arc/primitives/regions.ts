/**
 * Filling by region: a cell's output colour is learned from its colour, whether its one-colour
 * region (4-connected) reaches the grid's edge, and the colours that border that region. "Fill
 * every enclosed hole", "fill a hole with the colour of its frame", "holes in red shapes become
 * blue" are such tables. The failure taxonomy in docs/arc.md ranks filling enclosed areas second
 * among unsolved training tasks.
 */
import type { Learner } from '../dsl.js';
import type { Grid } from '../grid-ops.js';
import { backgroundLearner, localLearner } from '../learn-table.js';

interface Regions {
  readonly W: number;
  /** Region index per cell. */
  readonly id: Int32Array;
  /** Per region: reaches the edge, its neighbouring colours (sorted, joined), its size. */
  readonly edge: boolean[];
  readonly around: string[];
  readonly size: number[];
}

const cache = new WeakMap<Grid, Regions>();

export function regions(g: Grid): Regions {
  const hit = cache.get(g);
  if (hit) return hit;
  const H = g.length, W = g[0]!.length;
  const id = new Int32Array(H * W).fill(-1);
  const edge: boolean[] = [], around: string[] = [], size: number[] = [];
  const stack: number[] = [];
  for (let s = 0; s < H * W; s++) {
    if (id[s] !== -1) continue;
    const k = edge.length, v = g[(s / W) | 0]![s % W]!;
    let touches = false, n = 0;
    const nb = new Set<number>();
    id[s] = k;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!, r = (i / W) | 0, c = i % W;
      n++;
      if (r === 0 || c === 0 || r === H - 1 || c === W - 1) touches = true;
      for (const [rr, cc] of [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]] as const) {
        if (rr < 0 || rr >= H || cc < 0 || cc >= W) continue;
        const u = g[rr]![cc]!, j = rr * W + cc;
        if (u !== v) nb.add(u);
        else if (id[j] === -1) {
          id[j] = k;
          stack.push(j);
        }
      }
    }
    edge.push(touches);
    around.push([...nb].sort((a, b) => a - b).join(''));
    size.push(n);
  }
  const out = { W, id, edge, around, size };
  cache.set(g, out);
  return out;
}

const enclosed = (g: Grid, r: number, c: number): string => {
  const s = regions(g), k = s.id[r * s.W + c]!;
  return `${g[r]![c]}:${s.edge[k] ? 'e' : 'i'}`;
};

const framed = (g: Grid, r: number, c: number): string => {
  const s = regions(g), k = s.id[r * s.W + c]!;
  return `${g[r]![c]}:${s.edge[k] ? 'e' : 'i'}:${s.around[k]}`;
};

/** Background cells only: enclosed or not, and the colours of the frame around the cell's region. */
const bgEnclosed = (g: Grid, r: number, c: number): string => {
  const s = regions(g), k = s.id[r * s.W + c]!;
  return s.edge[k] ? 'e' : 'i';
};
const bgFramed = (g: Grid, r: number, c: number): string => {
  const s = regions(g), k = s.id[r * s.W + c]!;
  return `${s.edge[k] ? 'e' : 'i'}:${s.around[k]}`;
};
/** Background cells only: enclosed or not, and the region's size (odd/even and small sizes tell holes apart). */
const bgSized = (g: Grid, r: number, c: number): string => {
  const s = regions(g), k = s.id[r * s.W + c]!;
  return `${s.edge[k] ? 'e' : 'i'}:${s.edge[k] ? '' : s.size[k]}`;
};

export const REGION_LEARNERS: readonly Learner[] = [
  backgroundLearner('region.holes', 1.8, bgEnclosed),
  localLearner('region.enclosed', 2, enclosed),
  backgroundLearner('region.holeframe', 2.2, bgFramed),
  backgroundLearner('region.holesize', 2.4, bgSized),
  localLearner('region.framed', 2.4, framed),
];
