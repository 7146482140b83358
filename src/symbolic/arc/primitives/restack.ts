/**
 * Restacking: objects lined up along one axis (their row spans, or their column spans, apart; the axis fixed or the grid's own) are
 * laid out again in another order: by size ascending or descending, reversed, or with the two ends
 * swapped. The first slot starts where the first object started, the gaps between slots stay, and
 * each object keeps its place across the axis. "Sort the boxes from small to large", "the top and
 * bottom layers trade places" are such layouts.
 * Taxonomy category: object-motion (docs/arc.md): every object moves by a different offset that
 * depends on the others' sizes, which no per-object action or table expresses.
 *
 * Objects are the `clusters` of motion-relative.ts (a dotted outline is one object). Learner
 * `restack` (`rootOnly`): the axis and the order, e.g. `restack{v,asc}`; the order must change in
 * every pair. Equal sizes under a size order are refused; a test grid already in order is answered
 * unchanged, with no support, so it is never verified.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, equal, sameShape, type Grid } from '../grid-ops.js';
import { clusters } from './motion-relative.js';

/** `auto`: whichever axis the objects line up along in the grid at hand (refused when both). */
type Axis = 'v' | 'h' | 'auto';

const ORDERS: Record<string, (sizes: readonly number[]) => number[] | null> = {
  asc: (s) => (new Set(s).size < s.length ? null : s.map((_, i) => i).sort((a, b) => s[a]! - s[b]!)),
  desc: (s) => (new Set(s).size < s.length ? null : s.map((_, i) => i).sort((a, b) => s[b]! - s[a]!)),
  reverse: (s) => s.map((_, i) => s.length - 1 - i),
  swapends: (s) => s.map((_, i) => (i === 0 ? s.length - 1 : i === s.length - 1 ? 0 : i)),
};

/** True when the objects' spans [lo, hi) are pairwise disjoint. */
function apart<O>(objs: readonly O[], lo: (o: O) => number, hi: (o: O) => number): boolean {
  const s = [...objs].sort((a, b) => lo(a) - lo(b));
  return s.every((o, i) => i === 0 || lo(o) >= hi(s[i - 1]!));
}

/** `g` restacked along `axis` in `order`, whether the order changed; null when the objects do not line up. */
function restack(g: Grid, ax: Axis, order: (sizes: readonly number[]) => number[] | null): { out: Grid; changed: boolean } | null {
  const bg = background(g);
  const cl = clusters(g, bg);
  if (!cl || cl.objs.length < 2) return null;
  let axis: 'v' | 'h' = ax === 'h' ? 'h' : 'v';
  if (ax === 'auto') {
    const v = apart(cl.objs, (o) => o.top, (o) => o.bottom), h = apart(cl.objs, (o) => o.left, (o) => o.right);
    if (v === h) return null;
    axis = v ? 'v' : 'h';
  }
  const lo = (o: (typeof cl.objs)[number]) => (axis === 'v' ? o.top : o.left);
  const hi = (o: (typeof cl.objs)[number]) => (axis === 'v' ? o.bottom : o.right);
  if (!apart(cl.objs, lo, hi)) return null;
  const objs = [...cl.objs].sort((a, b) => lo(a) - lo(b));
  const perm = order(objs.map((o) => o.size));
  if (!perm) return null;
  const out = g.map((row) => row.map(() => bg));
  let pos = lo(objs[0]!);
  perm.forEach((k, slot) => {
    const o = objs[k]!, shift = pos - lo(o);
    for (const [r, c] of o.cells) {
      if (axis === 'v') out[r + shift]![c] = g[r]![c]!;
      else out[r]![c + shift] = g[r]![c]!;
    }
    pos += hi(o) - lo(o) + (slot + 1 < objs.length ? lo(objs[slot + 1]!) - hi(objs[slot]!) : 0);
  });
  return { out, changed: perm.some((k, i) => k !== i) };
}

export const RESTACK_LEARNERS: readonly Learner[] = [{
  name: 'restack',
  family: 'restack',
  cost: 3.4,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (!xs.every((x, i) => sameShape(x, ys[i]!))) return null;
    for (const axis of ['v', 'h', 'auto'] as const) for (const [name, order] of Object.entries(ORDERS)) {
      if (!xs.every((x, i) => { const m = restack(x, axis, order); return m !== null && m.changed && equal(m.out, ys[i]!); })) continue;
      return {
        text: `restack{${axis},${name}}`,
        cost: 3.4,
        apply: (g) => restack(g, axis, order)?.out ?? null,
        support: (g) => (restack(g, axis, order)?.changed ? xs.length : 0),
      };
    }
    return null;
  },
}];
