/**
 * Canonical form of a maze under the `dihedral` augmentation (the 8 symmetries of the square,
 * `augment.ts`): the smallest, over the 8 transforms, of `rows×cols:` followed by the cells in
 * the charset `# SGo`. Two mazes share a key if and only if one of the 8 transforms maps one to
 * the other (a rectangular maze and its rotation by 90° share a key too: the shape is part of the
 * string that is minimised, not a fixed prefix).
 */
import { invalidInput } from '../../errors.js';
import { dihedralMaze } from './augment.js';
import { CELL_CHARS, type Maze } from './types.js';

function mazeString(m: Maze): string {
  let s = `${m.rows}x${m.cols}:`;
  for (let i = 0; i < m.cells.length; i++) s += CELL_CHARS[m.cells[i]!] ?? `<${m.cells[i]!}>`;
  return s;
}

export function mazeCanonicalKey(m: Maze): string {
  if (!m || !(m.cells instanceof Uint8Array) || m.cells.length !== m.rows * m.cols) {
    throw invalidInput('canonicalKey needs a maze whose cells match its rows × cols');
  }
  let best = mazeString(m);
  for (let k = 1; k < 8; k++) {
    const s = mazeString(dihedralMaze(m, k));
    if (s < best) best = s;
  }
  return best;
}
