/**
 * {@link Maze} → its text form: one string per row, `#` wall, ` ` open, `S`, `G`, `o` path.
 * The inverse of `parse` for anything `parse` accepts (`.` comes back as ` `).
 */
import { CELL_CHARS, type Maze } from './types.js';

/** The maze as an array of row strings; a cell value outside the enum shows as `?` rather than throwing. */
export function formatMaze(m: Maze): string[] {
  const out: string[] = [];
  for (let r = 0; r < m.rows; r++) {
    let line = '';
    for (let c = 0; c < m.cols; c++) line += CELL_CHARS[m.cells[r * m.cols + c]!] ?? '?';
    out.push(line);
  }
  return out;
}
