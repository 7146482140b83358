/**
 * Learned tables: a consistent key → output colour table over every cell of every demonstration
 * pair, the pairs behind each key (the evidence a table entry has), and the per-cell learner built
 * on a feature function (the `local.*` learners and the families under primitives/ that add features).
 */
import type { Learner } from './dsl.js';
import { background, equal, sameShape, type Grid } from './grid-ops.js';

/** A cell's feature: equal keys must map to equal output colours. */
export type Feature = (g: Grid, r: number, c: number) => string;

export const validColours = (g: Grid): boolean => g.every((row) => row.every((v) => v >= 0 && v <= 9));

/** How many demonstration pairs showed each table key. */
export class PairCounts {
  private readonly counts = new Map<string, number>();
  private readonly last = new Map<string, number>();
  /** Records that pair `pair` showed `key` (pairs are added in increasing order). */
  add(key: string, pair: number): void {
    if (this.last.get(key) === pair) return;
    this.last.set(key, pair);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  /** The fewest pairs behind any of `keys` (Infinity for none). */
  min(keys: Iterable<string>): number {
    let m = Infinity;
    for (const k of keys) m = Math.min(m, this.get(k));
    return m;
  }
}

/** Every key of every cell of `g`. */
export function cellKeys(g: Grid, key: (g: Grid, r: number, c: number) => string): string[] {
  const ks: string[] = [];
  for (let r = 0; r < g.length; r++) for (let c = 0; c < g[r]!.length; c++) ks.push(key(g, r, c));
  return ks;
}

/** The keys of `g`'s cells whose table entry changes the cell: only those are rules that need evidence. */
export function changingKeys(g: Grid, t: ReadonlyMap<string, number>, key: (g: Grid, r: number, c: number) => string): Set<string> {
  const ks = new Set<string>();
  for (let r = 0; r < g.length; r++) for (let c = 0; c < g[r]!.length; c++) {
    const k = key(g, r, c);
    if (t.get(k) !== g[r]![c]) ks.add(k);
  }
  return ks;
}

/** A consistent key → value table over all pairs (and the pairs behind each key); null on a conflict. */
export function learnTable(xs: readonly Grid[], ys: readonly Grid[], key: (g: Grid, r: number, c: number) => string): { t: Map<string, number>; pairs: PairCounts } | null {
  const t = new Map<string, number>();
  const pairs = new PairCounts();
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!, y = ys[i]!;
    for (let r = 0; r < x.length; r++) for (let c = 0; c < x[r]!.length; c++) {
      const k = key(x, r, c);
      const v = y[r]![c]!;
      const old = t.get(k);
      if (old === undefined) t.set(k, v);
      else if (old !== v) return null;
      pairs.add(k, i);
    }
  }
  return { t, pairs };
}

export function applyTable(g: Grid, t: Map<string, number>, key: (g: Grid, r: number, c: number) => string): Grid | null {
  const out: Grid = [];
  for (let r = 0; r < g.length; r++) {
    const row: number[] = [];
    for (let c = 0; c < g[r]!.length; c++) {
      const v = t.get(key(g, r, c));
      if (v === undefined) return null;
      row.push(v);
    }
    out.push(row);
  }
  return out;
}

/**
 * The per-cell learner on `f`: output cell = table(f(input, cell)), same shape, the table fitted on
 * the demonstrations; support = the fewest pairs behind an entry that changes a test cell.
 */
export function localLearner(name: string, cost: number, f: Feature, rootOnly = false): Learner {
  return {
    name,
    rootOnly,
    family: 'learned',
    cost,
    fit(xs, ys) {
      if (!xs.every((x, i) => sameShape(x, ys[i]!)) || xs.every((x, i) => equal(x, ys[i]!))) return null;
      const learned = learnTable(xs, ys, f);
      if (!learned) return null;
      const { t, pairs } = learned;
      return {
        text: `${name}[${t.size}]`,
        cost: cost + 0.002 * t.size,
        apply: (g) => applyTable(g, t, f),
        support: (g) => pairs.min(changingKeys(g, t, f)),
      };
    },
  };
}

/**
 * The per-cell learner on `f` for tasks that only paint the background: every other cell must keep
 * its colour in every demonstration (and keeps it on the test, whatever its colour), and background
 * cells get table(f(input, cell)). Unlike {@link localLearner} a colour the demonstrations never
 * showed does not stop it, as long as it is not background.
 */
export function backgroundLearner(name: string, cost: number, f: Feature, rootOnly = false): Learner {
  return {
    name,
    rootOnly,
    family: 'learned',
    cost,
    fit(xs, ys) {
      if (!xs.every((x, i) => sameShape(x, ys[i]!)) || xs.every((x, i) => equal(x, ys[i]!))) return null;
      const t = new Map<string, number>();
      const pairs = new PairCounts();
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i]!, y = ys[i]!, bg = background(x);
        for (let r = 0; r < x.length; r++) for (let c = 0; c < x[r]!.length; c++) {
          const v = x[r]![c]!, w = y[r]![c]!;
          if (v !== bg) {
            if (w !== v) return null;
            continue;
          }
          const k = f(x, r, c), old = t.get(k);
          if (old === undefined) t.set(k, w);
          else if (old !== w) return null;
          pairs.add(k, i);
        }
      }
      const paint = (g: Grid): { out: Grid; used: Set<string> } | null => {
        const bg = background(g), used = new Set<string>();
        const out: Grid = [];
        for (let r = 0; r < g.length; r++) {
          const row = g[r]!.slice();
          for (let c = 0; c < row.length; c++) {
            if (row[c] !== bg) continue;
            const k = f(g, r, c), v = t.get(k);
            if (v === undefined) return null;
            if (v !== bg) used.add(k);
            row[c] = v;
          }
          out.push(row);
        }
        return { out, used };
      };
      return {
        text: `${name}[${t.size}]`,
        cost: cost + 0.002 * t.size,
        apply: (g) => paint(g)?.out ?? null,
        support: (g) => {
          const p = paint(g);
          return p ? pairs.min(p.used) : 0;
        },
      };
    },
  };
}
