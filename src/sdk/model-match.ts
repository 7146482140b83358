/**
 * A checkpoint must speak its task's token interface: same sequence length, same vocabulary,
 * and enough puzzle-identifier rows for the ids the task emits. Checked when a model is attached
 * to a task, so a mismatch is one clear error naming both sides, never garbage answers.
 */
import { TrmError } from '../errors.js';
import type { TokenSpec } from '../plugins/contract.js';

/** What a checkpoint says about its token interface (from its config or tensor shapes). */
export interface ModelTokens {
  readonly seqLen: number;
  readonly vocabSize: number;
  readonly numPuzzleIdentifiers: number;
}

/** Throws TRM_ERR_INVALID_CHECKPOINT naming both sides when `model` cannot read or write `task`'s tokens. */
export function checkModelMatchesTask(task: string, tokens: TokenSpec, model: ModelTokens, source: string): void {
  const problems: string[] = [];
  if (model.vocabSize !== tokens.vocabSize) problems.push(`checkpoint vocab ${model.vocabSize}, task ${task} expects ${tokens.vocabSize}`);
  if (model.seqLen !== tokens.seqLen) problems.push(`checkpoint sequence length ${model.seqLen}, task ${task} expects ${tokens.seqLen}`);
  if (problems.length > 0) {
    throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `${source} does not fit task "${task}": ${problems.join('; ')}`, {
      task,
      checkpoint: { ...model },
      task_tokens: { seqLen: tokens.seqLen, vocabSize: tokens.vocabSize, numPuzzleIdentifiers: tokens.numPuzzleIdentifiers },
    });
  }
}
