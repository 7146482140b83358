/**
 * A checkpoint from parsed safetensors: names normalised, config read, every tensor checked
 * against the model's parameter list. No file access and no platform code, so the browser
 * loader (models fetched by URL) runs exactly the checks the Node loader runs.
 */
import { TrmError, invalidCheckpoint } from '../errors.js';
import { architectureFromReference, configFromReference, type TrmConfig } from './config.js';
import { paramSpecs, stateDictProblems } from './model.js';
import type { SafeTensor, SafetensorsFile } from './safetensors-format.js';
import type { LoadedCheckpoint } from './checkpoint-types.js';

/**
 * The reference state dict of a config: every persistent tensor name and its shape, in the
 * reference's `[out, in]` layout — the model's own parameter list (`paramSpecs`), so the loader
 * and the network cannot disagree. Rotary caches and the puzzle embedding's
 * `local_weights`/`local_ids` are non-persistent buffers in the reference, so they never appear.
 */
export function expectedParamShapes(c: TrmConfig): Map<string, number[]> {
  return new Map(paramSpecs(c).map((s) => [s.name, [...s.shape]]));
}

/**
 * The architecture a checkpoint's metadata declares: `__metadata__.architecture` (e.g. `hrm_act_v1`),
 * else `__metadata__.format` (`hrm-reference` / `trm-reference`); `{}` when neither says (the
 * config's own `name`, if any, decides then, else TRM). Throws on an unknown architecture.
 */
export function metadataArchitecture(metadata: Record<string, string>): { architecture?: string } {
  const declared = metadata.architecture;
  if (declared !== undefined) {
    if (!architectureFromReference(declared)) throw invalidCheckpoint(`__metadata__.architecture ${JSON.stringify(declared)} is not a known architecture (trm, hrm_act_v1)`);
    return { architecture: declared };
  }
  const format = metadata.format;
  if (format !== undefined && architectureFromReference(format)) return { architecture: format };
  return {};
}

/** Reference key → our name: strips torch.compile's `_orig_mod.` and the loss head's `model.`. */
export function normaliseParamName(name: string): string {
  let n = name;
  if (n.startsWith('_orig_mod.')) n = n.slice('_orig_mod.'.length);
  if (n.startsWith('model.')) n = n.slice('model.'.length);
  return n;
}

export const shapeStr = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * Validate parsed safetensors as a checkpoint of `config` (or of `__metadata__.config` when no
 * config is given): names normalised, every expected tensor present, none extra, all F32 with the
 * expected shape. Throws TRM_ERR_INVALID_CHECKPOINT naming the tensor and the problem.
 */
export function checkpointFromSafetensors(file: SafetensorsFile, options: { config?: TrmConfig } = {}): LoadedCheckpoint {
  let config = options.config;
  if (!config) {
    const raw = file.metadata.config;
    if (raw === undefined) {
      throw invalidCheckpoint('checkpoint has no __metadata__.config (the reference JSON config); pass a config explicitly to load a bare state dict');
    }
    const arch = metadataArchitecture(file.metadata);
    try {
      config = configFromReference(raw, arch);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `__metadata__.config is not a usable TRM config: ${msg}`, { cause: msg }, { cause: e });
    }
  }
  const tensors = new Map<string, SafeTensor>();
  const source = new Map<string, string>();
  for (const [rawName, t] of file.tensors) {
    const name = normaliseParamName(rawName);
    const prev = source.get(name);
    if (prev !== undefined) throw invalidCheckpoint(`tensors "${prev}" and "${rawName}" both map to "${name}"`, { tensor: name });
    source.set(name, rawName);
    tensors.set(name, t);
  }
  // The model's own validator; here the first problem is reported, under the file's name for it.
  const problems = stateDictProblems(config, tensors);
  const first = problems.find((p) => p.kind !== 'missing');
  if (first) {
    const rawName = source.get(first.name)!;
    if (first.kind === 'unexpected') {
      const arch = config.architecture.toUpperCase();
      throw invalidCheckpoint(`unexpected tensor "${rawName}": not part of the ${arch} state dict for this config (expected names like ${paramSpecs(config).slice(0, 3).map((s) => s.name).join(', ')}, …)`, { tensor: rawName });
    }
    if (first.kind === 'dtype') throw invalidCheckpoint(`tensor "${rawName}" has dtype ${first.dtype}, expected a float type`, { tensor: rawName, dtype: first.dtype });
    if (first.kind === 'shape') {
      throw invalidCheckpoint(`tensor "${rawName}" has shape ${shapeStr(first.shape)}, the config expects ${shapeStr(first.expected)}`, { tensor: rawName, shape: first.shape, expected: first.expected });
    }
  }
  const missing = problems.filter((p) => p.kind === 'missing').map((p) => p.name);
  if (missing.length) throw invalidCheckpoint(`checkpoint is missing ${missing.length} tensor(s): ${missing.join(', ')}`, { missing });
  return { config, tensors, metadata: file.metadata };
}

