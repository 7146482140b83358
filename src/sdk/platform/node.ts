/**
 * The SDK on Node: models are files (shipped ones under the package's tasks/), or URLs (a `file:`
 * URL is a path; `http(s):` is fetched and checked like in the browser); the engine is the best
 * tfjs backend neural/backend.ts finds (tfjs-node, Dawn WebGPU, wasm, cpu).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrmError } from '../../errors.js';
import { builtinPlugins } from '../builtins.js';
import { measuredRate } from '../model-sidecar.js';
import { packageRoot, shippedModelPath } from '../paths.js';

import { isModelUrl, sourceUrl, type LoadedTaskModel, type ModelSource, type Platform } from './types.js';

/** A source as a local path when it is one (a string, or a `file:` URL), else undefined. */
function localPath(source: ModelSource): string | undefined {
  if (typeof source === 'string') return source;
  const url = sourceUrl(source);
  return url?.protocol === 'file:' ? fileURLToPath(url) : undefined;
}

/**
 * A model's id: `task@tasks/<task>/model.safetensors` for a shipped model (relative to the
 * package), else the user's path as they would type it: relative to the working directory when
 * the file is under it, absolute otherwise (never a `../../..` walk from the package); a URL as is.
 */
function modelId(task: string, source: ModelSource): string {
  const file = localPath(source);
  if (file === undefined) return `${task}@${sourceUrl(source)!.href}`;
  const abs = path.resolve(file);
  let root: string | undefined;
  try {
    root = packageRoot();
  } catch {
    root = undefined; // bundled: no package root to be relative to
  }
  const inside = (dir: string): boolean => !path.relative(dir, abs).startsWith('..') && !path.isAbsolute(path.relative(dir, abs));
  if (root && inside(path.join(root, 'tasks'))) return `${task}@${path.relative(root, abs)}`;
  return `${task}@${inside(process.cwd()) ? path.relative(process.cwd(), abs) : abs}`;
}

/** A `{ url: file:…, sha256 }` pin, checked before the file is parsed. */
function checkFileSha256(file: string, sha256: string): void {
  let actual: string;
  try {
    actual = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot read checkpoint ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
  if (actual !== sha256.toLowerCase()) {
    throw new TrmError('TRM_ERR_MODEL_CHECKSUM', `model ${file} has SHA-256 ${actual.slice(0, 16)}…, expected ${sha256.slice(0, 16)}… (a corrupt or substituted file)`, { path: file, expected: sha256, actual });
  }
}

export const nodePlatform: Platform = {
  name: 'node',
  builtinPlugins,
  shippedModel: (task) => shippedModelPath(task),
  modelId,
  measuredRate: (source) => {
    const file = localPath(source);
    return file === undefined ? undefined : measuredRate(file);
  },
  async loadTaskModel(source, id, { backend, engine, seqLen }): Promise<LoadedTaskModel> {
    const engineOptions = { ...(engine !== undefined ? { engine } : {}), ...(backend !== undefined ? { backend } : {}) };
    const file = localPath(source);
    // The engines load only when a model is first needed: symbolic-only users never pay for them.
    const { loadModelCheckpoint, loadModelFile } = await import('../load-model.js');
    if (file !== undefined) {
      if (isModelUrl(source) && source.sha256 !== undefined) checkFileSha256(file, source.sha256);
      return loadModelFile(file, id, { ...engineOptions, torch: { seqLen } });
    }
    const url = sourceUrl(source)!;
    const { fetchModelBytes, checkpointFromBytes } = await import('./fetch-model.js');
    const bytes = await fetchModelBytes(url, isModelUrl(source) ? source.sha256 : undefined);
    return loadModelCheckpoint(await checkpointFromBytes(bytes, url.href), id, engineOptions);
  },
};
