/**
 * Learned tables over the cells of a lattice (cells.ts): what happens to a whole cell is looked up
 * from a property of the cell — its pixel count, its count's rank among the cells, its colours,
 * its place in the lattice, whether its pattern is unique.
 *
 * - `cells.fill.<feature>`  same shape; separators kept; each cell kept, cleared, filled with its own
 *                           dominant colour, or filled with a fixed colour, by table(feature).
 * - `cells.sum.<feature>`   one output pixel per cell: its own dominant colour or a fixed colour, by table(feature).
 * - `cells.tile`            the one non-empty cell copied into every cell, mirrored or turned per place.
 *
 * Taxonomy category "partition": "fill the fullest cell", "mark cells with two pixels", "colour the
 * corner cells" are such tables; a per-pixel table cannot see a cell as a whole. All `rootOnly`:
 * they read the task's own lattices. Each entry records the pairs behind it (support), so a rule
 * seen in one pair is not verified.
 */
import type { Learner } from '../dsl.js';
import { equal, sameShape, width, type Grid } from '../grid-ops.js';
import { PairCounts, validColours } from '../learn-table.js';
import { dihedral } from '../grid/transforms.js';
import { cellCount, cellsOf, dominant, type Lattice } from './cells.js';

/** A cell's view for the features: its pixels, its count, and every cell of the lattice. */
interface CellView {
  readonly cell: Grid;
  readonly n: number;
  readonly i: number;
  readonly j: number;
  readonly L: Lattice;
  readonly all: readonly Grid[];
  readonly counts: readonly number[];
}

const pos = (k: number, n: number): string => (k === 0 ? 'f' : k === n - 1 ? 'l' : 2 * k === n - 1 ? 'c' : 'm');
const pkey = (cell: Grid): string => cell.map((r) => r.join('')).join('/');

const FEATURES: Record<string, { cost: number; f: (v: CellView) => string }> = {
  count: { cost: 2.4, f: (v) => String(v.n) },
  rank: {
    cost: 2.3,
    f: (v) => {
      const mx = Math.max(...v.counts), mn = Math.min(...v.counts);
      return v.n === mx ? 'max' : v.n === mn ? 'min' : 'mid';
    },
  },
  colours: {
    cost: 2.5,
    f: (v) => {
      const s = new Set<number>();
      for (const row of v.cell) for (const x of row) if (x !== v.L.bg) s.add(x);
      return [...s].sort().join('');
    },
  },
  pos: { cost: 2.5, f: (v) => pos(v.i, v.L.rows.length) + pos(v.j, v.L.cols.length) },
  odd: {
    cost: 2.5,
    f: (v) => {
      const k = pkey(v.cell), same = v.all.filter((c) => pkey(c) === k).length;
      return v.n === 0 ? 'empty' : same === 1 ? 'unique' : 'shared';
    },
  },
};

/** The cells of `g` with each one's feature value and dominant colour, row-major. */
function views(g: Grid, f: (v: CellView) => string): { L: Lattice; cells: { k: string; cell: Grid; own: number; i: number; j: number }[] } | null {
  const p = cellsOf(g);
  if (!p) return null;
  const all = p.cells.flat(), counts = all.map((c) => cellCount(c, p.L.bg));
  const cells = all.map((cell, idx) => {
    const i = Math.floor(idx / p.L.cols.length), j = idx % p.L.cols.length;
    return { k: f({ cell, n: counts[idx]!, i, j, L: p.L, all, counts }), cell, own: dominant(cell, p.L.bg), i, j };
  });
  return { L: p.L, cells };
}

/** Actions on a cell: keep it, clear it ('bg'), fill it with its own dominant colour ('own'), or a colour ('keepbg': keep or clear, undecided). */
type Action = string;
const ORDER = (a: Action): number => (a === 'keep' ? 0 : a === 'bg' ? 1 : a === 'own' ? 2 : 3);

/** Which actions turn `cell` into `out`. */
function actionsOf(cell: Grid, out: Grid, bg: number, own: number): Set<Action> {
  const s = new Set<Action>();
  if (equal(cell, out)) s.add('keep');
  const v = out[0]![0]!;
  if (!out.every((row) => row.every((x) => x === v))) return s;
  if (v === bg) s.add('bg');
  if (v === own && own !== bg) s.add('own');
  s.add(String(v));
  return s;
}

const colourOf = (a: Action, bg: number, own: number): number => (a === 'bg' ? bg : a === 'own' ? own : Number(a));

/** Intersects per-key action sets; null when some key has no common action. */
function fitTable(entries: { k: string; acts: Set<Action>; pair: number }[]): { t: Map<string, Action>; pairs: PairCounts } | null {
  const sets = new Map<string, Set<Action>>(), pairs = new PairCounts();
  for (const { k, acts, pair } of entries) {
    const old = sets.get(k);
    sets.set(k, old ? new Set([...old].filter((a) => acts.has(a))) : acts);
    if (!sets.get(k)!.size) return null;
    pairs.add(k, pair);
  }
  const t = new Map<string, Action>();
  // Shown only on empty cells, keeping and clearing look alike: 'keepbg' keeps an empty cell and refuses a full one.
  for (const [k, s] of sets) t.set(k, s.has('keep') && s.has('bg') ? 'keepbg' : [...s].sort((a, b) => ORDER(a) - ORDER(b) || Number(a) - Number(b))[0]!);
  return { t, pairs };
}

function fillLearner(fname: string, cost: number, f: (v: CellView) => string): Learner {
  return {
    name: `cells.fill.${fname}`,
    family: 'cells',
    cost,
    rootOnly: true,
    fit(xs, ys) {
      if (!xs.every((x, i) => sameShape(x, ys[i]!)) || xs.every((x, i) => equal(x, ys[i]!))) return null;
      const entries: { k: string; acts: Set<Action>; pair: number }[] = [];
      for (let p = 0; p < xs.length; p++) {
        const x = xs[p]!, y = ys[p]!, vs = views(x, f);
        if (!vs) return null;
        // Outside the cells (separator lines) nothing changes.
        const inCell = (r: number, c: number): boolean => vs.L.rows.some(([a, b]) => r >= a && r < b) && vs.L.cols.some(([a, b]) => c >= a && c < b);
        for (let r = 0; r < x.length; r++) for (let c = 0; c < width(x); c++) if (x[r]![c] !== y[r]![c] && !inCell(r, c)) return null;
        for (const v of vs.cells) {
          const [r0, r1] = vs.L.rows[v.i]!, [c0, c1] = vs.L.cols[v.j]!;
          const out = y.slice(r0, r1).map((row) => row.slice(c0, c1));
          entries.push({ k: v.k, acts: actionsOf(v.cell, out, vs.L.bg, v.own), pair: p });
        }
      }
      const fitted = fitTable(entries);
      if (!fitted || [...fitted.t.values()].every((a) => a === 'keep' || a === 'keepbg')) return null;
      const { t, pairs } = fitted;
      const run = (g: Grid): { out: Grid; used: Set<string> } | null => {
        const vs = views(g, f);
        if (!vs) return null;
        const out = g.map((r) => r.slice()), used = new Set<string>();
        for (const v of vs.cells) {
          const a = t.get(v.k);
          if (a === undefined) return null;
          if (a === 'keep') continue;
          if (a === 'keepbg') {
            if (cellCount(v.cell, vs.L.bg)) return null;
            continue;
          }
          used.add(v.k);
          const col = colourOf(a, vs.L.bg, v.own);
          const [r0, r1] = vs.L.rows[v.i]!, [c0, c1] = vs.L.cols[v.j]!;
          for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[r]![c] = col;
        }
        return validColours(out) ? { out, used } : null;
      };
      return {
        text: `cells.fill.${fname}{${[...t].map(([k, a]) => `${k}→${a}`).join(',')}}`,
        cost: cost + 0.05 * t.size,
        apply: (g) => run(g)?.out ?? null,
        support: (g) => {
          const r = run(g);
          return r ? pairs.min(r.used) : 0;
        },
      };
    },
  };
}

function sumLearner(fname: string, cost: number, f: (v: CellView) => string): Learner {
  return {
    name: `cells.sum.${fname}`,
    family: 'cells',
    cost,
    rootOnly: true,
    fit(xs, ys) {
      const entries: { k: string; acts: Set<Action>; pair: number }[] = [];
      for (let p = 0; p < xs.length; p++) {
        const vs = views(xs[p]!, f), y = ys[p]!;
        if (!vs || y.length !== vs.L.rows.length || width(y) !== vs.L.cols.length) return null;
        for (const v of vs.cells) {
          const acts = actionsOf([[-1]], [[y[v.i]![v.j]!]], vs.L.bg, v.own);
          entries.push({ k: v.k, acts, pair: p });
        }
      }
      const fitted = fitTable(entries);
      if (!fitted) return null;
      const { t, pairs } = fitted;
      const run = (g: Grid): { out: Grid; used: Set<string> } | null => {
        const vs = views(g, f);
        if (!vs) return null;
        const out = vs.L.rows.map(() => vs.L.cols.map(() => 0)), used = new Set<string>();
        for (const v of vs.cells) {
          const a = t.get(v.k);
          if (a === undefined) return null;
          used.add(v.k);
          out[v.i]![v.j] = colourOf(a, vs.L.bg, v.own);
        }
        return validColours(out) ? { out, used } : null;
      };
      return {
        text: `cells.sum.${fname}{${[...t].map(([k, a]) => `${k}→${a}`).join(',')}}`,
        cost: cost + 0.05 * t.size,
        apply: (g) => run(g)?.out ?? null,
        support: (g) => {
          const r = run(g);
          return r ? pairs.min(r.used) : 0;
        },
      };
    },
  };
}

/**
 * `cells.tile`: the one non-empty cell copied into every cell of the lattice, each place with its
 * own mirror or turn (learned per lattice place, the lattice's layout the same in every pair).
 */
const tileLearner: Learner = {
  name: 'cells.tile',
  family: 'cells',
  cost: 2.5,
  rootOnly: true,
  fit(xs, ys) {
    if (!xs.every((x, i) => sameShape(x, ys[i]!))) return null;
    const source = (g: Grid): { cells: Grid[][]; L: Lattice; src: Grid } | null => {
      const p = cellsOf(g);
      if (!p) return null;
      const full = p.cells.flat().filter((c) => cellCount(c, p.L.bg) > 0);
      return full.length === 1 ? { ...p, src: full[0]! } : null;
    };
    const ps = xs.map(source);
    const p0 = ps[0];
    if (!p0 || !ps.every((p) => p && p.L.rows.length === p0.L.rows.length && p.L.cols.length === p0.L.cols.length)) return null;
    const R = p0.L.rows.length, C = p0.L.cols.length;
    const layout: number[] = [];
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) {
      const k = [0, 1, 2, 3, 4, 5, 6, 7].find((k) => ps.every((p, n) => {
        const [r0, r1] = p!.L.rows[i]!, [c0, c1] = p!.L.cols[j]!;
        return equal(dihedral(p!.src, k), ys[n]!.slice(r0, r1).map((row) => row.slice(c0, c1)));
      }));
      if (k === undefined) return null;
      layout.push(k);
    }
    return {
      text: `cells.tile${R}x${C}[${layout.join('')}]`,
      cost: 2.5,
      apply: (g) => {
        const p = source(g);
        if (!p || p.L.rows.length !== R || p.L.cols.length !== C) return null;
        const out = g.map((r) => r.slice());
        for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) {
          const [r0, r1] = p.L.rows[i]!, [c0, c1] = p.L.cols[j]!, d = dihedral(p.src, layout[i * C + j]!);
          if (d.length !== r1 - r0 || width(d) !== c1 - c0) return null;
          for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[r]![c] = d[r - r0]![c - c0]!;
        }
        return validColours(out) ? out : null;
      },
    };
  },
};

export const CELL_TABLE_LEARNERS: readonly Learner[] = [
  tileLearner,
  ...Object.entries(FEATURES).map(([n, { cost, f }]) => fillLearner(n, cost, f)),
  ...Object.entries(FEATURES).map(([n, { cost, f }]) => sumLearner(n, cost, f)),
];
