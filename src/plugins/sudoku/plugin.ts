/**
 * The Sudoku plugin factory: one implementation for every shape, specialised by geometry.
 */
import { definePlugin, type TaskPlugin } from '../contract.js';
import { TrmError } from '../../errors.js';
import { solveSudokuBitset } from '../../symbolic/sudoku/general.js';
import { checkGeometry, sameGeometry } from '../../symbolic/sudoku/types.js';
import { sudokuAugmentations } from './augment.js';
import { sudokuCanonicalKey } from './canonical.js';
import { formatGrid } from './format.js';
import { generateSudoku } from './generate.js';
import { solveSudokuGuided } from './guided.js';
import { describeGeometry, type SudokuGeometry, type SudokuGrid } from './geometry.js';
import { parseSudoku, parseSudokuAnswer } from './parse.js';
import { sudokuInputSchema } from './schema.js';
import { decodeSudoku, encodeSudoku, sudokuTokenSpec } from './tokens.js';
import { explainUnsatisfiableSudoku } from './unsatisfiable.js';
import { verifySudoku } from './verify.js';

export type SudokuPlugin = TaskPlugin<SudokuGrid, SudokuGrid>;

export interface SudokuPluginOptions {
  readonly description?: string;
  readonly samples?: readonly string[];
}

/**
 * A complete Sudoku task plugin for `geometry` (size ≤ 9: the text form has one character per
 * cell), registered under `name`. Throws TRM_ERR_INVALID_INPUT for an unusable geometry.
 */
export function createSudokuPlugin(geometry: SudokuGeometry, name: string, options: SudokuPluginOptions = {}): SudokuPlugin {
  checkGeometry(geometry);
  if (geometry.size > 9) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `Sudoku plugins support sizes up to 9 (one character per cell), got ${describeGeometry(geometry)}`);
  }
  const g: SudokuGeometry = Object.freeze({ size: geometry.size, boxRows: geometry.boxRows, boxCols: geometry.boxCols });
  return definePlugin<SudokuGrid, SudokuGrid>({
    name,
    version: '0.1.0',
    sdkVersion: '^0.1.0',
    description: options.description ?? `Sudoku ${describeGeometry(g)}: fill every row, column and box with the digits 1-${g.size} once each.`,
    samples: options.samples ?? [],
    inputSchema: sudokuInputSchema(g, `${name} puzzle`),

    parse: (input) => parseSudoku(input, g),
    parseAnswer: (input) => parseSudokuAnswer(input, g),
    format: (answer) => formatGrid(answer),
    formatPuzzle: (puzzle) => formatGrid(puzzle),

    tokens: sudokuTokenSpec(g),
    encode: (puzzle, answer) => encodeSudoku(g, puzzle, answer),
    decode: (rows) => decodeSudoku(g, rows),

    verify: (puzzle, answer) => verifySudoku(g, puzzle, answer),

    solveSymbolic: (puzzle, opts) => {
      if (!puzzle?.geometry || !sameGeometry(puzzle.geometry, g)) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `${name} solves ${describeGeometry(g)} puzzles only`);
      }
      const r = solveSudokuBitset(puzzle, opts ?? {});
      return { ...r, solutions: r.solutions.map((cells) => ({ geometry: g, cells })) };
    },
    explainUnsatisfiable: (puzzle) => explainUnsatisfiableSudoku(g, puzzle),
    solveGuided: (puzzle, hint, opts) => solveSudokuGuided(puzzle, hint, opts),
    generate: (rng, opts) => generateSudoku(g, rng, opts),
    augmentations: sudokuAugmentations(g),
    canonicalKey: (puzzle) => sudokuCanonicalKey(g, puzzle),
  });
}
