/**
 * Pattern repair: cells of a mask colour are unknown; find the smallest 2-D period (py, px) with
 * which every known cell agrees (optionally also a dihedral symmetry of the grid), and fill the
 * unknown cells from it. `repair` returns the whole grid, `patch(c)` only the masked rectangle.
 */
import { dihedral } from '../grid/transforms.js';
import { prim, type Primitive, type PrimitiveFactory } from '../dsl.js';
import { bbox, crop, width, type Grid } from '../grid-ops.js';

/** Fills cells equal to `mask` from the smallest consistent period; null when none fits or nothing is masked. */
export function repairPeriodic(g: Grid, mask: number): Grid | null {
  const H = g.length, W = width(g);
  let masked = 0;
  for (const row of g) for (const v of row) if (v === mask) masked++;
  if (masked === 0 || masked === H * W) return null;
  const periods: [number, number][] = [];
  for (let py = 1; py <= H; py++) for (let px = 1; px <= W; px++) if (py * px * 2 <= H * W && (py < H || px < W)) periods.push([py, px]);
  periods.sort((a, b) => a[0] * a[1] - b[0] * b[1] || a[0] - b[0]);
  for (const [py, px] of periods) {
    const cell = new Int8Array(py * px).fill(-1);
    let ok = true;
    for (let r = 0; r < H && ok; r++) for (let c = 0; c < W; c++) {
      const v = g[r]![c]!;
      if (v === mask) continue;
      const k = (r % py) * px + (c % px);
      if (cell[k] === -1) cell[k] = v;
      else if (cell[k] !== v) { ok = false; break; }
    }
    if (!ok) continue;
    const out = g.map((row, r) => row.map((v, c) => (v === mask ? cell[(r % py) * px + (c % px)]! : v)));
    if (out.some((row) => row.some((v) => v < 0))) continue;
    return out;
  }
  return null;
}

/** Fills masked cells from the grid's mirror images (left-right, up-down, transpose, rot180) where those are known. */
export function repairSymmetric(g: Grid, mask: number): Grid | null {
  const H = g.length, W = width(g);
  const views = [4, 5, 2, ...(H === W ? [6, 7, 1, 3] : [])].map((k) => dihedral(g, k));
  // A symmetry counts only when every pair of known cells agrees.
  const agree = views.filter((v) => g.every((row, r) => row.every((x, c) => x === mask || v[r]![c] === mask || v[r]![c] === x)));
  if (!agree.length) return null;
  let changed = false;
  const out = g.map((row) => row.slice());
  for (let pass = 0; pass < 3; pass++) for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
    if (out[r]![c] !== mask) continue;
    for (const v of agree) {
      const x = v[r]![c]!;
      if (x !== mask) {
        out[r]![c] = x;
        changed = true;
        break;
      }
    }
  }
  return changed && out.every((row) => row.every((v) => v !== mask)) ? out : null;
}

function patch(g: Grid, mask: number, fix: (g: Grid, m: number) => Grid | null): Grid | null {
  const b = bbox(g, (v) => v === mask);
  if (!b) return null;
  const full = fix(g, mask);
  return full ? crop(full, ...b) : null;
}

export const PATTERN: readonly Primitive[] = [
  prim('repair', 'pattern', (g) => repairPeriodic(g, 0), 1.5),
  prim('symrepair', 'pattern', (g) => repairSymmetric(g, 0), 1.5),
  prim('patch', 'pattern', (g) => patch(g, 0, repairPeriodic), 1.5),
  prim('sympatch', 'pattern', (g) => patch(g, 0, repairSymmetric), 1.5),
];

/** Per mask colour (every input shows it): repair(c), symrepair(c), patch(c), sympatch(c). */
export const patternFactory: PrimitiveFactory = (ctx) =>
  ctx.commonColours.flatMap((c) => [
    prim(`repair(${c})`, 'pattern', (g) => repairPeriodic(g, c), 1.5),
    prim(`symrepair(${c})`, 'pattern', (g) => repairSymmetric(g, c), 1.5),
    prim(`patch(${c})`, 'pattern', (g) => patch(g, c, repairPeriodic), 1.5),
    prim(`sympatch(${c})`, 'pattern', (g) => patch(g, c, repairSymmetric), 1.5),
  ]);
