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
 */
import { prim, type Learner, type Primitive } from '../dsl.js';
import { background, coloursByCount, dihedralSym, equal, histogram, makeGrid, width, type Grid } from '../grid-ops.js';
import { PairCounts, validColours } from '../learn-table.js';
import { components, holeCount, SEGMENTATIONS } from '../objects.js';
import { majority, separatorCells } from './consensus.js';

function colourList(g: Grid, row: boolean): Grid | null {
  const h = histogram(g);
  const cs = coloursByCount(g);
  if (cs.length < 2) return null;
  for (let i = 1; i < cs.length; i++) if (h[cs[i]!] === h[cs[i - 1]!]) return null;
  return row ? [cs] : cs.map((c) => [c]);
}

/** Separator cells → one cell each, its majority non-background colour. */
function blockVote(g: Grid): Grid | null {
  const cells = separatorCells(g);
  if (!cells) return null;
  const bg = background(g);
  return cells.grid.map((row) => row.map((p) => majority(p.flat().filter((v) => v !== bg && v !== cells.sep)) ?? bg));
}

export const SUMMARY: readonly Primitive[] = [
  prim('colourlistv', 'summary', (g) => colourList(g, false), 1.5),
  prim('colourlisth', 'summary', (g) => colourList(g, true), 1.5),
  prim('blockvote', 'summary', blockVote, 1.5),
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
};

type Layout = 'fill' | 'fillc' | 'row' | 'col';

/** n cells of colour k on background bg: `shape` for the fixed layouts. */
function drawCount(n: number, k: number, bg: number, layout: Layout, h: number, w: number): Grid | null {
  if (layout === 'row') return n >= 1 && n <= 30 ? makeGrid(1, n, k) : null;
  if (layout === 'col') return n >= 1 && n <= 30 ? makeGrid(n, 1, k) : null;
  if (n > h * w) return null;
  const out = makeGrid(h, w, bg);
  for (let i = 0; i < n; i++) {
    if (layout === 'fill') out[(i / w) | 0]![i % w] = k;
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
    const layouts: Layout[] = fixed ? ['fill', 'fillc'] : ['row', 'col'];
    for (const layout of layouts) {
      const bg = fixed ? 0 : -1;
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

export const SUMMARY_LEARNERS: readonly Learner[] = [countbar, classify];
