/** A checkpoint already read, as a tfjs TaskModel: the one place that builds a TrmModel for inference. */
import type { LoadedCheckpoint } from '../neural/checkpoint-types.js';
import { TrmModel } from '../neural/model.js';
import { TrmTaskModel } from './trm-task-model.js';

/**
 * Builds the model for `ck.config`, loads its weights (disposing the model if they do not fit) and
 * wraps it as a TaskModel on `backend` (already active; the name is what results report).
 */
export function tfjsTaskModel(ck: LoadedCheckpoint, id: string, backend: string, heldOutPath: string | null = null): TrmTaskModel {
  const model = new TrmModel(ck.config);
  try {
    model.loadState(ck.tensors);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return new TrmTaskModel(model, id, backend, ck.metadata, heldOutPath);
}
