/**
 * What the solve loop needs from a neural model: token rows in, one output per supervision step
 * out. The real implementation wraps a TrmModel (src/sdk/trm-task-model.ts); tests inject fakes
 * (e.g. a model that always proposes a wrong answer) through the same interface.
 */
import type { Encoded } from '../plugins/contract.js';

export interface ModelStep {
  /** 1-based supervision step. */
  readonly step: number;
  /** Per row: argmax token ids [seqLen]. */
  readonly predictions: Int32Array[];
  /** Per row: probability of the argmax token [seqLen]. */
  readonly confidence: Float32Array[];
  /** Per row: q_halt logit (the model's own "I am done and right" score). */
  readonly qHalt: Float32Array;
}

/** What the solve loop knows about the puzzle beyond its tokens. */
export interface RefineContext {
  /** The puzzle's own id (an ARC task id), used to find its learned puzzle-embedding row. */
  readonly taskId?: string;
}

export interface TaskModel {
  /** Identifier shown in results, e.g. `sudoku-4x4@tasks/sudoku-4x4/model.safetensors`. */
  readonly id: string;
  /**
   * What runs the model, engine and provider: `tfjs/wasm`, `tfjs/cpu`, `onnxruntime/cpu`,
   * `onnxruntime/cuda` (a test's fake may say anything). Results and /health show it.
   */
  readonly backend: string;
  /**
   * Share of puzzles this model verifies by itself (neural-only), as measured for its model card
   * (`model.json` beside the checkpoint); undefined when unmeasured. The hybrid policy reads it.
   */
  readonly verifiedRate?: number;
  /** The model's halt_max_steps: the default number of supervision steps. */
  readonly maxSteps: number;
  /**
   * Runs `steps` supervision steps on all rows at once (a batch), yielding after each. `context`
   * names the task instance (e.g. an ARC task id) for models with per-task puzzle embeddings.
   */
  refine(encoded: Encoded, steps: number, signal?: AbortSignal, context?: RefineContext): AsyncIterable<ModelStep>;
}
