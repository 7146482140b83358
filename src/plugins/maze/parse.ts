/**
 * Text forms of a maze → {@link Maze}: an array of row strings, or one string of rows separated by
 * `\n` (`\r\n` and one trailing newline are fine). Characters: `#` wall, ` ` or `.` open, `S`
 * start, `G` goal, and in answers `o` path.
 *
 * Every problem is a TrmError(TRM_ERR_INVALID_INPUT) saying what is wrong and where (1-based rows
 * and columns), with the same facts in `details`.
 */
import { invalidInput } from '../../errors.js';
import { Cell, formatPos, type Maze } from './types.js';

/** Smallest side length any maze may have. */
export const MIN_SIZE = 2;

const CHAR_TO_CELL: Readonly<Record<string, number>> = {
  '#': Cell.WALL,
  ' ': Cell.OPEN,
  '.': Cell.OPEN,
  S: Cell.START,
  G: Cell.GOAL,
  o: Cell.PATH,
};

/** Shows a character readably in a message: control characters escaped, the rest quoted. */
function showChar(ch: string): string {
  const json = JSON.stringify(ch).slice(1, -1);
  return `'${json === "'" ? "\\'" : json}'`;
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Splits the accepted input forms into row strings; throws on anything else. */
function toRows(input: unknown, what: string): string[] {
  if (typeof input === 'string') {
    const lines = input.split(/\r?\n/);
    // One trailing newline is conventional in text files; an empty last "row" is not a row.
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    if (lines.length === 1 && lines[0] === '') throw invalidInput(`the ${what} is empty; expected rows of '#', ' ', 'S', 'G'`);
    return lines;
  }
  if (Array.isArray(input)) {
    if (input.length === 0) throw invalidInput(`the ${what} has no rows`);
    input.forEach((row, i) => {
      if (typeof row !== 'string') {
        throw invalidInput(`row ${i + 1} is ${describeType(row)}, expected a string`, { row: i + 1 });
      }
    });
    return input as string[];
  }
  throw invalidInput(`a ${what} must be an array of row strings or one string of rows separated by newlines; got ${describeType(input)}`);
}

/**
 * Parses either form into a Maze, checking shape and characters. `allowPath` admits `o`
 * (answers); puzzles must not carry path marks. Start/goal counts are left to the caller.
 */
export function parseGrid(input: unknown, maxSize: number, options: { allowPath: boolean; what: string }): Maze {
  const rows = toRows(input, options.what);
  const cols = rows[0]!.length;
  for (let r = 1; r < rows.length; r++) {
    if (rows[r]!.length !== cols) {
      throw invalidInput(`row ${r + 1} has ${rows[r]!.length} characters, expected ${cols}`, { row: r + 1, length: rows[r]!.length, expected: cols });
    }
  }
  const nRows = rows.length;
  if (nRows > maxSize || cols > maxSize) {
    throw invalidInput(`maze is ${nRows}×${cols}; the largest this task accepts is ${maxSize}×${maxSize}`, { rows: nRows, cols, maxSize });
  }
  if (nRows < MIN_SIZE || cols < MIN_SIZE) {
    throw invalidInput(`maze is ${nRows}×${cols}; the smallest this task accepts is ${MIN_SIZE}×${MIN_SIZE}`, { rows: nRows, cols, minSize: MIN_SIZE });
  }
  const cells = new Uint8Array(nRows * cols);
  for (let r = 0; r < nRows; r++) {
    const line = rows[r]!;
    for (let c = 0; c < cols; c++) {
      const ch = line[c]!;
      const v = CHAR_TO_CELL[ch];
      if (v === undefined || (v === Cell.PATH && !options.allowPath)) {
        const where = `at row ${r + 1}, column ${c + 1}`;
        const why =
          v === Cell.PATH
            ? `: path marks (o) belong in answers, not in puzzles; use ' ' for open cells`
            : `; allowed are '#' (wall), ' ' or '.' (open), 'S' (start), 'G' (goal)${options.allowPath ? ", 'o' (path)" : ''}`;
        throw invalidInput(`unexpected character ${showChar(ch)} ${where}${why}`, { row: r + 1, col: c + 1, char: ch });
      }
      cells[r * cols + c] = v;
    }
  }
  return { rows: nRows, cols, cells };
}

/** Throws unless the maze has exactly one cell of `value` (S or G). */
function requireExactlyOne(m: Maze, value: number, singular: string, plural: string, letter: string): void {
  const found: number[] = [];
  for (let i = 0; i < m.cells.length; i++) if (m.cells[i] === value) found.push(i);
  if (found.length === 1) return;
  if (found.length === 0) throw invalidInput(`found no ${singular} (${letter}); exactly one is required`, { count: 0 });
  const list = found.map((i) => formatPos(i, m.cols));
  const listed = list.length > 2 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list.join(' and ');
  throw invalidInput(`found ${found.length} ${plural} (${letter}) at ${listed}; exactly one is required`, {
    count: found.length,
    at: found.map((i) => ({ row: Math.floor(i / m.cols) + 1, col: (i % m.cols) + 1 })),
  });
}

/** Parses a maze puzzle: rectangular, 2..maxSize per side, exactly one S and one G, no `o`. */
export function parseMaze(input: unknown, maxSize: number): Maze {
  const m = parseGrid(input, maxSize, { allowPath: false, what: 'maze' });
  requireExactlyOne(m, Cell.START, 'start', 'starts', 'S');
  requireExactlyOne(m, Cell.GOAL, 'goal', 'goals', 'G');
  return m;
}

/**
 * Parses an answer (the same forms, `o` allowed). Only the form is checked here: whether it fits
 * the puzzle (shape, unchanged cells, a valid shortest path) is `verify`'s job, so that a wrong
 * answer gets rule-by-rule violations rather than one parse error.
 */
export function parseMazeAnswer(input: unknown, maxSize: number): Maze {
  return parseGrid(input, maxSize, { allowPath: true, what: 'maze answer' });
}
