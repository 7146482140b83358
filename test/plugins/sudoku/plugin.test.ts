import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../../../src/sdk/registry.js';
import { createRng } from '../../../src/util/rng.js';
import { isTrmError } from '../../../src/errors.js';
import { createSudokuPlugin, sudoku4x4Plugin, sudoku6x6Plugin, sudokuPlugin } from '../../../src/plugins/sudoku/index.js';
import { str } from './helpers.js';

const plugins = [sudokuPlugin, sudoku6x6Plugin, sudoku4x4Plugin];

describe('Sudoku plugins', () => {
  it('register under sudoku, sudoku-6x6 and sudoku-4x4 and pass the registry checks', () => {
    const reg = new PluginRegistry();
    for (const p of plugins) reg.register(p);
    expect(reg.names()).toEqual(['sudoku', 'sudoku-6x6', 'sudoku-4x4']);
    expect(plugins.map((p) => [p.version, p.sdkVersion])).toEqual(Array(3).fill(['0.1.0', '^0.1.0']));
    expect(plugins.map((p) => p.tokens.seqLen)).toEqual([81, 36, 16]);
  });

  for (const p of plugins) {
    it(`${p.name}: samples are unique puzzles whose symbolic solution verifies and formats back`, () => {
      expect(p.samples!.length).toBeGreaterThanOrEqual(2);
      for (const s of p.samples!) {
        const puzzle = p.parse(s);
        expect(p.formatPuzzle(puzzle)).toBe(s);
        const r = p.solveSymbolic!(puzzle, { limit: 2 });
        expect(r.count).toBe(1);
        const answer = r.solutions[0]!;
        expect(p.verify(puzzle, answer).ok).toBe(true);
        expect(p.verify(puzzle, p.parseAnswer(p.format(answer), puzzle)).ok).toBe(true);
        // The model's path: encode → (perfect prediction) → decode → verify.
        const e = p.encode(puzzle, answer);
        expect(p.verify(puzzle, p.decode(e.labels!, puzzle)).ok).toBe(true);
      }
    });

    it(`${p.name}: the input schema accepts the documented forms and rejects others`, () => {
      const validate = new Ajv({ strict: false }).compile(p.inputSchema!);
      const sample = p.samples![0] as string;
      const grid = p.parse(sample);
      const n = grid.geometry.size;
      const rows = Array.from({ length: n }, (_, r) => Array.from(grid.cells.slice(r * n, (r + 1) * n)));
      expect([validate(sample), validate(rows), validate(rows.flat()), validate(rows.map((r) => r.map((x) => x || null)))]).toEqual([true, true, true, true]);
      expect([validate(sample.slice(1)), validate(42), validate(rows.slice(1)), validate(sample.replace('.', String(n + 1)))]).toEqual([false, false, false, false]);
    });

    it(`${p.name}: generate and augmentations plug together`, () => {
      const rng = createRng(4);
      const ex = p.generate!(rng, { difficulty: 'easy' });
      expect(p.verify(ex.puzzle, ex.answer).ok).toBe(true);
      for (const aug of p.augmentations!) {
        const t = aug.sample(rng);
        expect(p.verify(t.puzzle(ex.puzzle), t.answer(ex.answer)).ok).toBe(true);
        expect(str(t.inverseAnswer(t.answer(ex.answer)).cells)).toBe(str(ex.answer.cells));
      }
    });
  }

  it('solveSymbolic reports count 0 for clashing givens and refuses another geometry', () => {
    expect(sudokuPlugin.solveSymbolic!(sudokuPlugin.parse('99' + '.'.repeat(79)), { limit: 2 })).toMatchObject({ count: 0, complete: true });
    expect(() => sudokuPlugin.solveSymbolic!(sudoku4x4Plugin.parse('.'.repeat(16)))).toThrow(/9×9/);
  });

  it('createSudokuPlugin rejects inconsistent or too large geometries', () => {
    for (const g of [{ size: 9, boxRows: 2, boxCols: 3 }, { size: 10, boxRows: 2, boxCols: 5 }]) {
      let err: unknown;
      try {
        createSudokuPlugin(g, 'sudoku-odd');
      } catch (e) {
        err = e;
      }
      expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_INPUT');
    }
    const p8 = createSudokuPlugin({ size: 8, boxRows: 2, boxCols: 4 }, 'sudoku-8x8');
    expect(p8.tokens).toMatchObject({ seqLen: 64, vocabSize: 10 });
    expect(p8.augmentations!.map((a) => a.name)).not.toContain('transpose');
  });
});
