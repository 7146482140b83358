/**
 * `model.json` beside a shipped checkpoint: facts measured for its model card that the SDK acts
 * on (today: the neural-only verified rate the hybrid policy reads). Kept free of tfjs, so the SDK
 * can decide not to load a model at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError } from '../errors.js';
import { readTextBounded } from '../util/read-bounded.js';

/**
 * The measured neural-only verified rate of a checkpoint `…/model.safetensors`, from the
 * `model.json` beside it (shipped models have one, written from their model cards). Undefined when
 * absent; a malformed file is an error naming it.
 */
export function measuredRate(file: string): number | undefined {
  if (path.basename(file) !== 'model.safetensors') return undefined;
  const side = path.join(path.dirname(file), 'model.json');
  if (!fs.existsSync(side)) return undefined;
  const text = readTextBounded(side, 65536, 'model.json', 'TRM_ERR_INVALID_CONFIG');
  let rate: unknown;
  try {
    rate = (JSON.parse(text) as { neuralOnlyVerifiedRate?: unknown }).neuralOnlyVerifiedRate;
  } catch (e) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `${side}: ${(e as Error).message}`, { path: side });
  }
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new TrmError('TRM_ERR_INVALID_CONFIG', `${side}: neuralOnlyVerifiedRate must be a number in [0, 1]`, { path: side });
  return rate;
}
