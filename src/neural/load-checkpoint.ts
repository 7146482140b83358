/**
 * One entry point for every checkpoint a user may hand us: our safetensors files (reference names,
 * config in `__metadata__`) and PyTorch `torch.save` files (the reference TRM's `step_N`, the
 * official HRM `checkpoint` files), told apart by their first bytes, never by their names.
 */
import fs from 'node:fs';
import { TrmError } from '../errors.js';
import type { LoadedCheckpoint } from './checkpoint-types.js';
import { isTorchCheckpoint } from './pytorch/index.js';
import { importTorchCheckpointFile, type TorchImportOptions, type TorchProvenance } from './pytorch/to-checkpoint.js';

export interface AnyCheckpoint extends LoadedCheckpoint {
  /** Set for PyTorch files: where the file and each config value came from. */
  readonly provenance?: TorchProvenance;
}

/** The first bytes of `file` (enough to tell a zip or pickle from a safetensors header). */
function head(file: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = new Uint8Array(16);
    const n = fs.readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n);
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot read checkpoint ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
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
