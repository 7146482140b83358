/**
 * Box fills: the bounding box of each colour's pixels (markers at corners or edges of a rectangle),
 * or of each object, has its background cells painted: all of them, or only the interior (the box
 * less its one-cell border). "Two 7s span a rectangle of 7s", "fill inside every frame of 2s with
 * 4" are box fills. Taxonomy category: fill-enclosed (docs/arc.md): same shape, the output only
 * adds cells, in blobs; `region.*` (regions.ts) fills only regions closed off by walls, a box needs none.
 *
 * Learners (all `rootOnly`), `boxfill.{colour|object}[.inner]`: per source colour the fill colour
 * (or none); when every colour fills with itself the rule is `same` and holds for unseen colours too.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, type Grid } from '../grid-ops.js';
import { PairCounts } from '../learn-table.js';
import { components, SEGMENTATIONS } from '../objects.js';
import { copyGrid, onlyAdds, reproduces } from './line-paint.js';

type Unit = 'colour' | 'object';
/** A box [r0, c0, r1, c1] (inclusive) and the colour that spans it. */
type Box = [number, number, number, number, number];

const seg8 = SEGMENTATIONS[1]!.seg; // 8-connected, one colour

function boxes(g: Grid, unit: Unit): Box[] {
  const bg = background(g);
  if (unit === 'object') return components(g, seg8).map((o) => [o.top, o.left, o.bottom - 1, o.right - 1, o.colour]);
  const m = new Map<number, Box>();
  for (let r = 0; r < g.length; r++) for (let c = 0; c < g[r]!.length; c++) {
    const v = g[r]![c]!;
    if (v === bg) continue;
    const b = m.get(v);
    if (!b) m.set(v, [r, c, r, c, v]);
    else {
      b[0] = Math.min(b[0], r); b[1] = Math.min(b[1], c); b[2] = Math.max(b[2], r); b[3] = Math.max(b[3], c);
    }
  }
  return [...m.values()];
}

/** The background cells a box paints (its interior only when `inner`). */
function cells(g: Grid, [r0, c0, r1, c1]: Box, inner: boolean): [number, number][] {
  const bg = background(g), k = inner ? 1 : 0, out: [number, number][] = [];
  for (let r = r0 + k; r <= r1 - k; r++) for (let c = c0 + k; c <= c1 - k; c++) if (g[r]![c] === bg) out.push([r, c]);
  return out;
}

function paint(g: Grid, unit: Unit, inner: boolean, fill: (v: number) => number | undefined): Grid | null {
  const out = copyGrid(g), bg = background(g);
  for (const b of boxes(g, unit)) {
    const k = fill(b[4]);
    if (k === undefined) return null;
    if (k === -2) continue;
    for (const [r, c] of cells(g, b, inner)) if (out[r]![c] === bg) out[r]![c] = k < 0 ? b[4] : k;
  }
  return out;
}

function boxfill(unit: Unit, inner: boolean, cost: number): Learner {
  const name = `boxfill.${unit}${inner ? '.inner' : ''}`;
  return {
    name,
    family: 'boxfill',
    cost,
    rootOnly: true,
    fit(xs, ys): Fitted | null {
      if (!onlyAdds(xs, ys)) return null;
      // Per colour: the fill colour (-1: itself, -2: none), consistent over every box of every pair.
      const table = new Map<number, number>();
      const shown = new PairCounts();
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i]!, y = ys[i]!, bg = background(x);
        for (const b of boxes(x, unit)) {
          const cs = cells(x, b, inner);
          if (!cs.length) continue;
          const ws = new Set(cs.map(([r, c]) => y[r]![c]!));
          if (ws.size !== 1) return null;
          const w = [...ws][0]!, k = w === bg ? -2 : w === b[4] ? -1 : w;
          const old = table.get(b[4]);
          if (old !== undefined && old !== k) return null;
          table.set(b[4], k);
          shown.add(String(b[4]), i);
        }
      }
      const vals = [...table.values()];
      if (!vals.some((k) => k !== -2)) return null;
      const same = vals.every((k) => k === -1);
      const fill = (v: number): number | undefined => (same ? -1 : table.get(v));
      const apply = (g: Grid): Grid | null => paint(g, unit, inner, (v) => {
        // A colour whose boxes the demonstrations never showed (only single cells) has no rule.
        const k = fill(v);
        return k === undefined && boxes(g, unit).every((b) => b[4] !== v || !cells(g, b, inner).length) ? -2 : k;
      });
      if (!reproduces(xs, ys, apply)) return null;
      const entries = [...table].sort((a, b) => a[0] - b[0]);
      return {
        text: `${name}{${same ? 'same' : entries.map(([v, k]) => `${v}→${k === -2 ? '-' : k === -1 ? v : k}`).join(',')}}`,
        cost: cost + (same ? 0 : 0.05 * entries.length),
        apply,
        support: (g) => {
          if (same) return xs.length;
          const ks = new Set<string>();
          for (const b of boxes(g, unit)) if (cells(g, b, inner).length) ks.add(String(b[4]));
          return shown.min(ks);
        },
      };
    },
  };
}

export const BOXFILL_LEARNERS: readonly Learner[] = [
  boxfill('colour', false, 2.2),
  boxfill('colour', true, 2.3),
  boxfill('object', false, 2.3),
  boxfill('object', true, 2.4),
];
