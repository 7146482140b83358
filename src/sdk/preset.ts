/**
 * Task presets: `tasks/<task>/<name>.json` in the package, or a file the user names. A preset
 * layers model settings, training hyper-parameters, generator options and the held-out size over
 * the defaults (see train.ts); `export-dataset` and `export-config` read the same files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { invalidConfig, invalidOptions } from '../errors.js';
import type { TrmConfig } from '../neural/config.js';
import type { TrainHyper } from '../neural/train-types.js';
import { packageRoot } from './paths.js';

export interface Preset {
  /** Free text: what this preset is for. */
  description?: string;
  /** TrmConfig overrides (camelCase keys). */
  model?: Partial<TrmConfig>;
  /** Training hyper-parameters. */
  train?: Partial<TrainHyper> & { evalEvery?: number; checkpointEvery?: number; seed?: number };
  /** Options passed to plugin.generate for training and evaluation data. */
  generate?: Record<string, unknown>;
  /** Held-out evaluation size. */
  evalSize?: number;
}

/** True when `name` names a preset file (a path or a `.json` name) rather than a shipped preset. */
export function isPresetPath(name: string): boolean {
  return name.includes('/') || name.includes(path.sep) || name.endsWith('.json');
}

/** Where `loadPreset(task, name)` reads: the file itself for a path, else `tasks/<task>/<name>.json` in the package. */
export function presetFile(task: string, name = 'preset'): string {
  if (isPresetPath(name)) return path.resolve(name);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) throw invalidOptions('preset', `bad preset name "${name}": give a shipped preset's name or a path to a .json file`);
  return path.join(packageRoot(), 'tasks', task, `${name}.json`);
}

/**
 * Reads a preset: a file path (anything with a `/` or ending in `.json`), or the name of a shipped
 * preset `tasks/<task>/<name>.json` (default `preset`). Absent → TRM_ERR_INVALID_OPTIONS; present
 * but malformed → TRM_ERR_INVALID_CONFIG naming the file (never silently "no preset").
 */
export function loadPreset(task: string, name = 'preset'): Preset {
  const file = presetFile(task, name);
  if (!fs.existsSync(file)) throw invalidOptions('preset', `no preset "${name}" for task "${task}" (looked for ${file})`, { task, preset: name });
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalidConfig(`${file} is not valid JSON: ${(e as Error).message}`, { file });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidConfig(`${file} must hold a JSON object (a preset), got ${Array.isArray(parsed) ? 'an array' : typeof parsed}`, { file });
  for (const k of ['model', 'train'] as const) {
    const v = (parsed as Record<string, unknown>)[k];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) throw invalidConfig(`${file}: "${k}" must be an object`, { file });
  }
  return parsed as Preset;
}

