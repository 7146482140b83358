/**
 * Paths as a user in their own project can use them: a shipped model named by its task
 * (`inspect sudoku-4x4`), and model ids (`sudoku-4x4@tasks/sudoku-4x4/model.safetensors`, relative
 * to the package) turned into absolute paths a user can open, wherever the package is installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError } from '../errors.js';
import { packageRoot } from '../sdk/paths.js';
import type { TrmSdk } from '../sdk/sdk.js';
import { didYouMeanSuffix } from '../util/did-you-mean.js';

/** The file behind a model id `task@path`: a shipped model's path is relative to the package, a user's to the working directory. */
export function modelFileOf(id: string): string {
  const rel = id.slice(id.indexOf('@') + 1);
  if (path.isAbsolute(rel)) return rel;
  try {
    const shipped = path.join(packageRoot(), rel);
    if (rel.startsWith(`tasks${path.sep}`) || rel.startsWith('tasks/')) {
      if (fs.existsSync(shipped)) return shipped;
    }
  } catch {
    // bundled: no package root
  }
  return path.resolve(rel);
}

/**
 * The checkpoint file `arg` names: a file that exists, else the model of the task of that name
 * (shipped or loaded). TRM_ERR_IO when it is neither, with a "did you mean" over the task names.
 */
export function checkpointArg(sdk: TrmSdk, arg: string): string {
  if (fs.existsSync(arg)) return arg;
  const tasks = sdk.tasks();
  const task = tasks.find((t) => t.name === arg);
  const withModel = tasks.filter((t) => t.model).map((t) => t.name);
  if (task?.model) return modelFileOf(task.model);
  if (task) {
    throw new TrmError('TRM_ERR_IO', `task "${arg}" has no model to inspect; tasks with one: ${withModel.join(', ')}`, { path: arg });
  }
  throw new TrmError(
    'TRM_ERR_IO',
    `no file ${arg} (looked for ${path.resolve(arg)}), and no task of that name${didYouMeanSuffix(arg, withModel)}; give a checkpoint file or a task with a model (${withModel.join(', ')})`,
    { path: arg },
  );
}
