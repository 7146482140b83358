/**
 * The dihedral group of the square (8 transforms), numbered and oriented exactly as the
 * reference's `dihedral_transform(arr, tid)` (numpy `rot90` turns counter-clockwise). One
 * definition for every task that augments grids (maze, ARC): each maps cells with `source`.
 */

/** Names of the 8 transforms, indexed as the reference's `dihedral_transform(arr, tid)`. */
export const DIHEDRAL_NAMES = ['identity', 'rot90', 'rot180', 'rot270', 'flip-lr', 'flip-ud', 'transpose', 'anti-transpose'] as const;
/** DIHEDRAL_INVERSE[k] undoes transform k (the rotations by ±90° swap; the rest are involutions). */
export const DIHEDRAL_INVERSE = [0, 3, 2, 1, 4, 5, 6, 7] as const;

/** True when transform k turns an H×W grid into a W×H one. */
export function dihedralSwapsShape(k: number): boolean {
  return k === 1 || k === 3 || k === 6 || k === 7;
}

/**
 * For transform k of an H×W grid: the output shape, and for each output cell (i, j) the source
 * cell it takes its value from. 1 = rot90 counter-clockwise, 2 = rot180, 3 = rot270,
 * 4 = mirror left-right, 5 = mirror up-down, 6 = transpose, 7 = anti-transpose.
 */
export function dihedralMap(k: number, H: number, W: number): { rows: number; cols: number; source: (i: number, j: number) => readonly [number, number] } {
  const kk = ((k % 8) + 8) % 8;
  const swap = dihedralSwapsShape(kk);
  const table: ((i: number, j: number) => readonly [number, number])[] = [
    (i, j) => [i, j],
    (i, j) => [j, W - 1 - i],
    (i, j) => [H - 1 - i, W - 1 - j],
    (i, j) => [H - 1 - j, i],
    (i, j) => [i, W - 1 - j],
    (i, j) => [H - 1 - i, j],
    (i, j) => [j, i],
    (i, j) => [H - 1 - j, W - 1 - i],
  ];
  return { rows: swap ? W : H, cols: swap ? H : W, source: table[kk]! };
}
