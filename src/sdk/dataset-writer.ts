/**
 * One split of a dataset in the reference trainers' layout (see export-dataset.ts): token rows
 * stream to `all__inputs.npy` / `all__labels.npy` through NpyWriter buffers; the per-puzzle and
 * per-group indices grow in memory (4 bytes each) and are written, with `dataset.json`, at `finish`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AnyTaskPlugin } from '../plugins/contract.js';
import { NpyWriter, writeNpy, type NpyDtype } from '../util/npy.js';

/** Progress of a split being written. */
export type ProgressFn = (p: { split: 'train' | 'test'; rows: number; puzzles: number }) => void;

const PROGRESS_EVERY = 10_000;

/** The reference's `PuzzleDatasetMetadata` (TinyRecursiveModels `dataset/common.py`), keys in its order. */
export interface PuzzleDatasetMetadata {
  pad_id: number;
  ignore_label_id: number | null;
  blank_identifier_id: number;
  vocab_size: number;
  seq_len: number;
  num_puzzle_identifiers: number;
  total_groups: number;
  mean_puzzle_examples: number;
  total_puzzles: number;
  sets: string[];
}

export interface SplitSummary {
  rows: number;
  puzzles: number;
  groups: number;
  /** The dataset.json written. */
  metadata: PuzzleDatasetMetadata;
}


/** Growable int32 list: the index arrays (one entry per puzzle or group). */
export class IntList {
  private a = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  view(): Int32Array {
    return this.a.subarray(0, this.length);
  }
}

/**
 * One split being written: token rows stream to the two NpyWriters, the puzzle and group indices
 * grow in memory (4 bytes each) and are written at `finish`.
 */
export class SplitWriter {
  readonly inputs: NpyWriter;
  readonly labels: NpyWriter;
  readonly puzzleIndices = new IntList();
  readonly groupIndices = new IntList();
  readonly identifiers = new IntList();

  constructor(readonly dir: string, readonly split: 'train' | 'test', readonly plugin: AnyTaskPlugin, readonly dtype: NpyDtype, readonly ignoreLabelId: number, private readonly onProgress?: ProgressFn) {
    fs.mkdirSync(dir, { recursive: true });
    const S = plugin.tokens.seqLen;
    this.inputs = new NpyWriter(path.join(dir, 'all__inputs.npy'), dtype, S);
    this.labels = new NpyWriter(path.join(dir, 'all__labels.npy'), dtype, S);
    this.puzzleIndices.push(0);
    this.groupIndices.push(0);
  }

  /** Appends one group: each puzzle's encoded rows, its identifier, then the group boundary. */
  pushGroup(puzzles: readonly EncodedPuzzle[]): void {
    for (const p of puzzles) {
      for (let r = 0; r < p.inputs.length; r++) {
        this.inputs.push(p.inputs[r]!);
        this.labels.push(p.labels[r]!);
        if (this.inputs.rows % PROGRESS_EVERY === 0) this.onProgress?.({ split: this.split, rows: this.inputs.rows, puzzles: this.identifiers.length });
      }
      this.puzzleIndices.push(this.inputs.rows);
      this.identifiers.push(p.identifier);
    }
    this.groupIndices.push(this.identifiers.length);
  }

  /** Closes the token files, writes the indices and dataset.json; `numPuzzleIdentifiers` when the dataset defines its own (ARC: one per augmented task). */
  finish(numPuzzleIdentifiers = this.plugin.tokens.numPuzzleIdentifiers): SplitSummary {
    this.inputs.close();
    this.labels.close();
    writeNpy(path.join(this.dir, 'all__puzzle_identifiers.npy'), 'int32', this.identifiers.view());
    writeNpy(path.join(this.dir, 'all__puzzle_indices.npy'), 'int32', this.puzzleIndices.view());
    writeNpy(path.join(this.dir, 'all__group_indices.npy'), 'int32', this.groupIndices.view());
    const t = this.plugin.tokens;
    const rows = this.inputs.rows, puzzles = this.identifiers.length, groups = this.groupIndices.length - 1;
    const metadata: PuzzleDatasetMetadata = {
      pad_id: t.padId,
      ignore_label_id: this.ignoreLabelId,
      blank_identifier_id: 0,
      vocab_size: t.vocabSize,
      seq_len: t.seqLen,
      num_puzzle_identifiers: numPuzzleIdentifiers,
      total_groups: groups,
      mean_puzzle_examples: puzzles ? rows / puzzles : 0,
      total_puzzles: puzzles,
      sets: ['all'],
    };
    fs.writeFileSync(path.join(this.dir, 'dataset.json'), JSON.stringify(metadata));
    this.onProgress?.({ split: this.split, rows, puzzles });
    return { rows, puzzles, groups, metadata };
  }

  abort(): void {
    this.inputs.abort();
    this.labels.abort();
  }
}

/** One puzzle's rows as the reference stores them: labels already in the exported ignore convention. */
export interface EncodedPuzzle {
  inputs: Int32Array[];
  labels: Int32Array[];
  identifier: number;
}

