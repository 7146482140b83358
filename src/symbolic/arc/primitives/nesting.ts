/**
 * Inside how many shapes: a cell's nesting depth is the number of objects (one colour, 8-connected)
 * that enclose it — cut it off from the grid's edge. "Keep the dot only when it is inside the inner
 * shape" (ConceptARC InsideOutside4: nested outlines of changing colours, dots between or within
 * them) is a table from depth to colour for the dots. regions.ts only knows enclosed or not, and
 * the frame colour around a dot says nothing when the outlines touch or change colour per pair.
 *
 * Learner `nest.depth`: exactly one input colour k changes anywhere (the same k in every pair);
 * each cell of colour k gets table(depth), every other cell keeps its colour. The table must say
 * something (at least two depths, at least one changed) and cover the test's depths (else null);
 * an entry seen in one pair only is not verified (support).
 */
import type { Learner } from '../dsl.js';
import { background, equal, sameShape, width, type Grid } from '../grid-ops.js';
import { PairCounts } from '../learn-table.js';
import { components, SEGMENTATIONS } from '../objects.js';

/** Most objects a grid may hold (one flood fill each). */
const MAX_OBJECTS = 40;

const cache = new WeakMap<Grid, Int32Array | null>();

/** Per cell (row-major): how many objects other than its own enclose it; null for too many objects. */
function depths(g: Grid): Int32Array | null {
  if (cache.has(g)) return cache.get(g)!;
  const H = g.length, W = width(g);
  const objs = components(g, SEGMENTATIONS[1]!.seg, background(g)).filter((o) => o.size >= 4);
  let d: Int32Array | null = null;
  if (objs.length <= MAX_OBJECTS) {
    d = new Int32Array(H * W);
    const wall = new Uint8Array(H * W), seen = new Uint8Array(H * W);
    for (const o of objs) {
      wall.fill(0);
      seen.fill(0);
      for (const [r, c] of o.cells) wall[r * W + c] = 1;
      const stack: number[] = [];
      for (let i = 0; i < H * W; i++) {
        const r = (i / W) | 0, c = i % W;
        if ((r === 0 || c === 0 || r === H - 1 || c === W - 1) && !wall[i]) { seen[i] = 1; stack.push(i); }
      }
      while (stack.length) {
        const i = stack.pop()!, r = (i / W) | 0, c = i % W;
        for (const j of [r > 0 ? i - W : -1, r < H - 1 ? i + W : -1, c > 0 ? i - 1 : -1, c < W - 1 ? i + 1 : -1]) {
          if (j < 0 || seen[j] || wall[j]) continue;
          seen[j] = 1;
          stack.push(j);
        }
      }
      for (let i = 0; i < H * W; i++) if (!seen[i] && !wall[i]) d[i]!++;
    }
  }
  cache.set(g, d);
  return d;
}

const nestDepth: Learner = {
  name: 'nest.depth',
  family: 'nesting',
  cost: 2.4,
  fit(xs, ys) {
    if (!xs.every((x, i) => sameShape(x, ys[i]!)) || xs.every((x, i) => equal(x, ys[i]!))) return null;
    let k = -1;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!, y = ys[i]!;
      for (let r = 0; r < x.length; r++) for (let c = 0; c < x[r]!.length; c++) {
        if (x[r]![c] === y[r]![c]) continue;
        if (k === -1) k = x[r]![c]!;
        else if (k !== x[r]![c]) return null;
      }
    }
    const t = new Map<number, number>(), pairs = new PairCounts();
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!, y = ys[i]!, d = depths(x), W = width(x);
      if (!d) return null;
      for (let r = 0; r < x.length; r++) for (let c = 0; c < W; c++) {
        if (x[r]![c] !== k) continue;
        const n = d[r * W + c]!, v = y[r]![c]!, old = t.get(n);
        if (old === undefined) t.set(n, v);
        else if (old !== v) return null;
        pairs.add(String(n), i);
      }
    }
    if (t.size < 2 || ![...t].some(([, v]) => v === k)) return null;
    const paint = (g: Grid): { out: Grid; used: Set<string> } | null => {
      const d = depths(g), W = width(g), used = new Set<string>();
      if (!d) return null;
      const out = g.map((row) => row.slice());
      for (let r = 0; r < g.length; r++) for (let c = 0; c < W; c++) {
        if (g[r]![c] !== k) continue;
        const v = t.get(d[r * W + c]!);
        if (v === undefined) return null;
        used.add(String(d[r * W + c]!));
        out[r]![c] = v;
      }
      return { out, used };
    };
    return {
      text: `nest.depth(${k})[${[...t].sort((a, b) => a[0] - b[0]).map(([n, v]) => `${n}→${v}`).join(',')}]`,
      cost: 2.4 + 0.01 * t.size,
      apply: (g) => paint(g)?.out ?? null,
      support: (g) => {
        const p = paint(g);
        return p ? pairs.min(p.used) : 0;
      },
    };
  },
};

export const NESTING_LEARNERS: readonly Learner[] = [nestDepth];
