/**
 * Adapts a TrmModel (src/neural; TRM or HRM) to the solve loop's TaskModel: encoded rows → one batch →
 * per-step predictions, confidences and q_halt. Also loads shipped checkpoints.
 */
import path from 'node:path';
import { TrmError } from '../errors.js';
import type { Encoded } from '../plugins/contract.js';
import { initBackend } from '../neural/backend.js';
import { refineSteps } from '../neural/act.js';
import { loadAnyCheckpoint } from '../neural/load-checkpoint.js';
import type { TorchImportOptions } from '../neural/pytorch/to-checkpoint.js';
import { TrmModel } from '../neural/model.js';
import type { TrmConfig } from '../neural/config.js';
import { measuredRate } from './model-sidecar.js';
import { heldOutFileFor } from './paths.js';
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
    const S = this.model.config.seqLen;
    const B = encoded.inputs.length;
    const inputs = new Int32Array(B * S);
    encoded.inputs.forEach((row, b) => {
      if (row.length !== S) throw new TrmError('TRM_ERR_INVALID_INPUT', `encoded row ${b} has ${row.length} tokens; the model reads ${S}`);
      inputs.set(row, b * S);
    });
    // A known task gets its own learned embedding row; otherwise the plugin's id (0 = blank).
    const row = context?.taskId !== undefined ? this.puzzleIds?.get(context.taskId) : undefined;
    const puzzleIdentifiers = Int32Array.from(encoded.puzzleIdentifiers, (id) => (row !== undefined && id === 0 ? row : id < this.model.config.numPuzzleIdentifiers ? id : 0));
    for await (const s of refineSteps(this.model, { batchSize: B, inputs, puzzleIdentifiers }, steps)) {
      // The backends resolve their reads as microtasks, so without this a worker thread never
      // reaches its message queue mid-solve and a cancel could not arrive until the end.
      if (signal) await new Promise<void>((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new TrmError('TRM_ERR_ABORTED', 'solve aborted during neural refinement');
      yield { step: s.step, predictions: s.predictions, confidence: s.probs, qHalt: s.qHalt };
    }
  }
}

/**
 * Loads a checkpoint (our safetensors, or a PyTorch file with its all_config.yaml beside it) as
 * a TaskModel on the selected backend. `torch.seqLen` is the task's sequence length, which a
 * PyTorch file without learned positions does not record.
 */
export async function loadTaskModel(file: string, id?: string, backend?: string, torch: TorchImportOptions = {}): Promise<TrmTaskModel> {
  const info = await initBackend(backend);
  const ck = await loadAnyCheckpoint(file, torch);
  const model = new TrmModel(ck.config);
  try {
    model.loadState(ck.tensors);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const tm = new TrmTaskModel(model, id ?? path.relative(process.cwd(), file), info.backend, ck.metadata, heldOutFileFor(file));
  const rate = measuredRate(file);
  if (rate !== undefined) tm.verifiedRate = rate;
  return tm;
}

