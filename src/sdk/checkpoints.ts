/**
 * Checkpoints as users handle them: `inspect` (what a file holds, after the same validation a
 * load does) and `import` (a PyTorch checkpoint — the reference TRM's `step_N`, an official HRM
 * `checkpoint` — turned into our safetensors plus a model card stub with its provenance, after
 * checking it speaks the task's token interface). Safetensors and PyTorch files are both accepted
 * wherever a checkpoint path is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError } from '../errors.js';
import { ARCHITECTURE_METADATA, CHECKPOINT_FORMAT, HRM_CHECKPOINT_FORMAT } from '../neural/checkpoint.js';
import { configToReference, type TrmConfig } from '../neural/config.js';
import { loadAnyCheckpoint, type AnyCheckpoint } from '../neural/load-checkpoint.js';
import { paramSpecs } from '../neural/model.js';
import { readAllConfig, type TorchProvenance } from '../neural/pytorch/to-checkpoint.js';
import { writeSafetensorsFile } from '../neural/safetensors.js';
import type { TokenSpec } from '../plugins/contract.js';
import { checkModelMatchesTask } from './model-match.js';
import { readPuzzleIdentifiers } from './puzzle-ids.js';

export interface InspectResult {
  readonly path: string;
  readonly config: TrmConfig;
  /** Every number in the checkpoint (network + puzzle-embedding table). */
  readonly parameterCount: number;
  /** The weights the main optimizer (AdamW) trains. */
  readonly trainableParameterCount: number;
  /** Rows × width of the puzzle-embedding table (trained by sign-SGD); 0 if there is none. */
  readonly puzzleEmbeddingParameterCount: number;
  /** Fixed buffers: the initial latents H_init and L_init. */
  readonly bufferParameterCount: number;
  readonly tensors: { name: string; shape: number[]; dtype: string }[];
  /** `__metadata__` without `config` (shown as `config` above). */
  readonly metadata: Record<string, string>;
  /** For PyTorch files: source hash, format, where the config came from. */
  readonly provenance?: TorchProvenance;
}

const PUZZLE_EMB = 'inner.puzzle_emb.weights';
const count = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Summarises a loaded checkpoint. */
export function describeCheckpoint(file: string, ck: AnyCheckpoint): InspectResult {
  const tensors = [...ck.tensors].map(([name, t]) => ({ name, shape: [...t.shape], dtype: t.dtype })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const parameterCount = tensors.reduce((n, t) => n + count(t.shape), 0);
  const emb = tensors.find((t) => t.name === PUZZLE_EMB);
  const puzzleEmbeddingParameterCount = emb ? count(emb.shape) : 0;
  const trainableParameterCount = paramSpecs(ck.config).filter((s) => s.trainable).reduce((n, s) => n + count(s.shape), 0);
  const { config: _omit, ...metadata } = ck.metadata;
  return {
    path: file,
    config: ck.config,
    parameterCount,
    trainableParameterCount,
    puzzleEmbeddingParameterCount,
    bufferParameterCount: parameterCount - trainableParameterCount - puzzleEmbeddingParameterCount,
    tensors,
    metadata,
    ...(ck.provenance ? { provenance: ck.provenance } : {}),
  };
}

/** Loads and validates a checkpoint (safetensors or PyTorch) and summarises it. */
export async function inspectCheckpoint(file: string, options: { seqLen?: number; configFile?: string } = {}): Promise<InspectResult> {
  const ck = await loadAnyCheckpoint(file, { ...(options.seqLen !== undefined ? { seqLen: options.seqLen } : {}), ...(options.configFile ? { configFile: options.configFile } : {}) });
  return describeCheckpoint(file, ck);
}

export interface ImportRequest {
  /** The PyTorch (or safetensors) checkpoint. */
  file: string;
  /** The task the model is for: its token interface is checked, its sequence length used when the file lacks it. */
  task: string;
  /** An all_config.yaml (default: the one beside the file). */
  configFile?: string;
  /** Output folder: `model.safetensors` and `MODEL_CARD.md` are written there. */
  out: string;
  /**
   * The training dataset's identifiers.json (row i of the puzzle embedding = entry i, as
   * export-dataset and the reference builders write it): checked against the checkpoint's rows and
   * copied to `<out>/identifiers.json`, for `solve --puzzle-ids`.
   */
  puzzleIds?: string;
}

export interface ImportResult extends InspectResult {
  readonly task: string;
  readonly modelPath: string;
  readonly cardPath: string;
  /** `<out>/identifiers.json` when `puzzleIds` was given, and how many named rows it maps. */
  readonly puzzleIdsPath?: string;
  readonly namedPuzzleIdentifiers?: number;
}

/**
 * Imports a checkpoint for `task` into `req.out`: validated, checked against the task's tokens
 * (TRM_ERR_INVALID_CHECKPOINT naming both sides on a mismatch), written as our safetensors with
 * the reference config and provenance in `__metadata__`, plus a model card stub.
 */
export async function importCheckpoint(req: ImportRequest, tokens: TokenSpec): Promise<ImportResult> {
  if (typeof req.out !== 'string' || req.out.length === 0) throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'import needs an output folder (out)', { option: 'out' });
  if (req.configFile !== undefined) readAllConfig(req.configFile); // fail early, naming the config file
  const ck = await loadAnyCheckpoint(req.file, { seqLen: tokens.seqLen, ...(req.configFile ? { configFile: req.configFile } : {}) });
  checkModelMatchesTask(req.task, tokens, ck.config, req.file);
  // A list that does not fit the checkpoint's embedding rows belongs to another dataset: refuse before writing anything.
  const named = req.puzzleIds !== undefined ? readPuzzleIdentifiers(req.puzzleIds, ck.config.numPuzzleIdentifiers).size : 0;
  const info = describeCheckpoint(req.file, ck);
  fs.mkdirSync(req.out, { recursive: true });
  let puzzleIdsPath: string | undefined;
  if (req.puzzleIds !== undefined) {
    puzzleIdsPath = path.join(req.out, 'identifiers.json');
    if (path.resolve(req.puzzleIds) !== path.resolve(puzzleIdsPath)) fs.copyFileSync(req.puzzleIds, puzzleIdsPath);
  }
  const modelPath = path.join(req.out, 'model.safetensors');
  const c = ck.config;
  writeSafetensorsFile(modelPath, ck.tensors, {
    ...ck.metadata,
    task: req.task,
    imported_by: 'trm-sdk import',
    config: JSON.stringify(configToReference(c)),
    format: c.architecture === 'hrm' ? HRM_CHECKPOINT_FORMAT : CHECKPOINT_FORMAT,
    architecture: ARCHITECTURE_METADATA[c.architecture],
  });
  const cardPath = path.join(req.out, 'MODEL_CARD.md');
  fs.writeFileSync(cardPath, modelCardStub(req, info));
  return { ...info, task: req.task, modelPath, cardPath, ...(puzzleIdsPath ? { puzzleIdsPath, namedPuzzleIdentifiers: named } : {}) };
}

function modelCardStub(req: ImportRequest, info: InspectResult): string {
  const c = info.config;
  const p = info.provenance;
  const arch = c.architecture === 'hrm' ? `HRM (hrm_act_v1): H_level ${c.hLayers} + L_level ${c.lLayers} layers, H_cycles ${c.hCycles}, L_cycles ${c.lCycles}` : `TRM: ${c.lLayers} layers${c.mlpT ? ' (mlp_t)' : ''}, T = H_cycles ${c.hCycles}, n = L_cycles ${c.lCycles}`;
  return `# ${req.task} — imported checkpoint

Imported by \`trm-sdk import\` on ${new Date().toISOString().slice(0, 10)}. Fill in the sections marked TODO before sharing it.

| | |
| --- | --- |
| source file | \`${path.basename(req.file)}\`${p ? ` (${p.format === 'legacy' ? 'PyTorch legacy' : 'PyTorch zip'} format)` : ''} |
| source sha256 | ${p ? `\`${p.sha256}\`` : '(not a PyTorch file)'} |
| config from | ${p ? p.configFrom : 'the file\'s own metadata'} |
| sequence length from | ${p ? p.seqLenFrom : 'the file\'s own metadata'} |
| architecture | ${arch}; hidden ${c.hiddenSize}, ${c.numHeads} heads, expansion ${c.expansion}, positions ${c.posEncodings}, halt_max_steps ${c.haltMaxSteps} |
| tokens | seq_len ${c.seqLen}, vocab ${c.vocabSize}, puzzle identifiers ${c.numPuzzleIdentifiers} |
| parameters | ${info.parameterCount.toLocaleString('en-US')} (trainable ${info.trainableParameterCount.toLocaleString('en-US')}, puzzle embedding ${info.puzzleEmbeddingParameterCount.toLocaleString('en-US')}) |
| files | \`model.safetensors\` (reference names, float32), this card |

## Config

\`\`\`json
${JSON.stringify(configToReference(c), null, 2)}
\`\`\`

## Training data and results

TODO: the data it was trained on, and its accuracy on held-out data measured with
\`npx trm-sdk eval ${req.task} --model ${path.join(req.out, 'model.safetensors')}\` (backend, steps, wall time).
Figures from the checkpoint's authors are quoted as theirs.
`;
}
