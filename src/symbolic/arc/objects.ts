/**
 * Connected components ("objects") of a grid: 4- or 8-connected, one colour per object or
 * multicolour (any non-background cells touching), with the properties the primitives select on.
 */
import { background, crop, makeGrid, type Grid } from './grid-ops.js';

export interface ArcObject {
  /** Cells as [row, col], in scan order. */
  readonly cells: ReadonlyArray<readonly [number, number]>;
  /** Most frequent colour of the object. */
  readonly colour: number;
  /** Distinct colours. */
  readonly colours: readonly number[];
  readonly size: number;
  readonly top: number;
  readonly left: number;
  /** Exclusive. */
  readonly bottom: number;
  /** Exclusive. */
  readonly right: number;
}

export interface Segmentation {
  /** 8-connectivity (diagonal neighbours join) instead of 4. */
  readonly diag: boolean;
  /** Cells of different (non-background) colours join one object. */
  readonly multi: boolean;
}

export const SEGMENTATIONS: readonly { readonly tag: string; readonly seg: Segmentation }[] = [
  { tag: '', seg: { diag: false, multi: false } },
  { tag: '8', seg: { diag: true, multi: false } },
  { tag: 'M', seg: { diag: true, multi: true } },
];

const cache = new WeakMap<Grid, Map<string, ArcObject[]>>();

/** The objects of `g` (background excluded), in scan order of their first cell. Cached per grid. */
export function components(g: Grid, seg: Segmentation, bg = background(g)): ArcObject[] {
  const key = `${seg.diag ? 1 : 0}${seg.multi ? 1 : 0}${bg}`;
  let m = cache.get(g);
  if (!m) cache.set(g, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit;
  const H = g.length, W = g[0]!.length;
  const seen = new Uint8Array(H * W);
  const out: ArcObject[] = [];
  const stack: number[] = [];
  for (let r0 = 0; r0 < H; r0++) {
    for (let c0 = 0; c0 < W; c0++) {
      const v0 = g[r0]![c0]!;
      if (v0 === bg || seen[r0 * W + c0]) continue;
      const cells: [number, number][] = [];
      const counts = new Map<number, number>();
      let top = r0, left = c0, bottom = r0, right = c0;
      seen[r0 * W + c0] = 1;
      stack.push(r0 * W + c0);
      while (stack.length) {
        const i = stack.pop()!;
        const r = (i / W) | 0, c = i % W;
        const v = g[r]![c]!;
        cells.push([r, c]);
        counts.set(v, (counts.get(v) ?? 0) + 1);
        if (r < top) top = r;
        if (r > bottom) bottom = r;
        if (c < left) left = c;
        if (c > right) right = c;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            if ((dr === 0 && dc === 0) || (!seg.diag && dr !== 0 && dc !== 0)) continue;
            const y = r + dr, x = c + dc;
            if (y < 0 || y >= H || x < 0 || x >= W || seen[y * W + x]) continue;
            const u = g[y]![x]!;
            if (u === bg || (!seg.multi && u !== v0)) continue;
            seen[y * W + x] = 1;
            stack.push(y * W + x);
          }
        }
      }
      cells.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let colour = v0, best = 0;
      for (const [c, n] of counts) if (n > best || (n === best && c < colour)) [colour, best] = [c, n];
      out.push({ cells, colour, colours: [...counts.keys()].sort((a, b) => a - b), size: cells.length, top, left, bottom: bottom + 1, right: right + 1 });
    }
  }
  m.set(key, out);
  return out;
}

/** The object alone on a background canvas the size of its bounding box. */
export function objectGrid(g: Grid, o: ArcObject, bg = 0): Grid {
  const out = makeGrid(o.bottom - o.top, o.right - o.left, bg);
  for (const [r, c] of o.cells) out[r - o.top]![c - o.left] = g[r]![c]!;
  return out;
}

/** The bounding box of the object cut from the grid (other cells inside the box kept). */
export function objectBox(g: Grid, o: ArcObject): Grid {
  return crop(g, o.top, o.left, o.bottom, o.right);
}

/** Shape key: the object's cell pattern relative to its box (colours ignored). */
export function shapeKey(o: ArcObject): string {
  return `${o.bottom - o.top}x${o.right - o.left}:` + o.cells.map(([r, c]) => `${r - o.top},${c - o.left}`).join(';');
}

/** Shape-and-colour key. */
export function patternKey(g: Grid, o: ArcObject): string {
  return `${o.bottom - o.top}x${o.right - o.left}:` + o.cells.map(([r, c]) => `${r - o.top},${c - o.left},${g[r]![c]}`).join(';');
}

/** True when the object touches the grid border. */
export function touchesBorder(g: Grid, o: ArcObject): boolean {
  return o.top === 0 || o.left === 0 || o.bottom === g.length || o.right === g[0]!.length;
}

/** Number of background holes (enclosed regions) inside the object's box that do not reach the box edge. */
export function holeCount(g: Grid, o: ArcObject): number {
  const h = o.bottom - o.top, w = o.right - o.left;
  const mine = new Uint8Array(h * w);
  for (const [r, c] of o.cells) mine[(r - o.top) * w + (c - o.left)] = 1;
  const seen = new Uint8Array(h * w);
  let holes = 0;
  for (let i = 0; i < h * w; i++) {
    if (mine[i] || seen[i]) continue;
    let edge = false;
    const st = [i];
    seen[i] = 1;
    while (st.length) {
      const j = st.pop()!;
      const r = (j / w) | 0, c = j % w;
      if (r === 0 || c === 0 || r === h - 1 || c === w - 1) edge = true;
      for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const y = r + dr, x = c + dc;
        if (y < 0 || y >= h || x < 0 || x >= w) continue;
        const k = y * w + x;
        if (mine[k] || seen[k]) continue;
        seen[k] = 1;
        st.push(k);
      }
    }
    if (!edge) holes++;
  }
  return holes;
}
