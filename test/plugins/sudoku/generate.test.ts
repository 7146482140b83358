import { describe, expect, it } from 'vitest';
import { isTrmError } from '../../../src/errors.js';
import { createRng } from '../../../src/util/rng.js';
import { HARD_THRESHOLD, difficultyDistance, generateSudoku, rateSudoku } from '../../../src/plugins/sudoku/generate.js';
import { verifySudoku } from '../../../src/plugins/sudoku/verify.js';
import { solveSudokuBitset } from '../../../src/symbolic/sudoku/general.js';
import { G4, G6, G9, gridOf, str } from './helpers.js';

describe('generateSudoku', () => {
  for (const g of [G9, G6, G4]) {
    it(`${g.size}×${g.size}: puzzles are unique and minimal, answers verify`, () => {
      const rng = createRng(200 + g.size);
      for (let k = 0; k < 4; k++) {
        const ex = generateSudoku(g, rng, { difficulty: 'any' });
        expect(verifySudoku(g, ex.puzzle, ex.answer)).toEqual({ ok: true, violations: [] });
        const solved = solveSudokuBitset(ex.puzzle, { limit: 2 });
        expect(solved.count).toBe(1);
        expect(str(solved.solutions[0]!)).toBe(str(ex.answer.cells));
        // Minimal: removing any single clue makes it ambiguous.
        const clues = [...ex.puzzle.cells.keys()].filter((i) => ex.puzzle.cells[i] !== 0);
        for (const i of clues.slice(0, 6)) {
          const cells = Uint8Array.from(ex.puzzle.cells);
          cells[i] = 0;
          expect(solveSudokuBitset({ geometry: g, cells }, { limit: 2 }).count).toBe(2);
        }
        expect(ex.difficulty).toBe(rateSudoku(ex.puzzle));
      }
    });
  }

  it('9×9: hard puzzles rate above the threshold and above every easy one', () => {
    const rng = createRng(77);
    const easy = Array.from({ length: 4 }, () => generateSudoku(G9, rng, { difficulty: 'easy' }).difficulty);
    const medium = Array.from({ length: 3 }, () => generateSudoku(G9, rng, { difficulty: 'medium' }).difficulty);
    const hard = Array.from({ length: 4 }, () => generateSudoku(G9, rng, { difficulty: 'hard' }).difficulty);
    expect(easy.every((r) => r === 0)).toBe(true);
    expect(medium.every((r) => r > 0 && r <= HARD_THRESHOLD)).toBe(true);
    expect(Math.min(...hard)).toBeGreaterThan(HARD_THRESHOLD);
    expect(Math.min(...hard)).toBeGreaterThan(Math.max(...easy, ...medium));
  });

  it('is deterministic for a seed', () => {
    const a = generateSudoku(G9, createRng(9), { difficulty: 'medium' });
    const b = generateSudoku(G9, createRng(9), { difficulty: 'medium' });
    expect(str(a.puzzle.cells)).toBe(str(b.puzzle.cells));
    expect(a.difficulty).toBe(b.difficulty);
  });

  it('returns the closest puzzle when a band is out of reach (4×4 hard)', () => {
    const ex = generateSudoku(G4, createRng(1), { difficulty: 'hard' });
    expect(verifySudoku(G4, ex.puzzle, ex.answer).ok).toBe(true);
    expect(solveSudokuBitset(ex.puzzle, { limit: 2 }).count).toBe(1);
  });

  it('rejects an unknown difficulty with TRM_ERR_INVALID_OPTIONS', () => {
    let err: unknown;
    try {
      generateSudoku(G9, createRng(1), { difficulty: 'extreme' });
    } catch (e) {
      err = e;
    }
    expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_OPTIONS');
  });
});

describe('rateSudoku and difficultyDistance', () => {
  it('rates a singles-only puzzle 0 and a notoriously hard one well above the threshold', () => {
    expect(rateSudoku(gridOf('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79'))).toBe(0);
    expect(rateSudoku(gridOf('8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..'))).toBeGreaterThan(HARD_THRESHOLD);
  });

  it('is 0 exactly inside each band', () => {
    expect([0, 1, HARD_THRESHOLD + 1].map((r) => difficultyDistance(r, 'easy') === 0)).toEqual([true, false, false]);
    expect([0, 1, HARD_THRESHOLD + 1].map((r) => difficultyDistance(r, 'medium') === 0)).toEqual([false, true, false]);
    expect([0, HARD_THRESHOLD, HARD_THRESHOLD + 1].map((r) => difficultyDistance(r, 'hard') === 0)).toEqual([false, false, true]);
    expect(difficultyDistance(42, 'any')).toBe(0);
  });
});
