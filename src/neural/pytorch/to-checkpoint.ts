/**
 * A PyTorch checkpoint as one of our checkpoints: the reference TRM's `step_N` files and the
 * official HRM checkpoints are bare state dicts (`torch.save(model.state_dict(), …)`) with the
 * model's settings in an `all_config.yaml` beside them, and without the dataset-derived sizes
 * (`seq_len`, `vocab_size`, `num_puzzle_identifiers`), which the reference takes from the data.
 *
 * So the config is assembled here, every value from one named source:
 *   architecture      — the parameter names (`inner.H_level.*` exists only in HRM), checked
 *                       against the config's `name` when it has one;
 *   model settings    — the `arch` section of all_config.yaml (or a config object the caller
 *                       passes), the only place head count and cycle counts exist;
 *   vocab_size        — rows of `inner.embed_tokens.embedding_weight`;
 *   puzzle ids        — rows of `inner.puzzle_emb.weights` (1 when there is no puzzle embedding);
 *   seq_len           — rows of `inner.embed_pos.embedding_weight` minus the prefix (learned
 *                       positions), else the task's sequence length, which the caller passes.
 * Then the tensors are validated against that config exactly like our own safetensors files.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFileBounded, readTextBounded } from '../../util/read-bounded.js';
import { TrmError, invalidCheckpoint } from '../../errors.js';
import type { LoadedCheckpoint } from '../checkpoint-types.js';
import { checkpointFromSafetensors, normaliseParamName } from '../checkpoint.js';
import { architectureFromReference, configFromReference, type ArchitectureName } from '../config.js';
import type { SafeTensor } from '../safetensors.js';
import { readTorchCheckpoint, type TorchCheckpoint } from './torch-load.js';
import type { TorchReadOptions } from './limits.js';

/** The file the reference training scripts write beside every checkpoint. */
export const ALL_CONFIG_FILE = 'all_config.yaml';
/** Largest all_config.yaml read (it is a few hundred bytes in practice). */
const MAX_CONFIG_BYTES = 1 << 20;

export interface TorchImportOptions {
  /** The model settings: the `arch` section of all_config.yaml, or the whole file's object (its `arch` is used). */
  referenceConfig?: Record<string, unknown>;
  /** Path of an all_config.yaml (default: the one beside the checkpoint, when present). */
  configFile?: string;
  /** The task's sequence length, for checkpoints without learned positions (the shapes do not say it). */
  seqLen?: number;
  /** Limits for the pickle/zip reader. */
  read?: TorchReadOptions;
}

/** Where each config value came from, for the model card and `inspect`. */
export interface TorchProvenance {
  source: string;
  sha256: string;
  format: 'zip' | 'legacy';
  configFrom: string;
  architecture: ArchitectureName;
  seqLenFrom: 'learned positions' | 'config' | 'task';
  skipped: { name: string; reason: string }[];
}

export interface ImportedCheckpoint extends LoadedCheckpoint {
  readonly provenance: TorchProvenance;
}

/** Reads `file` (a torch.save file) and returns it as a validated checkpoint, config assembled as described above. */
export function importTorchCheckpointFile(file: string, options: TorchImportOptions = {}): ImportedCheckpoint {
  // Stat first: a regular file within the size limit, or an error naming the path before any read.
  const bytes = readFileBounded(file, options.read?.maxBytes ?? 4 * 2 ** 30, 'checkpoint', 'TRM_ERR_INVALID_CHECKPOINT');
  const torch = prefixErrors(file, () => readTorchCheckpoint(bytes, options.read));
  let refConfig = options.referenceConfig;
  let configFrom = 'the caller';
  if (!refConfig) {
    const cfgFile = options.configFile ?? path.join(path.dirname(file), ALL_CONFIG_FILE);
    if (fs.existsSync(cfgFile)) {
      refConfig = readAllConfig(cfgFile);
      configFrom = cfgFile;
    } else if (options.configFile) {
      throw new TrmError('TRM_ERR_IO', `config file ${cfgFile} not found`, { path: cfgFile });
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return prefixErrors(file, () => checkpointFromTorch(torch, { ...options, ...(refConfig ? { referenceConfig: refConfig } : {}) }, { source: file, sha256, configFrom }));
}

/** Reads an all_config.yaml (bounded, no YAML aliases expanded beyond a small count) and returns its object. */
export function readAllConfig(file: string): Record<string, unknown> {
  const text = readTextBounded(file, MAX_CONFIG_BYTES, 'config', 'TRM_ERR_INVALID_CONFIG');
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 50, uniqueKeys: true });
  } catch (e) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `${file} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, { path: file });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new TrmError('TRM_ERR_INVALID_CONFIG', `${file} must hold a mapping (the training config)`, { path: file });
  return doc as Record<string, unknown>;
}

/** The model settings inside a config object: its `arch` section when it has one (all_config.yaml), else the object itself. */
function archSection(cfg: Record<string, unknown>): Record<string, unknown> {
  const arch = Object.hasOwn(cfg, 'arch') ? cfg.arch : cfg;
  if (typeof arch !== 'object' || arch === null || Array.isArray(arch)) throw new TrmError('TRM_ERR_INVALID_CONFIG', 'the config\'s "arch" section must be a mapping');
  return arch as Record<string, unknown>;
}

/** Converts a read torch checkpoint; see the module comment for where each config value comes from. */
export function checkpointFromTorch(
  torch: TorchCheckpoint,
  options: TorchImportOptions,
  origin: { source: string; sha256: string; configFrom: string },
): ImportedCheckpoint {
  const tensors = new Map<string, SafeTensor>();
  for (const [name, t] of torch.tensors) tensors.set(normaliseParamName(name), t);
  const architecture: ArchitectureName = [...tensors.keys()].some((n) => n.startsWith('inner.H_level.')) ? 'hrm' : 'trm';

  let given = options.referenceConfig ? { ...archSection(options.referenceConfig) } : undefined;
  if (!given && isPlainObject(torch.metadata.config) && Object.hasOwn(torch.metadata.config, 'hidden_size') && Object.keys(torch.metadata.config).length > 4) {
    // Some scripts save {'model': sd, 'config': {...}}: a full arch config there counts as given.
    given = { ...archSection(torch.metadata.config) };
    origin = { ...origin, configFrom: `${origin.source} (its "config" entry)` };
  }
  if (!given) {
    throw invalidCheckpoint(
      `no model config for this ${architecture.toUpperCase()} state dict: head count and cycle counts are not in the tensors. ` +
        `Put the training run's ${ALL_CONFIG_FILE} beside the file, or pass one (--config all_config.yaml)`,
    );
  }
  const named = architectureFromReference(given.name);
  if (given.name !== undefined && named !== architecture) {
    throw invalidCheckpoint(`the config names ${JSON.stringify(given.name)} but the tensors are a ${architecture.toUpperCase()} state dict`);
  }
  delete given.name;
  delete given.loss;
  // Informational only (the model takes any batch): the run's global batch when the file says it.
  if (given.batch_size === undefined) {
    const gb = options.referenceConfig?.global_batch_size ?? torch.metadata.global_batch_size;
    given.batch_size = typeof gb === 'number' && Number.isInteger(gb) && gb > 0 ? gb : 1;
  }

  const shapeOf = (n: string): number[] | undefined => tensors.get(n)?.shape;
  const embed = shapeOf('inner.embed_tokens.embedding_weight');
  if (!embed || embed.length !== 2) throw invalidCheckpoint('the state dict has no inner.embed_tokens.embedding_weight [vocab, hidden]: not a TRM/HRM checkpoint');
  given.vocab_size = embed[0]!;
  const puzzle = shapeOf('inner.puzzle_emb.weights');
  given.num_puzzle_identifiers = puzzle ? puzzle[0]! : 1;

  let seqLenFrom: TorchProvenance['seqLenFrom'] = 'config';
  const pos = shapeOf('inner.embed_pos.embedding_weight');
  if (pos) {
    const ndim = Number(given.puzzle_emb_ndim ?? 0);
    const hidden = Number(given.hidden_size);
    const prefix = architecture === 'hrm' || given.puzzle_emb_len === undefined ? Math.ceil(ndim / hidden) : Number(given.puzzle_emb_len) || Math.ceil(ndim / hidden);
    given.seq_len = pos[0]! - prefix;
    seqLenFrom = 'learned positions';
  } else if (given.seq_len === undefined) {
    if (options.seqLen === undefined) {
      throw invalidCheckpoint('the sequence length is not in this checkpoint (no learned positions, none in the config): import it for a task (--task), whose sequence length is used');
    }
    given.seq_len = options.seqLen;
    seqLenFrom = 'task';
  }
  if (architecture === 'trm' && given.H_layers !== undefined) delete given.H_layers;

  const config = configFromReference(given, { architecture });
  const loaded = checkpointFromSafetensors({ tensors, metadata: {} }, { config });
  const provenance: TorchProvenance = {
    ...origin,
    format: torch.format,
    architecture,
    seqLenFrom,
    skipped: torch.skipped.map((s) => ({ name: s.name, reason: s.reason })),
  };
  return {
    ...loaded,
    metadata: { source_file: path.basename(origin.source), source_sha256: origin.sha256, source_format: `torch-${torch.format}`, config_from: origin.configFrom },
    provenance,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
}

/** Prefixes a TRM_ERR_INVALID_CHECKPOINT message with the file it is about. */
function prefixErrors<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrmError && e.code === 'TRM_ERR_INVALID_CHECKPOINT' && !e.message.startsWith(file)) {
      throw new TrmError(e.code, `${file}: ${e.message}`, { ...e.details, path: file }, { cause: e });
    }
    throw e;
  }
}
