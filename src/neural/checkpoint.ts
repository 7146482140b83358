/**
 * TRM and HRM checkpoints in the references' own layout, stored as safetensors.
 *
 * A model checkpoint holds exactly the reference state dict of `TinyRecursiveReasoningModel_ACTV1`
 * or `HierarchicalReasoningModel_ACTV1` (names like `inner.L_level.layers.0.mlp.gate_up_proj.weight`,
 * linear weights `[out, in]`, F32) with `__metadata__.config` = the reference JSON config,
 * `__metadata__.format = "trm-reference"` (HRM: `"hrm-reference"`, as the HRM golden files) and
 * `__metadata__.architecture` = `trm` or `hrm_act_v1`. Loading tells the architecture from
 * `__metadata__.architecture`, else the format, else the config's `name`, else TRM.
 * Training state (AdamW moments, EMA averages, step) goes to a second file beside it,
 * `<name>.optim.safetensors`, so the model file stays a plain reference state dict.
 *
 * Names: the reference trainer saves `torch.compile(ACTLossHead(model)).state_dict()`, whose keys
 * read `_orig_mod.model.inner.…`; the loader strips `_orig_mod.` (torch.compile) and then `model.`
 * (the loss head) so both those and bare `inner.…` files load.
 *
 * Converting a reference `.pt` checkpoint (Python; needs torch and safetensors):
 *
 *   import json, torch
 *   from safetensors.torch import save_file
 *   sd = torch.load("step_N", map_location="cpu")
 *   sd = sd.get("model", sd)                      # newer trainers wrap {"model", "optimizers", "step"}
 *   sd = {k.removeprefix("_orig_mod.").removeprefix("model."): v.float().contiguous() for k, v in sd.items()}
 *   config = {...}                                # the arch section of all_config.yaml + seq_len,
 *                                                 # vocab_size, num_puzzle_identifiers, batch_size
 *   save_file(sd, "model.safetensors", metadata={"config": json.dumps(config), "format": "trm-reference"})
 *
 * and back: `load_file` → prefix every key with `_orig_mod.model.` → `torch.save(sd, "step_N")`.
 * See docs/checkpoints.md.
 */
import * as tf from '@tensorflow/tfjs';
import { TrmError, invalidCheckpoint } from '../errors.js';
import { architectureFromReference, configFromReference, configToReference, type ArchitectureName, type TrmConfig } from './config.js';
import { paramSpecs, stateDictProblems } from './model.js';
import {
  readSafetensorsFile,
  writeSafetensorsFile,
  type SafeTensor,
  type SafetensorsFile,
} from './safetensors.js';
import type { AdamWParamState, AdamWState } from './adamw.js';
import type { EmaState } from './ema.js';

/** `__metadata__.format` of a TRM model checkpoint. */
export const CHECKPOINT_FORMAT = 'trm-reference';
/** `__metadata__.format` of an HRM model checkpoint (as the HRM golden files). */
export const HRM_CHECKPOINT_FORMAT = 'hrm-reference';
/** `__metadata__.architecture` written for each architecture (HRM: the golden files' `hrm_act_v1`). */
export const ARCHITECTURE_METADATA: Record<ArchitectureName, string> = { trm: 'trm', hrm: 'hrm_act_v1' };
/** `__metadata__.format` of a training-state file. */
export const TRAINING_STATE_FORMAT = 'trm-training-state';

export type { LoadedCheckpoint } from './checkpoint-types.js';
import type { LoadedCheckpoint } from './checkpoint-types.js';

/** What {@link saveCheckpoint} needs from a model (TrmModel satisfies it). */
export interface CheckpointableModel {
  readonly config: TrmConfig;
  readonly params: Map<string, tf.Variable>;
}

export { checkpointFromSafetensors, expectedParamShapes, metadataArchitecture, normaliseParamName } from './checkpoint-read.js';
import { checkpointFromSafetensors, expectedParamShapes, shapeStr } from './checkpoint-read.js';

/**
 * Load a reference-layout safetensors checkpoint: parse, read the config from
 * `__metadata__.config` (unless `options.config` is given), strip `_orig_mod.`/`model.` prefixes,
 * check every tensor against the config. TRM_ERR_IO if unreadable, TRM_ERR_INVALID_CHECKPOINT
 * (message starting with the path) if malformed or mismatched.
 */
export async function loadCheckpoint(file: string, options: { config?: TrmConfig } = {}): Promise<LoadedCheckpoint> {
  const parsed = await readSafetensorsFile(file);
  try {
    return checkpointFromSafetensors(parsed, options);
  } catch (e) {
    if (e instanceof TrmError && e.code === 'TRM_ERR_INVALID_CHECKPOINT') {
      throw new TrmError(e.code, `${file}: ${e.message}`, { ...e.details, path: file }, { cause: e });
    }
    throw e;
  }
}

/**
 * Write `model` as a reference-layout checkpoint (F32, `[out, in]`, reference names, metadata
 * `config` + `format`, plus `extraMetadata`), atomically. Throws TRM_ERR_INVALID_INPUT if the
 * model's parameters do not match its config (a missing, extra or mis-shaped tensor) and
 * TRM_ERR_IO if the file cannot be written.
 */
export function saveCheckpoint(file: string, model: CheckpointableModel, extraMetadata: Record<string, string> = {}): void {
  const expected = expectedParamShapes(model.config);
  for (const name of model.params.keys()) {
    if (!expected.has(name)) throw new TrmError('TRM_ERR_INVALID_INPUT', `model parameter "${name}" is not part of the reference state dict`, { name });
  }
  const tensors = new Map<string, SafeTensor>();
  for (const [name, shape] of expected) {
    const v = model.params.get(name);
    if (!v) throw new TrmError('TRM_ERR_INVALID_INPUT', `model has no parameter "${name}"`, { name });
    if (!tf.util.arraysEqual(v.shape, shape)) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `model parameter "${name}" has shape ${shapeStr(v.shape)}, the config expects ${shapeStr(shape)}`, { name });
    }
    tensors.set(name, { dtype: 'F32', shape, data: v.dataSync() as Float32Array });
  }
  for (const k of Object.keys(extraMetadata)) {
    if (k === 'config' || k === 'format' || k === 'architecture') throw new TrmError('TRM_ERR_INVALID_INPUT', `extra metadata cannot override "${k}"`, { key: k });
  }
  writeSafetensorsFile(file, tensors, {
    ...extraMetadata,
    config: JSON.stringify(configToReference(model.config)),
    format: model.config.architecture === 'hrm' ? HRM_CHECKPOINT_FORMAT : CHECKPOINT_FORMAT,
    architecture: ARCHITECTURE_METADATA[model.config.architecture],
  });
}

/** Everything beyond the weights that a resumed run needs. */
export interface TrainingState {
  /** Optimizer steps taken (the reference's `train_state.step`). */
  readonly step: number;
  readonly adam?: AdamWState;
  readonly ema?: EmaState;
  /** Free-form strings (e.g. the data-loader position, the RNG seed); stored as `extra.<key>`. */
  readonly extra?: Record<string, string>;
}

/** `dir/name.safetensors` → `dir/name.optim.safetensors`. */
export function trainingStatePath(checkpointPath: string): string {
  return checkpointPath.endsWith('.safetensors')
    ? `${checkpointPath.slice(0, -'.safetensors'.length)}.optim.safetensors`
    : `${checkpointPath}.optim.safetensors`;
}

/**
 * Write optimizer/EMA/step state beside a checkpoint, at {@link trainingStatePath}, atomically.
 * Tensors: `adam.m.<param>`, `adam.v.<param>`, `ema.<param>`; metadata: format, step, and the
 * hyper-parameters and per-parameter step counts as JSON.
 */
export function saveTrainingState(checkpointPath: string, state: TrainingState): string {
  if (!Number.isInteger(state.step) || state.step < 0) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `training state step must be an integer ≥ 0, got ${state.step}`);
  }
  const tensors = new Map<string, SafeTensor>();
  const metadata: Record<string, string> = { format: TRAINING_STATE_FORMAT, step: String(state.step) };
  if (state.adam) {
    const steps: Record<string, number> = {};
    for (const [name, p] of state.adam.params) {
      tensors.set(`adam.m.${name}`, { dtype: 'F32', shape: p.shape, data: p.m });
      tensors.set(`adam.v.${name}`, { dtype: 'F32', shape: p.shape, data: p.v });
      steps[name] = p.step;
    }
    metadata.adam = JSON.stringify({ betas: state.adam.betas, eps: state.adam.eps, weightDecay: state.adam.weightDecay, steps });
  }
  if (state.ema) {
    for (const [name, t] of state.ema.shadow) tensors.set(`ema.${name}`, { dtype: 'F32', shape: t.shape, data: t.data });
    metadata.ema = JSON.stringify({ mu: state.ema.mu });
  }
  for (const [k, v] of Object.entries(state.extra ?? {})) metadata[`extra.${k}`] = v;
  const out = trainingStatePath(checkpointPath);
  writeSafetensorsFile(out, tensors, metadata);
  return out;
}

function parseJsonMeta<T>(file: string, key: string, raw: string): T {
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw invalidCheckpoint(`${file}: __metadata__.${key} is not valid JSON`, { path: file, key });
  }
}

/**
 * Read the state written by {@link saveTrainingState} for `checkpointPath`. Throws TRM_ERR_IO if
 * the file is missing and TRM_ERR_INVALID_CHECKPOINT if it is not a training-state file or its
 * tensors and metadata disagree.
 */
export async function loadTrainingState(checkpointPath: string): Promise<TrainingState> {
  const file = trainingStatePath(checkpointPath);
  const parsed = await readSafetensorsFile(file);
  const md = parsed.metadata;
  if (md.format !== TRAINING_STATE_FORMAT) throw invalidCheckpoint(`${file}: __metadata__.format is ${JSON.stringify(md.format)}, expected "${TRAINING_STATE_FORMAT}"`, { path: file });
  const step = Number(md.step);
  if (!Number.isInteger(step) || step < 0) throw invalidCheckpoint(`${file}: __metadata__.step is ${JSON.stringify(md.step)}, expected an integer ≥ 0`, { path: file });

  const f32 = (name: string): SafeTensor => {
    const t = parsed.tensors.get(name);
    if (!t) throw invalidCheckpoint(`${file}: missing tensor "${name}"`, { path: file, tensor: name });
    if (t.dtype !== 'F32') throw invalidCheckpoint(`${file}: tensor "${name}" is ${t.dtype}, expected F32`, { path: file, tensor: name });
    return t;
  };
  const used = new Set<string>();
  let adam: AdamWState | undefined;
  if (md.adam !== undefined) {
    const a = parseJsonMeta<{ betas: [number, number]; eps: number; weightDecay: number; steps: Record<string, number> }>(file, 'adam', md.adam);
    const params = new Map<string, AdamWParamState>();
    for (const [name, s] of Object.entries(a.steps ?? {})) {
      const m = f32(`adam.m.${name}`);
      const v = f32(`adam.v.${name}`);
      if (!tf.util.arraysEqual(m.shape, v.shape)) throw invalidCheckpoint(`${file}: adam moments of "${name}" have shapes ${shapeStr(m.shape)} and ${shapeStr(v.shape)}`, { path: file });
      used.add(`adam.m.${name}`).add(`adam.v.${name}`);
      params.set(name, { step: s, m: m.data as Float32Array, v: v.data as Float32Array, shape: m.shape });
    }
    adam = { betas: a.betas, eps: a.eps, weightDecay: a.weightDecay, params };
  }
  let ema: EmaState | undefined;
  if (md.ema !== undefined) {
    const e = parseJsonMeta<{ mu: number }>(file, 'ema', md.ema);
    const shadow = new Map<string, { shape: number[]; data: Float32Array }>();
    for (const name of parsed.tensors.keys()) {
      if (!name.startsWith('ema.')) continue;
      const t = f32(name);
      used.add(name);
      shadow.set(name.slice(4), { shape: t.shape, data: t.data as Float32Array });
    }
    ema = { mu: e.mu, shadow };
  }
  const stray = [...parsed.tensors.keys()].filter((n) => !used.has(n));
  if (stray.length) throw invalidCheckpoint(`${file}: tensors not described by the metadata: ${stray.join(', ')}`, { path: file, stray });
  // fromEntries: a key "extra.__proto__" becomes an own key, not the object's prototype.
  const extra: Record<string, string> = Object.fromEntries(Object.entries(md).filter(([k]) => k.startsWith('extra.')).map(([k, v]) => [k.slice(6), v]));
  return { step, ...(adam ? { adam } : {}), ...(ema ? { ema } : {}), extra };
}
