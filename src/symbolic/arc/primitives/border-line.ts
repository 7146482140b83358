/**
 * Border lines by orientation: the output is the input with one whole border row or column painted
 * in one colour, and which border depends on whether the input's content is horizontal or vertical.
 * "Wide scenes get a line on top, tall ones a line on the left", "horizontal stripes get a line on
 * the right", "the two marks lie in a row: a line of their colour along the top" are such rules.
 * Taxonomy category: line-drawing (docs/arc.md): the line does not start at any object, so no ray
 * or sight table draws it, and the side it takes is a property of the whole scene.
 *
 * Orientation features, each `h`, `v` or undecided: `box`, the bounding box of all content (wider
 * or taller); `grain`, same-colour neighbours side by side against one above the other; `marks`,
 * the cells of the rarest colour lying in one row or one column. Line colours: a constant, or
 * `rare` (that rarest colour). Learner `borderline` (`rootOnly`): every feature that explains the
 * demonstrations, which must show both orientations, e.g. `borderline{box:h=top/v=left,1}`; a test
 * grid on which one of them is undecided or they disagree is refused.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, equal, histogram, sameShape, width, type Grid } from '../grid-ops.js';

export type Orient = 'h' | 'v';
type Side = 'top' | 'bottom' | 'left' | 'right';
const SIDES: readonly Side[] = ['top', 'bottom', 'left', 'right'];

/** The rarest non-background colour of `g` (null on a tie or when there is none). */
function rarest(g: Grid): number | null {
  const bg = background(g), h = histogram(g);
  let best = -1, n = Infinity, tie = false;
  h.forEach((k, v) => {
    if (v === bg || k === 0) return;
    if (k < n) { best = v; n = k; tie = false; } else if (k === n) tie = true;
  });
  return best < 0 || tie ? null : best;
}

export const FEATURES: Record<string, (g: Grid) => Orient | null> = {
  box(g) {
    const bg = background(g);
    let t = Infinity, l = Infinity, b = -1, r = -1;
    g.forEach((row, y) => row.forEach((v, x) => {
      if (v !== bg) { t = Math.min(t, y); l = Math.min(l, x); b = Math.max(b, y); r = Math.max(r, x); }
    }));
    if (b < 0 || b - t === r - l) return null;
    return r - l > b - t ? 'h' : 'v';
  },
  grain(g) {
    const bg = background(g);
    let h = 0, v = 0;
    g.forEach((row, y) => row.forEach((c, x) => {
      if (c === bg) return;
      if (row[x + 1] === c) h++;
      if (g[y + 1]?.[x] === c) v++;
    }));
    return h === v ? null : h > v ? 'h' : 'v';
  },
  marks(g) {
    const k = rarest(g);
    if (k === null) return null;
    const cells: [number, number][] = [];
    g.forEach((row, y) => row.forEach((c, x) => { if (c === k) cells.push([y, x]); }));
    if (cells.length < 2) return null;
    const oneRow = cells.every(([y]) => y === cells[0]![0]), oneCol = cells.every(([, x]) => x === cells[0]![1]);
    return oneRow === oneCol ? null : oneRow ? 'h' : 'v';
  },
};

function cellsOf(g: Grid, s: Side): [number, number][] {
  const H = g.length, W = width(g);
  if (s === 'top' || s === 'bottom') return Array.from({ length: W }, (_, x) => [s === 'top' ? 0 : H - 1, x]);
  return Array.from({ length: H }, (_, y) => [y, s === 'left' ? 0 : W - 1]);
}

/** The one border of `y` that is uniform and holds every cell where `y` differs from `x`, with its colour. */
function lineOf(x: Grid, y: Grid): [Side, number] | null {
  let found: [Side, number] | null = null;
  for (const s of SIDES) {
    const cs = cellsOf(y, s), k = y[cs[0]![0]]![cs[0]![1]]!;
    if (!cs.every(([r, c]) => y[r]![c] === k)) continue;
    const on = new Set(cs.map(([r, c]) => r * 100 + c));
    const ok = x.every((row, r) => row.every((v, c) => on.has(r * 100 + c) || y[r]![c] === v));
    if (!ok || cs.every(([r, c]) => x[r]![c] === k)) continue;
    if (found) return null;
    found = [s, k];
  }
  return found;
}

function paint(g: Grid, s: Side, k: number): Grid {
  const out = g.map((row) => row.slice());
  for (const [r, c] of cellsOf(g, s)) out[r]![c] = k;
  return out;
}

export const BORDER_LINE_LEARNERS: readonly Learner[] = [{
  name: 'borderline',
  family: 'border-line',
  cost: 3.6,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (xs.length < 2 || !xs.every((x, i) => sameShape(x, ys[i]!))) return null;
    const lines = xs.map((x, i) => lineOf(x, ys[i]!));
    if (lines.some((l) => !l)) return null;
    const ls = lines as [Side, number][];
    const colour: number | 'rare' | null = xs.every((x, i) => rarest(x) === ls[i]![1]) ? 'rare'
      : ls.every((l) => l[1] === ls[0]![1]) ? ls[0]![1] : null;
    if (colour === null) return null;
    const fitting: [string, Record<Orient, Side>][] = [];
    for (const [name, f] of Object.entries(FEATURES)) {
      const map: Partial<Record<Orient, Side>> = {};
      const ok = xs.every((x, i) => {
        const o = f(x);
        if (!o || (map[o] && map[o] !== ls[i]![0])) return false;
        map[o] = ls[i]![0];
        return true;
      });
      if (ok && map.h && map.v && map.h !== map.v) fitting.push([name, map as Record<Orient, Side>]);
    }
    if (!fitting.length) return null;
    const side = (g: Grid): Side | null => {
      const got = new Set(fitting.map(([name, map]) => { const o = FEATURES[name]!(g); return o ? map[o] : null; }));
      return got.size === 1 && !got.has(null) ? [...got][0]! : null;
    };
    if (!xs.every((x, i) => { const s = side(x); return s !== null && equal(paint(x, s, colour === 'rare' ? rarest(x)! : colour), ys[i]!); })) return null;
    return {
      text: `borderline{${fitting.map(([n, m]) => `${n}:h=${m.h}/v=${m.v}`).join('+')},${colour}}`,
      cost: 3.6,
      apply: (g) => {
        const s = side(g), k = colour === 'rare' ? rarest(g) : colour;
        return s === null || k === null ? null : paint(g, s, k);
      },
    };
  },
}];
