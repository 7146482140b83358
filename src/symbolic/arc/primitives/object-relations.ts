/**
 * Map objects by a relational property to an action: the `objmap` table (primitives/object-map.ts)
 * over properties that are not an object's own but its relation to the other objects or to the
 * grid — whether its shape or its colours recur in another object ("delete the odd one out", "keep
 * the shapes that come in pairs"), whether it is the top-, bottom-, left- or right-most object,
 * whether the cells of another colour surround it or its colour surrounds another object ("keep
 * what is inside a frame"), and which side of the separator lines it lies on ("delete everything
 * below the line").
 *
 * ConceptARC's SameDifferent, TopBottom2D, InsideOutside and AboveBelow concepts are built on these
 * relations; the failure taxonomy counted them as `per-object`. Same fitting, actions, support and
 * rival rule as `objmap`, so it is root-only like it; a grid the relation leaves alone is its own
 * answer (SameDifferent1's third test has no odd one out).
 */
import type { Learner } from '../dsl.js';
import { background, equal, sameShape, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS, shapeKey, type ArcObject, type Segmentation } from '../objects.js';
import { fitMap, type Key } from './object-map.js';

/** Per object list (components are cached per grid, so the list is stable): how often each key recurs. */
function recurrence(name: (o: ArcObject) => string): Key {
  const memo = new WeakMap<readonly ArcObject[], Map<string, number>>();
  return (o, all) => {
    let n = memo.get(all);
    if (!n) {
      n = new Map();
      for (const p of all) { const k = name(p); n.set(k, (n.get(k) ?? 0) + 1); }
      memo.set(all, n);
    }
    return n.get(name(o))! > 1 ? 'dup' : 'uniq';
  };
}

/** Which end of the objects' spread along one axis `o` reaches: lo, hi, both or neither. */
const extreme = (lo: (o: ArcObject) => number, hi: (o: ArcObject) => number): Key => (o, all) => {
  const a = lo(o) === Math.min(...all.map(lo)), b = hi(o) === Math.max(...all.map(hi));
  return a && b ? 'both' : a ? 'lo' : b ? 'hi' : 'mid';
};

/** Per colour, the first and last column of its cells in each row and first and last row in each column. */
interface Extents { rowLo: Map<number, number>; rowHi: Map<number, number>; colLo: Map<number, number>; colHi: Map<number, number> }

const extentMemo = new WeakMap<readonly ArcObject[], Map<number, Extents>>();
function extents(all: readonly ArcObject[]): Map<number, Extents> {
  let m = extentMemo.get(all);
  if (m) return m;
  m = new Map();
  for (const o of all) {
    let e = m.get(o.colour);
    if (!e) m.set(o.colour, (e = { rowLo: new Map(), rowHi: new Map(), colLo: new Map(), colHi: new Map() }));
    for (const [r, c] of o.cells) {
      e.rowLo.set(r, Math.min(e.rowLo.get(r) ?? c, c)); e.rowHi.set(r, Math.max(e.rowHi.get(r) ?? c, c));
      e.colLo.set(c, Math.min(e.colLo.get(c) ?? r, r)); e.colHi.set(c, Math.max(e.colHi.get(c) ?? r, r));
    }
  }
  extentMemo.set(all, m);
  return m;
}

/**
 * The cells of one colour surround `b`: every cell of `b` has a cell of that colour in three of the
 * four directions (above, below, left, right) in its row and column. A colour rather than one
 * object, and three sides rather than enclosure, on purpose: hand-drawn frames have gaps and break
 * into pieces (ConceptARC InsideOutside6); still stricter than box containment (a cell in a
 * frame's box but beside its wall sees it on two sides only).
 */
const surrounds = (e: Extents, b: ArcObject): boolean => b.cells.every(([r, c]) =>
  [(e.rowLo.get(r) ?? c) < c, c < (e.rowHi.get(r) ?? c), (e.colLo.get(c) ?? r) < r, r < (e.colHi.get(c) ?? r)].filter(Boolean).length >= 3);

/**
 * Separator rows (or columns): one non-background colour from edge to edge, solid or dashed (never
 * two background cells in a row, at most one at each end).
 */
function fullLines(g: Grid, bg: number, cols: boolean): number[] {
  const H = g.length, W = width(g), n = cols ? W : H, m = cols ? H : W, out: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = (j: number): number => (cols ? g[j]![i]! : g[i]![j]!);
    let colour = -1, ok = at(0) !== bg || at(1) !== bg;
    for (let j = 0; j < m && ok; j++) {
      const v = at(j);
      if (v === bg) ok = j === 0 || at(j - 1) !== bg;
      else if (colour < 0) colour = v;
      else ok = v === colour;
    }
    if (ok && colour >= 0) out.push(i);
  }
  return out;
}

/** The band between separators that the span [a, b) lies in, `x` when a separator crosses it. */
function band(lines: readonly number[], a: number, b: number): string {
  if (lines.some((l) => l >= a && l < b)) return 'x';
  return String(lines.filter((l) => l < a).length);
}

const RELATION_KEYS: Record<string, Key> = {
  shapedup: recurrence(shapeKey),
  colourdup: recurrence((o) => o.colours.join('')),
  vext: extreme((o) => o.top, (o) => o.bottom),
  hext: extreme((o) => o.left, (o) => o.right),
  nest: (o, all) => {
    const ext = extents(all), mine = ext.get(o.colour)!;
    const inside = [...ext].some(([c, e]) => c !== o.colour && surrounds(e, o));
    const holder = all.some((p) => p.colour !== o.colour && surrounds(mine, p));
    return inside && holder ? 'both' : inside ? 'in' : holder ? 'holder' : 'free';
  },
  // An object lying along a separator is the separator ('line'); others by their band each way.
  side: (o, _a, g, bg) => {
    const rows = fullLines(g, bg, false), cols = fullLines(g, bg, true);
    if (o.cells.every(([r, c]) => rows.includes(r) || cols.includes(c))) return 'line';
    return `${band(rows, o.top, o.bottom)}.${band(cols, o.left, o.right)}`;
  },
};

/**
 * What the demonstrations must have shown for a test grid's answer to be trusted: an object within
 * another's box, and a multicolour object. Relations read such objects in ways the pairs never
 * tested (ConceptARC TopBottom2D5: a cell inside a ring, an object of its own in one segmentation,
 * was verified wrong as "not the bottom-most").
 */
function traits(g: Grid, seg: Segmentation): string[] {
  const objs = components(g, seg, background(g)), out: string[] = [];
  if (objs.some((b) => objs.some((a) => a !== b && a.top <= b.top && a.left <= b.left && a.bottom >= b.bottom && a.right >= b.right))) out.push('nested');
  if (objs.some((o) => o.colours.length > 1)) out.push('multi');
  return out;
}

// One-colour 8-connected objects only: on training and ConceptARC every multicolour fit that the
// one-colour one did not also make was wrong (SameDifferent3, InsideOutside5/8, HorizontalVertical2).
export const OBJECT_RELATION_LEARNERS: readonly Learner[] = SEGMENTATIONS.filter((s) => s.tag === '8').map(({ tag, seg }) => ({
  name: `objrel${tag}`,
  family: 'object-relations',
  cost: 3,
  rootOnly: true,
  fit(xs, ys) {
    if (!xs.every((x, i) => sameShape(x, ys[i]!)) || xs.every((x, i) => equal(x, ys[i]!))) return null;
    // A test grid where the relation singles nothing out (no odd one out) is its own answer.
    const f = fitMap(`objrel${tag}`, RELATION_KEYS, seg, xs, ys, true);
    if (!f) return null;
    const shown = new Set(xs.flatMap((x) => traits(x, seg)));
    return { ...f, support: (g) => (traits(g, seg).every((t) => shown.has(t)) ? f.support!(g) : 0) };
  },
}));
