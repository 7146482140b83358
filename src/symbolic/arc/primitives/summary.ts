/**
 * Summaries: the output is smaller than the input and not a piece of it — a list, a count, a vote,
 * a verdict ("summarise" ~25 and "counting-size" ~9 unsolved training tasks in docs/arc.md).
 *
 * - `colourlistv` / `colourlisth`   the non-background colours, most frequent first, as a column / row
 *                                   (null on a tie in counts: the order would be a guess).
 * - `blockvote`                     a separator grid of r×c cells → the r×c grid of each cell's
 *                                   majority non-background colour (background when empty).
 * - `countbar.*`                    learner: a count of the input (objects, objects or cells of one
 *                                   colour, colours) drawn as that many cells of one colour — in a
 *                                   fixed-shape grid filled in reading order, or as a 1×n / n×1 bar.
 * - `classify.*`                    learner: the output is one of a few fixed grids, chosen by one
 *                                   property of the input (symmetric?, object count, colour count,
 *                                   majority colour …) learned as a table; an entry shown by one pair
 *                                   only is not verified (support), an unseen value is null.
 * - `classify.colour.*`             learner: a fixed-shape grid of one colour, the colour of the
 *                                   largest object, the majority colour, … (learned which).
 * - `bars`                          colours as a bar chart: one column per colour, count cells tall;
 *                                   `barslargest`: the largest objects' colours, left to right, as tall as their size.
 * - `blockvote2` / `blockvote3`     k×k blocks → the block's majority colour (noisy upscaled pictures).
 */
import { prim, type Learner, type Primitive } from '../dsl.js';
import { background, coloursByCount, dihedralSym, equal, histogram, makeGrid, width, type Grid } from '../grid-ops.js';
import { PairCounts, validColours } from '../learn-table.js';
import { components, holeCount, SEGMENTATIONS, type ArcObject } from '../objects.js';
import { majority, separatorCells } from './consensus.js';

function colourList(g: Grid, row: boolean): Grid | null {
  const h = histogram(g);
  const cs = coloursByCount(g);
  if (cs.length < 2) return null;
  for (let i = 1; i < cs.length; i++) if (h[cs[i]!] === h[cs[i - 1]!]) return null;
  return row ? [cs] : cs.map((c) => [c]);
}

/** Separator cells → one cell each, its majority non-background colour. */
/** k×k blocks → one cell each, the block's strict majority colour (noise voted away); null on a tie. */
function blockVoteK(g: Grid, k: number): Grid | null {
  const H = g.length, W = width(g);
  if (H % k || W % k || H === k && W === k) return null;
  const out = makeGrid(H / k, W / k);
  for (let i = 0; i < H / k; i++) for (let j = 0; j < W / k; j++) {
    const vs: number[] = [];
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) vs.push(g[i * k + r]![j * k + c]!);
    const m = majority(vs);
    if (m === null) return null;
    out[i]![j] = m;
  }
  return out;
}

/** The one non-zero colour's largest objects (ties all kept), left to right, each a column as tall as its size. */
function barsLargest(g: Grid): Grid | null {
  const os = components(g, SEGMENTATIONS[0]!.seg);
  if (!os.length) return null;
  const m = Math.max(...os.map((o) => o.size));
  const big = os.filter((o) => o.size === m).sort((a, b) => a.left - b.left);
  if (m > 30 || new Set(big.map((o) => o.left)).size !== big.length) return null;
  return Array.from({ length: m }, () => big.map((o) => o.colour));
}

function blockVote(g: Grid): Grid | null {
  const cells = separatorCells(g);
  if (!cells) return null;
  const bg = background(g);
  return cells.grid.map((row) => row.map((p) => majority(p.flat().filter((v) => v !== bg && v !== cells.sep)) ?? bg));
}

/**
 * A bar chart of the colours: one column per colour (0 excluded), most frequent first, each as tall
 * as its count from the top, on 0; the grid as tall as the largest count. Null on a tie in counts.
 */
function bars(g: Grid): Grid | null {
  const h = histogram(g);
  const cs = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((c) => h[c]! > 0).sort((a, b) => h[b]! - h[a]!);
  if (cs.length < 2 || h[cs[0]!]! > 30) return null;
  for (let i = 1; i < cs.length; i++) if (h[cs[i]!] === h[cs[i - 1]!]) return null;
  const out = makeGrid(h[cs[0]!]!, cs.length);
  cs.forEach((c, j) => { for (let r = 0; r < h[c]!; r++) out[r]![j] = c; });
  return out;
}

export const SUMMARY: readonly Primitive[] = [
  prim('bars', 'summary', bars, 1.5),
  prim('colourlistv', 'summary', (g) => colourList(g, false), 1.5),
  prim('colourlisth', 'summary', (g) => colourList(g, true), 1.5),
  prim('blockvote', 'summary', blockVote, 1.5),
  prim('blockvote2', 'summary', (g) => blockVoteK(g, 2), 1.5),
  prim('blockvote3', 'summary', (g) => blockVoteK(g, 3), 1.5),
  prim('barslargest', 'summary', barsLargest, 1.5),
];

/** Counts an input may show; `k` is the output's drawing colour (some counts look at it). */
const COUNTS: Readonly<Record<string, (g: Grid, k: number) => number>> = {
  objects: (g) => components(g, SEGMENTATIONS[0]!.seg).length,
  objects8: (g) => components(g, SEGMENTATIONS[1]!.seg).length,
  objectsM: (g) => components(g, SEGMENTATIONS[2]!.seg).length,
  kobjects: (g, k) => components(g, SEGMENTATIONS[0]!.seg).filter((o) => o.colour === k).length,
  kobjects8: (g, k) => components(g, SEGMENTATIONS[1]!.seg).filter((o) => o.colour === k).length,
  kcells: (g, k) => histogram(g)[k]!,
  colours: (g) => coloursByCount(g).length,
  holes: (g) => components(g, SEGMENTATIONS[1]!.seg).reduce((n, o) => n + holeCount(g, o), 0),
  bigobjects: (g) => components(g, SEGMENTATIONS[1]!.seg).filter((o) => o.size > 1).length,
  kbigobjects: (g, k) => components(g, SEGMENTATIONS[0]!.seg).filter((o) => o.colour === k && o.size > 1).length,
  // Objects inside another object's box, and loose ones (in no other's box, no container themselves:
  // no hole): ConceptARC InsideOutside1 counts the dots outside the frames, the frames not counted.
  inside: (g) => containment(g).filter((c) => c === 'in').length,
  outside: (g) => containment(g).filter((c) => c === 'out').length,
};

/** Per object (4-connected): 'in' inside another's box, 'frame' enclosing a hole, else 'out'. */
function containment(g: Grid): ('in' | 'frame' | 'out')[] {
  const os = components(g, SEGMENTATIONS[0]!.seg);
  const within = (a: ArcObject, b: ArcObject): boolean => a !== b && a.top >= b.top && a.bottom <= b.bottom && a.left >= b.left && a.right <= b.right;
  return os.map((o) => (os.some((b) => within(o, b)) ? 'in' : holeCount(g, o) > 0 ? 'frame' : 'out'));
}

type Layout = 'fill' | 'fillc' | 'alt' | 'row' | 'col' | 'diag';

/** n cells of colour k on background bg: `shape` for the fixed layouts. */
function drawCount(n: number, k: number, bg: number, layout: Layout, h: number, w: number): Grid | null {
  if (layout === 'row') return n >= 1 && n <= 30 ? makeGrid(1, n, k) : null;
  if (layout === 'col') return n >= 1 && n <= 30 ? makeGrid(n, 1, k) : null;
  if (layout === 'diag') {
    if (n < 1 || n > 30) return null;
    const d = makeGrid(n, n, bg);
    for (let i = 0; i < n; i++) d[i]![i] = k;
    return d;
  }
  if (n > h * w) return null;
  const out = makeGrid(h, w, bg);
  for (let i = 0; i < n; i++) {
    if (layout === 'fill') out[(i / w) | 0]![i % w] = k;
    else if (layout === 'alt') {
      // Every other cell in reading order (a chequerboard filled from the top left).
      if (2 * i >= h * w) return null;
      out[((2 * i) / w) | 0]![(2 * i) % w] = k;
    }
    else out[i % h]![(i / h) | 0] = k;
  }
  return out;
}

const countbar: Learner = {
  name: 'countbar',
  family: 'summary',
  cost: 2.5,
  fit(xs, ys) {
    // The drawing colour: the one non-background colour of every output, the same in all.
    const colourOf = (y: Grid, bg: number): number | null => {
      const cs = new Set(y.flat().filter((v) => v !== bg));
      return cs.size === 1 ? [...cs][0]! : null;
    };
    const h = ys[0]!.length, w = width(ys[0]!);
    const fixed = ys.every((y) => y.length === h && width(y) === w);
    // A fixed output shape seen in two pairs only may not be fixed (ConceptARC Count6's test differs).
    if (fixed && xs.length < 3) return null;
    const layouts: Layout[] = fixed ? ['fill', 'fillc', 'alt'] : ['row', 'col', 'diag'];
    for (const layout of layouts) {
      const bg = fixed || layout === 'diag' ? 0 : -1;
      const ks = ys.map((y) => colourOf(y, bg));
      if (ks.some((k) => k === null) || new Set(ks).size !== 1) continue;
      const k = ks[0]!;
      const ns = ys.map((y) => y.flat().filter((v) => v === k).length);
      const bgs = seenBackgrounds(xs);
      if (new Set(ns).size < 2) continue; // a count that never changes says nothing
      for (const [cname, count] of Object.entries(COUNTS)) {
        if (!xs.every((x, i) => { const d = drawCount(count(x, k), k, 0, layout, h, w); return d !== null && equal(d, ys[i]!); })) continue;
        return {
          text: `countbar.${layout}.${cname}(${k})`,
          cost: 2.5,
          // Counts are read against the background: an input on a background no pair showed is refused.
          apply: (g) => (bgs.has(background(g)) ? drawCount(count(g, k), k, 0, layout, h, w) : null),
          // Two pairs are two small integers: some count of some preprocessed grid matches them by
          // chance (ConceptARC Count8: holes after extend_v, verified and wrong). Three pairs or more to verify.
          support: () => (xs.length >= 3 ? xs.length : 1),
        };
      }
    }
    return null;
  },
};

/** Input properties a verdict may depend on (strings: table keys). */
const PROPS: Readonly<Record<string, (g: Grid) => string>> = {
  sym: (g) => String(dihedralSym(g)),
  colours: (g) => String(coloursByCount(g).length),
  major: (g) => String(coloursByCount(g)[0] ?? -1),
  minor: (g) => { const cs = coloursByCount(g); return String(cs[cs.length - 1] ?? -1); },
  objects: (g) => String(components(g, SEGMENTATIONS[1]!.seg).length),
  objectsM: (g) => String(components(g, SEGMENTATIONS[2]!.seg).length),
  holes: (g) => String(components(g, SEGMENTATIONS[1]!.seg).reduce((n, o) => n + holeCount(g, o), 0)),
  // The picture's shape: which cells are not background (one verdict per pattern drawn).
  shape: (g) => { const bg = background(g); return g.map((r) => r.map((v) => (v === bg ? 0 : 1)).join('')).join('/'); },
};

/** The backgrounds the demonstration inputs showed (a count or a verdict on another background is a guess). */
const seenBackgrounds = (xs: readonly Grid[]): Set<number> => new Set(xs.map((x) => background(x)));

const key = (y: Grid): string => y.map((r) => r.join(',')).join('/');

const classify: Learner = {
  name: 'classify',
  family: 'summary',
  cost: 3,
  fit(xs, ys) {
    if (ys.some((y) => y.length * width(y) > 16)) return null;
    const outs = new Map(ys.map((y) => [key(y), y]));
    if (outs.size < 2 || outs.size > 4) return null;
    const bgs = seenBackgrounds(xs);
    for (const [pname, prop] of Object.entries(PROPS)) {
      const t = new Map<string, Grid>();
      const pairs = new PairCounts();
      let ok = true;
      xs.forEach((x, i) => {
        const k = prop(x), old = t.get(k);
        if (old && !equal(old, ys[i]!)) ok = false;
        t.set(k, ys[i]!);
        pairs.add(k, i);
      });
      // A table with an entry per pair explains nothing: each output must share its key with another pair.
      if (!ok || t.size >= xs.length) continue;
      return {
        text: `classify.${pname}[${t.size}]`,
        cost: 3 + 0.1 * t.size,
        apply: (g) => {
          if (!bgs.has(background(g))) return null;
          const y = t.get(prop(g));
          return y && validColours(y) ? y : null;
        },
        support: (g) => pairs.get(prop(g)),
      };
    }
    return null;
  },
};

/** Colours a verdict may name: of the input's objects or cells, by a rule. */
const COLOUR_OF: Readonly<Record<string, (g: Grid) => number | null>> = {
  major: (g) => coloursByCount(g)[0] ?? null,
  minor: (g) => { const cs = coloursByCount(g); return cs.length ? cs[cs.length - 1]! : null; },
  largest: (g) => argmaxColour(g, (o) => o.size),
  biggestbox: (g) => argmaxColour(g, (o) => (o.bottom - o.top) * (o.right - o.left)),
  smallest: (g) => argmaxColour(g, (o) => -o.size),
  mostobjects: (g) => {
    const n = new Map<number, number>();
    for (const o of components(g, SEGMENTATIONS[1]!.seg)) n.set(o.colour, (n.get(o.colour) ?? 0) + 1);
    const best = Math.max(...n.values());
    const top = [...n].filter(([, k]) => k === best);
    return top.length === 1 ? top[0]![0] : null;
  },
};

/** The colour of the one object (8-connected) with the greatest score; null on a tie. */
function argmaxColour(g: Grid, score: (o: ReturnType<typeof components>[number]) => number): number | null {
  const os = components(g, SEGMENTATIONS[1]!.seg);
  if (!os.length) return null;
  const s = os.map(score), m = Math.max(...s);
  return s.filter((x) => x === m).length === 1 ? os[s.indexOf(m)]!.colour : null;
}

/** The output: a fixed-shape grid all of one colour, the colour picked from the input by a rule (`classify.colour.*`). */
const classifyColour: Learner = {
  name: 'classify.colour',
  family: 'summary',
  cost: 2.5,
  fit(xs, ys) {
    const h = ys[0]!.length, w = width(ys[0]!);
    if (!ys.every((y) => y.length === h && width(y) === w && y.every((row) => row.every((v) => v === y[0]![0])))) return null;
    const cs = ys.map((y) => y[0]![0]!);
    if (new Set(cs).size < 2) return null; // one colour for every pair: a constant, nothing learned
    const bgs = seenBackgrounds(xs);
    for (const [name, f] of Object.entries(COLOUR_OF)) {
      if (!xs.every((x, i) => f(x) === cs[i])) continue;
      return {
        text: `classify.colour.${name}[${h}x${w}]`,
        cost: 2.5,
        apply: (g) => {
          const c = bgs.has(background(g)) ? f(g) : null;
          return c === null ? null : makeGrid(h, w, c);
        },
      };
    }
    return null;
  },
};

export const SUMMARY_LEARNERS: readonly Learner[] = [countbar, classify, classifyColour];
