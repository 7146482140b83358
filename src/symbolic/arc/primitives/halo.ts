/**
 * Halos: around every pixel of a colour, paint a learned stencil (the background cells at learned
 * offsets within a 3×3 or 5×5 window, each offset with its colour). "Put a ring of 4s around every
 * 2 and a plus of 7s around every 1", "outline every shape in 3" (the stencil around all of a shape's
 * pixels is its dilation) are halos. Taxonomy categories: line-drawing and fill-enclosed (docs/arc.md):
 * same shape, the output only adds cells. A per-cell table (`local.nbhd`) learns the same outputs but
 * needs every neighbourhood it meets on the test shown in a demonstration; a stencil needs one entry
 * per source colour.
 *
 * Learners (all `rootOnly`): `halo3` / `halo5` learn a stencil per source colour (a colour the
 * demonstrations never showed makes the step refuse); `halo.any` one stencil for every colour, in the
 * source's colour or one learned colour.
 *
 * Program text, e.g. `halo3{1:+→7,2:x→4}`: offsets as `+` (the 4 orthogonal neighbours), `x` (the 4
 * diagonal ones), `o` (all 8), else a list of dr.dc offsets; per offset colours are grouped.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, type Grid } from '../grid-ops.js';
import { copyGrid, onlyAdds, reproduces } from './line-paint.js';
import { PairCounts } from '../learn-table.js';

type Offset = readonly [number, number];
const window = (rad: number): Offset[] => {
  const out: Offset[] = [];
  for (let dr = -rad; dr <= rad; dr++) for (let dc = -rad; dc <= rad; dc++) if (dr || dc) out.push([dr, dc]);
  return out;
};

/** A stencil: offset index → colour (-1: the source's own colour). */
type Stencil = Map<number, number>;

/** Paints every source pixel's stencil onto background cells of a copy of `g` (first painted wins); null when a colour has no stencil. */
function paint(g: Grid, offs: readonly Offset[], stencil: (v: number) => Stencil | undefined): Grid | null {
  const bg = background(g), out = copyGrid(g), H = g.length, W = g[0]!.length;
  const done = new Uint8Array(H * W);
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    const v = g[r]![c]!;
    if (v === bg) continue;
    const s = stencil(v);
    if (!s) return null;
    for (const [i, col] of s) {
      const y = r + offs[i]![0], x = c + offs[i]![1];
      if (y < 0 || y >= H || x < 0 || x >= W || g[y]![x] !== bg || done[y * W + x]) continue;
      done[y * W + x] = 1;
      out[y]![x] = col < 0 ? v : col;
    }
  }
  return out;
}

/** Per (source colour, offset): the output colours seen at the offset's background cells, and the pairs showing each source colour. */
function survey(xs: readonly Grid[], ys: readonly Grid[], offs: readonly Offset[]) {
  const seen = new Map<string, Map<number, number>>();
  const shown = new PairCounts();
  xs.forEach((x, i) => {
    const y = ys[i]!, bg = background(x), H = x.length, W = x[0]!.length;
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
      const v = x[r]![c]!;
      if (v === bg) continue;
      shown.add(String(v), i);
      offs.forEach(([dr, dc], o) => {
        const yy = r + dr, xx = c + dc;
        if (yy < 0 || yy >= H || xx < 0 || xx >= W || x[yy]![xx] !== bg) return;
        const k = `${v}:${o}`, m = seen.get(k) ?? new Map<number, number>();
        const w = y[yy]![xx]!;
        m.set(w === bg ? -2 : w, (m.get(w === bg ? -2 : w) ?? 0) + 1);
        seen.set(k, m);
      });
    }
  });
  return { seen, shown };
}

/** The stencil of colour `v`: offsets whose cells were never left background, each in its most frequent colour. */
function stencilOf(seen: Map<string, Map<number, number>>, v: number, n: number, same: boolean): Stencil {
  const s: Stencil = new Map();
  for (let o = 0; o < n; o++) {
    const m = seen.get(`${v}:${o}`);
    if (!m || m.has(-2)) continue;
    let best = -1, cnt = 0;
    for (const [w, k] of m) if (k > cnt) { best = w; cnt = k; }
    s.set(o, same && best === v ? -1 : best);
  }
  return s;
}

/**
 * Drops every offset the demonstrations do not need (they reproduce without it): an offset whose
 * cells some other stencil painted anyway, or that the demonstrations never met, is no rule.
 */
function prune(s: Stencil, ok: () => boolean): void {
  for (const [o, col] of [...s]) {
    s.delete(o);
    if (!ok()) s.set(o, col);
  }
}

function stencilText(offs: readonly Offset[], s: Stencil, v: number | undefined): string {
  const byCol = new Map<number, number[]>();
  for (const [o, col] of s) byCol.set(col, [...(byCol.get(col) ?? []), o]);
  const parts: string[] = [];
  for (const [col, os] of byCol) {
    const key = os.map((o) => `${offs[o]![0]}.${offs[o]![1]}`).sort().join(' ');
    const plus = ['-1.0', '0.-1', '0.1', '1.0'].sort().join(' '), ex = ['-1.-1', '-1.1', '1.-1', '1.1'].sort().join(' ');
    const ring = [...plus.split(' '), ...ex.split(' ')].sort().join(' ');
    const name = key === plus ? '+' : key === ex ? 'x' : key === ring ? 'o' : `(${key})`;
    parts.push(`${name}→${col < 0 ? (v ?? 'same') : col}`);
  }
  return parts.join('');
}

function perColour(name: string, cost: number, rad: number): Learner {
  const offs = window(rad);
  return {
    name,
    family: 'halo',
    cost,
    rootOnly: true,
    fit(xs, ys): Fitted | null {
      if (!onlyAdds(xs, ys)) return null;
      const { seen, shown } = survey(xs, ys, offs);
      const table = new Map<number, Stencil>();
      for (const x of xs) {
        const bg = background(x);
        for (const row of x) for (const v of row) if (v !== bg && !table.has(v)) table.set(v, stencilOf(seen, v, offs.length, false));
      }
      if (![...table.values()].some((s) => s.size)) return null;
      const apply = (g: Grid): Grid | null => paint(g, offs, (v) => table.get(v));
      if (!reproduces(xs, ys, apply)) return null;
      for (const st of table.values()) prune(st, () => reproduces(xs, ys, apply));
      const entries = [...table].sort((a, b) => a[0] - b[0]);
      return {
        text: `${name}{${entries.map(([v, s]) => `${v}:${s.size ? stencilText(offs, s, v) : '-'}`).join(',')}}`,
        cost: cost + 0.05 * entries.length + 0.01 * entries.reduce((a, [, s]) => a + s.size, 0),
        apply,
        support: (g) => {
          const bg = background(g), ks = new Set<string>();
          for (const row of g) for (const v of row) if (v !== bg) ks.add(String(v));
          return shown.min(ks);
        },
      };
    },
  };
}

/** `halo.any`: one stencil around every non-background pixel, in the pixel's colour or one colour. */
const haloAny: Learner = {
  name: 'halo.any',
  family: 'halo',
  cost: 2.3,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (!onlyAdds(xs, ys)) return null;
    const offs = window(1);
    const { seen } = survey(xs, ys, offs);
    // Pool the per-colour observations: an offset counts when every colour's cells there were painted, and agree on the colour.
    const s: Stencil = new Map();
    for (let o = 0; o < offs.length; o++) {
      let col: number | undefined, ok = false;
      for (const [k, m] of seen) {
        const [v, oo] = k.split(':').map(Number) as [number, number];
        if (oo !== o) continue;
        if (m.has(-2) || m.size !== 1) { ok = false; break; }
        const w = [...m.keys()][0]!, c = w === v ? -1 : w;
        if (col === undefined) col = c;
        else if (col !== c) { ok = false; break; }
        ok = true;
      }
      if (ok && col !== undefined) s.set(o, col);
    }
    if (!s.size) return null;
    const apply = (g: Grid): Grid | null => paint(g, offs, () => s);
    if (!reproduces(xs, ys, apply)) return null;
    prune(s, () => reproduces(xs, ys, apply));
    return {
      text: `halo.any{${stencilText(offs, s, undefined)}}`,
      cost: 2.3 + 0.01 * s.size,
      apply,
      // The stencil is one rule for every colour: its evidence is the pairs that show it painted.
      support: () => xs.length,
    };
  },
};

export const HALO_LEARNERS: readonly Learner[] = [haloAny, perColour('halo3', 2.4, 1), perColour('halo5', 2.7, 2)];
