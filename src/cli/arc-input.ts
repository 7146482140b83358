/**
 * ARC input as users have it, for `trm-sdk solve arc`: one task (`{ "train", "test" }`), the same
 * wrapped as `{ "task": … }` (the REST body's form), or a Kaggle challenges file
 * (`arc-agi_<split>_challenges.json`: task id → task) — one task of it with `--id`, or every task
 * with one result line each.
 */
import { TrmError, toTrmError } from '../errors.js';
import type { SolveOptions } from '../sdk/options.js';
import { toWire } from '../sdk/result.js';
import type { TrmSdk } from '../sdk/sdk.js';
import { didYouMeanSuffix } from '../util/did-you-mean.js';

export type ArcCliInput = { kind: 'one'; task: unknown } | { kind: 'many'; tasks: [id: string, task: unknown][] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const looksLikeTask = (v: unknown): boolean => isObject(v) && ('train' in v || 'test' in v);

/** Sorts the input into one task or many; `id` picks one task of a challenges file. */
export function arcCliInput(value: unknown, id?: string): ArcCliInput {
  if (isObject(value) && !looksLikeTask(value) && 'task' in value) value = value.task;
  if (!isObject(value) || looksLikeTask(value)) {
    // One task (or something the plugin's parser will explain).
    if (id !== undefined) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `--id picks a task out of a challenges file (task id → task); this input is a single task`, { option: 'id' });
    return { kind: 'one', task: value };
  }
  const entries = Object.entries(value);
  if (!entries.length || !entries.every(([, t]) => looksLikeTask(t))) {
    const bad = entries.find(([, t]) => !looksLikeTask(t));
    throw new TrmError(
      'TRM_ERR_INVALID_INPUT',
      `an ARC input must be a task { "train": […], "test": […] }, { "task": <task> }, or a challenges file mapping task ids to tasks; ` +
        (bad ? `"${bad[0].slice(0, 64)}" is not a task (no "train" or "test")` : 'got an empty object'),
    );
  }
  if (id === undefined) return { kind: 'many', tasks: entries };
  const task = (value as Record<string, unknown>)[id];
  if (task === undefined || !Object.hasOwn(value, id)) {
    const ids = entries.map(([k]) => k);
    throw new TrmError(
      'TRM_ERR_INVALID_OPTIONS',
      `--id ${id}: no such task in this challenges file${didYouMeanSuffix(id, ids)} (${ids.length} tasks: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''})`,
      { option: 'id', id },
    );
  }
  return { kind: 'one', task: { ...(task as Record<string, unknown>), id } };
}

/** Solves every task of a challenges file in order, one line each (a JSON object with --json); returns the exit code. */
export async function solveArcTasks(sdk: TrmSdk, tasks: readonly [string, unknown][], opts: SolveOptions, json: boolean): Promise<number> {
  let verified = 0;
  let errors = 0;
  for (const [id, task] of tasks) {
    try {
      const r = await sdk.solve('arc', { ...(task as Record<string, unknown>), id }, opts);
      if (r.verified) verified++;
      if (json) console.log(JSON.stringify({ id, ...toWire(r) }));
      else console.log(`${id}: ${r.verified ? 'verified' : 'NOT verified'} (source ${r.source}, ${r.timingsMs.total.toFixed(0)} ms)${r.program ? ` program ${r.program}` : ''}`);
    } catch (e) {
      errors++;
      const err = toTrmError(e);
      if (json) console.log(JSON.stringify({ id, error: err.toJSON().error }));
      else console.log(`${id}: ${err.code}: ${err.message}`);
    }
  }
  process.stderr.write(`[solve arc] ${tasks.length} tasks: ${verified} verified, ${tasks.length - verified - errors} not verified, ${errors} errors\n`);
  return errors ? 1 : verified < tasks.length ? 3 : 0;
}
