/**
 * Learners: final program steps whose parameters are fitted from the demonstration pairs (the
 * state grids reached so far → the demonstration outputs) and then applied to the test grids.
 *
 * - `exact`     the state already is the output.
 * - `colormap`  one colour table for all pairs (also names the placeholder colour 10).
 * - `local.*`   a cellular rule: output cell = table(features of the input cell's neighbourhood);
 *               feature sets from plain to rich (cross, 3×3, row/column colours, neighbour count).
 * - `tile`      output = a×b blocks, each a dihedral transform of the input, the layout learned.
 * - `combine`   the input split into equal parts (separators or halves); output cell =
 *               table(part cells' occupancy), i.e. AND/OR/XOR/… with the output colour learned.
 * - `objcolour` every object recoloured by a property (size, shape, size rank, holes, …) learned.
 * - `region.*`  fill by region: the cell's one-colour region, enclosed or not, and its frame (primitives/regions.ts).
 * - `sight.*`   line drawing: the first colours the cell sees in each direction (primitives/sight.ts).
 *
 * A learned table must cover every key the test grids need; an unseen key makes the step
 * inapplicable (null) rather than guessing. A table over derived features (neighbourhoods, object
 * properties, part combinations) also says how many demonstration pairs showed each entry
 * (`support`): such an entry seen in one pair is a coincidence of the feature as often as a rule,
 * and an answer that needs one is not verified (see index.ts). `colormap` has no support: its
 * entries are colours seen directly, and tasks like "swap these colour pairs" show each pair once
 * (measured: requiring two pairs there cost a right answer and caught no wrong one).
 */
import { dihedral } from './grid/transforms.js';
import type { Fitted, Learner } from './dsl.js';
import { cellKeys, localLearner, PairCounts, validColours, type Feature } from './learn-table.js';
import { background, equal, makeGrid, sameShape, width, type Grid } from './grid-ops.js';
import { components, holeCount, SEGMENTATIONS, shapeKey, touchesBorder, type ArcObject } from './objects.js';
import { REGION_LEARNERS } from './primitives/regions.js';
import { SIGHT_LEARNERS } from './primitives/sight.js';
import { splitParts } from './primitives/split.js';
import { RAY_LEARNERS } from './primitives/rays.js';
import { HALO_LEARNERS } from './primitives/halo.js';
import { BOXFILL_LEARNERS } from './primitives/boxfill.js';
import { ELBOW_LEARNERS } from './primitives/elbow.js';
import { CELL_TABLE_LEARNERS } from './primitives/cell-tables.js';
import { MOTION_LEARNERS } from './primitives/motion.js';
import { MOTION_RELATIVE_LEARNERS } from './primitives/motion-relative.js';
import { BORDER_LINE_LEARNERS } from './primitives/border-line.js';
import { RESTACK_LEARNERS } from './primitives/restack.js';
import { CENTRE_MARK_LEARNERS } from './primitives/centre-mark.js';
import { DOTTED_LINE_LEARNERS } from './primitives/dotted-line.js';
import { ORIENT_GRAVITY_LEARNERS } from './primitives/orient-gravity.js';
import { BOX_OUTLINE_LEARNERS } from './primitives/box-outline.js';
import { SELECT_LEARNERS } from './primitives/select.js';
import { SUMMARY_LEARNERS } from './primitives/summary.js';
import { SCALE_LEARNERS } from './primitives/scale.js';
import { COMPARTMENT_LEARNERS } from './primitives/compartments.js';
import { OBJECT_MAP_LEARNERS } from './primitives/object-map.js';
import { OBJECT_RELATION_LEARNERS } from './primitives/object-relations.js';
import { HOLE_SHAPE_LEARNERS } from './primitives/hole-shape.js';
import { NESTING_LEARNERS } from './primitives/nesting.js';

const allSameShape = (xs: readonly Grid[], ys: readonly Grid[]): boolean => xs.every((x, i) => sameShape(x, ys[i]!));

const exact: Learner = {
  name: 'exact',
  family: 'learned',
  cost: 0,
  fit(xs, ys) {
    if (!xs.every((x, i) => equal(x, ys[i]!)) || !xs.every(validColours)) return null;
    return { text: '', cost: 0, apply: (g) => (validColours(g) ? g : null) };
  },
};

const colormap: Learner = {
  name: 'colormap',
  family: 'learned',
  cost: 1,
  fit(xs, ys) {
    if (!allSameShape(xs, ys)) return null;
    const m = new Array<number>(11).fill(-1);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!, y = ys[i]!;
      for (let r = 0; r < x.length; r++) for (let c = 0; c < x[r]!.length; c++) {
        const a = x[r]![c]!, b = y[r]![c]!;
        if (m[a] === -1) m[a] = b;
        else if (m[a] !== b) return null;
      }
    }
    const changes = m.map((to, from) => [from, to] as const).filter(([from, to]) => to >= 0 && to !== from);
    if (!changes.length) return null;
    // A colour the demonstrations never showed keeps its colour only when the map does nothing but
    // name the placeholder colour; a real recolouring has no rule for an unseen colour (→ null).
    const onlyPlaceholder = changes.every(([from]) => from === 10);
    return {
      text: `colormap{${changes.map(([a, b]) => `${a}→${b}`).join(',')}}`,
      cost: 1 + 0.1 * changes.length,
      apply: (g) => {
        if (!onlyPlaceholder && g.some((row) => row.some((v) => m[v] === -1))) return null;
        const out = g.map((row) => row.map((v) => (m[v]! >= 0 ? m[v]! : v)));
        return validColours(out) ? out : null;
      },
    };
  },
};

const at = (g: Grid, r: number, c: number): number => g[r]?.[c] ?? -1;
const LOCAL_FEATURES: readonly { name: string; cost: number; f: Feature }[] = [
  { name: 'cross', cost: 2, f: (g, r, c) => `${g[r]![c]}:${at(g, r - 1, c)},${at(g, r + 1, c)},${at(g, r, c - 1)},${at(g, r, c + 1)}` },
  {
    name: 'count',
    cost: 2,
    f: (g, r, c) => {
      const bg = 0;
      let n = 0;
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if ((dr || dc) && at(g, r + dr, c + dc) > bg) n++;
      return `${g[r]![c]}:${n}`;
    },
  },
  {
    name: 'lines',
    cost: 2.5,
    f: (g, r, c) => {
      const row = new Set(g[r]!.filter((v) => v !== 0));
      const col = new Set(g.map((x) => x[c]!).filter((v) => v !== 0));
      return `${g[r]![c]}:${[...row].sort().join('')}:${[...col].sort().join('')}`;
    },
  },
  {
    name: 'nbhd',
    cost: 3,
    f: (g, r, c) => {
      let s = `${g[r]![c]}:`;
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if (dr || dc) s += `${at(g, r + dr, c + dc)},`;
      return s;
    },
  },
];

const LOCAL: Learner[] = LOCAL_FEATURES.map(({ name, cost, f }) => localLearner(`local.${name}`, cost, f));

const tileLearner: Learner = {
  name: 'tile',
  family: 'learned',
  cost: 2,
  fit(xs, ys) {
    const x0 = xs[0]!, y0 = ys[0]!;
    if (y0.length % x0.length || width(y0) % width(x0)) return null;
    const a = y0.length / x0.length, b = width(y0) / width(x0);
    if (a * b < 2 || a * b > 16) return null;
    if (!xs.every((x, i) => ys[i]!.length === a * x.length && width(ys[i]!) === b * width(x))) return null;
    const layout: number[] = [];
    for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) {
      const k = [0, 1, 2, 3, 4, 5, 6, 7].find((k) =>
        xs.every((x, p) => {
          const d = dihedral(x, k), h = x.length, w = width(x);
          if (d.length !== h || width(d) !== w) return false;
          for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) if (d[r]![c] !== ys[p]![i * h + r]![j * w + c]) return false;
          return true;
        }),
      );
      if (k === undefined) return null;
      layout.push(k);
    }
    return {
      text: `tile${a}x${b}[${layout.join('')}]`,
      cost: 2 + (layout.some((k) => k !== 0) ? 0.5 : 0),
      apply: (g) => {
        const h = g.length, w = width(g);
        if (a * h > 30 || b * w > 30) return null;
        const out = makeGrid(a * h, b * w);
        for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) {
          const d = dihedral(g, layout[i * b + j]!);
          if (d.length !== h || width(d) !== w) return null;
          for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[i * h + r]![j * w + c] = d[r]![c]!;
        }
        return validColours(out) ? out : null;
      },
    };
  },
};

const combine: Learner = {
  name: 'combine',
  family: 'learned',
  cost: 2,
  fit(xs, ys) {
    const parts = xs.map(splitParts);
    if (parts.some((p) => !p) || !parts.every((p) => p!.length === parts[0]!.length)) return null;
    if (!parts.every((p, i) => sameShape(p![0]!, ys[i]!))) return null;
    const n = parts[0]!.length;
    const keyFns: { tag: string; key: (ps: Grid[], r: number, c: number) => string }[] = [
      { tag: 'mask', key: (ps, r, c) => ps.map((p) => (p[r]![c] !== background(ps[0]!) ? 1 : 0)).join('') },
      { tag: 'colours', key: (ps, r, c) => ps.map((p) => p[r]![c]).join(',') },
    ];
    for (const { tag, key } of keyFns) {
      const t = new Map<string, number>();
      const pairs = new PairCounts();
      let ok = true;
      for (let i = 0; i < xs.length && ok; i++) {
        const ps = parts[i]!, y = ys[i]!;
        for (let r = 0; r < y.length && ok; r++) for (let c = 0; c < y[r]!.length; c++) {
          const k = key(ps, r, c), v = y[r]![c]!, old = t.get(k);
          if (old === undefined) t.set(k, v);
          else if (old !== v) { ok = false; break; }
          pairs.add(k, i);
        }
      }
      if (!ok) continue;
      return {
        text: `combine.${tag}${n}{${[...t].map(([k, v]) => `${k}→${v}`).join(',')}}`,
        cost: 2 + (tag === 'colours' ? 1 : 0) + 0.05 * t.size,
        apply: (g) => {
          const ps = splitParts(g);
          if (!ps || ps.length !== n) return null;
          const out: Grid = [];
          for (let r = 0; r < ps[0]!.length; r++) {
            const row: number[] = [];
            for (let c = 0; c < width(ps[0]!); c++) {
              const v = t.get(key(ps, r, c));
              if (v === undefined) return null;
              row.push(v);
            }
            out.push(row);
          }
          return validColours(out) ? out : null;
        },
        support: (g) => {
          const ps = splitParts(g);
          return ps ? pairs.min(new Set(cellKeys(ps[0]!, (_p, r, c) => key(ps, r, c)))) : 0;
        },
      };
    }
    return null;
  },
};

type ObjFeature = (o: ArcObject, all: ArcObject[], g: Grid) => string;
const OBJ_FEATURES: Record<string, ObjFeature> = {
  size: (o) => String(o.size),
  shape: (o) => shapeKey(o),
  rank: (o, all) => String([...new Set(all.map((x) => x.size))].sort((a, b) => b - a).indexOf(o.size)),
  rankasc: (o, all) => String([...new Set(all.map((x) => x.size))].sort((a, b) => a - b).indexOf(o.size)),
  holes: (o, _all, g) => String(holeCount(g, o)),
  border: (o, _all, g) => String(touchesBorder(g, o)),
  extreme: (o, all) => {
    const sizes = all.map((x) => x.size), mx = Math.max(...sizes), mn = Math.min(...sizes);
    return o.size === mx ? 'max' : o.size === mn ? 'min' : 'mid';
  },
  width: (o) => String(o.right - o.left),
  height: (o) => String(o.bottom - o.top),
};

const objcolour: Learner[] = SEGMENTATIONS.filter((s) => !s.seg.multi).map(({ tag, seg }) => ({
  name: `objcolour${tag}`,
  family: 'learned',
  cost: 2.5,
  fit(xs, ys) {
    if (!allSameShape(xs, ys)) return null;
    // Cells outside objects must be unchanged.
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!, y = ys[i]!, bg = background(x);
      for (let r = 0; r < x.length; r++) for (let c = 0; c < x[r]!.length; c++) if (x[r]![c] === bg && y[r]![c] !== bg) return null;
    }
    for (const [fname, feat] of Object.entries(OBJ_FEATURES)) {
      const t = new Map<string, number>();
      const pairs = new PairCounts();
      let ok = true, changed = false;
      for (let i = 0; i < xs.length && ok; i++) {
        const x = xs[i]!, y = ys[i]!, objs = components(x, seg);
        for (const o of objs) {
          const k = `${o.colour}:${feat(o, objs, x)}`;
          const v = y[o.cells[0]![0]]![o.cells[0]![1]]!;
          if (!o.cells.every(([r, c]) => y[r]![c] === v)) { ok = false; break; }
          if (v !== o.colour) changed = true;
          const old = t.get(k);
          if (old === undefined) t.set(k, v);
          else if (old !== v) { ok = false; break; }
          pairs.add(k, i);
        }
      }
      if (!ok || !changed) continue;
      return {
        text: `objcolour${tag}.${fname}[${t.size}]`,
        cost: 2.5 + 0.05 * t.size,
        apply: (g) => {
          const objs = components(g, seg), out = g.map((row) => row.slice());
          for (const o of objs) {
            const v = t.get(`${o.colour}:${feat(o, objs, g)}`);
            if (v === undefined) return null;
            for (const [r, c] of o.cells) out[r]![c] = v;
          }
          return validColours(out) ? out : null;
        },
        support: (g) => {
          const objs = components(g, seg);
          const keys = objs.map((o) => `${o.colour}:${feat(o, objs, g)}`);
          return pairs.min(new Set(keys.filter((k, i) => t.get(k) !== objs[i]!.colour)));
        },
      };
    }
    return null;
  },
}));

/** Learners in the order the search tries them (cheapest first). */
export const ARC_LEARNERS: readonly Learner[] = [exact, colormap, tileLearner, combine, ...objcolour, ...REGION_LEARNERS, ...LOCAL, ...SIGHT_LEARNERS,
  ...RAY_LEARNERS,
  ...HALO_LEARNERS,
  ...BOXFILL_LEARNERS,
  ...ELBOW_LEARNERS,
  ...CELL_TABLE_LEARNERS,
  ...MOTION_LEARNERS,
  ...SELECT_LEARNERS, ...SUMMARY_LEARNERS, ...SCALE_LEARNERS,
  ...COMPARTMENT_LEARNERS,
  ...OBJECT_MAP_LEARNERS,
  ...OBJECT_RELATION_LEARNERS,
  ...HOLE_SHAPE_LEARNERS,
  ...NESTING_LEARNERS,
  ...MOTION_RELATIVE_LEARNERS,
  ...BORDER_LINE_LEARNERS,
  ...RESTACK_LEARNERS,
  ...CENTRE_MARK_LEARNERS,
  ...DOTTED_LINE_LEARNERS,
  ...ORIENT_GRAVITY_LEARNERS,
  ...BOX_OUTLINE_LEARNERS,
];

/** Learners cheap enough to try on every search state; the rest only on states of depth ≤ 1. */
export const CHEAP_LEARNERS: ReadonlySet<string> = new Set(['exact', 'colormap', 'tile']);

export type { Fitted };
