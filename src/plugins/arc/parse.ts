/**
 * Parsing ARC tasks and answers from their JSON forms, validating every grid with a precise path.
 *
 * Task form (the official / Kaggle per-task object, or the same as a JSON string):
 *   { "train": [{ "input": Grid, "output": Grid }, …], "test": [{ "input": Grid, "output"?: Grid }, …], "id"?: string }
 * Test outputs, when present (e.g. filled in from a solutions file), are kept for scoring.
 *
 * Answer form: `{ "attempts": [[Grid, Grid?], …] }`, or just the array of attempts-per-test,
 * or the Kaggle submission list for one task `[{ "attempt_1": Grid, "attempt_2"?: Grid }, …]`;
 * each also accepted as a JSON string.
 */
import { invalidInput } from '../../errors.js';
import { kindOf, validateGrid } from '../../symbolic/arc/grid/grid.js';
import { MAX_ATTEMPTS, type ArcAnswer, type ArcPair, type ArcTask, type ArcTest, type Grid } from '../../symbolic/arc/grid/types.js';

/** Parses an ARC task (object or JSON string); throws TRM_ERR_INVALID_INPUT saying what is wrong and where. */
export function parseArcTask(input: unknown): ArcTask {
  const value = fromJsonText(input, 'task');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput(`an ARC task must be an object with "train" and "test" arrays, got ${kindOf(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const train = nonEmptyArray(obj.train, 'train');
  const test = nonEmptyArray(obj.test, 'test');
  const task: ArcTask = {
    train: train.map((p, i): ArcPair => {
      const pair = pairObject(p, `train[${i}]`);
      if (pair.input === undefined) throw invalidInput(`train[${i}].input is missing`, { path: `train[${i}].input` });
      if (pair.output === undefined) throw invalidInput(`train[${i}].output is missing`, { path: `train[${i}].output` });
      return { input: validateGrid(pair.input, `train[${i}].input`), output: validateGrid(pair.output, `train[${i}].output`) };
    }),
    test: test.map((t, i): ArcTest => {
      const pair = pairObject(t, `test[${i}]`);
      if (pair.input === undefined) throw invalidInput(`test[${i}].input is missing`, { path: `test[${i}].input` });
      const out: ArcTest = { input: validateGrid(pair.input, `test[${i}].input`) };
      // null is how some exporters write "no output"; treat it as absent.
      if (pair.output !== undefined && pair.output !== null) out.output = validateGrid(pair.output, `test[${i}].output`);
      return out;
    }),
  };
  if (obj.id !== undefined) {
    if (typeof obj.id !== 'string' || obj.id.length === 0 || obj.id.length > 200) {
      throw invalidInput(`id must be a non-empty string of at most 200 characters, got ${kindOf(obj.id)}`, { path: 'id' });
    }
    task.id = obj.id;
  }
  return task;
}

/**
 * Parses an answer for `puzzle`: one entry per test input, each 1–2 valid grids.
 * Throws TRM_ERR_INVALID_INPUT naming the entry (`attempts[1][0]`) and cell.
 */
export function parseArcAnswer(input: unknown, puzzle: ArcTask): ArcAnswer {
  const value = fromJsonText(input, 'answer');
  let list: unknown;
  if (Array.isArray(value)) list = value;
  else if (value !== null && typeof value === 'object' && 'attempts' in value) list = (value as { attempts: unknown }).attempts;
  else throw invalidInput(`an ARC answer must be { "attempts": [[grid, grid?], …] } or the array of attempts per test input, got ${kindOf(value)}`);
  if (!Array.isArray(list)) throw invalidInput(`attempts must be an array with one entry per test input, got ${kindOf(list)}`, { path: 'attempts' });
  const n = puzzle.test.length;
  if (list.length !== n) {
    throw invalidInput(`attempts has ${list.length} entries, expected ${n} (one per test input)`, { path: 'attempts', expected: n, got: list.length });
  }
  return { attempts: list.map((entry, i) => parseAttempts(entry, `attempts[${i}]`)) };
}

function parseAttempts(entry: unknown, path: string): Grid[] {
  // Kaggle submission form: { attempt_1: grid, attempt_2: grid }.
  if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
    const o = entry as Record<string, unknown>;
    if (!('attempt_1' in o)) throw invalidInput(`${path} must be an array of 1–${MAX_ATTEMPTS} grids or { "attempt_1": grid, "attempt_2"?: grid }, got an object without attempt_1`, { path });
    const grids = [validateGrid(o.attempt_1, `${path}.attempt_1`)];
    if (o.attempt_2 !== undefined && o.attempt_2 !== null) grids.push(validateGrid(o.attempt_2, `${path}.attempt_2`));
    return grids;
  }
  if (!Array.isArray(entry)) throw invalidInput(`${path} must be an array of 1–${MAX_ATTEMPTS} grids, got ${kindOf(entry)}`, { path });
  if (entry.length === 0) throw invalidInput(`${path} has no attempts; give 1–${MAX_ATTEMPTS} grids`, { path });
  // A bare grid here (its first element is a row of numbers) is the commonest mistake: say so.
  if (Array.isArray(entry[0]) && typeof entry[0][0] === 'number') {
    throw invalidInput(`${path} is a single grid; wrap it in a list of attempts ([grid] or [grid, grid])`, { path });
  }
  if (entry.length > MAX_ATTEMPTS) throw invalidInput(`${path} has ${entry.length} attempts; at most ${MAX_ATTEMPTS} are allowed (pass@2)`, { path });
  return entry.map((g, j) => validateGrid(g, `${path}[${j}]`));
}

function fromJsonText(input: unknown, what: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch (e) {
    throw invalidInput(`the ${what} text is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Most demonstration pairs, and most test inputs, one task may hold: the contract's `maxItems`
 * (openapi.yaml, ArcTask). Held here too so that every input form (an object, JSON text, a file,
 * the SDK) meets the same limit; real tasks have fewer than 10.
 */
export const MAX_ARC_PAIRS = 100;

function nonEmptyArray(v: unknown, name: string): unknown[] {
  if (!Array.isArray(v) || v.length === 0) {
    const got = Array.isArray(v) ? 'an empty array' : kindOf(v);
    throw invalidInput(`${name} must be a non-empty array, got ${got}`, { path: name });
  }
  if (v.length > MAX_ARC_PAIRS) throw invalidInput(`${name} has ${v.length} entries; at most ${MAX_ARC_PAIRS} are allowed`, { path: name });
  return v;
}

function pairObject(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw invalidInput(`${path} must be an object with "input"${path.startsWith('train') ? ' and "output"' : ''}, got ${kindOf(v)}`, { path });
  }
  return v as Record<string, unknown>;
}
