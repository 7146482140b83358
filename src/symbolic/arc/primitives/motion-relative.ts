/**
 * Relative motion: every object moves by one action, the same for all, that is defined by the
 * object's relation to the other objects rather than by its colour: slide until touching the
 * larger object it faces (in a learned direction, along its own line's axis, or whichever way one
 * larger object lies), jump over that object to its far side, slide away from all the others or
 * to the nearest border, slide along the larger object it touches until both are centred, move
 * onto the largest one's centre, or slide away from its one flat side. "The small shape moves
 * until it touches the frame", "the dotted line slides along itself onto the wall", "the bar
 * above the box goes below it", "the crossbar moves to the middle of the line" are such actions.
 *
 * The failure taxonomy (docs/arc.md) counts these as `object-motion`: motion.ts keys its actions by
 * colour and knows one anchor colour per task, so a mover whose target changes colour from pair to
 * pair, or whose direction depends on where the target lies, is out of its reach.
 *
 * Objects here are `clusters`: 8-connected one-colour components, joined when one touches the
 * other and its box holds the other's (a shape with inner marks), and when isolated pixels of one
 * colour lie two cells apart (a dotted line moves as one). Learner `moverel` (`rootOnly`): the
 * action, e.g. `moverel{approach:down}`; it must move something in every pair. A test grid on
 * which it moves nothing is answered unchanged, with no support, so it is never verified.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, equal, sameShape, width, type Grid } from '../grid-ops.js';
import { validColours } from '../learn-table.js';
import { nearestWall } from './motion.js';

/** Most objects one grid may hold (more is texture, not objects). */
const MAX_OBJECTS = 20;

interface Obj {
  readonly cells: ReadonlyArray<readonly [number, number]>;
  readonly size: number;
  readonly top: number;
  readonly left: number;
  /** Exclusive. */
  readonly bottom: number;
  /** Exclusive. */
  readonly right: number;
}

type Vec = readonly [number, number];

/** Clusters of `g` (see the module comment) and a grid of their indices (-1 on background). */
export function clusters(g: Grid, bg: number): { objs: Obj[]; label: Int32Array } | null {
  const H = g.length, W = width(g);
  const comp = new Int32Array(H * W).fill(-1);
  const parts: [number, number][][] = [];
  for (let r0 = 0; r0 < H; r0++) for (let c0 = 0; c0 < W; c0++) {
    const v = g[r0]![c0]!;
    if (v === bg || comp[r0 * W + c0]! >= 0) continue;
    const id = parts.length, cells: [number, number][] = [], stack = [r0 * W + c0];
    comp[r0 * W + c0] = id;
    while (stack.length) {
      const p = stack.pop()!, r = Math.floor(p / W), c = p % W;
      cells.push([r, c]);
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
        const y = r + dr, x = c + dc;
        if (y < 0 || y >= H || x < 0 || x >= W || comp[y * W + x]! >= 0 || g[y]![x] !== v) continue;
        comp[y * W + x] = id;
        stack.push(y * W + x);
      }
    }
    parts.push(cells);
    if (parts.length > 4 * MAX_OBJECTS) return null;
  }
  const parent = parts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const box = parts.map((cs) => {
    let t = Infinity, l = Infinity, b = -1, r = -1;
    for (const [y, x] of cs) { t = Math.min(t, y); l = Math.min(l, x); b = Math.max(b, y + 1); r = Math.max(r, x + 1); }
    return [t, l, b, r] as const;
  });
  // Parts of different colours that touch (8-neighbours).
  const touch = new Set<number>();
  parts.forEach((cs, i) => {
    for (const [r, c] of cs) for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
      const y = r + dr, x = c + dc;
      if (y >= 0 && y < H && x >= 0 && x < W && comp[y * W + x]! >= 0 && comp[y * W + x] !== i) touch.add(i * parts.length + comp[y * W + x]!);
    }
  });
  for (let i = 0; i < parts.length; i++) for (let j = 0; j < parts.length; j++) {
    if (i === j) continue;
    const a = box[i]!, b = box[j]!;
    const inside = a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3] && touch.has(i * parts.length + j);
    const [pi, pj] = [parts[i]!, parts[j]!];
    const dots = pi.length === 1 && pj.length === 1 && g[pi[0]![0]]![pi[0]![1]] === g[pj[0]![0]]![pj[0]![1]]
      && Math.max(Math.abs(pi[0]![0] - pj[0]![0]), Math.abs(pi[0]![1] - pj[0]![1])) <= 2;
    if (inside || dots) parent[find(i)] = find(j);
  }
  const index = new Map<number, number>();
  const cellsOf: [number, number][][] = [];
  parts.forEach((cs, i) => {
    const root = find(i);
    if (!index.has(root)) { index.set(root, cellsOf.length); cellsOf.push([]); }
    cellsOf[index.get(root)!]!.push(...cs);
  });
  if (cellsOf.length > MAX_OBJECTS) return null;
  const label = new Int32Array(H * W).fill(-1);
  const objs = cellsOf.map((cs, k) => {
    let t = Infinity, l = Infinity, b = -1, r = -1;
    for (const [y, x] of cs) {
      label[y * W + x] = k;
      t = Math.min(t, y); l = Math.min(l, x); b = Math.max(b, y + 1); r = Math.max(r, x + 1);
    }
    return { cells: cs, size: cs.length, top: t, left: l, bottom: b, right: r };
  });
  return { objs, label };
}

interface Scene {
  readonly g: Grid;
  readonly objs: readonly Obj[];
  readonly label: Int32Array;
  readonly W: number;
}

/** How far `o` slides along `d` before it would leave the grid or overlap another object, and that object's index (-1: the border). */
function hit(s: Scene, i: number, d: Vec): { k: number; target: number } {
  const o = s.objs[i]!, H = s.g.length;
  for (let k = 1; k <= 30; k++) {
    for (const [r, c] of o.cells) {
      const y = r + k * d[0], x = c + k * d[1];
      if (y < 0 || y >= H || x < 0 || x >= s.W) return { k: k - 1, target: -1 };
      const t = s.label[y * s.W + x]!;
      if (t >= 0 && t !== i) return { k: k - 1, target: t };
    }
  }
  return { k: 30, target: -1 };
}

/** The offset an action gives object `i`: [0, 0] to stay, null when the action is undefined for it. */
type Action = (s: Scene, i: number) => Vec | null;

const DIRS: Record<string, Vec> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] };

/** The two directions along the line that `o`'s cells lie on (≥ 2 cells, one row, column or diagonal), else none. */
function axis(o: Obj): Vec[] {
  if (o.size < 2) return [];
  const [r0, c0] = o.cells[0]!;
  for (const [dr, dc] of [[0, 1], [1, 0], [1, 1], [1, -1]] as const) {
    if (o.cells.every(([r, c]) => (dr === 0 ? r === r0 : dc === 0 ? c === c0 : (r - r0) * dc === (c - c0) * dr))) return [[dr, dc], [-dr, -dc]];
  }
  return [];
}

/** Slide toward the one larger object met along `dirs` (the nearest when several; a tie is refused); stay when none. */
function approach(dirs: (o: Obj) => Vec[]): Action {
  return (s, i) => {
    const o = s.objs[i]!;
    let best: Vec | null = null, bestK = Infinity, tie = false;
    for (const d of dirs(o)) {
      const h = hit(s, i, d);
      if (h.target < 0 || s.objs[h.target]!.size <= o.size) continue;
      if (h.k < bestK) { best = [h.k * d[0], h.k * d[1]]; bestK = h.k; tie = false; } else if (h.k === bestK) tie = true;
    }
    return tie ? null : best ?? [0, 0];
  };
}

/** Jump over the larger object met along `d`, to lie flush against its far side; stay when none. */
function past(d: Vec): Action {
  return (s, i) => {
    const o = s.objs[i]!, h = hit(s, i, d);
    if (h.target < 0 || s.objs[h.target]!.size <= o.size) return [0, 0];
    const t = s.objs[h.target]!;
    if (d[0] > 0) return [t.bottom - o.top, 0];
    if (d[0] < 0) return [t.top - o.bottom, 0];
    return d[1] > 0 ? [0, t.right - o.left] : [0, t.left - o.right];
  };
}

/** Slide toward the nearest border along the axes (a tie is refused), stopping at the border or an object. */
function nearWall(axes: 'h' | 'v' | 'hv'): Action {
  return (s, i) => {
    const d = nearestWall(s.objs[i]!, s.g, axes);
    if (!d) return null;
    const h = hit(s, i, d);
    return [h.k * d[0], h.k * d[1]];
  };
}

/** Slide away from all the other objects, which must lie wholly on one side of `o` along the axis, to the border or an object. */
function apart(vertical: boolean): Action {
  return (s, i) => {
    const o = s.objs[i]!, others = s.objs.filter((_, j) => j !== i);
    const [lo, hi] = vertical ? [o.top, o.bottom] : [o.left, o.right];
    const before = others.every((t) => (vertical ? t.bottom : t.right) <= lo);
    const after = others.every((t) => (vertical ? t.top : t.left) >= hi);
    if (before === after) return null;
    const d = vertical ? (before ? DIRS.down! : DIRS.up!) : before ? DIRS.right! : DIRS.left!;
    const h = hit(s, i, d);
    return [h.k * d[0], h.k * d[1]];
  };
}

/** Slide along the one larger object `o` touches (along that object's longer side) until their centres line up; stay when it touches none. */
const centre: Action = (s, i) => {
  const o = s.objs[i]!, H = s.g.length;
  const touched = new Set<number>();
  for (const [r, c] of o.cells) for (const [dr, dc] of Object.values(DIRS)) {
    const y = r + dr, x = c + dc;
    if (y < 0 || y >= H || x < 0 || x >= s.W) continue;
    const t = s.label[y * s.W + x]!;
    if (t >= 0 && t !== i && s.objs[t]!.size > o.size) touched.add(t);
  }
  if (touched.size === 0) return [0, 0];
  if (touched.size > 1) return null;
  const t = s.objs[[...touched][0]!]!;
  const th = t.bottom - t.top, tw = t.right - t.left;
  if (th === tw) return null;
  const twice = th > tw ? t.top + t.bottom - o.top - o.bottom : t.left + t.right - o.left - o.right;
  if (twice % 2) return null;
  return th > tw ? [twice / 2, 0] : [0, twice / 2];
};

/** Slide away from the object's one full bounding-box side (the back of a T or an arrow) to the border or an object. */
const flat: Action = (s, i) => {
  const o = s.objs[i]!;
  const count = (f: (r: number, c: number) => boolean) => o.cells.filter(([r, c]) => f(r, c)).length;
  const h = o.bottom - o.top, w = o.right - o.left;
  const full = ([
    [count((r) => r === o.top) === w, DIRS.down!],
    [count((r) => r === o.bottom - 1) === w, DIRS.up!],
    [count((_, c) => c === o.left) === h, DIRS.right!],
    [count((_, c) => c === o.right - 1) === h, DIRS.left!],
  ] as const).filter(([f]) => f);
  if (full.length !== 1) return null;
  const d = full[0]![1], k = hit(s, i, d).k;
  return [k * d[0], k * d[1]];
};

/** Move to the centre of the one largest object, over it (a tie for largest, or a centre between cells, is refused); the largest stays. */
const centreOf: Action = (s, i) => {
  const max = Math.max(...s.objs.map((o) => o.size));
  const big = s.objs.filter((o) => o.size === max);
  if (big.length !== 1) return null;
  const o = s.objs[i]!, t = big[0]!;
  if (o === t) return [0, 0];
  const dr = t.top + t.bottom - o.top - o.bottom, dc = t.left + t.right - o.left - o.right;
  return dr % 2 || dc % 2 ? null : [dr / 2, dc / 2];
};

/** Actions by name; `over`: a mover may land on a staying object (it is painted on top). */
const ACTIONS: readonly [string, Action, boolean?][] = [
  ...Object.entries(DIRS).map(([n, d]): [string, Action] => [`approach:${n}`, approach(() => [d])]),
  ['approach:any', approach(() => Object.values(DIRS))],
  ['approach:axis', approach(axis)],
  ...Object.entries(DIRS).map(([n, d]): [string, Action] => [`past:${n}`, past(d)]),
  ['apart:h', apart(false)],
  ['apart:v', apart(true)],
  ['wall:h', nearWall('h')],
  ['wall:v', nearWall('v')],
  ['wall:hv', nearWall('hv')],
  ['centre', centre],
  ['centreof', centreOf, true],
  ['flat', flat],
];

/** `g` with every object moved by `act`, and whether anything moved; null when the action is undefined or movers collide. */
function moveAll(g: Grid, act: Action, over = false): { out: Grid; moved: boolean } | null {
  const bg = background(g);
  const cl = clusters(g, bg);
  if (!cl || !cl.objs.length) return null;
  const s: Scene = { g, objs: cl.objs, label: cl.label, W: width(g) };
  const offs: Vec[] = [];
  for (let i = 0; i < s.objs.length; i++) {
    const d = act(s, i);
    if (!d) return null;
    offs.push(d);
  }
  if (offs.every(([dr, dc]) => dr === 0 && dc === 0)) return { out: g, moved: false };
  const out = g.map((row) => row.slice());
  s.objs.forEach((o, i) => { if (offs[i]![0] || offs[i]![1]) for (const [r, c] of o.cells) out[r]![c] = bg; });
  // A mover may land where another mover was, never on a staying object or on another mover.
  const painted = new Set<number>();
  for (let i = 0; i < s.objs.length; i++) {
    const [dr, dc] = offs[i]!;
    if (!dr && !dc) continue;
    for (const [r, c] of s.objs[i]!.cells) {
      const y = r + dr, x = c + dc;
      if (y < 0 || y >= g.length || x < 0 || x >= s.W || (!over && out[y]![x] !== bg) || painted.has(y * s.W + x)) return null;
      painted.add(y * s.W + x);
      out[y]![x] = g[r]![c]!;
    }
  }
  return { out, moved: true };
}

export const MOTION_RELATIVE_LEARNERS: readonly Learner[] = [{
  name: 'moverel',
  family: 'motion-relative',
  cost: 3.5,
  rootOnly: true,
  fit(xs, ys): Fitted | null {
    if (!xs.every((x, i) => sameShape(x, ys[i]!))) return null;
    for (const [name, act, over] of ACTIONS) {
      if (!xs.every((x, i) => { const m = moveAll(x, act, over); return m !== null && m.moved && equal(m.out, ys[i]!); })) continue;
      return {
        text: `moverel{${name}}`,
        cost: 3.5,
        apply: (g) => {
          const m = moveAll(g, act, over);
          return m && validColours(m.out) ? m.out : null;
        },
        support: (g) => (moveAll(g, act, over)?.moved ? xs.length : 0),
      };
    }
    return null;
  },
}];
