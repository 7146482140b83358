/**
 * Scaling by a count, and self-similar assembly with colour ("scale-tile" in docs/arc.md, ~19
 * unsolved training tasks: outputs larger than the input whose factor is not fixed across pairs).
 *
 * - `scalecountc` / `scalecounto`   each cell becomes a k×k block, k = the number of non-background
 *                                   colours / of objects (8-connected) in the input.
 * - `scalecountt`                   the input tiled k×k times, k = the number of colours.
 * - `fractalc`                      block (i, j) is the input's shape painted in cell (i, j)'s colour
 *                                   (background cells give background blocks): the coloured variant
 *                                   of geometry's `fractal`.
 * - `fractalc(c)` / `fractalcmajor` block (i, j) is the input where cell (i, j) is colour c / the
 *                                   grid's most frequent colour, else blank.
 * - `grow`                          learner: the input's repeating pattern continued to a larger
 *                                   output (fixed size or a factor per side), through a colour table.
 */
import { prim, type Learner, type Primitive, type PrimitiveFactory } from '../dsl.js';
import { background, coloursByCount, equal, histogram, makeGrid, width, type Grid } from '../grid-ops.js';
import { validColours } from '../learn-table.js';
import { components, SEGMENTATIONS } from '../objects.js';

function scaleBy(g: Grid, k: number, tile: boolean): Grid | null {
  const H = g.length, W = width(g);
  if (k < 2 || H * k > 30 || W * k > 30) return null;
  const out = makeGrid(H * k, W * k);
  for (let r = 0; r < H * k; r++) for (let c = 0; c < W * k; c++) out[r]![c] = tile ? g[r % H]![c % W]! : g[(r / k) | 0]![(c / k) | 0]!;
  return out;
}

function fractalColour(g: Grid): Grid | null {
  const H = g.length, W = width(g);
  if (H * H > 30 || W * W > 30) return null;
  const bg = background(g);
  const out = makeGrid(H * H, W * W, bg);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
    const v = g[i]![j]!;
    if (v === bg) continue;
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) if (g[r]![c] !== bg) out[i * H + r]![j * W + c] = v;
  }
  return out;
}

/** Block (i, j) is the input where cell (i, j) passes `on`, else a blank block of 0. */
function fractalWhere(g: Grid, on: (v: number) => boolean): Grid | null {
  const H = g.length, W = width(g);
  if (H * H > 30 || W * W > 30) return null;
  const out = makeGrid(H * H, W * W, 0);
  let n = 0;
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
    if (!on(g[i]![j]!)) continue;
    n++;
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) out[i * H + r]![j * W + c] = g[r]![c]!;
  }
  return n > 0 && n < H * W ? out : null;
}

/** The strictly most frequent colour of the whole grid (0 included), or null on a tie. */
function mostFrequent(g: Grid): number | null {
  const h = histogram(g), m = Math.max(...h);
  return h.filter((x) => x === m).length === 1 ? h.indexOf(m) : null;
}

// The count-scaled ones cost 2: at 1.5 they tie (AMBIGUITY_MARGIN) with a fixed upscale whose factor
// happens to equal the count in every pair, and the fixed one is the simpler reading.
export const SCALE: readonly Primitive[] = [
  prim('fractalcmajor', 'scale', (g) => { const m = mostFrequent(g); return m === null ? null : fractalWhere(g, (v) => v === m); }, 1.5),
  prim('scalecountc', 'scale', (g) => scaleBy(g, coloursByCount(g).length, false), 2),
  prim('scalecounto', 'scale', (g) => scaleBy(g, components(g, SEGMENTATIONS[1]!.seg).length, false), 2),
  prim('scalecountt', 'scale', (g) => scaleBy(g, coloursByCount(g).length, true), 2),
  prim('fractalc', 'scale', fractalColour, 1.5),
];

/** `fractalc(c)`: block (i, j) is the input where cell (i, j) has colour c (a colour every input shows). */
export const scaleFactory: PrimitiveFactory = (ctx) =>
  ctx.commonColours.map((c) => prim(`fractalc(${c})`, 'scale', (g) => fractalWhere(g, (v) => v === c), 1.5));

/** A side of the output: a fixed length, or the input's times an integer factor. */
type Side = { fixed: number } | { times: number };
function sideRule(ins: number[], outs: number[]): Side | null {
  // A side the output keeps is kept whatever its length (not fixed at the lengths shown).
  if (outs.every((o, i) => o === ins[i])) return { times: 1 };
  if (outs.every((o) => o === outs[0])) return { fixed: outs[0]! };
  const k = outs[0]! / ins[0]!;
  return Number.isInteger(k) && outs.every((o, i) => o === k * ins[i]!) ? { times: k } : null;
}
const sideOf = (s: Side, n: number): number => ('fixed' in s ? s.fixed : s.times * n);

/** The smallest row period p and column period q of g (partial last tiles allowed). */
function periods(g: Grid): [number, number] {
  const H = g.length, W = width(g);
  let p = 1;
  while (p < H && !g.every((row, r) => r < p || row.every((v, c) => v === g[r - p]![c]))) p++;
  let q = 1;
  while (q < W && !g.every((row) => row.every((v, c) => c < q || v === row[c - q]))) q++;
  return [p, q];
}

function growTo(g: Grid, h: number, w: number, m: readonly number[]): Grid | null {
  if (h < 1 || w < 1 || h > 30 || w > 30) return null;
  const [p, q] = periods(g);
  const out = makeGrid(h, w);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
    const v = m[g[r % p]![c % q]!]!;
    if (v < 0) return null;
    out[r]![c] = v;
  }
  return out;
}

/**
 * `grow`: the output continues the input's repeating pattern to a larger size (a fixed size, or the
 * input's times a factor, per side), optionally through a colour table (a colour no pair showed is null).
 */
const grow: Learner = {
  name: 'grow',
  family: 'scale',
  cost: 2.5,
  fit(xs, ys) {
    if (!xs.every((x, i) => ys[i]!.length >= x.length && width(ys[i]!) >= width(x) && ys[i]!.length * width(ys[i]!) > x.length * width(x))) return null;
    const hr = sideRule(xs.map((x) => x.length), ys.map((y) => y.length));
    const wr = sideRule(xs.map((x) => width(x)), ys.map((y) => width(y)));
    if (!hr || !wr) return null;
    // Colour table from the period-extended input to the output, consistent over all pairs.
    const m = new Array<number>(11).fill(-1);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!, y = ys[i]!, [p, q] = periods(x);
      for (let r = 0; r < y.length; r++) for (let c = 0; c < width(y); c++) {
        const a = x[r % p]![c % q]!, b = y[r]![c]!;
        if (m[a] === -1) m[a] = b;
        else if (m[a] !== b) return null;
      }
    }
    if (!xs.every((x, i) => { const o = growTo(x, sideOf(hr, x.length), sideOf(wr, width(x)), m); return o !== null && equal(o, ys[i]!); })) return null;
    const changes = m.map((b, a) => [a, b] as const).filter(([a, b]) => b >= 0 && a !== b);
    const side = (s: Side): string => ('fixed' in s ? String(s.fixed) : `${s.times}n`);
    return {
      text: `grow[${side(hr)}x${side(wr)}]${changes.length ? `{${changes.map(([a, b]) => `${a}→${b}`).join(',')}}` : ''}`,
      cost: 2.5 + 0.1 * changes.length,
      apply: (g) => {
        const o = growTo(g, sideOf(hr, g.length), sideOf(wr, width(g)), m);
        return o && validColours(o) ? o : null;
      },
    };
  },
};

export const SCALE_LEARNERS: readonly Learner[] = [grow];
