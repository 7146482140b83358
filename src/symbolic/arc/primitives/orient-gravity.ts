/**
 * Gravity by orientation: every row (or every column) packs its cells against one border, and
 * which border depends on whether the input's content is horizontal or vertical (the features of
 * border-line.ts). "Horizontal bars slide right, vertical ones fall down" is such a rule.
 * Taxonomy category: object-motion (docs/arc.md): a fixed gravity primitive moves everything one
 * way; here the way is a property of the scene.
 *
 * Learner `orientfall` (`rootOnly`): every feature that explains the demonstrations, which must
 * show both orientations, e.g. `orientfall{grain:h=right/v=down}`; a test grid on which one of them
 * is undecided or they disagree is refused.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, equal, sameShape, width, type Grid } from '../grid-ops.js';
import { FEATURES, type Orient } from './border-line.js';

type Dir = 'up' | 'down' | 'left' | 'right';
const DIRS: readonly Dir[] = ['up', 'down', 'left', 'right'];

/** Every row (left/right) or column (up/down) of `g` with its cells packed, in order, against that side. */
function fall(g: Grid, d: Dir): Grid {
  const bg = background(g), H = g.length, W = width(g);
  const out = g.map((row) => row.map(() => bg));
  const lines = d === 'left' || d === 'right' ? H : W;
  for (let i = 0; i < lines; i++) {
    const n = d === 'left' || d === 'right' ? W : H;
    const at = (j: number): [number, number] => (d === 'left' || d === 'right' ? [i, j] : [j, i]);
    const vals: number[] = [];
    for (let j = 0; j < n; j++) { const [r, c] = at(j); if (g[r]![c] !== bg) vals.push(g[r]![c]!); }
    const start = d === 'right' || d === 'down' ? n - vals.length : 0;
    vals.forEach((v, j) => { const [r, c] = at(start + j); out[r]![c] = v; });
  }
  return out;
}

export const ORIENT_GRAVITY_LEARNERS: readonly Learner[] = [{
  name: 'orientfall',
  family: 'orient-gravity',
  cost: 3.6,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (xs.length < 2 || !xs.every((x, i) => sameShape(x, ys[i]!) && !equal(x, ys[i]!))) return null;
    // The one side each pair packs against.
    const dirs = xs.map((x, i) => {
      const ds = DIRS.filter((d) => equal(fall(x, d), ys[i]!));
      return ds.length === 1 ? ds[0]! : null;
    });
    if (dirs.some((d) => d === null)) return null;
    const fitting: [string, Record<Orient, Dir>][] = [];
    for (const [name, f] of Object.entries(FEATURES)) {
      const map: Partial<Record<Orient, Dir>> = {};
      const ok = xs.every((x, i) => {
        const o = f(x);
        if (!o || (map[o] && map[o] !== dirs[i])) return false;
        map[o] = dirs[i]!;
        return true;
      });
      if (ok && map.h && map.v && map.h !== map.v) fitting.push([name, map as Record<Orient, Dir>]);
    }
    if (!fitting.length) return null;
    return {
      text: `orientfall{${fitting.map(([n, m]) => `${n}:h=${m.h}/v=${m.v}`).join('+')}}`,
      cost: 3.6,
      apply: (g) => {
        const got = new Set(fitting.map(([name, map]) => { const o = FEATURES[name]!(g); return o ? map[o] : null; }));
        if (got.size !== 1 || got.has(null)) return null;
        return fall(g, [...got][0]!);
      },
    };
  },
}];
