/**
 * Loading ARC datasets in the Kaggle layout: `<dir>/arc-agi_<split>_challenges.json` (tasks keyed
 * by id) and, when present, `<dir>/arc-agi_<split>_solutions.json` (id → one output grid per test input).
 *
 * Splits: `training`, `evaluation` (ARC-AGI-1), `training2`, `evaluation2` (ARC-AGI-2), `concept` (ConceptARC).
 *
 * WARNING — train/test leakage: `training2` contains most ARC-AGI-1 `evaluation` tasks (same ids).
 * Never train on `training2` and report results on `evaluation`; check with `overlappingIds`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TrmError, invalidInput, isTrmError } from '../../errors.js';
import { validateGrid, kindOf } from '../../symbolic/arc/grid/grid.js';
import { parseArcTask } from './parse.js';
import type { ArcTask } from '../../symbolic/arc/grid/types.js';

export const ARC_SPLITS = ['training', 'evaluation', 'training2', 'evaluation2', 'concept'] as const;
export type ArcSplit = (typeof ARC_SPLITS)[number];

export interface ArcDatasetEntry {
  readonly id: string;
  /** The task, with `id` set and each test output filled from the solutions file when it exists. */
  readonly task: ArcTask;
}

/** The challenges and solutions file paths of a split. */
export function arcSplitFiles(dir: string, split: ArcSplit): { challenges: string; solutions: string } {
  return {
    challenges: path.join(dir, `arc-agi_${split}_challenges.json`),
    solutions: path.join(dir, `arc-agi_${split}_solutions.json`),
  };
}

/**
 * Loads every task of `split` from `dir`, in file order, each validated like `parseArcTask`.
 * Throws TRM_ERR_IO naming the path when the challenges file cannot be read (a missing solutions
 * file just leaves test outputs unknown), and TRM_ERR_INVALID_INPUT naming the task and grid
 * when the content is malformed.
 */
export function loadArcDataset(dir: string, split: ArcSplit): ArcDatasetEntry[] {
  if (!(ARC_SPLITS as readonly string[]).includes(split)) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `unknown ARC split "${String(split)}"; known: ${ARC_SPLITS.join(', ')}`);
  }
  const files = arcSplitFiles(dir, split);
  const challenges = readJson(files.challenges, true) as Record<string, unknown>;
  const solutions = readJson(files.solutions, false) as Record<string, unknown> | undefined;
  const out: ArcDatasetEntry[] = [];
  for (const [id, raw] of Object.entries(challenges)) {
    let task: ArcTask;
    try {
      task = parseArcTask(raw);
    } catch (e) {
      throw isTrmError(e) ? invalidInput(`${files.challenges}: task ${id}: ${e.message}`, { file: files.challenges, task: id }) : e;
    }
    task.id = id;
    const sol = solutions?.[id];
    if (sol !== undefined) {
      if (!Array.isArray(sol) || sol.length !== task.test.length) {
        throw invalidInput(
          `${files.solutions}: task ${id} has ${Array.isArray(sol) ? sol.length : kindOf(sol)} solution grid(s), expected ${task.test.length}`,
          { file: files.solutions, task: id },
        );
      }
      sol.forEach((g, i) => {
        try {
          task.test[i]!.output = validateGrid(g, `solutions[${i}]`);
        } catch (e) {
          throw isTrmError(e) ? invalidInput(`${files.solutions}: task ${id}: ${e.message}`, { file: files.solutions, task: id }) : e;
        }
      });
    }
    out.push({ id, task });
  }
  return out;
}

/** Ids present in both lists — non-empty means training on `a` and evaluating on `b` leaks. */
export function overlappingIds(a: readonly { id: string }[], b: readonly { id: string }[]): string[] {
  const ids = new Set(a.map((e) => e.id));
  return b.filter((e) => ids.has(e.id)).map((e) => e.id);
}

function readJson(file: string, required: boolean): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TrmError('TRM_ERR_IO', `cannot read ARC file ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw invalidInput(`${file} is not valid JSON: ${(e as Error).message}`, { file });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput(`${file} must hold an object keyed by task id, got ${kindOf(value)}`, { file });
  }
  return value;
}
