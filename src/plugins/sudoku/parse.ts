/**
 * Parsing Sudoku puzzles and answers from their documented forms:
 *   - a string of N² cells, row-major: digits 1..N, blanks `.` or `0`; whitespace (spaces,
 *     newlines) is ignored, so a grid written one row per line parses too;
 *   - an N×N array of rows of numbers, 0 or null for a blank;
 *   - a flat array of N² numbers (same values);
 *   - an already parsed grid `{ geometry, cells: Uint8Array }` of the same geometry.
 * Every problem is a TrmError TRM_ERR_INVALID_INPUT that says what is wrong and where (rows,
 * columns and positions are 1-based). Repeated digits are not a parse error: such a puzzle is
 * well-formed but unsatisfiable, which the solvers report (count 0).
 */
import { TrmError, invalidInput } from '../../errors.js';
import { checkGrid, markGridChecked, sameGeometry } from '../../symbolic/sudoku/types.js';
import { cellPosition, describeGeometry, type SudokuGeometry, type SudokuGrid } from './geometry.js';


function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (x instanceof Uint8Array) return 'Uint8Array';
  return typeof x;
}

function parseString(input: string, g: SudokuGeometry): SudokuGrid {
  const n = g.size, total = n * n;
  const chars: string[] = [];
  const sourcePos: number[] = []; // 1-based position in the original string, for messages
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (/\s/.test(ch)) continue;
    chars.push(ch);
    sourcePos.push(i + 1);
    if (chars.length > total + 1000) break; // enough to say it is too long without scanning megabytes
  }
  if (chars.length !== total) {
    const got = chars.length > total + 1000 ? `more than ${total + 1000}` : String(chars.length);
    throw invalidInput(`expected ${total} cells, got ${got} (a ${describeGeometry(g)} puzzle: digits 1-${n}, '.' or '0' for blanks; whitespace is ignored)`, {
      expected: total,
      got: chars.length,
    });
  }
  const cells = new Uint8Array(total);
  for (let i = 0; i < total; i++) {
    const ch = chars[i]!;
    if (ch === '.' || ch === '0') continue;
    const d = ch.charCodeAt(0) - 48;
    if (ch.length !== 1 || d < 1 || d > n) {
      const { row, col } = cellPosition(i, n);
      throw invalidInput(`invalid character ${JSON.stringify(ch)} at position ${sourcePos[i]} (row ${row}, column ${col}): expected a digit 1-${n}, '.' or '0'`, {
        position: sourcePos[i],
        row,
        col,
        char: ch,
      });
    }
    cells[i] = d;
  }
  return { geometry: g, cells };
}

function cellValue(x: unknown, row: number, col: number, n: number): number {
  if (x === null || x === 0) return 0;
  if (typeof x !== 'number') {
    throw invalidInput(`row ${row}, column ${col}: expected a number 1-${n} or 0/null for a blank, got ${typeName(x)} ${JSON.stringify(x)?.slice(0, 20) ?? ''}`.trimEnd(), { row, col });
  }
  if (!Number.isInteger(x) || x < 0 || x > n) {
    throw invalidInput(`row ${row}, column ${col}: ${x} is out of range (expected 1-${n}, or 0/null for a blank)`, { row, col, value: x });
  }
  return x;
}

function parseArray(input: readonly unknown[], g: SudokuGeometry): SudokuGrid {
  const n = g.size, total = n * n;
  const cells = new Uint8Array(total);
  // A flat list of N² numbers (no row arrays inside).
  if (input.length === total && n > 1 && !input.some((x) => Array.isArray(x))) {
    for (let i = 0; i < total; i++) {
      const { row, col } = cellPosition(i, n);
      cells[i] = cellValue(input[i], row, col, n);
    }
    return { geometry: g, cells };
  }
  if (input.length !== n) {
    throw invalidInput(`expected ${n} rows (or a flat list of ${total} numbers), got ${input.length}`, { expected: n, got: input.length });
  }
  // Plain loops, not forEach: a hole in a sparse array must be reported, not skipped as blank.
  for (let r = 0; r < n; r++) {
    const rowValue: unknown = input[r];
    if (!Array.isArray(rowValue)) throw invalidInput(`row ${r + 1} is not an array of numbers (got ${typeName(rowValue)})`, { row: r + 1 });
    if (rowValue.length !== n) throw invalidInput(`row ${r + 1} has ${rowValue.length} cells, expected ${n}`, { row: r + 1, expected: n, got: rowValue.length });
    for (let c = 0; c < n; c++) cells[r * n + c] = cellValue(rowValue[c], r + 1, c + 1, n);
  }
  return { geometry: g, cells };
}

/** An in-process parsed grid: JSON cannot carry one (its cells are a Uint8Array), so a JSON object never is. */
function isGridObject(x: unknown): x is SudokuGrid {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const g = x as { cells?: unknown; geometry?: unknown };
  return g.cells instanceof Uint8Array && typeof g.geometry === 'object' && g.geometry !== null;
}

/** Parses a puzzle (blanks allowed) of geometry `g` from any documented form; throws TRM_ERR_INVALID_INPUT saying what and where. */
export function parseSudoku(input: unknown, g: SudokuGeometry): SudokuGrid {
  // Validated here, once per solve: the encoder and the solvers trust a grid marked checked.
  if (typeof input === 'string') return markGridChecked(parseString(input, g));
  if (Array.isArray(input)) return markGridChecked(parseArray(input, g));
  if (isGridObject(input)) {
    if (!sameGeometry(input.geometry, g)) {
      const size = (input.geometry as { size?: unknown }).size;
      const what = typeof size === 'number' ? `a ${size}×${size} grid` : 'a grid of unknown size';
      throw invalidInput(`the grid is ${what}, which does not match this task's ${describeGeometry(g)}`);
    }
    if (input.cells.length !== g.size * g.size) {
      throw invalidInput(`expected ${g.size * g.size} cells, got ${input.cells.length}`, { expected: g.size * g.size, got: input.cells.length });
    }
    checkGrid(input);
    return markGridChecked({ geometry: g, cells: Uint8Array.from(input.cells) });
  }
  throw invalidInput(`expected a string of ${g.size * g.size} cells or a ${g.size}×${g.size} array of numbers, got ${typeName(input)}`);
}

/** Parses a complete answer (no blanks) in the same forms; throws TRM_ERR_INVALID_INPUT when malformed or incomplete. */
export function parseSudokuAnswer(input: unknown, g: SudokuGeometry): SudokuGrid {
  const grid = parseSudoku(input, g);
  const blanks: number[] = [];
  grid.cells.forEach((d, i) => {
    if (d === 0) blanks.push(i);
  });
  if (blanks.length > 0) {
    const { row, col } = cellPosition(blanks[0]!, g.size);
    throw invalidInput(`an answer must fill every cell, but ${blanks.length} ${blanks.length === 1 ? 'cell is' : 'cells are'} blank (first at row ${row}, column ${col})`, {
      blanks: blanks.length,
      row,
      col,
    });
  }
  return grid;
}
