/**
 * ARC in the reference's own dataset layout — what TinyRecursiveModels' `dataset/build_arc_dataset.py`
 * writes — from the Kaggle JSON files (`<dir>/arc-agi_<subset>_challenges.json`, and
 * `_solutions.json` where present), so `export-dataset arc` feeds `pretrain.py` the way the paper's
 * ARC runs were fed. ARC needs its own path: the plugin contract encodes a task as its test inputs,
 * while the reference trains on every demonstration pair, one puzzle identifier per augmented task.
 *
 * As the reference builds it:
 * - a *puzzle* is one (augmented) task: its demonstration pairs, plus its test pairs unless its
 *   subset is the test subset, as rows of the train split; the test subset's test pairs are the
 *   test split (dummy `[[0]]` outputs when no solutions file exists, as the reference fills them);
 * - a *group* is a task and up to `augment` augmented copies — a random dihedral transform (0–7) and
 *   a permutation of colours 1–9 (0 stays) applied to every grid — drawn until distinct (at most
 *   5 × augment tries), named `<task>|||t<k>|||<colour map>`; the same copies go to both splits;
 * - every puzzle has its own identifier (1, 2, … in order; 0 is `<blank>`), listed in
 *   `identifiers.json`; `solve arc --puzzle-ids identifiers.json` maps a task id back to its row;
 * - rows are the 30×30 canvas (pad 0, end-of-grid 1, colour c → c + 2); in the train split each
 *   pair but one random pair per puzzle is placed at a random offset (input and output together);
 * - `test_puzzles.json` holds the test subset's tasks, which the reference's ARC evaluator reads.
 * Differences: our random numbers are not numpy's (same distributions, other draws), and a task id
 * in two subsets is refused rather than merged (it means train/test leakage, e.g. training2 holds
 * most ARC-AGI-1 evaluation tasks).
 *
 * Memory: one task's group at a time (its grids, ≤ augment + 1 copies); rows stream to disk,
 * identifier names and test puzzles are written as they come.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError, invalidOptions } from '../errors.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';
import { loadArcDataset, overlappingIds, ARC_SPLITS, type ArcDatasetEntry, type ArcSplit } from '../plugins/arc/loader.js';
import type { Grid } from '../plugins/arc/index.js';
import { dihedral, permuteColours } from '../plugins/arc/augment.js';
import { createRng, permutation, type Rng } from '../util/rng.js';
import { SplitWriter, type EncodedPuzzle, type ProgressFn, type SplitSummary } from './dataset-writer.js';

const SIDE = 30;
const PAD = 0;
const EOS = 1;
const COLOUR = 2;
const SEPARATOR = '|||';
/** The reference's ARCAugmentRetriesFactor. */
const RETRIES = 5;

export interface ArcExportOptions {
  /** The folder of Kaggle JSON files. */
  dir: string;
  /** Subsets to read (default training, evaluation, concept — the paper's ARC-AGI-1 set). */
  subsets?: string[];
  /** The subset whose test pairs form the test split (default evaluation). */
  testSubset?: string;
  augment: number;
  seed: number;
  onProgress?: ProgressFn;
}

export interface ArcExportSummary {
  train: SplitSummary;
  test: SplitSummary;
  tasks: number;
  identifiers: number;
  subsets: string[];
  testSubset: string;
}

interface Pair {
  input: Grid;
  output: Grid;
}

interface Member {
  name: string;
  train: Pair[];
  test: Pair[];
}

/** The reference's `np_grid_to_seq_translational_augment` for one grid at offset (r0, c0). */
function canvas(grid: Grid, r0: number, c0: number): Int32Array {
  const out = new Int32Array(SIDE * SIDE).fill(PAD);
  const h = grid.length, w = grid[0]!.length;
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[(r0 + r) * SIDE + c0 + c] = grid[r]![c]! + COLOUR;
  const eosRow = r0 + h, eosCol = c0 + w;
  if (eosRow < SIDE) for (let c = c0; c < eosCol; c++) out[eosRow * SIDE + c] = EOS;
  if (eosCol < SIDE) for (let r = r0; r < eosRow; r++) out[r * SIDE + eosCol] = EOS;
  return out;
}

/** One puzzle's rows: each pair on the canvas, translated (train) except one random pair. */
function encodePuzzle(pairs: readonly Pair[], identifier: number, translate: boolean, rng: Rng): EncodedPuzzle {
  const keep = rng.int(pairs.length);
  const inputs: Int32Array[] = [];
  const labels: Int32Array[] = [];
  pairs.forEach((p, i) => {
    let r0 = 0, c0 = 0;
    if (translate && i !== keep) {
      r0 = rng.int(SIDE - Math.max(p.input.length, p.output.length) + 1);
      c0 = rng.int(SIDE - Math.max(p.input[0]!.length, p.output[0]!.length) + 1);
    }
    inputs.push(canvas(p.input, r0, c0));
    labels.push(canvas(p.output, r0, c0)); // pad 0 is the dataset's ignore_label_id
  });
  return { inputs, labels, identifier };
}

const pairKey = (p: Pair): string => `${JSON.stringify(p.input)}>${JSON.stringify(p.output)}`;
/** Equality of puzzles as the reference's puzzle_hash sees it: the multiset of (input, output) pairs. */
const memberKey = (m: Member): string => [...m.train, ...m.test].map(pairKey).sort().join('|');

/** A task and its distinct augmented copies (at most `augment`, from at most 5 × augment draws). */
function group(entry: ArcDatasetEntry, isTest: boolean, augment: number, rng: Rng): Member[] {
  const t = entry.task;
  const pair = (x: { input: Grid; output?: Grid }): Pair => ({ input: x.input, output: x.output ?? [[0]] });
  const base: Member = {
    name: entry.id,
    train: [...t.train.map(pair), ...(isTest ? [] : t.test.map(pair))],
    test: isTest ? t.test.map(pair) : [],
  };
  const members = [base];
  if (augment === 0) return members;
  const seen = new Set([memberKey(base)]);
  for (let trial = 0; trial < RETRIES * augment && members.length < augment + 1; trial++) {
    const k = rng.int(8);
    const colours = [0, ...permutation(rng, 9).map((c) => c + 1)];
    const map = (g: Grid): Grid => dihedral(permuteColours(g, colours), k);
    const mapPair = (p: Pair): Pair => ({ input: map(p.input), output: map(p.output) });
    const m: Member = { name: `${entry.id}${SEPARATOR}t${k}${SEPARATOR}${colours.join('')}`, train: base.train.map(mapPair), test: base.test.map(mapPair) };
    const key = memberKey(m);
    if (seen.has(key)) continue;
    seen.add(key);
    members.push(m);
  }
  return members;
}

/** Appends to a JSON array or object file as items come, so a million names never sit in memory. */
class JsonStreamFile {
  private readonly fd: number;
  private first = true;
  constructor(file: string, private readonly open: '[' | '{') {
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, open);
  }
  add(text: string): void {
    fs.writeSync(this.fd, (this.first ? '' : ',') + text);
    this.first = false;
  }
  private closed = false;
  close(): void {
    fs.writeSync(this.fd, this.open === '[' ? ']' : '}');
    this.closeQuietly();
  }
  closeQuietly(): void {
    if (!this.closed) fs.closeSync(this.fd);
    this.closed = true;
  }
}

/** Reads the subsets, checks them, and writes train/, test/, identifiers.json and test_puzzles.json into `dir`. */
export function writeArcDataset(plugin: AnyTaskPlugin, dir: string, o: ArcExportOptions): ArcExportSummary {
  const subsets = o.subsets ?? ['training', 'evaluation', 'concept'];
  const testSubset = o.testSubset ?? 'evaluation';
  for (const s of subsets) {
    if (!(ARC_SPLITS as readonly string[]).includes(s)) throw invalidOptions('subsets', `unknown ARC subset "${s}"; known: ${ARC_SPLITS.join(', ')}`);
  }
  if (!subsets.includes(testSubset)) throw invalidOptions('testSubset', `the test subset "${testSubset}" is not among --subsets (${subsets.join(', ')})`);
  const loaded = subsets.map((s) => ({ subset: s, entries: loadArcDataset(o.dir, s as ArcSplit) }));
  for (let i = 0; i < loaded.length; i++) {
    for (let j = i + 1; j < loaded.length; j++) {
      const both = overlappingIds(loaded[i]!.entries, loaded[j]!.entries);
      if (both.length) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `ARC subsets ${loaded[i]!.subset} and ${loaded[j]!.subset} share ${both.length} task id(s) (${both.slice(0, 3).join(', ')}…): training on one and testing on the other leaks; choose subsets without overlap`, { ids: both.slice(0, 20) });
      }
    }
  }

  const rng = createRng(o.seed);
  const train = new SplitWriter(path.join(dir, 'train'), 'train', plugin, 'uint8', PAD, o.onProgress);
  const test = new SplitWriter(path.join(dir, 'test'), 'test', plugin, 'uint8', PAD, o.onProgress);
  const names = new JsonStreamFile(path.join(dir, 'identifiers.json'), '[');
  const testPuzzles = new JsonStreamFile(path.join(dir, 'test_puzzles.json'), '{');
  names.add(JSON.stringify('<blank>'));
  let nextId = 1;
  let tasks = 0;
  try {
    for (const { subset, entries } of loaded) {
      const isTest = subset === testSubset;
      for (const entry of entries) {
        const members = group(entry, isTest, o.augment, rng);
        const ids = members.map((m) => {
          names.add(JSON.stringify(m.name));
          return nextId++;
        });
        train.pushGroup(members.map((m, i) => encodePuzzle(m.train, ids[i]!, true, rng)));
        if (isTest) {
          test.pushGroup(members.map((m, i) => encodePuzzle(m.test, ids[i]!, false, rng)));
          const { id: _id, ...task } = entry.task;
          const filled = { ...task, test: task.test.map((x) => ({ input: x.input, output: x.output ?? [[0]] })) };
          testPuzzles.add(`${JSON.stringify(entry.id)}:${JSON.stringify(filled)}`);
        }
        tasks++;
      }
    }
    names.close();
    testPuzzles.close();
    return { train: train.finish(nextId), test: test.finish(nextId), tasks, identifiers: nextId, subsets, testSubset };
  } catch (e) {
    train.abort();
    test.abort();
    names.closeQuietly();
    testPuzzles.closeQuietly();
    throw e;
  }
}
