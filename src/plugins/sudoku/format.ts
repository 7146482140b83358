/**
 * The text form of a Sudoku grid: N² characters row-major, digits 1..N and `.` for a blank,
 * which `parseSudoku` reads back. Never throws on a well-typed grid (an out-of-range value, which
 * only a hand-built grid can hold, prints as `?`).
 */
import type { SudokuGrid } from './geometry.js';

/** The grid as an N²-character string (`.` for blanks). */
export function formatGrid(grid: SudokuGrid): string {
  const n = grid.geometry.size;
  let out = '';
  for (const d of grid.cells) out += d === 0 ? '.' : d <= n ? String(d) : '?';
  return out;
}

/** The grid as N lines of N characters, for terminals and logs. */
export function formatGridRows(grid: SudokuGrid): string {
  const n = grid.geometry.size, flat = formatGrid(grid);
  const rows: string[] = [];
  for (let r = 0; r < n; r++) rows.push(flat.slice(r * n, (r + 1) * n));
  return rows.join('\n');
}
