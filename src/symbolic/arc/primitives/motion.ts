/**
 * Object motion: every object moves (or stays) by an action chosen per object key — its colour, or
 * one action for all objects — the table fitted from the demonstrations. Actions: stay, shift by a
 * fixed offset, slide in a direction until a wall or another object stops it, slide toward an
 * anchor colour until touching it (gravity toward an object), align its top/left with the anchor,
 * move by its own height/width. "The red shape falls onto the grey bar", "every object moves up by
 * its own size", "align all shapes with the blue one" are such tables.
 *
 * The failure taxonomy (docs/arc.md) counts these as `object-motion`: same shape, same colours
 * and counts, at other places; a chain of whole-grid steps (dropdown, …) moves everything or cells,
 * never one object toward another. Fitting looks at every object of every pair, so it is a
 * root-only learner.
 */
import type { Fitted, Learner } from '../dsl.js';
import { background, equal, sameShape, width, type Grid } from '../grid-ops.js';
import { validColours, PairCounts } from '../learn-table.js';
import { components, SEGMENTATIONS, type ArcObject, type Segmentation } from '../objects.js';

/** Most objects one grid may hold for motion (more is texture, not objects). */
const MAX_OBJECTS = 20;

const DIRS = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] } as const;
type Dir = keyof typeof DIRS;

/** The offset an action gives object `o`, on `canvas` (the grid with every moving object erased, earlier movers painted). */
type Move = (o: ArcObject, canvas: Grid, bg: number) => readonly [number, number] | null;

/** True when `o` shifted by (dr, dc) lies inside the grid and only on background of `canvas`. */
function fits(o: ArcObject, canvas: Grid, bg: number, dr: number, dc: number): boolean {
  const H = canvas.length, W = width(canvas);
  return o.cells.every(([r, c]) => {
    const y = r + dr, x = c + dc;
    return y >= 0 && y < H && x >= 0 && x < W && canvas[y]![x] === bg;
  });
}

/** Slides `o` one step at a time along (dr, dc) while it fits; the offset where it stops. */
function slide(o: ArcObject, canvas: Grid, bg: number, dr: number, dc: number): readonly [number, number] | null {
  if (!fits(o, canvas, bg, 0, 0)) return null;
  let k = 0;
  while (k < 30 && fits(o, canvas, bg, (k + 1) * dr, (k + 1) * dc)) k++;
  return [k * dr, k * dc];
}

/** Bounding box of colour `a`'s cells on `canvas`, or null. */
function anchorBox(canvas: Grid, a: number): [number, number, number, number] | null {
  let t = Infinity, l = Infinity, b = -1, r = -1;
  for (let y = 0; y < canvas.length; y++) for (let x = 0; x < canvas[y]!.length; x++) {
    if (canvas[y]![x] !== a) continue;
    t = Math.min(t, y); l = Math.min(l, x); b = Math.max(b, y + 1); r = Math.max(r, x + 1);
  }
  return b < 0 ? null : [t, l, b, r];
}

/** Slide toward the anchor colour: sideways when their rows overlap, vertically when their columns do. */
function toward(a: number): Move {
  return (o, canvas, bg) => {
    if (o.colours.includes(a)) return [0, 0];
    const box = anchorBox(canvas, a);
    if (!box) return null;
    const [t, l, b, r] = box;
    const rows = o.top < b && t < o.bottom, cols = o.left < r && l < o.right;
    if (rows === cols) return null;
    if (rows) return slide(o, canvas, bg, 0, o.right <= l ? 1 : -1);
    return slide(o, canvas, bg, o.bottom <= t ? 1 : -1, 0);
  };
}

/** Align the object's top (rows) or left (columns) with the anchor's. */
function align(a: number, rows: boolean): Move {
  return (o, canvas) => {
    if (o.colours.includes(a)) return [0, 0];
    const box = anchorBox(canvas, a);
    if (!box) return null;
    return rows ? [box[0] - o.top, 0] : [0, box[1] - o.left];
  };
}

/** The direction of the grid border nearest to `o` along the given axes (null on a tie). */
/** The direction of the grid edge nearest to the box `o` (bottom/right exclusive), or null on a tie. */
export function nearestWall(o: { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number }, g: Grid, axes: 'hv' | 'h' | 'v'): readonly [number, number] | null {
  const H = g.length, W = width(g);
  const cands: [number, readonly [number, number]][] = [];
  if (axes !== 'v') cands.push([o.left, DIRS.left], [W - o.right, DIRS.right]);
  if (axes !== 'h') cands.push([o.top, DIRS.up], [H - o.bottom, DIRS.down]);
  cands.sort((a, b) => a[0] - b[0]);
  return cands[0]![0] === cands[1]![0] ? null : cands[0]![1];
}

interface Action {
  readonly name: string;
  readonly move: Move;
  /** Slides depend on the movers before them: the nearest to its stop goes first. */
  readonly order?: (o: ArcObject) => number;
}

function actions(colours: readonly number[], shifts: ReadonlySet<string>): Action[] {
  const acts: Action[] = [{ name: 'stay', move: () => [0, 0] }];
  for (const s of shifts) {
    const [dr, dc] = s.split(',').map(Number) as [number, number];
    if (dr || dc) acts.push({ name: `shift${dr},${dc}`, move: () => [dr, dc] });
  }
  for (const [d, [dr, dc]] of Object.entries(DIRS) as [Dir, readonly [number, number]][]) {
    acts.push({
      name: `slide${d}`,
      move: (o, canvas, bg) => slide(o, canvas, bg, dr, dc),
      order: (o) => (dr > 0 ? -o.bottom : dr < 0 ? o.top : dc > 0 ? -o.right : o.left),
    });
    acts.push({ name: `bysize${d}`, move: (o) => [dr * (o.bottom - o.top), dc * (o.right - o.left)] });
  }
  for (const axes of ['hv', 'h', 'v'] as const) {
    acts.push({
      name: `slidenear${axes === 'hv' ? '' : axes}`,
      move: (o, canvas, bg) => {
        const d = nearestWall(o, canvas, axes);
        return d ? slide(o, canvas, bg, d[0], d[1]) : null;
      },
      order: (o) => o.top,
    });
  }
  for (const a of colours) {
    acts.push({ name: `toward${a}`, move: toward(a) });
    acts.push({ name: `alignrow${a}`, move: align(a, true) });
    acts.push({ name: `aligncol${a}`, move: align(a, false) });
  }
  return acts;
}

const KEYS: Record<string, (o: ArcObject) => string> = {
  all: () => '*',
  colour: (o) => o.colours.join(''),
};

/**
 * Moves the objects of `g` by their key's action: the staying objects first, then the movers in
 * the actions' order; null when a key has no action, an object leaves the grid, or nothing moves.
 */
function moveAll(g: Grid, seg: Segmentation, key: (o: ArcObject) => string, table: ReadonlyMap<string, Action>): Grid | null {
  const bg = background(g);
  const objs = components(g, seg, bg);
  if (!objs.length || objs.length > MAX_OBJECTS) return null;
  const acts: Action[] = [];
  for (const o of objs) {
    const a = table.get(key(o));
    if (!a) return null;
    acts.push(a);
  }
  const canvas = g.map((row) => row.slice());
  const movers: [ArcObject, Action][] = [];
  objs.forEach((o, i) => {
    if (acts[i]!.name === 'stay') return;
    movers.push([o, acts[i]!]);
    for (const [r, c] of o.cells) canvas[r]![c] = bg;
  });
  if (!movers.length) return null;
  movers.sort((a, b) => (a[1].order?.(a[0]) ?? 0) - (b[1].order?.(b[0]) ?? 0));
  let moved = false;
  for (const [o, a] of movers) {
    const d = a.move(o, canvas, bg);
    if (!d) return null;
    const [dr, dc] = d;
    if (dr || dc) moved = true;
    for (const [r, c] of o.cells) {
      const y = r + dr, x = c + dc;
      if (y < 0 || y >= canvas.length || x < 0 || x >= width(canvas)) return null;
      canvas[y]![x] = g[r]![c]!;
    }
  }
  return moved ? canvas : null;
}

/** Offsets (within ±30) that carry every cell of `o` onto the same colour in `y`. */
function offsets(o: ArcObject, x: Grid, y: Grid): Set<string> {
  const out = new Set<string>();
  const [r0, c0] = o.cells[0]!;
  const H = y.length, W = width(y), v0 = x[r0]![c0]!;
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    if (y[r]![c] !== v0) continue;
    const dr = r - r0, dc = c - c0;
    if (o.cells.every(([a, b]) => y[a + dr]?.[b + dc] === x[a]![b])) out.add(`${dr},${dc}`);
  }
  return out;
}

function fitMotion(tag: string, seg: Segmentation, xs: readonly Grid[], ys: readonly Grid[]): Fitted | null {
  const objsOf = xs.map((x) => components(x, seg, background(x)));
  if (objsOf.some((os) => !os.length || os.length > MAX_OBJECTS)) return null;
  // Candidate shifts: the offsets that the first moving object of each pair could have taken.
  const colours = new Set<number>();
  for (const os of objsOf) for (const o of os) for (const c of o.colours) colours.add(c);
  const offs = objsOf.map((os, i) => os.map((o) => offsets(o, xs[i]!, ys[i]!)));
  if (offs.some((os) => os.some((s) => s.size === 0))) return null;
  for (const [kname, key] of Object.entries(KEYS)) {
    // Per key: the shifts shared by every object with that key (the candidates for a fixed shift).
    const shared = new Map<string, Set<string>>();
    objsOf.forEach((os, i) => os.forEach((o, j) => {
      const k = key(o), s = offs[i]![j]!, old = shared.get(k);
      shared.set(k, old ? new Set([...old].filter((v) => s.has(v))) : new Set(s));
    }));
    const allShifts = new Set<string>();
    for (const s of shared.values()) for (const v of s) if (v !== '0,0' && s.size <= 4) allShifts.add(v);
    const acts = actions([...colours], allShifts);
    // Per key: the first action that gives every object with the key one of its possible offsets,
    // each judged on the input with that object alone erased.
    const table = new Map<string, Action>();
    let ok = true;
    for (const k of shared.keys()) {
      const act = acts.find((a) => objsOf.every((os, i) => os.every((o, j) => {
        if (key(o) !== k) return true;
        const canvas = xs[i]!.map((row) => row.slice()), bg = background(xs[i]!);
        for (const [r, c] of o.cells) canvas[r]![c] = bg;
        const d = a.move(o, canvas, bg);
        return d !== null && offs[i]![j]!.has(`${d[0]},${d[1]}`);
      })));
      if (!act) { ok = false; break; }
      table.set(k, act);
    }
    if (!ok || [...table.values()].every((a) => a.name === 'stay')) continue;
    if (!xs.every((x, i) => { const out = moveAll(x, seg, key, table); return out !== null && equal(out, ys[i]!); })) continue;
    const pairs = new PairCounts();
    objsOf.forEach((os, i) => os.forEach((o) => pairs.add(key(o), i)));
    const entries = [...table].map(([k, a]) => `${k}:${a.name}`);
    return {
      text: `move${tag}.${kname}{${entries.join(',')}}`,
      cost: 3 + 0.2 * table.size,
      apply: (g) => {
        const out = moveAll(g, seg, key, table);
        return out && validColours(out) ? out : null;
      },
      support: (g) => {
        const objs = components(g, seg, background(g));
        return pairs.min(new Set(objs.map(key).filter((k) => table.get(k)?.name !== 'stay')));
      },
    };
  }
  return null;
}

export const MOTION_LEARNERS: readonly Learner[] = SEGMENTATIONS.filter((s) => s.tag !== '').map(({ tag, seg }) => ({
  name: `move${tag}`,
  family: 'motion',
  cost: 3,
  rootOnly: true,
  fit(xs, ys) {
    if (!xs.every((x, i) => sameShape(x, ys[i]!)) || xs.every((x, i) => equal(x, ys[i]!))) return null;
    return fitMotion(tag, seg, xs, ys);
  },
}));
