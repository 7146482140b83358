/**
 * Pieces of data-parallel training that need no threads: how a batch is split into shards, how
 * many workers to use, the flat layout of a set of parameters in a shared buffer, and the
 * exploration tape that lets every shard see exactly the random draws a single-worker step would
 * have made for its rows.
 */
import os from 'node:os';
import { TrmError } from '../../errors.js';
import type { HaltRng } from '../act.js';

/** Rows [lo, hi) of each of `workers` shards of a batch of `batchSize`: contiguous, sizes differ by at most one. */
export function shardRanges(batchSize: number, workers: number): Array<{ lo: number; hi: number }> {
  if (!Number.isInteger(workers) || workers < 1) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `workers must be a positive integer, got ${workers}`);
  if (workers > batchSize) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `workers (${workers}) must not exceed batchSize (${batchSize}): every worker needs at least one row`);
  return Array.from({ length: workers }, (_, r) => ({ lo: Math.floor((r * batchSize) / workers), hi: Math.floor(((r + 1) * batchSize) / workers) }));
}

/** Cores this process may use. */
export function availableCores(): number {
  return os.availableParallelism();
}

/**
 * The number of training workers: `requested` when given (an integer ≥ 1), else the number of
 * cores; either way capped by the batch size (a worker needs at least one row).
 */
export function resolveWorkers(requested: number | undefined, batchSize: number): number {
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `workers must be a positive integer, got ${JSON.stringify(requested)}`);
  }
  return Math.max(1, Math.min(requested ?? availableCores(), batchSize));
}

/** Where each named tensor lives in one flat Float32 buffer. */
export interface FlatLayout {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  /** Element offset of each name. */
  readonly offsets: readonly number[];
  readonly sizes: readonly number[];
  /** Total elements. */
  readonly total: number;
}

export function flatLayout(entries: Iterable<readonly [string, readonly number[]]>): FlatLayout {
  const names: string[] = [];
  const shapes: number[][] = [];
  const offsets: number[] = [];
  const sizes: number[] = [];
  let total = 0;
  for (const [name, shape] of entries) {
    const n = shape.reduce((a, b) => a * b, 1);
    names.push(name);
    shapes.push([...shape]);
    offsets.push(total);
    sizes.push(n);
    total += n;
  }
  return { names, shapes, offsets, sizes, total };
}

/**
 * The exploration draws of one training step, row by row, as `trainStep` (act.ts) makes them:
 * for each row in order, `next()`, and when it is below haltExplorationProb, `int(haltMaxSteps − 1)`;
 * none at all when haltMaxSteps is 1. The draws do not depend on the model's outputs, so the
 * coordinator can make them for the whole batch from the run's one generator, and each shard
 * replays its rows' draws ({@link TapeRng}): the generator advances exactly as in a single-worker
 * step, and every row gets the same draws. A change to the draw pattern in act.ts makes the
 * replay throw (TRM_ERR_INTERNAL), never silently diverge.
 */
export interface ExplorationTape {
  /** Draws in order: kind 0 = next() with its value, kind 1 = int(n) with n and its value. */
  readonly kinds: Uint8Array;
  readonly args: Int32Array;
  readonly values: Float64Array;
  /** Index of each row's first draw, and one past the last row: [B + 1]. */
  readonly rowStart: Int32Array;
}

export function drawExplorationTape(rng: HaltRng, batchSize: number, haltExplorationProb: number, haltMaxSteps: number): ExplorationTape {
  const kinds: number[] = [];
  const args: number[] = [];
  const values: number[] = [];
  const rowStart = new Int32Array(batchSize + 1);
  for (let b = 0; b < batchSize; b++) {
    rowStart[b] = kinds.length;
    if (haltMaxSteps <= 1) continue;
    const u = rng.next();
    kinds.push(0);
    args.push(0);
    values.push(u);
    if (u < haltExplorationProb) {
      kinds.push(1);
      args.push(haltMaxSteps - 1);
      values.push(rng.int(haltMaxSteps - 1));
    }
  }
  rowStart[batchSize] = kinds.length;
  return { kinds: Uint8Array.from(kinds), args: Int32Array.from(args), values: Float64Array.from(values), rowStart };
}

/** The draws of rows [lo, hi) of a tape, as plain arrays (to post to a worker). */
export function tapeSlice(t: ExplorationTape, lo: number, hi: number): { kinds: Uint8Array; args: Int32Array; values: Float64Array } {
  const a = t.rowStart[lo]!;
  const b = t.rowStart[hi]!;
  return { kinds: t.kinds.slice(a, b), args: t.args.slice(a, b), values: t.values.slice(a, b) };
}

/** A generator that replays recorded draws, checking that each call is the one recorded. */
export class TapeRng implements HaltRng {
  private i = 0;
  constructor(private readonly tape: { kinds: Uint8Array; args: Int32Array; values: Float64Array }) {}

  private take(kind: number, arg: number): number {
    const i = this.i++;
    if (i >= this.tape.kinds.length || this.tape.kinds[i] !== kind || this.tape.args[i] !== arg) {
      throw new TrmError('TRM_ERR_INTERNAL', `data-parallel exploration replay: draw ${i} is ${kind ? `int(${arg})` : 'next()'}, the tape has ${i < this.tape.kinds.length ? (this.tape.kinds[i] ? `int(${this.tape.args[i]})` : 'next()') : 'nothing'} (act.ts draws changed? see parallel/shards.ts)`);
    }
    return this.tape.values[i]!;
  }

  next(): number {
    return this.take(0, 0);
  }

  int(n: number): number {
    return this.take(1, n);
  }

  /** Throws unless every recorded draw was used. */
  assertConsumed(): void {
    if (this.i !== this.tape.kinds.length) {
      throw new TrmError('TRM_ERR_INTERNAL', `data-parallel exploration replay: ${this.i} of ${this.tape.kinds.length} draws used (act.ts draws changed? see parallel/shards.ts)`);
    }
  }
}
