/**
 * Checkpoint types with no TensorFlow.js in them, so the SDK's public declarations (inspect,
 * import, load) do not pull tfjs's typings into a user's compilation (they do not pass
 * `skipLibCheck: false`).
 */
import type { TrmConfig } from './config.js';
import type { SafeTensor } from './safetensors-format.js';

/** A loaded, validated checkpoint. */
export interface LoadedCheckpoint {
  readonly config: TrmConfig;
  /** Tensors under their reference names (prefixes stripped), all F32, shapes checked. */
  readonly tensors: Map<string, SafeTensor>;
  /** The file's `__metadata__`. */
  readonly metadata: Record<string, string>;
}
