import { describe, expect, it } from 'vitest';
import { verifySudoku } from '../../../src/plugins/sudoku/verify.js';
import type { SudokuGrid } from '../../../src/symbolic/sudoku/types.js';
import { G4, G6, G9, gridOf } from './helpers.js';

const PUZZLE = gridOf('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
const SOLUTION = gridOf('534678912672195348198342567859761423426853791713924856961537284287419635345286179');

const withCells = (g: SudokuGrid, edit: (c: Uint8Array) => void): SudokuGrid => {
  const cells = Uint8Array.from(g.cells);
  edit(cells);
  return { geometry: g.geometry, cells };
};
const rules = (v: { violations: { rule: string }[] }): string[] => [...new Set(v.violations.map((x) => x.rule))].sort();

describe('verifySudoku', () => {
  it('accepts the solution', () => {
    expect(verifySudoku(G9, PUZZLE, SOLUTION)).toEqual({ ok: true, violations: [] });
  });

  it('swapping two non-given cells of a row breaks columns (and maybe boxes) but not the row', () => {
    // Row 1 (index 0..8): givens at columns 1, 2, 5; swap columns 3 and 4 (both blanks in the puzzle).
    const swapped = withCells(SOLUTION, (c) => ([c[2], c[3]] = [c[3]!, c[2]!]));
    const v = verifySudoku(G9, PUZZLE, swapped);
    expect(v.ok).toBe(false);
    expect(rules(v)).toContain('col-duplicate');
    expect(rules(v)).not.toContain('row-duplicate');
    expect(rules(v)).not.toContain('given-changed');
    const col3 = v.violations.find((x) => x.rule === 'col-duplicate' && x.where?.['col'] === 3)!;
    expect(col3.message).toMatch(/^column 3 has two \d+s \(rows 1 and \d\)$/);
  });

  it('reports a changed given with expected and got', () => {
    // Cell (1,1) holds given 5; swapping it with (1,3) keeps the row valid but changes the given.
    const changed = withCells(SOLUTION, (c) => ([c[0], c[2]] = [c[2]!, c[0]!]));
    const v = verifySudoku(G9, PUZZLE, changed);
    const given = v.violations.filter((x) => x.rule === 'given-changed');
    expect(given).toHaveLength(1);
    expect(given[0]).toMatchObject({ where: { row: 1, col: 1, expected: 5, got: 4 }, message: 'row 1, column 1: the given 5 was changed to 4' });
  });

  it('lists blank cells as incomplete', () => {
    const blank = withCells(SOLUTION, (c) => {
      c[10] = 0;
      c[78] = 0;
    });
    const v = verifySudoku(G9, PUZZLE, blank);
    expect(rules(v)).toEqual(['incomplete']);
    expect(v.violations[0]).toMatchObject({ where: { count: 2, cells: [{ row: 2, col: 2 }, { row: 9, col: 7 }] } });
    expect(v.violations[0]!.message).toBe('2 cells are blank: r2c2, r9c7');
    // A blanked given is both missing and changed.
    const blankGiven = verifySudoku(G9, PUZZLE, withCells(SOLUTION, (c) => (c[80] = 0)));
    expect(rules(blankGiven)).toEqual(['given-changed', 'incomplete']);
    expect(blankGiven.violations.find((x) => x.rule === 'given-changed')!.message).toBe('row 9, column 9: the given 9 was changed to a blank');
  });

  it('finds a duplicate that only a box sees', () => {
    // A 4×4 grid whose rows and columns are permutations but whose top-left box repeats digits.
    const puzzle = gridOf('.'.repeat(16), G4);
    const latin = gridOf('1234' + '2341' + '3412' + '4123', G4);
    const v = verifySudoku(G4, puzzle, latin);
    expect(rules(v)).toEqual(['box-duplicate']);
    const first = v.violations[0]!;
    expect(first.where).toMatchObject({ box: 1, digit: 2, cells: [{ row: 1, col: 2 }, { row: 2, col: 1 }] });
    expect(first.message).toBe('box 1 has two 2s (at r1c2 and r2c1)');
  });

  it('names row duplicates with the columns involved', () => {
    const puzzle = gridOf('.'.repeat(36), G6);
    const v = verifySudoku(G6, puzzle, gridOf('111111' + '222222' + '333333' + '444444' + '555555' + '666666', G6));
    const row1 = v.violations.find((x) => x.rule === 'row-duplicate' && x.where?.['row'] === 1)!;
    expect(row1.message).toBe('row 1 has six 1s (columns 1, 2, 3, 4, 5 and 6)');
    expect(rules(v)).toEqual(['box-duplicate', 'row-duplicate']);
  });

  it('reports a grid of the wrong size as geometry-mismatch, without throwing', () => {
    const small = gridOf('1234341221434321', G4);
    const v = verifySudoku(G9, PUZZLE, small);
    expect(v.ok).toBe(false);
    expect(rules(v)).toEqual(['geometry-mismatch']);
    expect(v.violations[0]!.message).toContain('must be a 9×9 (boxes 3×3) grid of 81 cells, got 4×4 (boxes 2×2) with 16 cells');
    const short = { geometry: G9, cells: SOLUTION.cells.slice(0, 80) };
    expect(rules(verifySudoku(G9, PUZZLE, short))).toEqual(['geometry-mismatch']);
  });

  it('flags values above N instead of throwing', () => {
    const odd = withCells(SOLUTION, (c) => (c[40] = 12));
    const v = verifySudoku(G9, PUZZLE, odd);
    expect(rules(v)).toContain('digit-out-of-range');
    expect(v.violations.find((x) => x.rule === 'digit-out-of-range')!.where).toEqual({ row: 5, col: 5, got: 12 });
  });

  it('rejects an answer that keeps contradictory givens', () => {
    const puzzle = gridOf('11' + '.'.repeat(79));
    const v = verifySudoku(G9, puzzle, gridOf('11' + SOLUTION.cells.slice(2).join('')));
    expect(v.ok).toBe(false);
    expect(rules(v)).toContain('row-duplicate');
  });
});

describe('verify agrees with a brute-force check (the bitmask fast path included)', () => {
  it('on 2,000 mutated solutions of every size', async () => {
    const { createRng } = await import('../../../src/util/rng.js');
    const { sudokuPlugin, sudoku6x6Plugin, sudoku4x4Plugin } = await import('../../../src/plugins/sudoku/index.js');
    const rng = createRng(99);
    let valid = 0;
    for (const p of [sudokuPlugin, sudoku6x6Plugin, sudoku4x4Plugin]) {
      const g = p.tokens.seqLen === 81 ? { n: 9, br: 3, bc: 3 } : p.tokens.seqLen === 36 ? { n: 6, br: 2, bc: 3 } : { n: 4, br: 2, bc: 2 };
      for (let k = 0; k < 670; k++) {
        const ex = p.generate!(rng, {});
        const cells = Uint8Array.from(ex.answer.cells);
        const kind = rng.int(4);
        if (kind === 1) [cells[0], cells[1]] = [cells[1]!, cells[0]!];
        if (kind === 2) cells[rng.int(cells.length)] = rng.int(g.n + 2);
        if (kind === 3) cells[rng.int(cells.length)] = 0;
        const answer = { geometry: ex.answer.geometry, cells };
        let ok = true;
        const unit = (idx: number[]): void => {
          const seen = new Set<number>();
          for (const i of idx) {
            const d = cells[i]!;
            if (d < 1 || d > g.n || seen.has(d)) ok = false;
            seen.add(d);
          }
        };
        for (let r = 0; r < g.n; r++) unit(Array.from({ length: g.n }, (_, c) => r * g.n + c));
        for (let c = 0; c < g.n; c++) unit(Array.from({ length: g.n }, (_, r) => r * g.n + c));
        for (let b = 0; b < g.n; b++) {
          const r0 = Math.floor(b / (g.n / g.bc)) * g.br, c0 = (b % (g.n / g.bc)) * g.bc;
          unit(Array.from({ length: g.n }, (_, j) => (r0 + Math.floor(j / g.bc)) * g.n + c0 + (j % g.bc)));
        }
        ex.puzzle.cells.forEach((v, i) => {
          if (v !== 0 && cells[i] !== v) ok = false;
        });
        const v = p.verify(ex.puzzle, answer);
        expect(v.ok, `${p.name} kind ${kind}`).toBe(ok);
        expect(v.violations.length === 0).toBe(ok);
        if (ok) valid++;
      }
    }
    expect(valid).toBeGreaterThan(400); // both branches exercised
  });
});
