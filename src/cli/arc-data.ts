/**
 * Where `trm-sdk eval arc` finds its data, and what to say when it is not there: the ARC data is
 * a download (the ARC Prize files on Kaggle, or the ARC-AGI repositories), never part of the
 * package, so a missing folder or file names the file expected and the flag that points at it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError } from '../errors.js';
import { arcSplitFiles, type ArcSplit } from '../plugins/arc/loader.js';

export const ARC_DATA_HINT =
  'the ARC data is a download: the ARC Prize files (Kaggle, "ARC Prize" competition data: arc-agi_training_challenges.json, ' +
  'arc-agi_evaluation_challenges.json and their _solutions.json) in one folder; pass that folder with --data <dir>';

/** The folder to read `split` from; TRM_ERR_INVALID_OPTIONS / TRM_ERR_IO saying what to download and which flag to use. */
export function arcDataDir(data: string | undefined, split: ArcSplit): string {
  const file = path.basename(arcSplitFiles('.', split).challenges);
  if (data === undefined) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `eval arc needs --data <dir>, a folder holding ${file}; ${ARC_DATA_HINT}`, { option: 'data' });
  }
  const challenges = arcSplitFiles(data, split).challenges;
  if (!fs.existsSync(challenges)) {
    throw new TrmError('TRM_ERR_IO', `--data ${data}: no ${file} there (looked for ${path.resolve(challenges)}); ${ARC_DATA_HINT}`, { option: 'data', path: challenges });
  }
  return data;
}
