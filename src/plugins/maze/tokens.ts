/**
 * Mazes as TRM token rows, laid out as in the reference maze dataset (charset `# SGo` → ids 1..5,
 * pad 0, one row of maxSize² tokens, puzzle identifier 0).
 *
 * A maze smaller than the canvas sits at its top-left corner with stride maxSize; the rest of the
 * canvas is pad in the inputs and IGNORE_LABEL_ID in the labels. Why ignore rather than pad: in
 * the reference Maze-Hard set every cell of the 30×30 canvas is a maze cell, so no label is pad;
 * for smaller mazes the model should not be trained to predict pad outside the maze (that would
 * only teach it the maze's size, which the input already tells).
 */
import { invalidInput } from '../../errors.js';
import { IGNORE_LABEL_ID, type Encoded, type TokenSpec } from '../contract.js';
import { Cell, type Maze } from './types.js';

/** Token id of padding. */
export const PAD_ID = 0;
/** Number of token ids: pad + `#`, ` `, `S`, `G`, `o`. */
export const VOCAB_SIZE = 6;

/** The token interface of a maze task whose canvas is maxSize × maxSize. */
export function mazeTokenSpec(maxSize: number): TokenSpec {
  return { seqLen: maxSize * maxSize, vocabSize: VOCAB_SIZE, padId: PAD_ID, numPuzzleIdentifiers: 1 };
}

/** Writes the maze's token ids (value + 1) into a canvas row; throws on a maze too big or a bad cell value. */
function paint(m: Maze, maxSize: number, row: Int32Array, role: string): void {
  if (m.rows > maxSize || m.cols > maxSize) {
    throw invalidInput(`cannot encode the ${role}: maze is ${m.rows}×${m.cols}; the canvas is ${maxSize}×${maxSize}`, { rows: m.rows, cols: m.cols, maxSize });
  }
  if (m.cells.length !== m.rows * m.cols) {
    throw invalidInput(`cannot encode the ${role}: it has ${m.cells.length} cells, expected ${m.rows}×${m.cols} = ${m.rows * m.cols}`);
  }
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      const v = m.cells[r * m.cols + c]!;
      if (v > Cell.PATH) {
        throw invalidInput(`cannot encode the ${role}: cell value ${v} at row ${r + 1}, column ${c + 1} is not a maze cell`, { row: r + 1, col: c + 1, value: v });
      }
      row[r * maxSize + c] = v + 1;
    }
  }
}

/** One input row for the puzzle and, with an answer of the same shape, one label row. */
export function encodeMaze(maxSize: number, puzzle: Maze, answer?: Maze): Encoded {
  const input = new Int32Array(maxSize * maxSize).fill(PAD_ID);
  paint(puzzle, maxSize, input, 'puzzle');
  if (!answer) return { inputs: [input], puzzleIdentifiers: [0] };
  if (answer.rows !== puzzle.rows || answer.cols !== puzzle.cols) {
    throw invalidInput(`cannot encode: the answer is ${answer.rows}×${answer.cols} but the puzzle is ${puzzle.rows}×${puzzle.cols}`);
  }
  const label = new Int32Array(maxSize * maxSize).fill(IGNORE_LABEL_ID);
  paint(answer, maxSize, label, 'answer');
  return { inputs: [input], labels: [label], puzzleIdentifiers: [0] };
}

/**
 * The predicted answer in the puzzle's area of the first row's canvas. Ids outside 1..5 (pad,
 * out of range, or a row that is missing or short) fall back to the puzzle's own cell, so decode
 * never throws; `verify` judges the result.
 */
export function decodeMaze(maxSize: number, rows: readonly Int32Array[], puzzle: Maze): Maze {
  const row = rows[0];
  const cells = new Uint8Array(puzzle.rows * puzzle.cols);
  for (let r = 0; r < puzzle.rows; r++) {
    for (let c = 0; c < puzzle.cols; c++) {
      const i = r * puzzle.cols + c;
      const id = row ? row[r * maxSize + c] : undefined;
      cells[i] = id !== undefined && id >= 1 && id <= VOCAB_SIZE - 1 ? id - 1 : (puzzle.cells[i] ?? Cell.WALL);
    }
  }
  return { rows: puzzle.rows, cols: puzzle.cols, cells };
}
