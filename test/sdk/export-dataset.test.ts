/**
 * export-dataset in Node: the files read back with our own .npy reader describe a dataset the
 * reference's PuzzleDataset can sample (indices monotone and covering every row), every label row
 * is a verified answer, the test set is drawn first and nothing equivalent to it is trained on;
 * and bad requests get a clear TRM_ERR_*. (That the files load in the reference's own Python
 * loader was checked by hand: docs/train-at-scale.md, "What was run here".)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latinSquare } from '../../examples/latin-square.js';
import { TrmError } from '../../src/errors.js';
import type { AnyTaskPlugin } from '../../src/plugins/contract.js';
import { createSdk } from '../../src/sdk/sdk.js';
import type { ExportDatasetResult } from '../../src/sdk/export-dataset.js';
import { readNpy } from '../../src/util/npy.js';
import { createRng } from '../../src/util/rng.js';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trm-export-'));
const CELL = '# SGo';

/** The puzzle (in the task's text form) an input row encodes, for the built-in grid tasks and latin-square. */
function puzzleText(task: string, row: ArrayLike<number>): unknown {
  const ids = Array.from(row);
  if (task.startsWith('sudoku')) return ids.map((id) => (id === 1 ? '.' : String(id - 1))).join('');
  if (task.startsWith('maze')) {
    const n = Math.sqrt(ids.length);
    return Array.from({ length: n }, (_, r) => ids.slice(r * n, (r + 1) * n).map((id) => CELL[id - 1]).join(''));
  }
  return Array.from({ length: 5 }, (_, r) => ids.slice(r * 5, (r + 1) * 5).map((id) => id - 1));
}

interface Split {
  inputs: ReturnType<typeof readNpy>;
  labels: ReturnType<typeof readNpy>;
  ids: number[];
  puzzleIdx: number[];
  groupIdx: number[];
  meta: Record<string, unknown>;
}

function readSplit(dir: string, split: string): Split {
  const f = (n: string): string => path.join(dir, split, `all__${n}.npy`);
  return {
    inputs: readNpy(f('inputs')),
    labels: readNpy(f('labels')),
    ids: [...readNpy(f('puzzle_identifiers')).data],
    puzzleIdx: [...readNpy(f('puzzle_indices')).data],
    groupIdx: [...readNpy(f('group_indices')).data],
    meta: JSON.parse(fs.readFileSync(path.join(dir, split, 'dataset.json'), 'utf8')) as Record<string, unknown>,
  };
}

/** Every structural property the reference's sampler relies on, and every label row verified. */
function checkSplit(plugin: AnyTaskPlugin, s: Split): { puzzles: unknown[]; groups: number[][] } {
  const S = plugin.tokens.seqLen;
  const rows = s.inputs.shape[0]!;
  expect(s.inputs.shape).toEqual([rows, S]);
  expect(s.labels.shape).toEqual([rows, S]);
  expect(s.inputs.dtype).toBe('uint8');
  // puzzle_indices: starts at 0, strictly increasing (every puzzle has a row), ends at the row count.
  expect(s.puzzleIdx[0]).toBe(0);
  expect(s.puzzleIdx.at(-1)).toBe(rows);
  for (let i = 1; i < s.puzzleIdx.length; i++) expect(s.puzzleIdx[i]!).toBeGreaterThan(s.puzzleIdx[i - 1]!);
  const puzzles = s.puzzleIdx.length - 1;
  expect(s.ids.length).toBe(puzzles);
  // group_indices: starts at 0, strictly increasing, ends at the puzzle count.
  expect(s.groupIdx[0]).toBe(0);
  expect(s.groupIdx.at(-1)).toBe(puzzles);
  for (let i = 1; i < s.groupIdx.length; i++) expect(s.groupIdx[i]!).toBeGreaterThan(s.groupIdx[i - 1]!);
  expect(s.meta).toEqual({
    pad_id: plugin.tokens.padId,
    ignore_label_id: plugin.tokens.padId,
    blank_identifier_id: 0,
    vocab_size: plugin.tokens.vocabSize,
    seq_len: S,
    num_puzzle_identifiers: plugin.tokens.numPuzzleIdentifiers,
    total_groups: s.groupIdx.length - 1,
    mean_puzzle_examples: rows / puzzles,
    total_puzzles: puzzles,
    sets: ['all'],
  });
  const parsed: unknown[] = [];
  for (let r = 0; r < rows; r++) {
    const input = Int32Array.from(s.inputs.data.subarray(r * S, (r + 1) * S));
    const label = Int32Array.from(s.labels.data.subarray(r * S, (r + 1) * S));
    const puzzle = plugin.parse(puzzleText(plugin.name, input));
    expect(plugin.encode(puzzle).inputs[0]).toEqual(input); // the row is the puzzle's own encoding
    const answer = plugin.decode([label], puzzle);
    expect(plugin.verify(puzzle, answer), `row ${r}`).toMatchObject({ ok: true });
    parsed.push(puzzle);
  }
  const groups = s.groupIdx.slice(1).map((end, g) => Array.from({ length: end - s.groupIdx[g]! }, (_, k) => s.groupIdx[g]! + k));
  return { puzzles: parsed, groups };
}

describe('export-dataset: 4×4 Sudoku round trip', () => {
  const sdk = createSdk();
  const plugin = sdk.plugin('sudoku-4x4');
  const out = path.join(tmp(), 'data');
  let r: ExportDatasetResult;

  it('writes the reference layout, every label row verifies, indices consistent, no test class in train', async () => {
    r = await sdk.exportDataset({ task: 'sudoku-4x4', out, nTrain: 40, nTest: 5, augment: 3, seed: 2 });
    expect(fs.readdirSync(out).sort()).toEqual(['identifiers.json', 'test', 'train', 'trm-sdk-export.json']);
    expect(fs.readdirSync(path.join(out, 'train')).sort()).toEqual(
      ['all__group_indices.npy', 'all__inputs.npy', 'all__labels.npy', 'all__puzzle_identifiers.npy', 'all__puzzle_indices.npy', 'dataset.json'],
    );
    expect(JSON.parse(fs.readFileSync(path.join(out, 'identifiers.json'), 'utf8'))).toEqual(['<blank>']);

    const train = readSplit(out, 'train');
    const test = readSplit(out, 'test');
    const tr = checkSplit(plugin, train);
    const te = checkSplit(plugin, test);
    expect(train.groupIdx.length - 1).toBe(40);
    expect(tr.puzzles.length).toBe(40 * 4); // each original and 3 augmented copies
    expect(test.groupIdx).toEqual([0, 1, 2, 3, 4, 5]); // one group per test puzzle, not augmented
    expect(r.train).toMatchObject({ rows: 160, puzzles: 160, groups: 40 });

    // A group is one original and its augmentations: one canonical class per group.
    const key = (p: unknown): string => plugin.canonicalKey!(p);
    for (const g of tr.groups) expect(new Set(g.map((i) => key(tr.puzzles[i]))).size).toBe(1);
    // No training puzzle is equivalent (up to the augmentations) to a test puzzle.
    const testKeys = new Set(te.puzzles.map(key));
    expect(testKeys.size).toBeGreaterThan(1);
    for (const p of tr.puzzles) expect(testKeys.has(key(p))).toBe(false);
    // 4×4 Sudoku has few classes, so some generated originals were equivalent to test puzzles and skipped.
    expect(r.skippedEquivalent).toBeGreaterThan(0);
  });

  it('is reproducible from its seed', async () => {
    const again = path.join(tmp(), 'again');
    await sdk.exportDataset({ task: 'sudoku-4x4', out: again, nTrain: 40, nTest: 5, augment: 3, seed: 2 });
    for (const f of ['train/all__inputs.npy', 'train/all__labels.npy', 'test/all__inputs.npy', 'train/all__group_indices.npy']) {
      expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
    }
  });
});

describe('export-dataset: other tasks', () => {
  it('maze-11x11 and 9×9 Sudoku: verified labels, reference layout', async () => {
    const sdk = createSdk();
    for (const task of ['maze-11x11', 'sudoku']) {
      const out = path.join(tmp(), task);
      const r = await sdk.exportDataset({ task, out, nTrain: 6, nTest: 3, augment: 2, seed: 5 });
      const train = checkSplit(sdk.plugin(task), readSplit(out, 'train'));
      checkSplit(sdk.plugin(task), readSplit(out, 'test'));
      expect(train.puzzles.length).toBe(18);
      expect(r.train.metadata.seq_len).toBe(task === 'sudoku' ? 81 : 121);
    }
  });

  it("a user plugin (the README's latin-square): generator, and a --from file when it has none", async () => {
    const sdk = createSdk({ builtins: false, plugins: [latinSquare] });
    const out = path.join(tmp(), 'latin');
    const r = await sdk.exportDataset({ task: 'latin-square', out, nTrain: 20, nTest: 4, augment: 1 });
    checkSplit(latinSquare, readSplit(out, 'train'));
    expect(r.train.groups).toBe(20);

    // Without a generator: a file of examples (the first nTest are the test set).
    const { generate: _g, ...noGen } = latinSquare;
    const nogen = { ...noGen, name: 'latin-nogen' };
    const rng = createRng(9);
    const file = path.join(tmp(), 'latin.jsonl');
    const examples = Array.from({ length: 12 }, () => latinSquare.generate!(rng));
    fs.writeFileSync(file, examples.map((ex) => JSON.stringify({ puzzle: ex.puzzle, answer: ex.answer })).join('\n') + '\n');
    const sdk2 = createSdk({ builtins: false, plugins: [nogen] });
    const out2 = path.join(tmp(), 'nogen');
    const r2 = await sdk2.exportDataset({ task: 'latin-nogen', out: out2, from: file, nTest: 2 });
    expect(r2.test.rows).toBe(2);
    expect(r2.train.rows).toBe(10);
    const test = readSplit(out2, 'test');
    expect([...test.inputs.data.subarray(0, 25)]).toEqual(examples[0]!.puzzle.flat().map((v) => v + 1));
  });
});

describe('export-dataset: bad input', () => {
  const sdk = createSdk();
  const codeOf = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(TrmError);
      return `${(e as TrmError).code}: ${(e as TrmError).message}`;
    }
    return 'no error';
  };

  it('an unknown task', async () => {
    expect(await codeOf(sdk.exportDataset({ task: 'nope', out: path.join(tmp(), 'x') }))).toMatch(/^TRM_ERR_UNKNOWN_TASK/);
  });

  it('a plugin without a generator and no file', async () => {
    const { generate: _g, ...noGen } = latinSquare;
    const s = createSdk({ builtins: false, plugins: [{ ...noGen, name: 'latin-nogen' }] });
    expect(await codeOf(s.exportDataset({ task: 'latin-nogen', out: path.join(tmp(), 'x') }))).toMatch(/^TRM_ERR_NO_GENERATOR: .*--from/);
  });

  it('an --out that is not empty, unless force (which replaces only the export files)', async () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    expect(await codeOf(sdk.exportDataset({ task: 'sudoku-4x4', out, nTrain: 5, nTest: 2 }))).toMatch(/^TRM_ERR_INVALID_OPTIONS: --out .* is not empty \(notes\.txt\).*--force/);
    await sdk.exportDataset({ task: 'sudoku-4x4', out, nTrain: 5, nTest: 2, force: true });
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readNpy(path.join(out, 'train', 'all__inputs.npy')).shape).toEqual([5, 16]);
  });

  it('--n-train 0 and other counts out of range', async () => {
    expect(await codeOf(sdk.exportDataset({ task: 'sudoku-4x4', out: path.join(tmp(), 'x'), nTrain: 0 }))).toMatch(/^TRM_ERR_INVALID_OPTIONS: nTrain must be an integer in \[1,/);
    expect(await codeOf(sdk.exportDataset({ task: 'sudoku-4x4', out: path.join(tmp(), 'x'), nTest: -1 }))).toMatch(/^TRM_ERR_INVALID_OPTIONS: nTest/);
    expect(await codeOf(sdk.exportDataset({ task: 'sudoku-4x4', out: path.join(tmp(), 'x'), augment: 1.5 }))).toMatch(/^TRM_ERR_INVALID_OPTIONS: augment/);
  });

  it('a test set covering every class leaves nothing to train on: a clear error, and no half-written folder', async () => {
    const parent = tmp();
    const out = path.join(parent, 'all-classes');
    expect(await codeOf(sdk.exportDataset({ task: 'sudoku-4x4', out, nTrain: 5, nTest: 400 }))).toMatch(/^TRM_ERR_INVALID_OPTIONS: could not draw training examples outside the test set.*smaller --n-test/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('a --from file with a bad line or a wrong answer names the line', async () => {
    const file = path.join(tmp(), 'bad.jsonl');
    fs.writeFileSync(file, `{"puzzle":"1.3..........4.2","answer":"1234341221434321"}\nnot json\n`);
    expect(await codeOf(sdk.exportDataset({ task: 'sudoku-4x4', out: path.join(tmp(), 'x'), from: file, nTest: 1 }))).toMatch(/^TRM_ERR_INVALID_INPUT: .*bad\.jsonl line 1: .*(does not verify|given)/);
    fs.writeFileSync(file, `{"puzzle":"1.3..........4.2","answer":"1234432121433412"}\n{"puzzle":[1]}\n`);
    expect(await codeOf(sdk.exportDataset({ task: 'sudoku-4x4', out: path.join(tmp(), 'x'), from: file, nTest: 1 }))).toMatch(/^TRM_ERR_INVALID_INPUT: .*bad\.jsonl line 2: expected an object with "puzzle" and "answer"/);
  });

  it('--augment on a task without augmentations', async () => {
    const { augmentations: _a, ...noAug } = latinSquare;
    const s = createSdk({ builtins: false, plugins: [{ ...noAug, name: 'latin-noaug' }] });
    expect(await codeOf(s.exportDataset({ task: 'latin-noaug', out: path.join(tmp(), 'x'), augment: 2 }))).toMatch(/^TRM_ERR_INVALID_OPTIONS: task "latin-noaug" has no augmentations/);
  });
});
