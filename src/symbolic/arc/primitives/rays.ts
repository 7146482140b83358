/**
 * Rays: every pixel of a colour shoots straight lines in a learned set of directions, to the grid's
 * edge; a ray either stops at the first non-background cell (`wall`) or passes behind it (`through`,
 * painting only background). Taxonomy category: line-drawing (docs/arc.md), the largest unsolved
 * same-shape category; `sight.*` tables (sight.ts) learn such outputs cell by cell and so need every
 * (colour seen, colour seen, …) key in the demonstrations, where a ray rule needs one entry per colour.
 *
 * Learners (all `rootOnly`: fitted on the task's own grids, never after a primitive):
 * - `rays4` / `rays8`  per source colour: its directions (a subset of the 4 orthogonal / all 8) and
 *                      its ray colour; a colour the demonstrations never showed makes the step refuse.
 * - `rays.any`         one direction set for every colour, each ray in its source's colour (or one
 *                      learned colour): generalises to colours the demonstrations never showed.
 * A ray either runs to the edge (`wall`: it stops at the first non-background cell; `through`: it
 * passes behind them), or is drawn only when it meets a non-background cell (`hit`), or a shape
 * rather than a lone pixel (`hitshape`: markers drawn toward a block), or a pixel of its own colour
 * (`hitsame`: same-coloured pixels joined).
 * Sources are every non-background pixel, or only `dot`s (pixels with no 8-neighbour of their colour:
 * markers shoot, shapes are obstacles), or `ext`: a pixel shoots in a direction only when the cell
 * behind it has its colour (a segment or a shape's diagonal extended onward).
 *
 * Program text, e.g. `rays4.wall{2:UD→2,5:-}`: colour 2 shoots up and down in colour 2, 5 is inert.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, type Grid } from '../grid-ops.js';
import { PairCounts } from '../learn-table.js';
import { copyGrid, DIR_NAMES, DIRS8, onlyAdds, reproduces } from './line-paint.js';

type Stop = 'wall' | 'through' | 'hit' | 'hitshape' | 'hitsame';
/** Where rays cross: the first painted wins, or vertical (horizontal) rays are painted first and the others over them. */
type Order = 'first' | 'vfirst' | 'hfirst';
type Sources = 'all' | 'dot' | 'extend';
const srcText = (src: Sources): string => (src === 'dot' ? '.dot' : src === 'extend' ? '.ext' : '');
/** Per source colour: its directions and the ray colour (-1: the source's own colour); undefined: no rule (refuse). */
type Rule = (colour: number) => { dirs: readonly number[]; paint: number } | undefined;

/** A lone pixel: no 8-neighbour has its colour (a marker may touch a wall of another colour). */
function isDot(g: Grid, r: number, c: number, bg: number): boolean {
  const v = g[r]![c]!;
  if (v === bg) return false;
  for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if ((dr || dc) && g[r + dr]?.[c + dc] === v) return false;
  return true;
}

/** The background cells a ray from (r, c) in direction d paints. */
function rayCells(g: Grid, bg: number, r: number, c: number, d: number, stop: Stop, src: Sources): [number, number][] {
  const [dr, dc] = DIRS8[d]!;
  // An `extend` source shoots only onward from a line: the cell behind it has its colour.
  if (src === 'extend' && g[r - dr]?.[c - dc] !== g[r]![c]) return [];
  const out: [number, number][] = [];
  for (let y = r + dr, x = c + dc; y >= 0 && y < g.length && x >= 0 && x < g[0]!.length; y += dr, x += dc) {
    if (g[y]![x] !== bg) {
      if (stop === 'through') continue;
      // A `hitshape` ray is drawn only when it meets a shape, not a lone pixel; a `hitsame` ray only when it meets its own colour.
      if (stop === 'hitshape' && isDot(g, y, x, bg)) return [];
      if (stop === 'hitsame' && g[y]![x] !== g[r]![c]) return [];
      return out;
    }
    out.push([y, x]);
  }
  // A `hit` ray that met no obstacle is not drawn.
  return stop === 'wall' || stop === 'through' ? out : [];
}

/** The source pixels of `g`: [r, c, colour]. */
function sources(g: Grid, bg: number, src: Sources): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let r = 0; r < g.length; r++) for (let c = 0; c < g[r]!.length; c++) {
    const v = g[r]![c]!;
    if (v !== bg && (src !== 'dot' || isDot(g, r, c, bg))) out.push([r, c, v]);
  }
  return out;
}

const layer = (d: number, order: Order): number => (order === 'vfirst' ? (d < 2 ? 0 : 1) : order === 'hfirst' ? (d === 2 || d === 3 ? 0 : 1) : 0);

/** Paints every source's rays onto a copy of `g` (crossings resolved by `order`); null when a source colour has no rule. */
function paint(g: Grid, rule: Rule, stop: Stop, src: Sources, order: Order = 'first'): Grid | null {
  const bg = background(g), out = copyGrid(g), W = g[0]!.length;
  const painted = new Int8Array(g.length * W).fill(-1);
  const srcs = sources(g, bg, src);
  for (const [, , v] of srcs) if (!rule(v)) return null;
  for (const pass of [0, 1]) {
    for (const [r, c, v] of srcs) {
      const rr = rule(v)!, col = rr.paint < 0 ? v : rr.paint;
      for (const d of rr.dirs) {
        if (layer(d, order) !== pass) continue;
        for (const [y, x] of rayCells(g, bg, r, c, d, stop, src)) {
          if (painted[y * W + x] === pass) continue;
          painted[y * W + x] = pass;
          out[y]![x] = col;
        }
      }
    }
  }
  return out;
}

/** `paint` under the first crossing order that reproduces the demonstrations, or null. */
function fitOrder(xs: readonly Grid[], ys: readonly Grid[], rule: Rule, stop: Stop, src: Sources): Order | null {
  for (const o of ['first', 'vfirst', 'hfirst'] as const) if (reproduces(xs, ys, (g) => paint(g, rule, stop, src, o))) return o;
  return null;
}
const orderText = (o: Order): string => (o === 'first' ? '' : `.${o}`);

/**
 * Per colour and direction, whether every ray of that colour in that direction is painted over its
 * whole length in the outputs (and at least one ray is non-empty), and the output colours of the
 * cells next to the sources (votes for the ray colour).
 */
function survey(xs: readonly Grid[], ys: readonly Grid[], dirs: readonly number[], stop: Stop, src: Sources) {
  const painted = new Map<string, boolean>();
  const votes = new Map<string, Map<number, number>>();
  const shown = new PairCounts();
  xs.forEach((x, i) => {
    const y = ys[i]!, bg = background(x);
    for (const [r, c, v] of sources(x, bg, src)) {
      for (const d of dirs) {
        const cells = rayCells(x, bg, r, c, d, stop, src);
        if (!cells.length) continue;
        const k = `${v}:${d}`;
        shown.add(k, i);
        shown.add(`*:${d}`, i);
        const full = cells.every(([a, b]) => y[a]![b] !== bg);
        painted.set(k, (painted.get(k) ?? true) && full);
        if (full) {
          const [a, b] = cells[0]!, w = y[a]![b]!;
          const m = votes.get(k) ?? new Map<number, number>();
          m.set(w, (m.get(w) ?? 0) + 1);
          votes.set(k, m);
        }
      }
    }
  });
  return { painted, votes, shown };
}

/**
 * The (colour, direction) keys of `g`'s non-empty rays (and `*:direction` keys for any colour): the
 * rules the test needs. A direction no demonstration showed a ray in, drawn or not, has no evidence.
 */
function rayKeys(g: Grid, dirs: readonly number[], stop: Stop, src: Sources, anyColour: boolean): Set<string> {
  const bg = background(g), ks = new Set<string>();
  for (const [r, c, v] of sources(g, bg, src)) for (const d of dirs) if (rayCells(g, bg, r, c, d, stop, src).length) ks.add(`${anyColour ? '*' : v}:${d}`);
  return ks;
}

const argmax = (m: Map<number, number> | undefined): number | undefined => {
  if (!m) return undefined;
  let best: number | undefined, n = -1;
  for (const [k, v] of m) if (v > n) { best = k; n = v; }
  return best;
};

const merge = (ms: (Map<number, number> | undefined)[]): Map<number, number> => {
  const out = new Map<number, number>();
  for (const m of ms) if (m) for (const [k, v] of m) out.set(k, (out.get(k) ?? 0) + v);
  return out;
};

const dirText = (ds: readonly number[]): string => (ds.length ? ds.map((d) => DIR_NAMES[d]).join('') : '-');

/** The colour every first ray cell of `key`'s rays showed, or undefined when they differ (or none was painted). */
function oneColour(votes: Map<string, Map<number, number>>, key: string): number | undefined {
  const m = votes.get(key);
  return m && m.size === 1 ? [...m.keys()][0] : undefined;
}

/**
 * Drops every direction whose rays the demonstrations do not need (they reproduce without it): a
 * direction whose rays only ever ran over cells other rays painted is a coincidence, not a rule.
 */
function prune(table: Map<number, { dirs: number[]; paint: number }>, ok: () => boolean): void {
  for (const e of table.values()) {
    for (const d of [...e.dirs].reverse()) {
      const keep = e.dirs;
      e.dirs = keep.filter((x) => x !== d);
      if (!ok()) e.dirs = keep;
    }
  }
}

/** `rays4` / `rays8`: a direction set and ray colour per source colour. */
function perColour(name: string, cost: number, dirs: readonly number[], stop: Stop, src: Sources): Learner {
  const full = `${name}.${stop}${srcText(src)}`;
  return {
    name: full,
    family: 'rays',
    cost,
    rootOnly: true,
    fit(xs, ys): Fitted | null {
      if (!onlyAdds(xs, ys)) return null;
      const { painted, votes, shown } = survey(xs, ys, dirs, stop, src);
      const table = new Map<number, { dirs: number[]; paint: number }>();
      for (const x of xs) for (const [, , v] of sources(x, background(x), src)) {
        if (table.has(v)) continue;
        // The ray colour: the one most fully painted directions agree on; only directions in that colour are kept.
        const ds = dirs.filter((d) => painted.get(`${v}:${d}`) === true && oneColour(votes, `${v}:${d}`) !== undefined);
        const col = argmax(merge(ds.map((d) => votes.get(`${v}:${d}`))));
        table.set(v, col === undefined ? { dirs: [], paint: -1 } : { dirs: ds.filter((d) => oneColour(votes, `${v}:${d}`) === col), paint: col === v ? -1 : col });
      }
      if (![...table.values()].some((e) => e.dirs.length)) return null;
      const rule: Rule = (v) => table.get(v);
      const order = fitOrder(xs, ys, rule, stop, src);
      if (!order) return null;
      prune(table, () => reproduces(xs, ys, (g) => paint(g, rule, stop, src, order)));
      const apply = (g: Grid): Grid | null => paint(g, rule, stop, src, order);
      const entries = [...table].sort((a, b) => a[0] - b[0]);
      const text = entries.map(([v, e]) => `${v}:${dirText(e.dirs)}${e.dirs.length ? `→${e.paint < 0 ? v : e.paint}` : ''}`).join(',');
      return {
        text: `${full}${orderText(order)}{${text}}`,
        cost: cost + 0.05 * entries.length,
        apply,
        // Each (source colour, direction) a test ray would take is a rule (drawn or not) that needs two pairs of evidence.
        support: (g) => shown.min(rayKeys(g, dirs, stop, src, false)),
      };
    },
  };
}

/** `rays.any`: one direction set for all colours; rays in the source's colour, or one colour for all. */
function anyColour(cost: number, stop: Stop, src: Sources): Learner {
  const name = `rays.any.${stop}${srcText(src)}`;
  return {
    name,
    family: 'rays',
    cost,
    rootOnly: true,
    fit(xs, ys): Fitted | null {
      if (!onlyAdds(xs, ys)) return null;
      const all = [0, 1, 2, 3, 4, 5, 6, 7];
      const { painted, votes, shown } = survey(xs, ys, all, stop, src);
      const firsts = new Set<number>();
      for (const m of votes.values()) for (const w of m.keys()) firsts.add(w);
      // The ray colour: the source's own (-1), or one colour for every ray.
      for (const col of [-1, ...firsts]) {
        const ds = all.filter((d) => {
          let any = false;
          for (const [k, isFull] of painted) {
            const [v, e] = k.split(':').map(Number) as [number, number];
            if (e !== d) continue;
            if (!isFull || oneColour(votes, k) !== (col < 0 ? v : col)) return false;
            any = true;
          }
          return any;
        });
        if (!ds.length) continue;
        const table = new Map([[0, { dirs: ds, paint: col }]]);
        const rule: Rule = () => table.get(0);
        const order = fitOrder(xs, ys, rule, stop, src);
        if (!order) continue;
        prune(table, () => reproduces(xs, ys, (g) => paint(g, rule, stop, src, order)));
        const apply = (g: Grid): Grid | null => paint(g, rule, stop, src, order);
        const kept = table.get(0)!.dirs;
        return {
          text: `${name}${orderText(order)}{${dirText(kept)}${col < 0 ? '' : `→${col}`}}`,
          cost: cost + 0.05 * kept.length + (col < 0 ? 0 : 0.1),
          apply,
          // Every direction a test ray would take needs two pairs that showed a ray that way (drawn or not).
          support: (g) => shown.min(rayKeys(g, all, stop, src, true)),
        };
      }
      return null;
    },
  };
}

const ORTHO = [0, 1, 2, 3], ALL8 = [0, 1, 2, 3, 4, 5, 6, 7];

/**
 * One learner per group of stop rules, the first that fits winning (most specific first): variants
 * that fit the same demonstrations and disagree on the test would otherwise be two rival programs,
 * and two rival predictions at depth 0 end the search before a cheaper program one primitive deep
 * is seen (measured: 22168020's verified `connect` was lost that way).
 */
function firstOf(name: string, cost: number, ls: readonly Learner[]): Learner {
  return {
    name,
    family: 'rays',
    cost,
    rootOnly: true,
    fit(xs, ys) {
      for (const l of ls) {
        const f = l.fit(xs, ys);
        if (f) return f;
      }
      return null;
    },
  };
}

const STOP_GROUPS: readonly (readonly Stop[])[] = [['wall', 'through'], ['hitsame', 'hitshape', 'hit']];

export const RAY_LEARNERS: readonly Learner[] = STOP_GROUPS.flatMap((stops) =>
  (['all', 'dot', 'extend'] as const).flatMap((src) => {
    const extra = (stops[0] === 'wall' ? 0 : 0.1) + (src === 'all' ? 0 : 0.1);
    const group = `${stops[0] === 'wall' ? 'line' : 'hit'}${srcText(src)}`;
    const of = (mk: (stop: Stop) => Learner): Learner[] => stops.map(mk);
    return [
      firstOf(`rays.any.${group}`, 2.2 + extra, of((stop) => anyColour(2.2 + extra + (stop === 'through' || stop === 'hit' ? 0.1 : 0), stop, src))),
      firstOf(`rays4.${group}`, 2.4 + extra, of((stop) => perColour('rays4', 2.4 + extra + (stop === 'through' || stop === 'hit' ? 0.1 : 0), ORTHO, stop, src))),
      firstOf(`rays8.${group}`, 2.6 + extra, of((stop) => perColour('rays8', 2.6 + extra + (stop === 'through' || stop === 'hit' ? 0.1 : 0), ALL8, stop, src))),
    ];
  }),
);
