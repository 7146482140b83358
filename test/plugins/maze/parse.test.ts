import { describe, expect, it } from 'vitest';
import { Cell, formatMaze, mazePlugin, maze11Plugin, parseMaze } from '../../../src/plugins/maze/index.js';
import { TrmError } from '../../../src/errors.js';

const SMALL = ['#####', '#S  #', '# # #', '#  G#', '#####'];

/** The TrmError that `fn` throws (fails the test if it throws something else or nothing). */
function caught(fn: () => unknown): TrmError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TrmError);
    return e as TrmError;
  }
  throw new Error('expected a TrmError, nothing was thrown');
}

function row(n: number, fill = '#'): string {
  return fill.repeat(n);
}

describe('maze parse', () => {
  it('accepts an array of rows, a newline string, CRLF, a trailing newline and . as open', () => {
    const a = mazePlugin.parse(SMALL);
    expect(a.rows).toBe(5);
    expect(a.cols).toBe(5);
    expect(a.cells[1 * 5 + 1]).toBe(Cell.START);
    expect(a.cells[3 * 5 + 3]).toBe(Cell.GOAL);
    expect(a.cells[2 * 5 + 2]).toBe(Cell.WALL);
    expect(a.cells[1 * 5 + 2]).toBe(Cell.OPEN);
    expect(mazePlugin.parse(SMALL.join('\n'))).toEqual(a);
    expect(mazePlugin.parse(SMALL.join('\n') + '\n')).toEqual(a);
    expect(mazePlugin.parse(SMALL.join('\r\n'))).toEqual(a);
    expect(mazePlugin.parse(SMALL.map((r) => r.replace(/ /g, '.')))).toEqual(a);
    expect(mazePlugin.formatPuzzle(a)).toEqual(SMALL);
  });

  it('keeps leading and trailing spaces of rows (open cells at the edge)', () => {
    const m = parseMaze(['S  ', '  G'], 30);
    expect(m.cols).toBe(3);
    expect(formatMaze(m)).toEqual(['S  ', '  G']);
  });

  it('says which row has the wrong length', () => {
    const rows = Array.from({ length: 11 }, () => row(11));
    rows[1] = '#S' + row(9);
    rows[5] = '#G' + row(9);
    rows[2] = row(12);
    const e = caught(() => maze11Plugin.parse(rows));
    expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
    expect(e.message).toBe('row 3 has 12 characters, expected 11');
  });

  it('says how big the maze is and how big it may be', () => {
    const rows = Array.from({ length: 31 }, () => row(31));
    expect(caught(() => mazePlugin.parse(rows)).message).toBe('maze is 31×31; the largest this task accepts is 30×30');
    const e = caught(() => maze11Plugin.parse(Array.from({ length: 12 }, () => row(11))));
    expect(e.message).toBe('maze is 12×11; the largest this task accepts is 11×11');
    expect(caught(() => mazePlugin.parse(['SG'])).message).toBe('maze is 1×2; the smallest this task accepts is 2×2');
  });

  it('points at an unexpected character', () => {
    const rows = [...SMALL];
    rows[1] = '#S  x'; // row 2, column 5
    const e = caught(() => mazePlugin.parse(rows));
    expect(e.message.startsWith("unexpected character 'x' at row 2, column 5")).toBe(true);
    expect(e.details).toMatchObject({ row: 2, col: 5, char: 'x' });
    const tab = caught(() => mazePlugin.parse(['#\t', 'SG']));
    expect(tab.message.startsWith("unexpected character '\\t' at row 1, column 2")).toBe(true);
  });

  it('rejects path marks in a puzzle and says they belong in answers', () => {
    const rows = ['#####', '#So #', '# # #', '#  G#', '#####'];
    const e = caught(() => mazePlugin.parse(rows));
    expect(e.message).toContain("unexpected character 'o' at row 2, column 3");
    expect(e.message).toContain('answers');
  });

  it('requires exactly one start and one goal, listing where they are', () => {
    const rows = ['S#######', '########', '########', '######S#', '#G######'];
    expect(caught(() => mazePlugin.parse(rows)).message).toBe('found 2 starts (S) at (1,1) and (4,7); exactly one is required');
    const three = ['S#S#', '##S#', 'G###'];
    expect(caught(() => mazePlugin.parse(three)).message).toBe('found 3 starts (S) at (1,1), (1,3) and (2,3); exactly one is required');
    expect(caught(() => mazePlugin.parse(['S#', '##'])).message).toBe('found no goal (G); exactly one is required');
    expect(caught(() => mazePlugin.parse(['G#', '##'])).message).toBe('found no start (S); exactly one is required');
    expect(caught(() => mazePlugin.parse(['SG', 'G#'])).message).toBe('found 2 goals (G) at (1,2) and (2,1); exactly one is required');
  });

  it('rejects inputs of the wrong type with a TrmError, never a crash', () => {
    for (const bad of [42, null, undefined, {}, { rows: 2 }, [], '', ['#S', 3], [null, 'SG']]) {
      const e = caught(() => mazePlugin.parse(bad));
      expect(e.code).toBe('TRM_ERR_INVALID_INPUT');
    }
    expect(caught(() => mazePlugin.parse(['#S', 3])).message).toBe('row 2 is a number, expected a string');
    expect(caught(() => mazePlugin.parse('')).message).toContain('empty');
  });

  it('parses answers with o marks (form only; verify judges the content)', () => {
    const puzzle = mazePlugin.parse(SMALL);
    const answerRows = ['#####', '#Soo#', '# #o#', '#  G#', '#####'];
    const a = mazePlugin.parseAnswer(answerRows, puzzle);
    expect(a.cells[1 * 5 + 2]).toBe(Cell.PATH);
    expect(mazePlugin.format(a)).toEqual(answerRows);
    expect(mazePlugin.parseAnswer(answerRows.join('\n') + '\n', puzzle)).toEqual(a);
    // An answer with two S still parses: verify reports the changed cell rule by rule.
    expect(() => mazePlugin.parseAnswer(['#####', '#SoS#', '# #o#', '#  G#', '#####'], puzzle)).not.toThrow();
    expect(caught(() => mazePlugin.parseAnswer(['#####', '#So?#'], puzzle)).message.startsWith("unexpected character '?' at row 2, column 4")).toBe(true);
    expect(caught(() => mazePlugin.parseAnswer(['#####', '#Soo'], puzzle)).message).toBe('row 2 has 4 characters, expected 5');
  });
});
