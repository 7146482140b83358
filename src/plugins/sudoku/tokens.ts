/**
 * The token interface of the Sudoku tasks, as in the reference TRM Sudoku dataset:
 *   id 0 = pad (unused: every cell is a token), 1 = blank, d + 1 = digit d;
 *   vocabSize = N + 2, seqLen = N², one puzzle identifier (0).
 * Labels are the answer's ids (every cell, givens included, as in the reference).
 */
import { IGNORE_LABEL_ID, type Encoded, type TokenSpec } from '../contract.js';
import { TrmError } from '../../errors.js';
import { checkGrid } from '../../symbolic/sudoku/types.js';
import { describeGeometry, sameGeometry, type SudokuGeometry, type SudokuGrid } from './geometry.js';

/** The TokenSpec of a geometry. */
export function sudokuTokenSpec(g: SudokuGeometry): TokenSpec {
  return { seqLen: g.size * g.size, vocabSize: g.size + 2, padId: 0, numPuzzleIdentifiers: 1 };
}

function checkShape(grid: SudokuGrid, g: SudokuGeometry, what: string): void {
  if (!grid || !(grid.cells instanceof Uint8Array) || !grid.geometry || !sameGeometry(grid.geometry, g) || grid.cells.length !== g.size * g.size) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `cannot encode ${what}: expected a ${describeGeometry(g)} grid of ${g.size * g.size} cells`);
  }
  checkGrid(grid); // digits in 0..N, with the offending cell named
}

/**
 * One row: inputs (blank → 1, d → d + 1) and, with an answer, labels (d → d + 1; a blank in the
 * answer, which a complete answer never has, gets IGNORE_LABEL_ID so the loss skips it).
 */
export function encodeSudoku(g: SudokuGeometry, puzzle: SudokuGrid, answer?: SudokuGrid): Encoded {
  checkShape(puzzle, g, 'puzzle');
  const n = g.size, len = n * n;
  const input = new Int32Array(len);
  for (let i = 0; i < len; i++) input[i] = puzzle.cells[i]! + 1;
  if (!answer) return { inputs: [input], puzzleIdentifiers: [0] };
  checkShape(answer, g, 'answer');
  const labels = new Int32Array(len);
  for (let i = 0; i < len; i++) {
    const d = answer.cells[i]!;
    labels[i] = d >= 1 && d <= n ? d + 1 : IGNORE_LABEL_ID;
  }
  return { inputs: [input], labels: [labels], puzzleIdentifiers: [0] };
}

/**
 * Predicted ids back to a grid: id d + 1 → digit d; any other id (pad, blank, out of range) and
 * any missing position → 0 (blank), which `verify` then rejects. Givens are deliberately not
 * forced back in: a changed given is the model's error and `verify` must see it.
 */
export function decodeSudoku(g: SudokuGeometry, rows: readonly Int32Array[]): SudokuGrid {
  const n = g.size, len = n * n;
  const cells = new Uint8Array(len);
  const row = rows[0];
  if (row) {
    for (let i = 0; i < len && i < row.length; i++) {
      const id = row[i]!;
      cells[i] = id >= 2 && id <= n + 1 ? id - 1 : 0;
    }
  }
  return { geometry: g, cells };
}
