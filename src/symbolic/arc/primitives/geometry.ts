/** Geometry: the dihedral group (reused from the ARC plugin), crops, scaling, tilings and mirrored concatenations. */
import { dihedral } from '../grid/transforms.js';
import { prim, type Primitive } from '../dsl.js';
import { background, bbox, crop, hconcat, makeGrid, vconcat, width, type Grid } from '../grid-ops.js';

const D = { rot90: 1, rot180: 2, rot270: 3, flip_h: 4, flip_v: 5, transpose: 6, antitranspose: 7 } as const;

export function upscale(g: Grid, ky: number, kx: number): Grid {
  const out: Grid = [];
  for (const row of g) {
    const r: number[] = [];
    for (const v of row) for (let i = 0; i < kx; i++) r.push(v);
    for (let i = 0; i < ky; i++) out.push(r.slice());
  }
  return out;
}

/** The largest block size (ky, kx) such that the grid is made of uniform ky×kx blocks. */
export function downscale(g: Grid): Grid | null {
  const H = g.length, W = width(g);
  const ok = (ky: number, kx: number): boolean => {
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) if (g[r]![c] !== g[r - (r % ky)]![c - (c % kx)]) return false;
    return true;
  };
  for (let ky = H; ky >= 1; ky--) {
    if (H % ky) continue;
    for (let kx = W; kx >= 1; kx--) {
      if (W % kx || (ky === 1 && kx === 1)) continue;
      if (ok(ky, kx)) {
        const out: Grid = [];
        for (let r = 0; r < H; r += ky) out.push(g[r]!.filter((_, c) => c % kx === 0));
        return out;
      }
    }
  }
  return null;
}

export function tile(g: Grid, ny: number, nx: number): Grid {
  const out: Grid = [];
  for (let i = 0; i < ny; i++) for (const row of g) {
    const r: number[] = [];
    for (let j = 0; j < nx; j++) r.push(...row);
    out.push(r);
  }
  return out;
}

export function cropNonBackground(g: Grid): Grid | null {
  const bg = background(g);
  const b = bbox(g, (v) => v !== bg);
  return b ? crop(g, ...b) : null;
}

/** Removes rows (and columns) equal to the previous one. */
export function compress(g: Grid): Grid {
  const rows = g.filter((row, r) => r === 0 || row.some((v, c) => v !== g[r - 1]![c]));
  const t = dihedral(rows, D.transpose);
  const cols = t.filter((row, r) => r === 0 || row.some((v, c) => v !== t[r - 1]![c]));
  return dihedral(cols, D.transpose);
}

/** Removes rows and columns that are entirely background. */
export function dropEmptyLines(g: Grid): Grid | null {
  const bg = background(g);
  const rows = g.filter((row) => row.some((v) => v !== bg));
  if (!rows.length) return null;
  const W = width(rows);
  const keep: number[] = [];
  for (let c = 0; c < W; c++) if (rows.some((row) => row[c] !== bg)) keep.push(c);
  return rows.map((row) => keep.map((c) => row[c]!));
}

/** Self-similar upscale: block (i, j) is the grid when cell (i, j) is non-background, else background. */
export function fractal(g: Grid, invert: boolean): Grid | null {
  const H = g.length, W = width(g);
  if (H * H > 30 || W * W > 30) return null;
  const bg = background(g);
  const out = makeGrid(H * H, W * W, bg);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
    if ((g[i]![j] !== bg) === invert) continue;
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) out[i * H + r]![j * W + c] = g[r]![c]!;
  }
  return out;
}

function half(g: Grid, which: 'left' | 'right' | 'top' | 'bottom'): Grid | null {
  const H = g.length, W = width(g);
  if (which === 'left' || which === 'right') {
    if (W < 2) return null;
    const k = Math.floor(W / 2);
    return which === 'left' ? crop(g, 0, 0, H, k) : crop(g, 0, W - k, H, W);
  }
  if (H < 2) return null;
  const k = Math.floor(H / 2);
  return which === 'top' ? crop(g, 0, 0, k, W) : crop(g, H - k, 0, H, W);
}

const f = (g: Grid, k: number): Grid => dihedral(g, k);

export const GEOMETRY: readonly Primitive[] = [
  ...Object.entries(D).map(([name, k]) => prim(name, 'geometry', (g) => f(g, k))),
  prim('crop', 'geometry', cropNonBackground),
  prim('upscale2', 'geometry', (g) => upscale(g, 2, 2)),
  prim('upscale3', 'geometry', (g) => upscale(g, 3, 3)),
  prim('upscale4', 'geometry', (g) => upscale(g, 4, 4), 1.5),
  prim('downscale', 'geometry', downscale),
  prim('tile2', 'geometry', (g) => tile(g, 2, 2)),
  prim('tile3', 'geometry', (g) => tile(g, 3, 3)),
  prim('tileh', 'geometry', (g) => tile(g, 1, 2), 1.5),
  prim('tilev', 'geometry', (g) => tile(g, 2, 1), 1.5),
  prim('mirrorh', 'geometry', (g) => hconcat(g, f(g, D.flip_h))),
  prim('mirrorhl', 'geometry', (g) => hconcat(f(g, D.flip_h), g), 1.5),
  prim('mirrorv', 'geometry', (g) => vconcat(g, f(g, D.flip_v))),
  prim('mirrorvt', 'geometry', (g) => vconcat(f(g, D.flip_v), g), 1.5),
  prim('mirror4', 'geometry', (g) => {
    const top = hconcat(g, f(g, D.flip_h))!;
    return vconcat(top, f(top, D.flip_v));
  }),
  prim('compress', 'geometry', compress),
  prim('dropempty', 'geometry', dropEmptyLines),
  prim('left', 'geometry', (g) => half(g, 'left')),
  prim('right', 'geometry', (g) => half(g, 'right')),
  prim('top', 'geometry', (g) => half(g, 'top')),
  prim('bottom', 'geometry', (g) => half(g, 'bottom')),
  prim('fractal', 'geometry', (g) => fractal(g, false)),
  prim('fractalinv', 'geometry', (g) => fractal(g, true), 1.5),
];
