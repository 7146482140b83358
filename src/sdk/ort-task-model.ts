/**
 * A checkpoint on the ONNX Runtime engine as the solve loop's TaskModel: the step graph is built
 * from the checkpoint in memory (src/neural/onnx/export.ts), one session is made per model and
 * reused by every solve, and each solve is a batch of rows refined in lock step with the carry
 * kept in ORT tensors. Same interface, same answers as the tfjs TrmTaskModel (see the parity and
 * engine-agreement tests); training stays on tfjs.
 */
import type { Encoded } from '../plugins/contract.js';
import { TrmError } from '../errors.js';
import type { TrmConfig } from '../neural/config.js';
import type { LoadedCheckpoint } from '../neural/checkpoint-types.js';
import { buildStepGraph } from '../neural/onnx/export.js';
import type { OrtProvider, OrtRuntime } from '../neural/onnx/ort-node.js';
import { OrtStepSession } from '../neural/onnx/step-session.js';
import { packBatch } from './model-batch.js';
import type { ModelStep, RefineContext, TaskModel } from './task-model.js';

export class OrtTaskModel implements TaskModel {
  /** Task id → puzzle-embedding row (see puzzle-ids.ts); null: every puzzle uses row 0. */
  puzzleIds: Map<string, number> | null = null;
  /** Measured neural-only verified rate (model.json beside the checkpoint), when known. */
  verifiedRate?: number;

  private constructor(
    readonly session: OrtStepSession,
    readonly id: string,
    /** The checkpoint's `__metadata__`. */
    readonly metadata: Record<string, string>,
    /** The training run's held-out examples (heldout.jsonl beside the checkpoint), if present. */
    readonly heldOutPath: string | null,
  ) {}

  /** Builds the step graph of a loaded checkpoint and its session. */
  static async create(runtime: OrtRuntime, ck: LoadedCheckpoint, id: string, options: { provider: OrtProvider; intraOpThreads: number; heldOutPath?: string | null }): Promise<OrtTaskModel> {
    const bytes = buildStepGraph(ck.config, ck.tensors, ck.metadata.task ? { task: ck.metadata.task } : {});
    const session = await OrtStepSession.create(runtime, bytes, ck.config, options);
    return new OrtTaskModel(session, id, ck.metadata, options.heldOutPath ?? null);
  }

  get config(): TrmConfig {
    return this.session.config;
  }

  /** `onnxruntime/cpu` or `onnxruntime/cuda`. */
  get engine(): string {
    return this.session.engine;
  }

  /** What ran the model, as results and /health show it: the same as `engine`. */
  get backend(): string {
    return this.session.engine;
  }

  get maxSteps(): number {
    return this.config.haltMaxSteps;
  }

  async *refine(encoded: Encoded, steps: number, signal?: AbortSignal, context?: RefineContext): AsyncIterable<ModelStep> {
    const batch = packBatch(encoded, this.config.seqLen, this.config.numPuzzleIdentifiers, this.puzzleIds, context);
    for await (const s of this.session.refine(batch, steps)) {
      // ORT runs each step on its own threads and resolves on the event loop, so a cancel can arrive between steps.
      if (signal?.aborted) throw new TrmError('TRM_ERR_ABORTED', 'solve aborted during neural refinement');
      yield { step: s.step, predictions: s.predictions, confidence: s.probs, qHalt: s.qHalt };
    }
  }

  /** Frees the session. */
  dispose(): Promise<void> {
    return this.session.release();
  }
}
