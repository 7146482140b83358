/** Small pure helpers over the model's per-step output, shared by the neural stages. */
import type { Encoded } from '../../plugins/contract.js';
import { sigmoid } from '../../util/math.js';
import type { ModelStep, RefineContext } from '../task-model.js';

/** Mean sigmoid(q_halt) over rows: the model's own "done and right" score for the answer. */
export function meanRowConfidence(step: ModelStep): number {
  let s = 0;
  for (let i = 0; i < step.qHalt.length; i++) s += sigmoid(step.qHalt[i]!);
  return step.qHalt.length ? s / step.qHalt.length : 0;
}

/** Indices whose token changed between two prediction sets (row-major over rows). */
export function changedTokens(prev: Int32Array[] | undefined, cur: Int32Array[]): number[] {
  const out: number[] = [];
  let offset = 0;
  for (let r = 0; r < cur.length; r++) {
    const c = cur[r]!;
    const p = prev?.[r];
    for (let i = 0; i < c.length; i++) if (!p || p[i] !== c[i]) out.push(offset + i);
    offset += c.length;
  }
  return out;
}

/** Splits a batched step into one copy's row group. */
export function sliceStep(step: ModelStep, start: number, count: number): ModelStep {
  return {
    step: step.step,
    predictions: step.predictions.slice(start, start + count),
    confidence: step.confidence.slice(start, start + count),
    qHalt: step.qHalt.slice(start, start + count),
  };
}

/** Stacks several encodings into one batch. */
export function concatEncoded(parts: Encoded[]): Encoded {
  return {
    inputs: parts.flatMap((p) => p.inputs),
    puzzleIdentifiers: parts.flatMap((p) => p.puzzleIdentifiers),
  };
}

/** The puzzle's own id, when it has one (ARC tasks from a dataset), for per-task puzzle embeddings. */
export function refineContext(puzzle: unknown): RefineContext {
  const id = typeof puzzle === 'object' && puzzle !== null ? (puzzle as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? { taskId: id } : {};
}
