/**
 * Per-task puzzle embeddings. A model trained like the paper's ARC models (and the official HRM
 * ARC-2 checkpoint) carries one learned embedding row per (augmented) training task; row i belongs
 * to entry i of the dataset's identifier list (`identifiers.json` of the reference dataset
 * builders, index 0 = the blank identifier). Without that list no task can be mapped to its row,
 * and every puzzle runs with row 0 (the blank embedding): the model then sees a task it was never
 * told the identity of, which for ARC means its trained per-task knowledge is unused.
 */
import { readTextBounded } from '../util/read-bounded.js';
import { TrmError } from '../errors.js';

/** Largest identifier file read (the ARC-2 list of augmented tasks is a few MiB). */
const MAX_BYTES = 64 * 2 ** 20;

/** Reads an identifier list (JSON array of strings; null/"<blank>" allowed at 0) into name → row, checking it against the model's rows. */
export function readPuzzleIdentifiers(file: string, modelRows: number): Map<string, number> {
  const text = readTextBounded(file, MAX_BYTES, 'identifier list', 'TRM_ERR_INVALID_INPUT');
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} is not valid JSON: ${(e as Error).message}`, { path: file });
  }
  if (!Array.isArray(list)) throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} must be a JSON array of identifier strings (row i = entry i)`, { path: file });
  if (list.length !== modelRows) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} lists ${list.length} identifiers but the model has ${modelRows} puzzle-embedding rows: it belongs to another dataset`, { path: file });
  }
  const map = new Map<string, number>();
  list.forEach((name, i) => {
    if (name === null || name === '<blank>') return;
    if (typeof name !== 'string') throw new TrmError('TRM_ERR_INVALID_INPUT', `${file}[${i}] must be a string, got ${typeof name}`, { path: file, index: i });
    if (!map.has(name)) map.set(name, i);
  });
  return map;
}
