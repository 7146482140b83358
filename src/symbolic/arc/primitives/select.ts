/**
 * Selection: the output is one part of the input, chosen by a rule ("crop-selection" in the
 * failure taxonomy of docs/arc.md, ~13 unsolved training tasks, and the sub-grid half of issue #19's
 * "output assembled from selected input parts").
 *
 * - `period`         the minimal repeating tile of a periodic grid (the grid is that tile repeated).
 * - `window`         the inside of the one rectangle framed by a single colour (a full frame or
 *                    four corner marks); `windowf` keeps the frame; `windowpaint` paints the
 *                    inside's cells in the frame's colour.
 * - `window.fixed`   learner: the output is the same-size crop at one fixed offset from one corner.
 * - `pick.*`         learner: the object whose box is the output, singled out by a learned rule over
 *                    one property (the largest/smallest/odd one out by size, colour, shape, holes,
 *                    symmetry, position …). The fixed selectors of primitives/objects.ts cover the
 *                    commonest rules at lower cost; this learner finds the rest.
 * - `pickpart.*`     learner: the same over the parts a separator grid cuts the input into (or,
 *                    without separators, the equal squares of a strip).
 *
 * Every rule must single out exactly one candidate (a tie is null, never a guess).
 */
import { prim, type Fitted, type Learner, type Primitive } from '../dsl.js';
import { background, crop, dihedralSym, equal, histogram, width, type Grid } from '../grid-ops.js';
import { validColours } from '../learn-table.js';
import { components, holeCount, objectBox, objectGrid, patternKey, SEGMENTATIONS, shapeKey, touchesBorder, type ArcObject } from '../objects.js';
import { splitBySeparators } from './split.js';

/** The smallest tile (p rows × q cols) whose repetition is `g`; null when `g` does not repeat. */
export function period(g: Grid): Grid | null {
  const H = g.length, W = width(g);
  let p = 1;
  while (p < H && !g.every((row, r) => r < p || row.every((v, c) => v === g[r - p]![c]))) p++;
  let q = 1;
  while (q < W && !g.every((row) => row.every((v, c) => c < q || v === row[c - q]))) q++;
  if (p === H && q === W) return null;
  return crop(g, 0, 0, p, q);
}

/**
 * The rectangle framed by colour `c`: every `c` cell lies on the border of the bounding box of the
 * `c` cells, its four corners are `c`, and there are at least 4 (a full frame or corner marks).
 */
function frameOf(g: Grid, c: number): [number, number, number, number] | null {
  let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1, n = 0;
  for (let r = 0; r < g.length; r++) for (let x = 0; x < g[r]!.length; x++) {
    if (g[r]![x] !== c) continue;
    n++;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
    if (x < c0) c0 = x;
    if (x > c1) c1 = x;
  }
  if (n < 4 || r1 - r0 < 2 || c1 - c0 < 2) return null;
  if (g[r0]![c0] !== c || g[r0]![c1] !== c || g[r1]![c0] !== c || g[r1]![c1] !== c) return null;
  for (let r = r0 + 1; r < r1; r++) for (let x = c0 + 1; x < c1; x++) if (g[r]![x] === c) return null;
  return [r0, c0, r1, c1];
}

/** The one framed rectangle (inside, or with its frame); null when no colour or several frame one. */
function windowCrop(g: Grid, withFrame: boolean): Grid | null {
  const bg = background(g);
  const h = histogram(g);
  let found: [number, number, number, number] | null = null;
  for (let c = 0; c <= 9; c++) {
    if (c === bg || h[c]! < 4) continue;
    const f = frameOf(g, c);
    if (!f) continue;
    if (found) return null;
    found = f;
  }
  if (!found) return null;
  const [r0, c0, r1, c1] = found;
  return withFrame ? crop(g, r0, c0, r1 + 1, c1 + 1) : crop(g, r0 + 1, c0 + 1, r1, c1);
}

/** The framed window's inside with every non-background cell painted the frame's colour. */
function windowPaint(g: Grid): Grid | null {
  const w = windowCrop(g, true);
  if (!w) return null;
  const f = w[0]![0]!, bg = background(g);
  const inside = crop(w, 1, 1, w.length - 1, width(w) - 1);
  return inside.map((row) => row.map((v) => (v === bg ? bg : f)));
}

export const SELECT: readonly Primitive[] = [
  prim('windowpaint', 'select', windowPaint, 1.5),
  prim('period', 'select', period),
  prim('window', 'select', (g) => windowCrop(g, false)),
  prim('windowf', 'select', (g) => windowCrop(g, true), 1.2),
];

/** A fixed-size crop at a fixed offset from one corner (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right). */
function cornerCrop(g: Grid, corner: number, dr: number, dc: number, h: number, w: number): Grid | null {
  const H = g.length, W = width(g);
  const r0 = corner & 2 ? H - dr - h : dr, c0 = corner & 1 ? W - dc - w : dc;
  if (r0 < 0 || c0 < 0 || r0 + h > H || c0 + w > W) return null;
  return crop(g, r0, c0, r0 + h, c0 + w);
}

const windowFixed: Learner = {
  name: 'window.fixed',
  family: 'select',
  cost: 2,
  fit(xs, ys) {
    const h = ys[0]!.length, w = width(ys[0]!);
    if (!ys.every((y) => y.length === h && width(y) === w)) return null;
    if (!xs.every((x) => x.length * width(x) > h * w)) return null;
    // A 1-3 cell output turns up at some fixed place by chance (measured: two right answers lost to 1×1 crops).
    if (h * w < 4) return null;
    // Inputs of different shapes tell the corners apart; with one shape, all four corners name the same crop.
    for (let corner = 0; corner < 4; corner++) {
      const x0 = xs[0]!;
      for (let dr = 0; dr + h <= x0.length; dr++) for (let dc = 0; dc + w <= width(x0); dc++) {
        if (!xs.every((x, i) => { const c = cornerCrop(x, corner, dr, dc, h, w); return c !== null && equal(c, ys[i]!); })) continue;
        return {
          text: `window.fixed[${corner}:${dr},${dc}:${h}x${w}]`,
          cost: 2,
          apply: (g) => cornerCrop(g, corner, dr, dc, h, w),
        };
      }
    }
    return null;
  },
};

type Rule = 'max' | 'min' | 'odd';
type ObjFeat = (o: ArcObject, all: ArcObject[], g: Grid) => number | string;

const area = (o: ArcObject): number => (o.bottom - o.top) * (o.right - o.left);
const countOf = (all: ArcObject[], key: (o: ArcObject) => string, o: ArcObject): number => all.filter((x) => key(x) === key(o)).length;

/** Object properties, plain first. Numeric ones take max/min/odd rules; string ones only odd. */
const OBJ_FEATS: Readonly<Record<string, ObjFeat>> = {
  size: (o) => o.size,
  area: (o) => area(o),
  height: (o) => o.bottom - o.top,
  width: (o) => o.right - o.left,
  colours: (o) => o.colours.length,
  colour: (o) => String(o.colour),
  holes: (o, _a, g) => holeCount(g, o),
  fill: (o) => o.size / area(o),
  shape: (o) => shapeKey(o),
  pattern: (o, _a, g) => patternKey(g, o),
  sym: (o, _a, g) => (dihedralSym(objectGrid(g, o, -1)) ? 1 : 0),
  border: (o, _a, g) => (touchesBorder(g, o) ? 1 : 0),
  samecolour: (o, all) => countOf(all, (x) => String(x.colour), o),
  sameshape: (o, all) => countOf(all, shapeKey, o),
  top: (o) => o.top,
  left: (o) => o.left,
  bottom: (o) => o.bottom,
  right: (o) => o.right,
  // Cells of the object's colour elsewhere in the grid (a colour the grid uses least/most).
  colourtotal: (o, _a, g) => histogram(g)[o.colour]!,
  // Cells of a multicolour object not in its main colour (the one with the most red dots).
  spots: (o, _a, g) => o.cells.filter(([r, c]) => g[r]![c] !== o.colour).length,
};

/** The index of the one candidate the rule singles out, or -1. */
function choose(vals: (number | string)[], rule: Rule): number {
  if (vals.length < 2) return -1;
  if (rule === 'odd') {
    const n = new Map<number | string, number>();
    for (const v of vals) n.set(v, (n.get(v) ?? 0) + 1);
    const once = vals.map((v, i) => [v, i] as const).filter(([v]) => n.get(v) === 1);
    // An odd one out needs the others to agree: exactly one singleton, the rest sharing values.
    return once.length === 1 && n.size === 2 ? once[0]![1] : -1;
  }
  if (typeof vals[0] === 'string') return -1;
  const nums = vals as number[];
  const best = rule === 'max' ? Math.max(...nums) : Math.min(...nums);
  const at = nums.indexOf(best);
  return nums.lastIndexOf(best) === at ? at : -1;
}

const RULES: readonly Rule[] = ['max', 'min', 'odd'];

/**
 * A learner that finds the candidate equal to the output in every pair and a (feature, rule) that
 * singles it out in every pair. `cands(g)` lists candidates and their output grids.
 */
function pickLearner<C>(
  name: string,
  cost: number,
  cands: (g: Grid) => { c: C[]; out: (c: C) => Grid } | null,
  feats: Readonly<Record<string, (c: C, all: C[], g: Grid) => number | string>>,
): Learner {
  return {
    name,
    family: 'select',
    cost,
    fit(xs, ys) {
      const sets = xs.map(cands);
      if (sets.some((s) => !s || s.c.length < 2 || s.c.length > 40)) return null;
      // The candidates equal to the output in each pair (several when copies repeat); some must be.
      const target: Set<number>[] = [];
      for (let i = 0; i < xs.length; i++) {
        const s = sets[i]!;
        const hits = s.c.map((c, k) => (equal(s.out(c), ys[i]!) ? k : -1)).filter((k) => k >= 0);
        if (!hits.length || hits.length === s.c.length) return null;
        target.push(new Set(hits));
      }
      const rules = Object.entries(feats).flatMap(([fname, f]) => RULES.map((rule) => [fname, f, rule] as const));
      // The fitting rules in order, chained (Fitted.next): ConceptARC TopBottom2D6's "lowest object"
      // fits as max.top and max.bottom, and only the second decides a test whose two objects share a top row.
      const from = (start: number): Fitted | null => {
        const at = rules.findIndex(([, f, rule], j) => j >= start && xs.every((x, i) => {
          const s = sets[i]!;
          return target[i]!.has(choose(s.c.map((c) => f(c, s.c, x)), rule));
        }));
        if (at < 0) return null;
        const [fname, f, rule] = rules[at]!;
        return {
          text: `${name}.${rule}.${fname}`,
          cost,
          apply: (g) => {
            const s = cands(g);
            if (!s || s.c.length < 2) return null;
            const k = choose(s.c.map((c) => f(c, s.c, g)), rule);
            if (k < 0) return null;
            const out = s.out(s.c[k]!);
            return validColours(out) ? out : null;
          },
          next: () => from(at + 1),
        };
      };
      return from(0);
    },
  };
}

const pickObjects: Learner[] = SEGMENTATIONS.map(({ tag, seg }) =>
  pickLearner<ArcObject>(`pick${tag}`, 2.5, (g) => ({ c: components(g, seg), out: (o) => objectBox(g, o) }), OBJ_FEATS),
);

const partFg = (p: Grid): number => { const h = histogram(p); return p.length * width(p) - h[background(p)]!; };
const PART_FEATS: Readonly<Record<string, (p: Grid, all: Grid[], g: Grid) => number | string>> = {
  fg: (p) => partFg(p),
  colours: (p) => histogram(p).filter((n, c) => n > 0 && c !== background(p)).length,
  colourset: (p) => histogram(p).map((n, c) => (n > 0 ? c : '')).join(''),
  objects: (p) => components(p, SEGMENTATIONS[1]!.seg).length,
  sym: (p) => (dihedralSym(p) ? 1 : 0),
  pattern: (p) => p.map((r) => r.join('')).join('/'),
  shape: (p) => { const bg = background(p); return p.map((r) => r.map((v) => (v === bg ? 0 : 1)).join('')).join('/'); },
  tsym: (p) => (p.length === width(p) && p.every((row, r) => row.every((v, c) => v === p[c]![r])) ? 1 : 0),
  index: (p, all) => all.indexOf(p),
};

/** Separator parts, or else k equal squares side by side along the longer axis (a strip of k tiles). */
function partsOf(g: Grid): Grid[] | null {
  const ps = splitBySeparators(g);
  if (ps) return ps;
  const H = g.length, W = width(g);
  if (W > H && W % H === 0) return Array.from({ length: W / H }, (_, i) => crop(g, 0, i * H, H, (i + 1) * H));
  if (H > W && H % W === 0) return Array.from({ length: H / W }, (_, i) => crop(g, i * W, 0, (i + 1) * W, W));
  return null;
}

const pickPart = pickLearner<Grid>('pickpart', 2.5, (g) => {
  const ps = partsOf(g);
  return ps ? { c: ps, out: (p) => p } : null;
}, PART_FEATS);

export const SELECT_LEARNERS: readonly Learner[] = [windowFixed, ...pickObjects, pickPart];
