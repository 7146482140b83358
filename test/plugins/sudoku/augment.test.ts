import { describe, expect, it } from 'vitest';
import { sampleComposite } from '../../../src/plugins/contract.js';
import { createRng } from '../../../src/util/rng.js';
import { sudokuAugmentations, transposeAugmentation } from '../../../src/plugins/sudoku/augment.js';
import { generateSudoku } from '../../../src/plugins/sudoku/generate.js';
import { verifySudoku } from '../../../src/plugins/sudoku/verify.js';
import { solveSudokuBitset } from '../../../src/symbolic/sudoku/general.js';
import { G4, G6, G9, str } from './helpers.js';

describe('Sudoku augmentations', () => {
  for (const g of [G9, G6, G4]) {
    const name = `${g.size}×${g.size}`;
    const rng = createRng(100 + g.size);
    const examples = Array.from({ length: 3 }, () => generateSudoku(g, rng));

    it(`${name}: every family round-trips and keeps puzzle/answer pairs valid`, () => {
      for (const aug of sudokuAugmentations(g)) {
        for (const ex of examples) {
          for (let k = 0; k < 4; k++) {
            const t = aug.sample(rng);
            const p2 = t.puzzle(ex.puzzle), a2 = t.answer(ex.answer);
            expect(str(t.inverseAnswer(a2).cells)).toBe(str(ex.answer.cells));
            expect(verifySudoku(g, p2, a2)).toEqual({ ok: true, violations: [] });
            // The transformed puzzle is still unique, and its solution is the transformed answer.
            const solved = solveSudokuBitset(p2, { limit: 2 });
            expect(solved.count).toBe(1);
            expect(str(solved.solutions[0]!)).toBe(str(a2.cells));
            expect(p2.cells.filter((d) => d !== 0).length).toBe(ex.puzzle.cells.filter((d) => d !== 0).length);
          }
        }
      }
    });

    it(`${name}: composite transforms round-trip and actually move things`, () => {
      const augs = sudokuAugmentations(g);
      const ids = new Set<string>();
      for (const ex of examples) {
        for (let k = 0; k < 5; k++) {
          const t = sampleComposite(augs, rng);
          ids.add(t.id);
          const a2 = t.answer(ex.answer);
          expect(verifySudoku(g, t.puzzle(ex.puzzle), a2).ok).toBe(true);
          expect(str(t.inverseAnswer(a2).cells)).toBe(str(ex.answer.cells));
        }
      }
      expect(ids.size).toBeGreaterThan(10);
      expect([...ids][0]).toMatch(/^digits:\d+\+bands:\d+\+stacks:\d+\+rows:[\d,]+\+cols:[\d,]+/);
    });
  }

  it('offers transpose only for square boxes', () => {
    expect(sudokuAugmentations(G9).map((a) => a.name)).toEqual(['digits', 'bands', 'stacks', 'rows-in-bands', 'cols-in-stacks', 'transpose']);
    expect(sudokuAugmentations(G6).map((a) => a.name)).not.toContain('transpose');
    expect(() => transposeAugmentation(G6)).toThrow(/sideways/);
  });

  it('transpose maps rows to columns and digits relabel consistently', () => {
    const rng = createRng(5);
    const ex = generateSudoku(G9, rng);
    const tr = transposeAugmentation(G9);
    let t = tr.sample(rng);
    while (t.id !== 'transpose') t = tr.sample(rng);
    const a2 = t.answer(ex.answer);
    for (let r = 0; r < 9; r++) for (let c = 0; c < 9; c++) expect(a2.cells[c * 9 + r]).toBe(ex.answer.cells[r * 9 + c]);
    const digits = sudokuAugmentations(G9)[0]!.sample(rng);
    const map = digits.id.split(':')[1]!;
    const relabelled = digits.answer(ex.answer);
    for (let i = 0; i < 81; i++) expect(relabelled.cells[i]).toBe(Number(map[ex.answer.cells[i]! - 1]));
    expect(digits.puzzle(ex.puzzle).cells.filter((d, i) => (d === 0) !== (ex.puzzle.cells[i] === 0))).toHaveLength(0);
  });
});
