/** One batch of encoded puzzles as both engines read it: flat int32 tokens and puzzle identifiers. */
import { TrmError } from '../errors.js';
import type { Encoded } from '../plugins/contract.js';
import type { RefineContext } from './task-model.js';

export interface ModelBatch {
  batchSize: number;
  /** [B × S] token ids, row-major. */
  inputs: Int32Array;
  /** [B] puzzle-embedding rows. */
  puzzleIdentifiers: Int32Array;
}

/**
 * Packs `encoded` for a model of `seqLen` tokens and `numPuzzleIdentifiers` embedding rows. A task
 * the model learned (its id in `puzzleIds`) gets its own row where the plugin gave the blank id 0;
 * an id the model has no row for becomes 0.
 */
export function packBatch(encoded: Encoded, seqLen: number, numPuzzleIdentifiers: number, puzzleIds: Map<string, number> | null, context?: RefineContext): ModelBatch {
  const B = encoded.inputs.length;
  const inputs = new Int32Array(B * seqLen);
  encoded.inputs.forEach((row, b) => {
    if (row.length !== seqLen) throw new TrmError('TRM_ERR_INVALID_INPUT', `encoded row ${b} has ${row.length} tokens; the model reads ${seqLen}`);
    inputs.set(row, b * seqLen);
  });
  const learned = context?.taskId !== undefined ? puzzleIds?.get(context.taskId) : undefined;
  const puzzleIdentifiers = Int32Array.from(encoded.puzzleIdentifiers, (id) => (learned !== undefined && id === 0 ? learned : id < numPuzzleIdentifiers ? id : 0));
  return { batchSize: B, inputs, puzzleIdentifiers };
}
