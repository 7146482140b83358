import { describe, expect, it } from 'vitest';
import { sudoku4x4Plugin, sudokuPlugin } from '../../src/plugins/sudoku/index.js';
import { mazePlugin } from '../../src/plugins/maze/index.js';

describe('why a puzzle has no solution', () => {
  it('sudoku: the first clash among the givens, rows before columns before boxes', () => {
    const row = sudokuPlugin.explainUnsatisfiable!(sudokuPlugin.parse('55' + '.'.repeat(79)));
    expect(row).toMatchObject({ rule: 'row-duplicate', where: { row: 1, digit: 5, cols: [1, 2] } });
    expect(row!.message).toBe('the givens clash: row 1 has two 5s (columns 1 and 2)');

    const col = sudokuPlugin.explainUnsatisfiable!(sudokuPlugin.parse('7' + '.'.repeat(8) + '.'.repeat(9) + '.'.repeat(27) + '7' + '.'.repeat(35)));
    expect(col!.rule).toBe('col-duplicate');
    expect(col!.message).toMatch(/column 1 has two 7s/);

    const box = sudoku4x4Plugin.explainUnsatisfiable!(sudoku4x4Plugin.parse('2....2..........'));
    expect(box!.rule).toBe('box-duplicate');
    expect(box!.message).toMatch(/box 1 has two 2s/);
  });

  it('sudoku: a blank cell no digit fits, when the givens do not clash', () => {
    // Row 1 holds 1, 2, 3 and column 4 holds 4: cell (1,4) has no digit left.
    const v = sudoku4x4Plugin.explainUnsatisfiable!(sudoku4x4Plugin.parse('123........4....'));
    expect(v).toMatchObject({ rule: 'no-candidate', where: { row: 1, col: 4 } });
    expect(v!.message).toBe('row 1, column 4 can hold no digit: 1-4 are all in its row, column or box');
  });

  it('sudoku: nothing to say about a solvable puzzle', () => {
    expect(sudoku4x4Plugin.explainUnsatisfiable!(sudoku4x4Plugin.parse('1.3..........4.2'))).toBeNull();
  });

  it('maze: no path from S to G, with both positions', () => {
    const v = mazePlugin.explainUnsatisfiable!(mazePlugin.parse(['#####', '#S#G#', '#####']));
    expect(v!.message).toMatch(/^no path from S \(2,2\) to G \(2,4\)/);
    expect(v!.where).toEqual({ start: { row: 2, col: 2 }, goal: { row: 2, col: 4 } });
    expect(mazePlugin.explainUnsatisfiable!(mazePlugin.parse(['#####', '#S G#', '#####']))).toBeNull();
  });
});
