import { describe, expect, it } from 'vitest';
import { IGNORE_LABEL_ID } from '../../../src/plugins/contract.js';
import { decodeSudoku, encodeSudoku, sudokuTokenSpec } from '../../../src/plugins/sudoku/tokens.js';
import { verifySudoku } from '../../../src/plugins/sudoku/verify.js';
import { isTrmError } from '../../../src/errors.js';
import { G4, G6, G9, gridOf, str } from './helpers.js';

const PUZZLE = gridOf('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
const SOLUTION = gridOf('534678912672195348198342567859761423426853791713924856961537284287419635345286179');

describe('Sudoku tokens', () => {
  it('has the reference vocabulary: pad 0, blank 1, digit d → d + 1', () => {
    expect(sudokuTokenSpec(G9)).toEqual({ seqLen: 81, vocabSize: 11, padId: 0, numPuzzleIdentifiers: 1 });
    expect(sudokuTokenSpec(G6)).toEqual({ seqLen: 36, vocabSize: 8, padId: 0, numPuzzleIdentifiers: 1 });
    expect(sudokuTokenSpec(G4)).toEqual({ seqLen: 16, vocabSize: 6, padId: 0, numPuzzleIdentifiers: 1 });
    const e = encodeSudoku(G9, PUZZLE, SOLUTION);
    expect(Array.from(e.inputs[0]!.slice(0, 5))).toEqual([6, 4, 1, 1, 8]);
    expect(Array.from(e.labels![0]!.slice(0, 5))).toEqual([6, 4, 5, 7, 8]);
    expect(e.puzzleIdentifiers).toEqual([0]);
    expect(e.inputs).toHaveLength(1);
  });

  it('decodes the labels back to the answer, and the inputs back to the givens', () => {
    for (const [p, a, g] of [[PUZZLE, SOLUTION, G9], [gridOf('1.3..4.1.......2', G4), gridOf('1234341221434321', G4), G4]] as const) {
      const e = encodeSudoku(g, p, a);
      expect(str(decodeSudoku(g, e.labels!).cells)).toBe(str(a.cells));
      expect(str(decodeSudoku(g, e.inputs).cells)).toBe(str(p.cells));
    }
  });

  it('turns ids outside the digits into blanks, which verify rejects', () => {
    const ids = encodeSudoku(G9, PUZZLE, SOLUTION).labels![0]!.slice();
    ids[3] = 0; // pad
    ids[4] = 1; // blank
    ids[5] = 11; // beyond the vocabulary
    const answer = decodeSudoku(G9, [ids]);
    expect([answer.cells[3], answer.cells[4], answer.cells[5]]).toEqual([0, 0, 0]);
    const v = verifySudoku(G9, PUZZLE, answer);
    expect(v.ok).toBe(false);
    expect(v.violations.map((x) => x.rule)).toContain('incomplete');
    // Missing rows or short rows do not throw either.
    expect(decodeSudoku(G9, []).cells.every((d) => d === 0)).toBe(true);
    expect(decodeSudoku(G9, [new Int32Array(3).fill(5)]).cells[2]).toBe(4);
  });

  it('does not force givens back: a prediction that changes a given fails verify', () => {
    const ids = encodeSudoku(G9, PUZZLE, SOLUTION).labels![0]!.slice();
    ids[0] = 9 + 1; // the given 5 at r1c1 predicted as 9
    const answer = decodeSudoku(G9, [ids]);
    expect(answer.cells[0]).toBe(9);
    expect(verifySudoku(G9, PUZZLE, answer).violations.map((x) => x.rule)).toContain('given-changed');
  });

  it('marks blank answer cells IGNORE_LABEL_ID and rejects grids of another shape', () => {
    const partial = gridOf('.'.repeat(81));
    expect(encodeSudoku(G9, PUZZLE, partial).labels![0]!.every((x) => x === IGNORE_LABEL_ID)).toBe(true);
    let err: unknown;
    try {
      encodeSudoku(G9, gridOf('.'.repeat(16), G4));
    } catch (e) {
      err = e;
    }
    expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_INPUT');
  });
});
