/**
 * Adapts a TrmModel (src/neural; TRM or HRM) to the solve loop's TaskModel: encoded rows → one batch →
 * per-step predictions, confidences and q_halt. No platform code here: Node loads checkpoint
 * files with load-task-model.ts, the browser fetches them with platform/fetch-model.ts.
 */
import { TrmError } from '../errors.js';
import type { Encoded } from '../plugins/contract.js';
import { refineSteps } from '../neural/act.js';
import type { TrmModel } from '../neural/model.js';
import type { TrmConfig } from '../neural/config.js';
import { packBatch } from './model-batch.js';
import type { ModelStep, RefineContext, TaskModel } from './task-model.js';

export class TrmTaskModel implements TaskModel {
  constructor(
    readonly model: TrmModel,
    readonly id: string,
    /** The tfjs backend (wasm, cpu, tensorflow, webgpu). */
    readonly tfjsBackend: string,
    /** The checkpoint's `__metadata__` (task, seed, generator settings…), when loaded from a file. */
    readonly metadata: Record<string, string> = {},
    /** The training run's held-out examples (heldout.jsonl beside the checkpoint), if present. */
    readonly heldOutPath: string | null = null,
  ) {}

  /** Task id → puzzle-embedding row (see puzzle-ids.ts); null: every puzzle uses row 0. */
  puzzleIds: Map<string, number> | null = null;
  /** Measured neural-only verified rate (model.json beside the checkpoint), when known. */
  verifiedRate?: number;

  get maxSteps(): number {
    return this.model.config.haltMaxSteps;
  }

  get config(): TrmConfig {
    return this.model.config;
  }

  /** Engine and provider, e.g. `tfjs/wasm` (results, logs and /health show it). */
  get engine(): string {
    return `tfjs/${this.tfjsBackend}`;
  }

  /** What ran the model, as results show it: the same as `engine`. */
  get backend(): string {
    return this.engine;
  }

  /** Frees the model's tensors. */
  async dispose(): Promise<void> {
    this.model.dispose();
  }

  async *refine(encoded: Encoded, steps: number, signal?: AbortSignal, context?: RefineContext): AsyncIterable<ModelStep> {
    const batch = packBatch(encoded, this.model.config.seqLen, this.model.config.numPuzzleIdentifiers, this.puzzleIds, context);
    for await (const s of refineSteps(this.model, batch, steps)) {
      // The backends resolve their reads as microtasks, so without this a worker thread never
      // reaches its message queue mid-solve and a cancel could not arrive until the end.
      if (signal) await yieldToEventLoop();
      if (signal?.aborted) throw new TrmError('TRM_ERR_ABORTED', 'solve aborted during neural refinement');
      yield { step: s.step, predictions: s.predictions, confidence: s.probs, qHalt: s.qHalt };
    }
  }
}

/** Lets queued messages (a cancel) run: `setImmediate` in Node, a zero timeout in a browser. */
function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
