/** Where the package's own files (tasks/ presets, shipped checkpoints) live, from src/ or dist/src/. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrmError } from '../errors.js';

/** The package root (where package.json and tasks/ live), from src/ or dist/src/. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'trm-sdk') return dir;
      } catch {
        // keep walking
      }
    }
    dir = path.dirname(dir);
  }
  throw new TrmError('TRM_ERR_IO', 'cannot find the trm-sdk package root (package.json)');
}

/** Path of a task's shipped checkpoint, or null if none is shipped. */
export function shippedModelPath(task: string): string | null {
  const p = path.join(packageRoot(), 'tasks', task, 'model.safetensors');
  return fs.existsSync(p) ? p : null;
}


/**
 * A shipped model's training run (raw weights and optimizer state for `--resume`, metrics, the
 * held-out set) lives in the repository under `training/<task>/`, not in the npm package: a
 * repository checkout has it, an installed package does not.
 */
export function trainingRunDir(task: string): string {
  return path.join(packageRoot(), 'training', task);
}

/**
 * The held-out set that belongs to the checkpoint `file`: `heldout.jsonl` beside it (how
 * `sdk.train()` writes a run), else, for a shipped checkpoint `tasks/<task>/model.safetensors`,
 * `training/<task>/heldout.jsonl`. Null when neither exists.
 */
export function heldOutFileFor(file: string): string | null {
  const beside = path.join(path.dirname(file), 'heldout.jsonl');
  if (fs.existsSync(beside)) return beside;
  const tasksDir = path.join(packageRoot(), 'tasks');
  const rel = path.relative(tasksDir, path.resolve(file));
  const parts = rel.split(path.sep);
  if (parts.length !== 2 || parts[0] === '..') return null;
  const shipped = path.join(trainingRunDir(parts[0]!), 'heldout.jsonl');
  return fs.existsSync(shipped) ? shipped : null;
}
