/**
 * Dihedral augmentation of mazes: the 8 symmetries of the square (rotations, flips, transposes),
 * numbered and oriented exactly as the reference's `dihedral_transform` (numpy `rot90` turns
 * counter-clockwise). On a non-square maze, rotations and (anti-)transposes swap rows and cols.
 * A maze is a valid instance in any orientation and the shortest path maps to a shortest path, so
 * every transform preserves correctness.
 */
import type { Augmentation, Transform } from '../contract.js';
import type { Rng } from '../../util/rng.js';
import { DIHEDRAL_INVERSE, DIHEDRAL_NAMES, dihedralMap } from '../../util/dihedral.js';
import type { Maze } from './types.js';

export { DIHEDRAL_INVERSE, DIHEDRAL_NAMES } from '../../util/dihedral.js';

/** Applies dihedral transform `k` (0..7) to a maze, returning a new maze (see src/util/dihedral.ts). */
export function dihedralMaze(m: Maze, k: number): Maze {
  const { rows, cols, source } = dihedralMap(k, m.rows, m.cols);
  const cells = new Uint8Array(m.rows * m.cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const [r, c] = source(i, j);
      cells[i * cols + j] = m.cells[r * m.cols + c]!;
    }
  }
  return { rows, cols, cells };
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
