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
import { decodeGrid, dihedral, permuteColours } from '../../src/plugins/arc/index.js';
import { fixture } from '../support/fixtures.js';

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

describe('export-dataset: puzzles of several rows', () => {
  it('a puzzle is all rows of one encoded example: puzzle_indices step by the row count, mean_puzzle_examples says it', async () => {
    // A plugin whose encode yields two rows per puzzle (as ARC yields one per test input).
    const twoRows = {
      ...latinSquare,
      name: 'latin-2rows',
      encode(puzzle: number[][], answer?: number[][]) {
        const e = latinSquare.encode(puzzle, answer);
        const rev = (r: Int32Array): Int32Array => Int32Array.from(r).reverse();
        return { inputs: [e.inputs[0]!, rev(e.inputs[0]!)], ...(e.labels ? { labels: [e.labels[0]!, rev(e.labels[0]!)] } : {}), puzzleIdentifiers: [0, 0] };
      },
    };
    const sdk = createSdk({ builtins: false, plugins: [twoRows] });
    const out = path.join(tmp(), 'two');
    const r = await sdk.exportDataset({ task: 'latin-2rows', out, nTrain: 5, nTest: 2, augment: 1 });
    const train = readSplit(out, 'train');
    expect(train.puzzleIdx).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(train.groupIdx).toEqual([0, 2, 4, 6, 8, 10]);
    expect(train.meta).toMatchObject({ total_puzzles: 10, total_groups: 5, mean_puzzle_examples: 2 });
    expect(r.train.rows).toBe(20);
    // Row 2k+1 is row 2k reversed: the rows of a puzzle stay together and in order.
    const S = 25;
    for (let p = 0; p < 10; p++) {
      const a = [...train.inputs.data.subarray(2 * p * S, (2 * p + 1) * S)];
      const b = [...train.inputs.data.subarray((2 * p + 1) * S, (2 * p + 2) * S)];
      expect(b).toEqual(a.reverse());
    }
  });
});

describe('export-dataset arc: the reference build_arc_dataset.py layout', () => {
  /** A small Kaggle folder: 3 training tasks (with solutions) and 2 ConceptARC tasks (3 test pairs each). */
  function kaggleDir(): string {
    const dir = tmp();
    const read = (f: string): Record<string, unknown> => JSON.parse(fs.readFileSync(fixture('data', 'arc', f), 'utf8')) as Record<string, unknown>;
    const pick = (o: Record<string, unknown>, ids: string[]): Record<string, unknown> => Object.fromEntries(ids.map((id) => [id, o[id]]));
    const tr = ['007bbfb7', '00d62c1b', '017c7c7b'];
    const co = ['ExtractObjects10', 'ExtractObjects7'];
    fs.writeFileSync(path.join(dir, 'arc-agi_training_challenges.json'), JSON.stringify(pick(read('arc-agi_training_challenges.json'), tr)));
    fs.writeFileSync(path.join(dir, 'arc-agi_training_solutions.json'), JSON.stringify(pick(read('arc-agi_training_solutions.json'), tr)));
    fs.writeFileSync(path.join(dir, 'arc-agi_concept_challenges.json'), JSON.stringify(pick(read('arc-agi_concept_challenges.json'), co)));
    fs.writeFileSync(path.join(dir, 'arc-agi_concept_solutions.json'), JSON.stringify(pick(read('arc-agi_concept_solutions.json'), co)));
    return dir;
  }
  const grid = (data: ArrayLike<number>, row: number): number[][] => decodeGrid(Array.from(data).slice(row * 900, (row + 1) * 900));

  it('one puzzle per augmented task, its own identifier, named as the reference names it; test tasks decode back', async () => {
    const dir = kaggleDir();
    const out = path.join(tmp(), 'arc');
    const sdk = createSdk();
    const r = await sdk.exportDataset({ task: 'arc', out, from: dir, subsets: ['training', 'concept'], testSubset: 'concept', augment: 4, seed: 1 });
    expect(r.arc).toMatchObject({ tasks: 5, subsets: ['training', 'concept'], testSubset: 'concept' });
    const names = JSON.parse(fs.readFileSync(path.join(out, 'identifiers.json'), 'utf8')) as string[];
    expect(names[0]).toBe('<blank>');
    expect(names.length).toBe(r.arc!.identifiers);
    expect(names.slice(1).every((n) => /^[\w]+(\|\|\|t[0-7]\|\|\|0[1-9]{9})?$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(names.length);

    const train = readSplit(out, 'train');
    const test = readSplit(out, 'test');
    expect(train.meta).toMatchObject({ seq_len: 900, vocab_size: 12, pad_id: 0, ignore_label_id: 0, num_puzzle_identifiers: names.length, total_groups: 5 });
    expect(test.meta).toMatchObject({ num_puzzle_identifiers: names.length, total_groups: 2 });
    // Every puzzle has its own identifier; the test split reuses the train split's identifiers of the same tasks.
    expect(new Set(train.ids).size).toBe(train.ids.length);
    expect(train.ids.every((id) => id >= 1 && id < names.length)).toBe(true);
    for (const id of test.ids) expect(train.ids).toContain(id);
    // Groups: a task and up to 4 distinct augmented copies.
    for (let g = 0; g < 5; g++) expect(train.groupIdx[g + 1]! - train.groupIdx[g]!).toBeLessThanOrEqual(5);

    // The test split (no translation): each puzzle's rows are its task's test pairs under the transform its name says.
    const tasks = JSON.parse(fs.readFileSync(path.join(out, 'test_puzzles.json'), 'utf8')) as Record<string, { test: { input: number[][]; output: number[][] }[] }>;
    expect(Object.keys(tasks).sort()).toEqual(['ExtractObjects10', 'ExtractObjects7']);
    let checked = 0;
    for (let p = 0; p < test.ids.length; p++) {
      const [task, t, colours] = names[test.ids[p]!]!.split('|||');
      const map = (g: number[][]): number[][] => (t === undefined ? g : dihedral(permuteColours(g, [...colours!].map(Number)), Number(t!.slice(1))));
      tasks[task!]!.test.forEach((pair, k) => {
        const row = test.puzzleIdx[p]! + k;
        expect(grid(test.inputs.data, row)).toEqual(map(pair.input));
        expect(grid(test.labels.data, row)).toEqual(map(pair.output));
        checked++;
      });
      expect(test.puzzleIdx[p + 1]! - test.puzzleIdx[p]!).toBe(3);
    }
    expect(checked).toBe(test.inputs.shape[0]);
    // The train split holds every demonstration pair, and the test pairs of the non-test subset.
    const kaggle = (f: string): Record<string, { train: unknown[]; test: unknown[] }> => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, { train: unknown[]; test: unknown[] }>;
    const perTask = [
      ...Object.values(kaggle('arc-agi_training_challenges.json')).map((t) => t.train.length + t.test.length),
      ...Object.values(kaggle('arc-agi_concept_challenges.json')).map((t) => t.train.length),
    ];
    let expectRows = 0;
    for (let g = 0; g < 5; g++) expectRows += perTask[g]! * (train.groupIdx[g + 1]! - train.groupIdx[g]!);
    expect(train.inputs.shape[0]).toBe(expectRows);
  });

  it('refuses overlapping subsets (leakage), a missing folder, and --n-train', async () => {
    const sdk = createSdk();
    const dir = kaggleDir();
    fs.copyFileSync(path.join(dir, 'arc-agi_training_challenges.json'), path.join(dir, 'arc-agi_evaluation_challenges.json'));
    await expect(sdk.exportDataset({ task: 'arc', out: path.join(tmp(), 'x'), from: dir, subsets: ['training', 'evaluation'] })).rejects.toThrow(/share 3 task id\(s\).*leaks/);
    await expect(sdk.exportDataset({ task: 'arc', out: path.join(tmp(), 'x') })).rejects.toThrow(/pass their folder with --from/);
    await expect(sdk.exportDataset({ task: 'arc', out: path.join(tmp(), 'x'), from: dir, nTrain: 3 })).rejects.toThrow(/whole subsets/);
    await expect(sdk.exportDataset({ task: 'arc', out: path.join(tmp(), 'x'), from: dir, subsets: ['training'], testSubset: 'concept' })).rejects.toThrow(/test subset "concept" is not among/);
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
