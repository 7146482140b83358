/**
 * Where a run in a checkpoint directory stands, for the CLI and programs that resume: the step and
 * the weights file of the newest resume point (src/neural/resume.ts), and the finished model file.
 */
import path from 'node:path';
import { peekResumePoint } from '../neural/resume.js';
import { MODEL_FILE } from '../neural/trainer.js';

export { peekResumePoint };

/** The model file a run in `dir` writes (`model.safetensors`). */
export function runModelPath(dir: string): string {
  return path.join(dir, MODEL_FILE);
}
