/**
 * Messages between the data-parallel coordinator (data-parallel.ts) and its workers (worker.ts).
 * Small per-step data (the shard's rows, the exploration draws, metrics) travels in messages; the
 * large buffers (weights out, gradients back, puzzle-embedding row gradients) are
 * SharedArrayBuffers mapped once at start, ordered by `ctrl` (see data-parallel.ts).
 */
import type { TrmConfig } from '../config.js';
import type { TrmMetrics } from '../loss.js';
import type { FlatLayout } from './shards.js';

export const WORKER_TAG = 'trm-sdk-data-parallel-worker';

export interface WorkerInit {
  readonly tag: typeof WORKER_TAG;
  readonly rank: number;
  /** The shard: rows [lo, hi) of every batch. */
  readonly lo: number;
  readonly hi: number;
  readonly config: TrmConfig;
  /** The tfjs backend name the coordinator runs on. */
  readonly backend: string;
  /** Every parameter (state-dict order), as laid out in `weights`. */
  readonly weightLayout: FlatLayout;
  /** The trainable parameters, as laid out in each gradient slot. */
  readonly gradLayout: FlatLayout;
  readonly weights: SharedArrayBuffer;
  /** (workers − 1) gradient slots of gradLayout.total floats; rank r ≥ 1 writes slot r − 1. */
  readonly grads: SharedArrayBuffer;
  /** [B, puzzleEmbNdim] gradients of the gathered puzzle-embedding rows; each rank writes its rows. Null without a puzzle embedding. */
  readonly embGrads: SharedArrayBuffer | null;
  /** Int32: [0] weights version; [rank] last step whose gradients rank wrote. */
  readonly ctrl: SharedArrayBuffer;
}

/** Which weights to re-read from the shared buffer before a step. */
export interface WeightSync {
  /** Every parameter (first step, after a resume or any outside change). */
  readonly all: boolean;
  /** The version the coordinator published (ctrl[0]). */
  readonly version: number;
  /** Puzzle-embedding rows sign-SGD changed (read only those rows of the table), when not `all`. */
  readonly embRows: Int32Array | null;
}

export type ToWorker =
  | {
      readonly type: 'step';
      readonly seq: number;
      /** Null: the weights did not change since the last step. */
      readonly sync: WeightSync | null;
      readonly inputs: Int32Array;
      readonly labels: Int32Array;
      readonly puzzleIdentifiers: Int32Array;
      readonly tape: { kinds: Uint8Array; args: Int32Array; values: Float64Array };
    }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'ready'; readonly rank: number; readonly backend: string }
  | {
      readonly type: 'done';
      readonly rank: number;
      readonly seq: number;
      readonly loss: number;
      readonly metrics: TrmMetrics;
      /** The shard's halted flags after the step. */
      readonly halted: Uint8Array;
      /** The puzzle ids of the shard's rows this step (their embedding-row gradients are in embGrads), or null. */
      readonly embIds: Int32Array | null;
    }
  | { readonly type: 'error'; readonly rank: number; readonly code?: string; readonly message: string; readonly stack?: string };
