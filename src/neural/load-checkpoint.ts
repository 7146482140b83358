/**
 * One entry point for every checkpoint a user may hand us: our safetensors files (reference names,
 * config in `__metadata__`) and PyTorch `torch.save` files (the reference TRM's `step_N`, the
 * official HRM `checkpoint` files), told apart by their first bytes, never by their names.
 */
import { readHead } from '../util/read-bounded.js';
import type { LoadedCheckpoint } from './checkpoint-types.js';
import { isTorchCheckpoint } from './pytorch/index.js';
import { importTorchCheckpointFile, type TorchImportOptions, type TorchProvenance } from './pytorch/to-checkpoint.js';

export interface AnyCheckpoint extends LoadedCheckpoint {
  /** Set for PyTorch files: where the file and each config value came from. */
  readonly provenance?: TorchProvenance;
}

/** The first bytes of `file` (enough to tell a zip or pickle from a safetensors header); a device, FIFO or directory is refused before any read. */
function head(file: string): Uint8Array {
  return readHead(file, 16, 'checkpoint');
}

/** True when `file` is a PyTorch checkpoint rather than a safetensors file. */
export function isTorchFile(file: string): boolean {
  return isTorchCheckpoint(head(file));
}

/** Loads a safetensors or PyTorch checkpoint; `torch` options apply to PyTorch files only. */
export async function loadAnyCheckpoint(file: string, torch: TorchImportOptions = {}): Promise<AnyCheckpoint> {
  if (isTorchFile(file)) return importTorchCheckpointFile(file, torch);
  // Imported here, not at the top: checkpoint.ts brings TensorFlow.js, which inspecting a PyTorch file does not need.
  const { loadCheckpoint } = await import('./checkpoint.js');
  return loadCheckpoint(file);
}
