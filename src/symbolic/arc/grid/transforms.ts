/**
 * Whole-grid transforms shared by the ARC plugin's augmentations, the program search's primitives
 * and test-time training: the dihedral group and colour permutations.
 */
import { dihedralMap } from '../../../util/dihedral.js';
import type { Grid } from './types.js';

export { DIHEDRAL_INVERSE, DIHEDRAL_NAMES } from '../../../util/dihedral.js';

/**
 * Dihedral transform `k` (0–7) of a grid (the group is src/util/dihedral.ts, shared with mazes).
 * Returns a new grid; `dihedral(dihedral(g, k), DIHEDRAL_INVERSE[k])` equals g.
 */
export function dihedral(grid: Grid, k: number): Grid {
  const { rows, cols, source } = dihedralMap(k, grid.length, grid[0]?.length ?? 0);
  const out: Grid = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = new Array<number>(cols);
    for (let j = 0; j < cols; j++) {
      const [r, c] = source(i, j);
      row[j] = grid[r]![c]!;
    }
    out.push(row);
  }
  return out;
}

/** Recolours a grid: cell c becomes `perm[c]` (colours outside the table are kept). */
export function permuteColours(grid: Grid, perm: readonly number[]): Grid {
  return grid.map((row) => row.map((c) => perm[c] ?? c));
}
