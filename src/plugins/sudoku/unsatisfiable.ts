/**
 * Why a Sudoku has no solution, in words a person can act on: the first clash among the givens
 * (rows, then columns, then boxes: "row 1 has two 5s (columns 1 and 2)"), else the first blank
 * cell no digit fits ("row 3, column 4 can hold no digit: 1-9 are all in its row, column or box").
 * null when neither holds: the contradiction only shows after some search.
 */
import type { Violation } from '../contract.js';
import { boxNumber, cellPosition, type SudokuGeometry, type SudokuGrid } from './geometry.js';
import { verifySudoku } from './verify.js';

export function explainUnsatisfiableSudoku(g: SudokuGeometry, puzzle: SudokuGrid): Violation | null {
  // The puzzle judged as its own answer: its blanks are "incomplete", a repeated given is a duplicate.
  const clash = verifySudoku(g, puzzle, puzzle).violations.find((v) => v.rule.endsWith('-duplicate'));
  if (clash) return { rule: clash.rule, message: `the givens clash: ${clash.message}`, where: clash.where ?? {} };

  const n = g.size;
  const cells = puzzle.cells;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] !== 0) continue;
    const { row, col } = cellPosition(i, n);
    const box = boxNumber(i, g);
    const used = new Set<number>();
    for (let j = 0; j < cells.length; j++) {
      const d = cells[j]!;
      if (d === 0) continue;
      const p = cellPosition(j, n);
      if (p.row === row || p.col === col || boxNumber(j, g) === box) used.add(d);
    }
    if (used.size >= n) {
      return {
        rule: 'no-candidate',
        message: `row ${row}, column ${col} can hold no digit: 1-${n} are all in its row, column or box`,
        where: { row, col, box },
      };
    }
  }
  return null;
}
