/** Loads a checkpoint file from disk as a tfjs TaskModel (Node). */
import path from 'node:path';
import { initBackend } from '../neural/backend.js';
import { loadAnyCheckpoint } from '../neural/load-checkpoint.js';
import type { TorchImportOptions } from '../neural/pytorch/to-checkpoint.js';
import type { LoadedCheckpoint } from '../neural/checkpoint-types.js';
import { measuredRate } from './model-sidecar.js';
import { heldOutFileFor } from './paths.js';
import type { TrmTaskModel } from './trm-task-model.js';
import { tfjsTaskModel } from './tfjs-task-model.js';

/**
 * Loads a checkpoint (our safetensors, or a PyTorch file with its all_config.yaml beside it) as
 * a TaskModel on the selected backend. `torch.seqLen` is the task's sequence length, which a
 * PyTorch file without learned positions does not record.
 */
export async function loadTaskModel(file: string, id?: string, backend?: string, torch: TorchImportOptions = {}): Promise<TrmTaskModel> {
  const info = await initBackend(backend);
  const ck = await loadAnyCheckpoint(file, torch);
  const tm = tfjsTaskModel(ck, id ?? path.relative(process.cwd(), file), info.backend, heldOutFileFor(file));
  const rate = measuredRate(file);
  if (rate !== undefined) tm.verifiedRate = rate;
  return tm;
}

/** A checkpoint already read (a model fetched by URL) as a tfjs TaskModel on the selected backend. */
export async function taskModelFromCheckpoint(ck: LoadedCheckpoint, id: string, backend?: string): Promise<TrmTaskModel> {
  const info = await initBackend(backend);
  return tfjsTaskModel(ck, id, info.backend);
}
