/**
 * The three built-in Sudoku shapes and small helpers on cell coordinates. The types themselves
 * live beside the solvers (src/symbolic/sudoku/types.ts) because plugins import solvers, never
 * the reverse; this module re-exports them for plugin users.
 */
import { checkGeometry, sameGeometry, type SudokuGeometry, type SudokuGrid } from '../../symbolic/sudoku/types.js';

export type { SudokuGeometry, SudokuGrid };
export { checkGeometry, sameGeometry };

/** Classic Sudoku: 9×9, boxes 3×3 (task `sudoku`). */
export const SUDOKU_9X9: SudokuGeometry = Object.freeze({ size: 9, boxRows: 3, boxCols: 3 });
/** 4×4, boxes 2×2 (task `sudoku-4x4`). */
export const SUDOKU_4X4: SudokuGeometry = Object.freeze({ size: 4, boxRows: 2, boxCols: 2 });
/** 6×6, boxes 2 rows × 3 columns (task `sudoku-6x6`). */
export const SUDOKU_6X6: SudokuGeometry = Object.freeze({ size: 6, boxRows: 2, boxCols: 3 });

/** "9×9 (boxes 3×3)". */
export function describeGeometry(g: SudokuGeometry): string {
  return `${g.size}×${g.size} (boxes ${g.boxRows}×${g.boxCols})`;
}

/** A grid of blanks. */
export function emptyGrid(geometry: SudokuGeometry): SudokuGrid {
  return { geometry, cells: new Uint8Array(geometry.size * geometry.size) };
}

/** 1-based row and column of a row-major cell index (for messages and `where`). */
export function cellPosition(index: number, size: number): { row: number; col: number } {
  return { row: Math.floor(index / size) + 1, col: (index % size) + 1 };
}

/** 1-based box number of a cell (boxes numbered left to right, top to bottom). */
export function boxNumber(index: number, g: SudokuGeometry): number {
  const r = Math.floor(index / g.size), c = index % g.size;
  return Math.floor(r / g.boxRows) * (g.size / g.boxCols) + Math.floor(c / g.boxCols) + 1;
}
