/**
 * PyTorch checkpoint reader: `torch.save` files (zip and legacy formats) read in TypeScript, with
 * an allow-listed pickle subset, so a reference TRM/HRM checkpoint loads without Python and a
 * hostile file cannot run code. See torch-load.ts for the pipeline.
 */
export {
  isTorchCheckpoint,
  readTorchCheckpoint,
  readTorchCheckpointFile,
  readTorchCheckpointFileSync,
  type TorchCheckpoint,
  type TorchTensor,
} from './torch-load.js';
export { DEFAULT_LIMITS, type TorchReadOptions } from './limits.js';
export type { MetadataValue, SkippedEntry } from './container.js';
export type { TorchDType } from './dtypes.js';
export { ALLOWED_GLOBALS } from './torch-pickle.js';
