/**
 * Dihedral augmentation of mazes: the 8 symmetries of the square (rotations, flips, transposes),
 * numbered and oriented exactly as the reference's `dihedral_transform` (numpy `rot90` turns
 * counter-clockwise). On a non-square maze, rotations and (anti-)transposes swap rows and cols.
 * A maze is a valid instance in any orientation and the shortest path maps to a shortest path, so
 * every transform preserves correctness.
 */
import type { Augmentation, Transform } from '../contract.js';
import type { Rng } from '../../util/rng.js';
import type { Maze } from './types.js';

/** Names of the 8 transforms, indexed as the reference's `dihedral_transform(arr, tid)`. */
export const DIHEDRAL_NAMES = ['identity', 'rot90', 'rot180', 'rot270', 'flip-lr', 'flip-ud', 'transpose', 'anti-transpose'] as const;

/** Index of the transform that undoes transform `k` (rotations by 90° and 270° undo each other; the rest are involutions). */
export const DIHEDRAL_INVERSE = [0, 3, 2, 1, 4, 5, 6, 7] as const;

/** True when transform `k` swaps the row and column counts. */
function swapsShape(k: number): boolean {
  return k === 1 || k === 3 || k === 6 || k === 7;
}

/**
 * Applies dihedral transform `k` (0..7) to a maze, returning a new maze.
 * Cell (r, c) of an R×C maze goes to: 1 rot90 → (C−1−c, r); 2 rot180 → (R−1−r, C−1−c);
 * 3 rot270 → (c, R−1−r); 4 flip-lr → (r, C−1−c); 5 flip-ud → (R−1−r, c); 6 transpose → (c, r);
 * 7 anti-transpose → (C−1−c, R−1−r).
 */
export function dihedralMaze(m: Maze, k: number): Maze {
  const R = m.rows;
  const C = m.cols;
  const outRows = swapsShape(k) ? C : R;
  const outCols = swapsShape(k) ? R : C;
  const cells = new Uint8Array(R * C);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      let nr: number;
      let nc: number;
      switch (k) {
        case 1: nr = C - 1 - c; nc = r; break;
        case 2: nr = R - 1 - r; nc = C - 1 - c; break;
        case 3: nr = c; nc = R - 1 - r; break;
        case 4: nr = r; nc = C - 1 - c; break;
        case 5: nr = R - 1 - r; nc = c; break;
        case 6: nr = c; nc = r; break;
        case 7: nr = C - 1 - c; nc = R - 1 - r; break;
        default: nr = r; nc = c;
      }
      cells[nr * outCols + nc] = m.cells[r * C + c]!;
    }
  }
  return { rows: outRows, cols: outCols, cells };
}

/** The concrete transform number `k` (0..7) with its exact inverse. */
export function dihedralTransform(k: number): Transform<Maze, Maze> {
  const inv = DIHEDRAL_INVERSE[k]!;
  return {
    id: `dihedral:${DIHEDRAL_NAMES[k]!}`,
    puzzle: (p) => dihedralMaze(p, k),
    answer: (a) => dihedralMaze(a, k),
    inverseAnswer: (a) => dihedralMaze(a, inv),
  };
}

/** The `dihedral` augmentation family: `sample` draws one of the 8 transforms uniformly. */
export const dihedralAugmentation: Augmentation<Maze, Maze> = {
  name: 'dihedral',
  sample: (rng: Rng) => dihedralTransform(rng.int(8)),
};
