/**
 * Data-parallel training steps over worker threads: the same batch gives the same
 * update as one worker, up to float summation order.
 *
 * Ranks: rank 0 is the calling thread, on the trainer's own model; ranks 1…N−1 are
 * `node:worker_threads` workers (worker.ts), each a replica on its own tfjs backend (the same
 * backend name as the caller). A batch of B rows is split into N contiguous shards
 * (`shardRanges`); each rank keeps the deep-supervision carry of its own rows, so halting,
 * restarts and refills are per row exactly as in one worker: the trainer still fills the rows that
 * halted, in row order, from one data stream (`halted` is the concatenation of the shards').
 *
 * One step:
 *   1. weights out: the caller's weights that changed since the last step (every trainable
 *      parameter, and the puzzle-embedding rows sign-SGD touched; everything on the first step) are
 *      written to a SharedArrayBuffer, published with an atomic version bump;
 *   2. exploration: the halting-exploration draws of all B rows are made here, in row order, from
 *      the run's one generator, and each shard replays its rows' draws (shards.ts `TapeRng`), so the
 *      generator and every row's draws are those of a single-worker step;
 *   3. each rank runs `trainStep` (act.ts) on its shard; workers write their gradients (each
 *      trainable parameter, flat) to their own slot of a gradient SharedArrayBuffer and their
 *      puzzle-embedding row gradients to their rows of another, then publish with an atomic store;
 *   4. all-reduce: rank 0 sums the slots in rank order (a fixed order, so a run is deterministic).
 *      The loss is a sum over rows (loss.ts: lm_loss and the Q losses are Σ over the batch; the
 *      trainer scales by 1/B afterwards), so the sum of the shard gradients is the full-batch
 *      gradient. Loss and metrics are combined the same way (sums; means weighted by count).
 *
 * Why one owner that broadcasts weights, rather than the same optimizer step on every replica:
 * the optimizer (AdamW moments, sign-SGD), the EMA, checkpoints and resume then stay exactly the
 * single-worker code on the caller's model, with one copy of their state; nothing has to be kept
 * in step across replicas or restored into each on resume. The price is the broadcast, P × 4 bytes
 * copied per step (for the 9×9 Sudoku preset ~0.3 MB, well under a millisecond), and the optimizer
 * running on one thread while the others wait — with replicated optimizers every thread would run
 * the same update anyway, so the wall time of that part is the same either way.
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../../errors.js';
import { disposeCarry, initialCarry, trainStep, type HaltRng, type TrmBatch, type TrmCarry } from '../act.js';
import type { TrmMetrics } from '../loss.js';
import type { TrmModel } from '../model.js';
import { WORKER_TAG, type FromWorker, type ToWorker, type WeightSync, type WorkerInit } from './protocol.js';
import { drawExplorationTape, flatLayout, shardRanges, tapeSlice, TapeRng, type FlatLayout } from './shards.js';
import { WorkerGroup } from '../../util/spawn-worker.js';

/** What one data-parallel step returns (the fields of `TrainStepResult` the trainer uses). */
export interface ParallelStepResult {
  /** Σ over the batch (as trainStep's). */
  readonly loss: number;
  /** Σ of the shards' gradients for every trainable name; the caller disposes them. */
  readonly grads: Map<string, tf.Tensor>;
  /** Gathered puzzle-embedding row gradients of all B rows, in row order; the caller disposes `grad`. */
  readonly puzzleEmbGrad: { readonly ids: Int32Array; readonly grad: tf.Tensor2D } | null;
  readonly metrics: TrmMetrics;
  /** Where rank 0's wall time went (ms): weights out, its own shard, waiting for the workers, the all-reduce. */
  readonly timing: { readonly publishMs: number; readonly rank0Ms: number; readonly waitMs: number; readonly reduceMs: number };
}

export interface DataParallelOptions {
  /** The caller's model (rank 0 trains on it; the workers replicate it). */
  readonly model: TrmModel;
  readonly batchSize: number;
  /** Total ranks, the caller included (≥ 2 for any worker threads). */
  readonly workers: number;
  /** tfjs backend name for the workers (the caller's). */
  readonly backend: string;
}

interface Pending {
  resolve: (m: Extract<FromWorker, { type: 'done' }>) => void;
  reject: (e: Error) => void;
}

interface Rank {
  readonly worker: Worker;
  readonly lo: number;
  readonly hi: number;
  pending: Pending | null;
}

const EMB = 'inner.puzzle_emb.weights';

function fromWire(m: Extract<FromWorker, { type: 'error' }>): Error {
  const e = new TrmError((m.code as 'TRM_ERR_INTERNAL' | undefined) ?? 'TRM_ERR_INTERNAL', `data-parallel worker ${m.rank}: ${m.message}`);
  if (m.stack) e.stack = `${e.stack}\n  worker stack: ${m.stack}`;
  return e;
}

export class DataParallel {
  readonly workers: number;
  readonly batchSize: number;
  private readonly model: TrmModel;
  private readonly ranks: Rank[];
  private readonly lo0: number;
  private readonly hi0: number;
  private carry0: TrmCarry;
  private readonly weightLayout: FlatLayout;
  private readonly gradLayout: FlatLayout;
  private readonly weights: Float32Array;
  private readonly grads: Float32Array;
  private readonly embGrads: Float32Array | null;
  private readonly ctrl: Int32Array;
  private readonly haltedAll: Uint8Array;
  private seq = 0;
  private synced = false;
  private lastEmbIds: Int32Array | null = null;
  private failure: Error | null = null;
  private closed_ = false;

  /** True once close() was called. */
  get closed(): boolean {
    return this.closed_;
  }

  private constructor(opts: DataParallelOptions, private readonly group: WorkerGroup, ranks: Rank[], layouts: { weightLayout: FlatLayout; gradLayout: FlatLayout }, bufs: { weights: SharedArrayBuffer; grads: SharedArrayBuffer; embGrads: SharedArrayBuffer | null; ctrl: SharedArrayBuffer }, shard0: { lo: number; hi: number }) {
    this.model = opts.model;
    this.workers = opts.workers;
    this.batchSize = opts.batchSize;
    this.ranks = ranks;
    this.lo0 = shard0.lo;
    this.hi0 = shard0.hi;
    this.carry0 = initialCarry(opts.model, shard0.hi - shard0.lo);
    this.weightLayout = layouts.weightLayout;
    this.gradLayout = layouts.gradLayout;
    this.weights = new Float32Array(bufs.weights);
    this.grads = new Float32Array(bufs.grads);
    this.embGrads = bufs.embGrads ? new Float32Array(bufs.embGrads) : null;
    this.ctrl = new Int32Array(bufs.ctrl);
    this.haltedAll = new Uint8Array(opts.batchSize).fill(1);
  }

  /** Starts workers − 1 worker threads (each loads the backend and builds a replica); resolves when all are ready. */
  static async start(opts: DataParallelOptions): Promise<DataParallel> {
    const { model, batchSize: B, workers: N } = opts;
    const shards = shardRanges(B, N);
    if (N < 2) throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'DataParallel needs workers ≥ 2 (one worker is the plain trainStep path)');
    const weightLayout = flatLayout([...model.params].map(([n, v]) => [n, v.shape] as const));
    const gradLayout = flatLayout(model.trainableNames().map((n) => [n, model.params.get(n)!.shape] as const));
    const ndim = model.config.puzzleEmbNdim;
    const bufs = {
      weights: new SharedArrayBuffer(weightLayout.total * 4),
      grads: new SharedArrayBuffer((N - 1) * gradLayout.total * 4),
      embGrads: ndim > 0 ? new SharedArrayBuffer(B * ndim * 4) : null,
      ctrl: new SharedArrayBuffer((N + 1) * 4),
    };
    const ranks: Rank[] = [];
    const ready: Promise<void>[] = [];
    // Filled in once every worker is ready; until then a failure rejects start().
    let dp: DataParallel | null = null;
    // One worker's failure stops its siblings (they would wait for it forever).
    const group = new WorkerGroup((e) => dp?.fail(e));
    for (let r = 1; r < N; r++) {
      const init: WorkerInit = { tag: WORKER_TAG, rank: r, lo: shards[r]!.lo, hi: shards[r]!.hi, config: model.config, backend: opts.backend, weightLayout, gradLayout, ...bufs };
      const worker = group.spawn(new URL('./worker.js', import.meta.url), { workerData: init, env: { ...process.env, TRM_QUIET: '1' } });
      const rank: Rank = { worker, lo: shards[r]!.lo, hi: shards[r]!.hi, pending: null };
      ranks.push(rank);
      ready.push(
        new Promise<void>((resolve, reject) => {
          // One set of listeners for the worker's life (removing listeners from a Worker would also
          // remove Node's own, which keep its message port referenced).
          const fail = (e: Error): void => {
            if (dp) dp.fail(e);
            else reject(e);
            group.fail(e);
          };
          worker.on('message', (m: FromWorker) => {
            if (m.type === 'ready') {
              if (m.backend !== opts.backend) reject(new TrmError('TRM_ERR_BACKEND_UNAVAILABLE', `data-parallel worker ${r} runs on ${m.backend}, the trainer on ${opts.backend}`));
              else resolve();
            } else if (m.type === 'done') {
              const p = rank.pending;
              rank.pending = null;
              p?.resolve(m);
            } else fail(fromWire(m));
          });
          worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
          worker.on('exit', (code) => {
            if (!dp?.closed) fail(new TrmError('TRM_ERR_INTERNAL', `data-parallel worker ${r} exited unexpectedly (code ${code})`));
          });
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await group.close();
      throw e;
    }
    dp = new DataParallel(opts, group, ranks, { weightLayout, gradLayout }, bufs, shards[0]!);
    return dp;
  }

  /** A worker failed: every pending and later step rejects with the first failure. */
  private fail(e: Error): void {
    this.failure ??= e;
    for (const r of this.ranks) {
      const p = r.pending;
      r.pending = null;
      p?.reject(this.failure);
    }
  }

  /** [B] 1 = the row halted last step (the next batch's row replaces it); all 1 before the first step. */
  get halted(): Uint8Array {
    return this.haltedAll;
  }

  /**
   * Tell the workers that the caller's weights changed outside the optimizer (a load, a resume):
   * the next step sends all of them. The first step always does.
   */
  invalidateWeights(): void {
    this.synced = false;
  }

  /**
   * Publish the weights the workers must re-read: all on the first step; afterwards the trainable
   * parameters and the puzzle-embedding rows of the last step (what AdamW and sign-SGD change).
   */
  private publishWeights(): WeightSync {
    const wl = this.weightLayout;
    const all = !this.synced;
    const embRows = !all && this.lastEmbIds && this.model.params.has(EMB) ? Int32Array.from(new Set(this.lastEmbIds)) : null;
    const trainable = new Set(this.gradLayout.names);
    wl.names.forEach((name, i) => {
      if (all || trainable.has(name)) this.weights.set(this.model.params.get(name)!.dataSync() as Float32Array, wl.offsets[i]!);
    });
    if (embRows && embRows.length) {
      const i = wl.names.indexOf(EMB);
      const ndim = this.model.config.puzzleEmbNdim;
      const rows = tf.tidy(() => tf.gather(this.model.params.get(EMB)!, tf.tensor1d(embRows, 'int32')).dataSync() as Float32Array);
      embRows.forEach((id, k) => this.weights.set(rows.subarray(k * ndim, (k + 1) * ndim), wl.offsets[i]! + id * ndim));
    }
    this.synced = true;
    const version = Atomics.add(this.ctrl, 0, 1) + 1;
    return { all, version, embRows };
  }

  /**
   * One data-parallel training step on `batch` (B rows; only the rows that halted last step are
   * read, as in trainStep). `rng` is the run's exploration generator: it advances exactly as one
   * trainStep on the whole batch would advance it.
   */
  async step(batch: TrmBatch, rng: HaltRng): Promise<ParallelStepResult> {
    if (this.closed_) throw new TrmError('TRM_ERR_INTERNAL', 'DataParallel used after close()');
    if (this.failure) throw this.failure;
    const B = this.batchSize;
    if (batch.batchSize !== B) throw new TrmError('TRM_ERR_INVALID_INPUT', `batch has ${batch.batchSize} rows, the data-parallel trainer was started for ${B}`);
    const S = this.model.config.seqLen;
    const cfg = this.model.config;
    const seq = ++this.seq;
    const tStart = performance.now();
    const sync = this.publishWeights();
    const tPublished = performance.now();
    const tape = drawExplorationTape(rng, B, cfg.haltExplorationProb, cfg.haltMaxSteps);
    const shard = (lo: number, hi: number): TrmBatch & { labels: Int32Array } => ({
      batchSize: hi - lo,
      inputs: batch.inputs.slice(lo * S, hi * S),
      labels: batch.labels!.slice(lo * S, hi * S),
      puzzleIdentifiers: batch.puzzleIdentifiers.slice(lo, hi),
    });
    const replies = this.ranks.map(
      (k) =>
        new Promise<Extract<FromWorker, { type: 'done' }>>((resolve, reject) => {
          k.pending = { resolve, reject };
          const s = shard(k.lo, k.hi);
          const msg: ToWorker = { type: 'step', seq, sync, inputs: s.inputs, labels: s.labels, puzzleIdentifiers: s.puzzleIdentifiers, tape: tapeSlice(tape, k.lo, k.hi) };
          k.worker.postMessage(msg);
        }),
    );
    // A worker failing while rank 0 computes must not leave an unhandled rejection behind.
    const all = Promise.all(replies);
    all.catch(() => {});

    // Rank 0: this thread's shard on the caller's model, while the workers run theirs.
    const rng0 = new TapeRng(tapeSlice(tape, this.lo0, this.hi0));
    const r0 = trainStep(this.model, this.carry0, shard(this.lo0, this.hi0), { rng: rng0 });
    this.carry0 = r0.carry;
    const gl = this.gradLayout;
    const acc = new Float32Array(gl.total);
    let embIds0: Int32Array | null = null;
    let emb0: Float32Array | null = null;
    try {
      rng0.assertConsumed();
      gl.names.forEach((name, i) => acc.set(r0.grads.get(name)!.dataSync() as Float32Array, gl.offsets[i]!));
      if (r0.puzzleEmbGrad) {
        embIds0 = r0.puzzleEmbGrad.ids;
        emb0 = r0.puzzleEmbGrad.grad.dataSync() as Float32Array;
      }
    } finally {
      tf.dispose([...r0.grads.values()]);
      r0.puzzleEmbGrad?.grad.dispose();
    }
    const tRank0 = performance.now();
    const done = await all;
    const tDone = performance.now();

    // All-reduce, in rank order.
    for (const d of done) {
      if (Atomics.load(this.ctrl, d.rank) !== seq) throw new TrmError('TRM_ERR_INTERNAL', `data-parallel worker ${d.rank} reported step ${seq} before publishing it`);
      const slot = this.grads.subarray((d.rank - 1) * gl.total, d.rank * gl.total);
      for (let i = 0; i < gl.total; i++) acc[i] = acc[i]! + slot[i]!;
    }
    const grads = new Map<string, tf.Tensor>();
    gl.names.forEach((name, i) => grads.set(name, tf.tensor(acc.subarray(gl.offsets[i]!, gl.offsets[i]! + gl.sizes[i]!), gl.shapes[i] as number[], 'float32')));

    let puzzleEmbGrad: ParallelStepResult['puzzleEmbGrad'] = null;
    if (embIds0 && emb0 && this.embGrads) {
      const ndim = cfg.puzzleEmbNdim;
      const ids = new Int32Array(B);
      const rows = new Float32Array(B * ndim);
      ids.set(embIds0, this.lo0);
      rows.set(emb0, this.lo0 * ndim);
      for (const d of done) {
        const k = this.ranks[d.rank - 1]!;
        ids.set(d.embIds!, k.lo);
        rows.set(this.embGrads.subarray(k.lo * ndim, k.hi * ndim), k.lo * ndim);
      }
      puzzleEmbGrad = { ids, grad: tf.tensor2d(rows, [B, ndim]) };
      this.lastEmbIds = ids;
    }

    this.haltedAll.set(r0.carry.halted, this.lo0);
    let loss = r0.loss;
    const parts: Array<{ m: TrmMetrics }> = [{ m: r0.metrics }];
    for (const d of done) {
      this.haltedAll.set(d.halted, this.ranks[d.rank - 1]!.lo);
      loss += d.loss;
      parts.push({ m: d.metrics });
    }
    const timing = { publishMs: tPublished - tStart, rank0Ms: tRank0 - tPublished, waitMs: tDone - tRank0, reduceMs: performance.now() - tDone };
    return { loss, grads, puzzleEmbGrad, metrics: combineMetrics(parts.map((p) => p.m)), timing };
  }

  /** Stops the workers and frees rank 0's carry. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed_) return;
    this.closed_ = true;
    disposeCarry(this.carry0);
    // Each worker is asked to close (it frees its replica), and terminated after 5 s if it does not.
    await this.group.close((w) => w.postMessage({ type: 'close' } satisfies ToWorker));
  }
}

/** Metrics of the whole batch from the shards' (counts summed, means weighted by count). */
export function combineMetrics(parts: readonly TrmMetrics[]): TrmMetrics {
  let count = 0;
  let accuracy = 0;
  let exactAccuracy = 0;
  let qHaltAccuracy = 0;
  let steps = 0;
  for (const m of parts) {
    count += m.count;
    accuracy += m.accuracy * m.count;
    exactAccuracy += m.exactAccuracy * m.count;
    qHaltAccuracy += m.qHaltAccuracy * m.count;
    steps += m.steps * m.count;
  }
  const d = Math.max(count, 1);
  return { count, accuracy: accuracy / d, exactAccuracy: exactAccuracy / d, qHaltAccuracy: qHaltAccuracy / d, steps: steps / d };
}
