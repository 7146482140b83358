/**
 * Drawing and physics: gravity (cells or whole objects move until contact) in four directions,
 * filling enclosed background, rays and lines from cells, connecting same-colour pairs, outlines.
 * New cells are painted in the placeholder colour 10 when their colour is not implied by the
 * grid; the final colour-map learner decides what it is.
 */
import { dihedral } from '../grid/transforms.js';
import { prim, type Primitive } from '../dsl.js';
import { background, equal, makeGrid, NEW_COLOUR, width, type Grid } from '../grid-ops.js';
import { components, SEGMENTATIONS } from '../objects.js';

/** Rotation that brings direction `dir` to "down", and its inverse. */
const TO_DOWN = { down: [0, 0], up: [2, 2], left: [1, 3], right: [3, 1] } as const;
type Dir = keyof typeof TO_DOWN;

function viaDown(g: Grid, dir: Dir, f: (g: Grid) => Grid | null): Grid | null {
  const [a, b] = TO_DOWN[dir];
  const r = f(dihedral(g, a));
  return r ? dihedral(r, b) : null;
}

/** Non-background cells fall down their column, keeping order. */
function fallCells(g: Grid): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  const out = makeGrid(H, W, bg);
  for (let c = 0; c < W; c++) {
    let y = H - 1;
    for (let r = H - 1; r >= 0; r--) if (g[r]![c] !== bg) out[y--]![c] = g[r]![c]!;
  }
  return equal(out, g) ? null : out;
}

/** Objects (8-connected, multicolour) fall rigidly, lowest first, until they rest on the floor or another object. */
function fallObjects(g: Grid): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  const objs = components(g, SEGMENTATIONS[2]!.seg, bg).slice().sort((a, b) => b.bottom - a.bottom);
  if (objs.length < 1) return null;
  const out = makeGrid(H, W, bg);
  for (const o of objs) {
    let d = 0;
    const free = (k: number): boolean => o.cells.every(([r, c]) => r + k < H && out[r + k]![c] === bg);
    while (free(d + 1)) d++;
    for (const [r, c] of o.cells) out[r + d]![c] = g[r]![c]!;
  }
  return equal(out, g) ? null : out;
}

/** Which cells are `bg` and 4-connected to the border through `bg` (1) — the rest of the background is enclosed. */
export function outsideBackground(g: Grid, bg: number): Uint8Array {
  const H = g.length, W = width(g);
  const reach = new Uint8Array(H * W);
  const st: number[] = [];
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    if ((r === 0 || c === 0 || r === H - 1 || c === W - 1) && g[r]![c] === bg) {
      reach[r * W + c] = 1;
      st.push(r * W + c);
    }
  }
  while (st.length) {
    const i = st.pop()!;
    const r = (i / W) | 0, c = i % W;
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const y = r + dr, x = c + dc;
      if (y < 0 || y >= H || x < 0 || x >= W || reach[y * W + x] || g[y]![x] !== bg) continue;
      reach[y * W + x] = 1;
      st.push(y * W + x);
    }
  }
  return reach;
}

/** Background cells not 4-connected to the border through background → placeholder colour. */
export function fillEnclosed(g: Grid): Grid | null {
  const bg = background(g), W = width(g);
  const reach = outsideBackground(g, bg);
  let changed = false;
  const out = g.map((row, r) => row.map((v, c) => (v === bg && !reach[r * W + c] ? ((changed = true), NEW_COLOUR) : v)));
  return changed ? out : null;
}

/** From every non-background cell, paint its colour along the given directions over background (to the border, or until contact). */
function rays(g: Grid, dirs: readonly (readonly [number, number])[], untilContact: boolean): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  const out = g.map((r) => r.slice());
  let changed = false;
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    const v = g[r]![c]!;
    if (v === bg) continue;
    for (const [dr, dc] of dirs) {
      let y = r + dr, x = c + dc;
      while (y >= 0 && y < H && x >= 0 && x < W) {
        if (g[y]![x] !== bg) {
          if (untilContact) break;
        } else if (out[y]![x] === bg) {
          out[y]![x] = v;
          changed = true;
        }
        y += dr;
        x += dc;
      }
    }
  }
  return changed ? out : null;
}

/** Background cells between two same-colour cells on one row or column take that colour. */
function connect(g: Grid, diagonal: boolean): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  const out = g.map((r) => r.slice());
  let changed = false;
  const dirs = diagonal ? ([[1, 1], [1, -1]] as const) : ([[0, 1], [1, 0]] as const);
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    const v = g[r]![c]!;
    if (v === bg) continue;
    for (const [dr, dc] of dirs) {
      let y = r + dr, x = c + dc;
      while (y >= 0 && y < H && x >= 0 && x < W && g[y]![x] === bg) [y, x] = [y + dr, x + dc];
      if (y < 0 || y >= H || x < 0 || x >= W || g[y]![x] !== v || (y === r + dr && x === c + dc)) continue;
      for (let yy = r + dr, xx = c + dc; yy !== y || xx !== x; yy += dr, xx += dc) {
        out[yy]![xx] = v;
        changed = true;
      }
    }
  }
  return changed ? out : null;
}

/** Background cells touching (8-neighbourhood, or 4 when !diag) a non-background cell → placeholder colour. */
function outline(g: Grid, diag: boolean): Grid | null {
  const bg = background(g), H = g.length, W = width(g);
  let changed = false;
  const out = g.map((row, r) => row.map((v, c) => {
    if (v !== bg) return v;
    for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
      if ((!diag && dr && dc) || (!dr && !dc)) continue;
      const u = g[r + dr]?.[c + dc];
      if (u !== undefined && u !== bg && u !== NEW_COLOUR) {
        changed = true;
        return NEW_COLOUR;
      }
    }
    return v;
  }));
  return changed ? out : null;
}

/** Object cells whose 4 neighbours are all non-background (the interior) → placeholder colour. */
function interior(g: Grid): Grid | null {
  const bg = background(g);
  let changed = false;
  const out = g.map((row, r) => row.map((v, c) => {
    if (v === bg) return v;
    const n = [g[r - 1]?.[c], g[r + 1]?.[c], row[c - 1], row[c + 1]];
    if (n.every((u) => u !== undefined && u !== bg)) {
      changed = true;
      return NEW_COLOUR;
    }
    return v;
  }));
  return changed ? out : null;
}

/** The grid's outer frame → placeholder colour. */
function frame(g: Grid): Grid {
  const H = g.length, W = width(g);
  return g.map((row, r) => row.map((v, c) => (r === 0 || c === 0 || r === H - 1 || c === W - 1 ? NEW_COLOUR : v)));
}

const H4 = [[0, 1], [0, -1]] as const, V4 = [[1, 0], [-1, 0]] as const;
const DIAG = [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const;

export const PHYSICS: readonly Primitive[] = [
  ...(['down', 'up', 'left', 'right'] as const).map((d) => prim(`fall${d}`, 'physics', (g) => viaDown(g, d, fallCells))),
  ...(['down', 'up', 'left', 'right'] as const).map((d) => prim(`drop${d}`, 'physics', (g) => viaDown(g, d, fallObjects), 1.2)),
  prim('fill', 'physics', fillEnclosed),
  prim('hlines', 'physics', (g) => rays(g, H4, false)),
  prim('vlines', 'physics', (g) => rays(g, V4, false)),
  prim('cross', 'physics', (g) => rays(g, [...H4, ...V4], false)),
  prim('diagonals', 'physics', (g) => rays(g, DIAG, false)),
  prim('raydown', 'physics', (g) => rays(g, [[1, 0]], false), 1.2),
  prim('rayup', 'physics', (g) => rays(g, [[-1, 0]], false), 1.2),
  prim('rayright', 'physics', (g) => rays(g, [[0, 1]], false), 1.2),
  prim('rayleft', 'physics', (g) => rays(g, [[0, -1]], false), 1.2),
  prim('connect', 'physics', (g) => connect(g, false)),
  prim('connectdiag', 'physics', (g) => connect(g, true), 1.2),
  prim('outline', 'physics', (g) => outline(g, true)),
  prim('outline4', 'physics', (g) => outline(g, false), 1.2),
  prim('interior', 'physics', interior),
  prim('frame', 'physics', frame, 1.5),
];
