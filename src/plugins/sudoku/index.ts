/**
 * The Sudoku task family: `sudoku` (9×9), `sudoku-4x4` and `sudoku-6x6` (boxes 2 rows × 3 columns).
 */
import { SUDOKU_4X4, SUDOKU_6X6, SUDOKU_9X9 } from './geometry.js';
import { createSudokuPlugin } from './plugin.js';
import { SUDOKU_4X4_SAMPLES, SUDOKU_6X6_SAMPLES, SUDOKU_9X9_SAMPLES } from './samples.js';

export const sudokuPlugin = createSudokuPlugin(SUDOKU_9X9, 'sudoku', {
  description: 'Classic 9×9 Sudoku: fill every row, column and 3×3 box with the digits 1-9 once each.',
  samples: SUDOKU_9X9_SAMPLES,
});
export const sudoku4x4Plugin = createSudokuPlugin(SUDOKU_4X4, 'sudoku-4x4', { samples: SUDOKU_4X4_SAMPLES });
export const sudoku6x6Plugin = createSudokuPlugin(SUDOKU_6X6, 'sudoku-6x6', { samples: SUDOKU_6X6_SAMPLES });

export { createSudokuPlugin, type SudokuPlugin, type SudokuPluginOptions } from './plugin.js';
export { SUDOKU_4X4, SUDOKU_6X6, SUDOKU_9X9, describeGeometry, emptyGrid, type SudokuGeometry, type SudokuGrid } from './geometry.js';
export { parseSudoku, parseSudokuAnswer } from './parse.js';
export { formatGrid, formatGridRows } from './format.js';
export { encodeSudoku, decodeSudoku, sudokuTokenSpec } from './tokens.js';
export { verifySudoku } from './verify.js';
export { sudokuAugmentations } from './augment.js';
export { sudokuCanonicalKey, canonicalSudokuCells } from './canonical.js';
export { generateSudoku, rateSudoku, difficultyDistance, HARD_THRESHOLD, type SudokuDifficulty } from './generate.js';
export { SUDOKU_4X4_SAMPLES, SUDOKU_6X6_SAMPLES, SUDOKU_9X9_SAMPLES } from './samples.js';
