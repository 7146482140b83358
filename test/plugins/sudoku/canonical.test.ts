import { describe, expect, it } from 'vitest';
import { sampleComposite } from '../../../src/plugins/contract.js';
import { canonicalSudokuCells, sudokuCanonicalKey } from '../../../src/plugins/sudoku/canonical.js';
import { sudokuAugmentations } from '../../../src/plugins/sudoku/augment.js';
import { generateSudoku } from '../../../src/plugins/sudoku/generate.js';
import { sudoku4x4Plugin, sudoku6x6Plugin, sudokuPlugin } from '../../../src/plugins/sudoku/index.js';
import type { SudokuGeometry, SudokuGrid } from '../../../src/plugins/sudoku/geometry.js';
import { createRng, permutation, type Rng } from '../../../src/util/rng.js';
import { G4, G6, G9, gridOf } from './helpers.js';

const perms = (k: number): number[][] =>
  k === 0 ? [[]] : perms(k - 1).flatMap((p) => Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)]));

/** Every line arrangement keeping bands (size `box`) together: src[i] = source line of line i. */
function lineArrangements(n: number, box: number): number[][] {
  const groups = n / box;
  const out: number[][] = [];
  const inner = perms(box);
  const rec = (gi: number, picks: number[][]): void => {
    if (gi === groups) {
      for (const gp of perms(groups)) out.push(Array.from({ length: n }, (_, i) => gp[Math.floor(i / box)]! * box + picks[gp[Math.floor(i / box)]!]![i % box]!));
      return;
    }
    for (const p of inner) rec(gi + 1, [...picks, p]);
  };
  rec(0, []);
  return out;
}

/** The obviously correct canonical form: min over the whole geometric group, digits by first appearance. */
function bruteForceKey(g: SudokuGeometry, p: SudokuGrid): string {
  const n = g.size;
  const bases = [p.cells];
  if (g.boxRows === g.boxCols) bases.push(Uint8Array.from({ length: n * n }, (_, i) => p.cells[(i % n) * n + Math.floor(i / n)]!));
  let best: string | null = null;
  const rows = lineArrangements(n, g.boxRows), cols = lineArrangements(n, g.boxCols);
  for (const b of bases) {
    for (const rs of rows) {
      for (const cs of cols) {
        const map = new Array<number>(n + 1).fill(0);
        let next = 1, s = '';
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < n; c++) {
            const v = b[rs[r]! * n + cs[c]!]!;
            s += v ? (map[v] ||= next++) : 0;
          }
        }
        if (best === null || s < best) best = s;
      }
    }
  }
  return best!;
}

/** A random puzzle with `k` givens placed anywhere (not necessarily valid: the key is purely combinatorial). */
function randomGrid(g: SudokuGeometry, rng: Rng, k: number): SudokuGrid {
  const cells = new Uint8Array(g.size * g.size);
  for (const i of permutation(rng, cells.length).slice(0, k)) cells[i] = 1 + rng.int(g.size);
  return { geometry: g, cells };
}

const PLUGINS = [
  { g: G4, plugin: sudoku4x4Plugin, puzzles: 30 },
  { g: G6, plugin: sudoku6x6Plugin, puzzles: 15 },
  { g: G9, plugin: sudokuPlugin, puzzles: 4 },
];

describe('Sudoku canonical key', () => {
  for (const { g, plugin, puzzles } of PLUGINS) {
    const name = `${g.size}×${g.size}`;
    const rng = createRng(700 + g.size);
    const examples = Array.from({ length: puzzles }, () => generateSudoku(g, rng, g.size === 9 ? { difficulty: 'easy' } : {}));

    it(`${name}: the plugin's canonicalKey is the module's`, () => {
      expect(plugin.canonicalKey!(examples[0]!.puzzle)).toBe(sudokuCanonicalKey(g, examples[0]!.puzzle));
    });

    it(`${name}: invariant under every augmentation the plugin samples (each family and composites, seeded property test)`, () => {
      const augs = plugin.augmentations!;
      for (const ex of examples) {
        const key = plugin.canonicalKey!(ex.puzzle);
        for (const aug of augs) {
          for (let k = 0; k < 3; k++) expect(plugin.canonicalKey!(aug.sample(rng).puzzle(ex.puzzle))).toBe(key);
        }
        for (let k = 0; k < 4; k++) expect(plugin.canonicalKey!(sampleComposite(augs, rng).puzzle(ex.puzzle))).toBe(key);
      }
    });

    it(`${name}: the canonical grid is an equivalent puzzle (same key, same givens, digits numbered by first appearance)`, () => {
      for (const ex of examples.slice(0, 3)) {
        const canon = canonicalSudokuCells(g, ex.puzzle);
        expect(sudokuCanonicalKey(g, { geometry: g, cells: canon })).toBe(sudokuCanonicalKey(g, ex.puzzle));
        expect(canon.filter((d) => d).length).toBe(ex.puzzle.cells.filter((d) => d).length);
        const firsts = [...new Set(canon.filter((d) => d))];
        expect(firsts).toEqual(firsts.map((_, i) => i + 1));
      }
    });
  }

  for (const { g, n } of [{ g: G4, n: 40 }, { g: G6, n: 12 }]) {
    it(`${g.size}×${g.size}: exact — equals the brute-force minimum over the whole group (generated, sparse, random, empty and full grids)`, () => {
      const rng = createRng(900 + g.size);
      const grids: SudokuGrid[] = [{ geometry: g, cells: new Uint8Array(g.size * g.size) }];
      for (let i = 0; i < n; i++) {
        const ex = generateSudoku(g, rng);
        grids.push(ex.puzzle, ex.answer, randomGrid(g, rng, 1 + rng.int(g.size * 2)), randomGrid(g, rng, rng.int(g.size * g.size)));
      }
      for (const p of grids) expect(sudokuCanonicalKey(g, p)).toBe(bruteForceKey(g, p));
    });
  }

  it('4×4: puzzles in different classes get different keys, and the same class the same key', () => {
    const rng = createRng(41);
    const byBrute = new Map<string, string>();
    for (let i = 0; i < 300; i++) {
      const p = generateSudoku(G4, rng).puzzle;
      const brute = bruteForceKey(G4, p);
      const key = sudokuCanonicalKey(G4, p);
      const seen = byBrute.get(brute);
      if (seen !== undefined) expect(key).toBe(seen);
      byBrute.set(brute, key);
    }
    expect(new Set(byBrute.values()).size).toBe(byBrute.size);
    expect(byBrute.size).toBeGreaterThan(5);
  });

  it('non-equivalent puzzles differ (hand-made 9×9 and 6×6 cases)', () => {
    const p = '.....6....59.....82....8....45........3........6..3.54...325..6..................';
    // One more given, one fewer given, and a digit changed so two givens in a row become equal-free (not a relabelling).
    const more = p.slice(0, 80) + '1';
    const fewer = p.replace('6', '.');
    expect(sudokuCanonicalKey(G9, gridOf(more))).not.toBe(sudokuCanonicalKey(G9, gridOf(p)));
    expect(sudokuCanonicalKey(G9, gridOf(fewer))).not.toBe(sudokuCanonicalKey(G9, gridOf(p)));
    // 6×6 has no transpose: a puzzle and its transpose are different classes unless the group maps them anyway.
    const a = gridOf('12....' + '......' + '......' + '......' + '......' + '......', G6);
    const b = gridOf('1.....' + '2.....' + '......' + '......' + '......' + '......', G6);
    expect(sudokuCanonicalKey(G6, a)).not.toBe(sudokuCanonicalKey(G6, b));
    // …while on 4×4 (square boxes) the transpose is an augmentation.
    const a4 = gridOf('12..' + '....' + '....' + '....', G4);
    const b4 = gridOf('1...' + '2...' + '....' + '....', G4);
    expect(sudokuCanonicalKey(G4, a4)).toBe(sudokuCanonicalKey(G4, b4));
    // Two digits in one box vs the same two digits in different boxes of one row.
    const c4 = gridOf('1.2.' + '....' + '....' + '....', G4);
    expect(sudokuCanonicalKey(G4, a4)).not.toBe(sudokuCanonicalKey(G4, c4));
  });

  it('rejects a grid of another geometry', () => {
    expect(() => sudoku4x4Plugin.canonicalKey!(gridOf('1'.repeat(36), G6))).toThrow(/4×4/);
  });

  it('sudokuAugmentations is the group the key is canonical for (transpose only for square boxes)', () => {
    expect(sudokuAugmentations(G6).map((a) => a.name)).not.toContain('transpose');
    expect(sudokuAugmentations(G4).map((a) => a.name)).toContain('transpose');
  });
});
