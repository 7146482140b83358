/**
 * Held-out exclusion in the training stream: with a plugin that has canonicalKey, no training row
 * is equivalent (up to the plugin's augmentations) to a held-out puzzle; without one, only exact
 * copies are skipped (the old behaviour, which let augmented copies through).
 */
import { describe, expect, it } from 'vitest';
import type { AnyTaskPlugin } from '../../src/plugins/contract.js';
import { sudoku4x4Plugin } from '../../src/plugins/sudoku/index.js';
import { maze11Plugin } from '../../src/plugins/maze/index.js';
import { ExampleSource, heldOutExclusion, heldOutSet, rowKey } from '../../src/sdk/train-data.js';
import { createRng } from '../../src/util/rng.js';

/** The 4×4 plugin without canonicalKey: exclusion falls back to exact input rows. */
const { canonicalKey: _drop, ...withoutKey } = sudoku4x4Plugin;
const exactOnly4x4 = withoutKey as AnyTaskPlugin;

function mazeOfRow(row: Int32Array, side: number) {
  return { rows: side, cols: side, cells: Uint8Array.from(row, (id) => id - 1) };
}

describe('training stream vs the held-out set', () => {
  it('4×4 Sudoku: no training row has a held-out canonical key; without canonicalKey many do', () => {
    const held = heldOutSet(sudoku4x4Plugin, createRng(1 ^ 0x5eed), 40, { difficulty: 'any' });
    expect(held.canonicalKeys?.size).toBeGreaterThan(0);
    const keyOfRow = (row: Int32Array): string => sudoku4x4Plugin.canonicalKey!(sudoku4x4Plugin.decode([row], undefined as never));

    const source = new ExampleSource(sudoku4x4Plugin, createRng(1), { generate: { difficulty: 'any' }, ...heldOutExclusion(held) });
    const rows = source.take(1500);
    expect(rows).toHaveLength(1500);
    for (const r of rows) expect(held.canonicalKeys!.has(keyOfRow(r.inputs))).toBe(false);
    expect(source.skipped).toBeGreaterThan(0);

    // The old exclusion (exact rows only) lets equivalent puzzles through: that is what the audit found.
    const exact = new ExampleSource(exactOnly4x4, createRng(1), { generate: { difficulty: 'any' }, ...heldOutExclusion(heldOutSet(exactOnly4x4, createRng(1 ^ 0x5eed), 40, { difficulty: 'any' })) });
    const leaked = exact.take(1500).filter((r) => held.canonicalKeys!.has(keyOfRow(r.inputs)));
    expect(leaked.length).toBeGreaterThan(0);
    // …but never an exact copy.
    for (const r of leaked) expect(held.keys.has(rowKey(r.inputs))).toBe(false);
  });

  it('fixed data: held-out examples from the data are excluded from training up to symmetry', () => {
    const rng = createRng(3);
    const data = Array.from({ length: 60 }, () => sudoku4x4Plugin.generate!(rng, {}));
    const held = heldOutSet(sudoku4x4Plugin, rng, 10, {}, data.slice(0, 10));
    const source = new ExampleSource(sudoku4x4Plugin, createRng(4), { data: [...data.slice(10), ...data.slice(0, 10)], ...heldOutExclusion(held) });
    for (const r of source.take(300)) {
      expect(held.canonicalKeys!.has(sudoku4x4Plugin.canonicalKey!(sudoku4x4Plugin.decode([r.inputs], undefined as never)))).toBe(false);
    }
  });

  it('11×11 maze: the stream never yields a dihedral copy of a held-out maze', () => {
    const held = heldOutSet(maze11Plugin, createRng(9), 20, { uniquePath: true });
    // Train on the held-out mazes themselves (augmented) plus a few others: every held-out one must be skipped.
    const rng = createRng(10);
    const others = Array.from({ length: 5 }, () => maze11Plugin.generate(rng, { uniquePath: true }));
    const source = new ExampleSource(maze11Plugin, createRng(11), { data: [...held.examples, ...others], ...heldOutExclusion(held) });
    const rows = source.take(100);
    for (const r of rows) {
      expect(r.inputs.includes(0)).toBe(false); // generated mazes fill the 11×11 canvas, so the row is the whole maze
      expect(held.canonicalKeys!.has(maze11Plugin.canonicalKey(mazeOfRow(r.inputs, 11)))).toBe(false);
    }
    expect(source.skipped).toBeGreaterThan(0);
  });

  it('a plugin without canonicalKey gets no canonical keys (exact exclusion only)', () => {
    const held = heldOutSet(exactOnly4x4, createRng(2), 5, {});
    expect(held.canonicalKeys).toBeUndefined();
    expect(heldOutExclusion(held)).toEqual({ exclude: held.keys });
  });
});

describe('a held-out set that covers every class', () => {
  it('4×4 Sudoku with 1,000 held-out puzzles (all 36 classes the generator makes): training cannot draw, and says why', () => {
    const held = heldOutSet(sudoku4x4Plugin, createRng(1 ^ 0x5eed), 1000, { difficulty: 'any' });
    expect(held.canonicalKeys!.size).toBe(36);
    const source = new ExampleSource(sudoku4x4Plugin, createRng(1), { generate: { difficulty: 'any' }, ...heldOutExclusion(held) });
    expect(() => source.take(2)).toThrow(/equivalent .* to held-out puzzles/);
  });
});
