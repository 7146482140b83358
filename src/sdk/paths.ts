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

