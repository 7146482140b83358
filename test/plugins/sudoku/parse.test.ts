import { describe, expect, it } from 'vitest';
import { isTrmError } from '../../../src/errors.js';
import { formatGrid, formatGridRows } from '../../../src/plugins/sudoku/format.js';
import { parseSudoku, parseSudokuAnswer } from '../../../src/plugins/sudoku/parse.js';
import { G4, G6, G9, str } from './helpers.js';

const PUZZLE = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const SOLUTION = '534678912672195348198342567859761423426853791713924856961537284287419635345286179';

/** The TrmError a call throws (fails the test if it does not throw one). */
function errorOf(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isTrmError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a TrmError, nothing was thrown');
}

const rowsOf = (s: string, n: number): number[][] =>
  Array.from({ length: n }, (_, r) => Array.from(s.slice(r * n, (r + 1) * n), (ch) => (ch === '.' ? 0 : Number(ch))));

describe('parseSudoku: accepted forms', () => {
  it('reads an 81-character string with . and 0 blanks, ignoring whitespace', () => {
    const a = parseSudoku(PUZZLE, G9);
    expect(str(a.cells)).toBe(PUZZLE);
    const spaced = formatGridRows(a).replace(/\./g, '0').split('\n').map((r) => r.split('').join(' ')).join('\n');
    expect(str(parseSudoku(`\n${spaced}\n`, G9).cells)).toBe(PUZZLE);
  });

  it('reads an N×N array (0 and null blank) and a flat array of N² numbers', () => {
    const rows = rowsOf(PUZZLE, 9);
    expect(str(parseSudoku(rows, G9).cells)).toBe(PUZZLE);
    const withNulls = rows.map((r) => r.map((x) => (x === 0 ? null : x)));
    expect(str(parseSudoku(withNulls, G9).cells)).toBe(PUZZLE);
    expect(str(parseSudoku(rows.flat(), G9).cells)).toBe(PUZZLE);
  });

  it('reads 4×4 and 6×6 strings and round-trips through formatGrid', () => {
    for (const [s, g] of [['1...' + '..2.' + '.3..' + '...4', G4], ['1.....' + '.2....' + '..3...' + '...4..' + '....5.' + '.....6', G6]] as const) {
      const grid = parseSudoku(s, g);
      expect(grid.geometry).toEqual(g);
      expect(formatGrid(grid)).toBe(s);
    }
  });

  it('keeps duplicate givens (they make the puzzle unsatisfiable, not malformed)', () => {
    expect(str(parseSudoku('11' + '.'.repeat(79), G9).cells).slice(0, 2)).toBe('11');
  });

  it('copies an already parsed grid of the same geometry', () => {
    const a = parseSudoku(PUZZLE, G9);
    const b = parseSudoku(a, G9);
    expect(str(b.cells)).toBe(PUZZLE);
    expect(b.cells).not.toBe(a.cells);
  });
});

describe('parseSudoku: precise errors', () => {
  it('says how many cells it expected and got', () => {
    expect(errorOf(() => parseSudoku(PUZZLE.slice(1), G9))).toMatchObject({ code: 'TRM_ERR_INVALID_INPUT', message: expect.stringContaining('expected 81 cells, got 80') });
    expect(errorOf(() => parseSudoku('1234', G4)).message).toContain('expected 16 cells, got 4');
    expect(errorOf(() => parseSudoku('', G9)).message).toContain('expected 81 cells, got 0');
  });

  it('names a bad character with its position, row and column', () => {
    const bad = PUZZLE.slice(0, 16) + 'x' + PUZZLE.slice(17);
    const e = errorOf(() => parseSudoku(bad, G9));
    expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
    expect(e.message).toContain('"x" at position 17 (row 2, column 8)');
    // A digit beyond the grid size is a bad character too.
    expect(errorOf(() => parseSudoku('5' + '.'.repeat(15), G4)).message).toContain('"5" at position 1 (row 1, column 1): expected a digit 1-4');
  });

  it('counts positions in the original text when there is whitespace', () => {
    const text = PUZZLE.slice(0, 9) + '\n' + PUZZLE.slice(9, 10) + '?' + PUZZLE.slice(11);
    expect(errorOf(() => parseSudoku(text, G9)).message).toContain('at position 12 (row 2, column 2)');
  });

  it('reports rows of the wrong length and the wrong number of rows', () => {
    const rows = rowsOf(PUZZLE, 9);
    rows[2] = [...rows[2]!, 0];
    expect(errorOf(() => parseSudoku(rows, G9)).message).toContain('row 3 has 10 cells, expected 9');
    expect(errorOf(() => parseSudoku(rowsOf(PUZZLE, 9).slice(0, 8), G9)).message).toContain('expected 9 rows');
    const notArray: unknown[] = rowsOf(PUZZLE, 9);
    notArray[4] = '53..7....';
    expect(errorOf(() => parseSudoku(notArray, G9)).message).toContain('row 5 is not an array of numbers (got string)');
  });

  it('reports numbers out of range and values of the wrong type with row and column', () => {
    const big = rowsOf(PUZZLE, 9);
    big[1]![4] = 10;
    expect(errorOf(() => parseSudoku(big, G9)).message).toContain('row 2, column 5: 10 is out of range');
    const neg = rowsOf(PUZZLE, 9);
    neg[8]![0] = -1;
    expect(errorOf(() => parseSudoku(neg, G9)).message).toContain('row 9, column 1: -1 is out of range');
    const frac = rowsOf('.'.repeat(16), 4);
    frac[0]![1] = 1.5;
    expect(errorOf(() => parseSudoku(frac, G4)).message).toContain('row 1, column 2: 1.5 is out of range');
    const str5: unknown[][] = rowsOf(PUZZLE, 9);
    str5[0]![2] = '5';
    expect(errorOf(() => parseSudoku(str5, G9)).message).toContain('row 1, column 3: expected a number 1-9 or 0/null for a blank, got string');
    const hole: unknown[][] = rowsOf(PUZZLE, 9);
    hole[3] = new Array(9);
    expect(errorOf(() => parseSudoku(hole, G9)).message).toContain('row 4, column 1');
  });

  it('rejects inputs of the wrong type and grids of another geometry', () => {
    for (const input of [42, null, undefined, { puzzle: PUZZLE }, true]) {
      const e = errorOf(() => parseSudoku(input, G9));
      expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
      expect(e.message).toMatch(/expected a string of 81 cells or a 9×9 array of numbers, got (number|null|undefined|object|boolean)/);
    }
    expect(errorOf(() => parseSudoku(parseSudoku('.'.repeat(16), G4), G9)).message).toContain('does not match');
  });
});

describe('parseSudokuAnswer', () => {
  it('accepts a complete grid in every form', () => {
    expect(str(parseSudokuAnswer(SOLUTION, G9).cells)).toBe(SOLUTION);
    expect(str(parseSudokuAnswer(rowsOf(SOLUTION, 9), G9).cells)).toBe(SOLUTION);
  });

  it('rejects blanks with TRM_ERR_INVALID_INPUT naming the first one', () => {
    const e = errorOf(() => parseSudokuAnswer(SOLUTION.slice(0, 12) + '.' + SOLUTION.slice(13), G9));
    expect(e).toMatchObject({ code: 'TRM_ERR_INVALID_INPUT' });
    expect(e.message).toContain('1 cell is blank (first at row 2, column 4)');
    expect(errorOf(() => parseSudokuAnswer(PUZZLE, G9)).message).toMatch(/\d+ cells are blank \(first at row 1, column 3\)/);
  });

  it('passes the parse errors through', () => {
    expect(errorOf(() => parseSudokuAnswer(SOLUTION + '1', G9)).message).toContain('expected 81 cells, got 82');
  });
});
