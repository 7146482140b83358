/**
 * `export-config`: the Hydra overrides (and the `all_config.yaml` its run would write) with which
 * the reference trainer — TinyRecursiveModels' `pretrain.py` — trains the same model as one of our
 * presets. It is the inverse of the import's config mapping (`configFromReference` in
 * src/neural/config.ts, used by `trm-sdk import`): the arch section it writes reads back, through
 * that mapping, as the preset's TrmConfig.
 *
 * Units differ: our presets count optimizer steps; the reference counts epochs over the training
 * groups (`total_steps = epochs · total_groups · mean_puzzle_examples / global_batch_size`) and
 * evaluates every `eval_interval` epochs (a divisor of `epochs`). The conversion needs the
 * exported dataset's size (`--data`, its train/dataset.json); without it the export-dataset
 * defaults (1,000 groups of one row) are assumed, and the result says so.
 *
 * What the reference cannot express is listed in `differences` (optimizer, number formats,
 * checkpoint cadence, on-the-fly data), never silently dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { TrmError, invalidOptions } from '../errors.js';
import { REFERENCE_ARCH_NAMES, configToReference, type ArchitectureName, type TrmConfig } from '../neural/config.js';
import type { TrainHyper } from '../neural/train-types.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';
import { readTextBounded } from '../util/read-bounded.js';
import type { PuzzleDatasetMetadata } from './export-dataset.js';

export interface ExportConfigRequest {
  task: string;
  /** A shipped preset name or a preset file (default: the task's preset; none → the CPU default model). */
  preset?: string;
  architecture?: ArchitectureName;
  /** An export-dataset folder: its train/dataset.json sizes the epoch conversion, and it becomes data_paths. */
  data?: string;
  /** Where to write all_config.yaml (default: print only). */
  out?: string;
  /** Overwrite `out` if it exists. */
  force?: boolean;
  /** Hydra `run_name` (default `<task>-<architecture>`). */
  runName?: string;
}

export interface ExportConfigResult {
  task: string;
  architecture: ArchitectureName;
  /** Our model config and hyper-parameters (the preset resolved as sdk.train resolves it). */
  config: TrmConfig;
  hyper: TrainHyper;
  /** Hydra overrides for `pretrain.py`, one per entry, as Hydra receives them (unquoted; see `command` for a shell line). */
  overrides: string[];
  /** A single-GPU command line (`python pretrain.py …`). */
  command: string;
  /** The config pretrain.py would dump as all_config.yaml for this run. */
  allConfig: Record<string, unknown>;
  yaml: string;
  /** Where all_config.yaml was written, if it was. */
  allConfigPath: string | null;
  /** The epoch conversion: training examples per epoch, and the steps the reference will run. */
  schedule: { examplesPerEpoch: number; dataFrom: string; epochs: number; evalInterval: number | null; referenceSteps: number; presetSteps: number };
  /** Where the reference run will differ from our preset, in words. */
  differences: string[];
}

/** The arch section keys each reference arch yaml (`config/arch/{trm,hrm}.yaml`) holds, so they are overridden without Hydra's `+`. */
const YAML_ARCH_KEYS: Record<ArchitectureName, readonly string[]> = {
  trm: ['halt_exploration_prob', 'halt_max_steps', 'H_cycles', 'L_cycles', 'H_layers', 'L_layers', 'hidden_size', 'num_heads', 'expansion', 'puzzle_emb_ndim', 'pos_encodings', 'forward_dtype', 'mlp_t', 'puzzle_emb_len', 'no_ACT_continue'],
  hrm: ['halt_exploration_prob', 'halt_max_steps', 'H_cycles', 'L_cycles', 'H_layers', 'L_layers', 'hidden_size', 'num_heads', 'expansion', 'puzzle_emb_ndim', 'pos_encodings', 'forward_dtype', 'mlp_t'],
};
/** Keys of the reference model config that are sized by the dataset (vocab, seq_len, identifiers) or the run (batch), not by arch overrides. */
const DATA_KEYS = new Set(['seq_len', 'vocab_size', 'num_puzzle_identifiers', 'batch_size', 'name', 'forward_dtype']);
/** The reference's model defaults for keys its arch yaml does not list (written with `+` only when ours differ). */
const MODEL_DEFAULTS: Record<string, number> = { rms_norm_eps: 1e-5, rope_theta: 10000 };
/** The reference's forward dtype for GPU training (its arch yaml's default). */
const FORWARD_DTYPE = 'bfloat16';
/** The export-dataset default sizes, assumed when no --data is given. */
const ASSUMED = { total_groups: 1000, mean_puzzle_examples: 1 };

function hydraValue(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  return String(v);
}

/** A shell word: quoted when it holds anything the shell would interpret. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./=+:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function readTrainMetadata(dir: string): PuzzleDatasetMetadata {
  const file = path.join(dir, 'train', 'dataset.json');
  const text = readTextBounded(file, 1 << 20, 'dataset metadata', 'TRM_ERR_INVALID_INPUT');
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} is not valid JSON: ${(e as Error).message}`, { path: file });
  }
  const o = m as Partial<PuzzleDatasetMetadata>;
  if (typeof o !== 'object' || o === null || !(Number(o.total_groups) > 0) || !(Number(o.mean_puzzle_examples) > 0)) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} is not a reference dataset.json with total_groups and mean_puzzle_examples > 0`, { path: file });
  }
  return o as PuzzleDatasetMetadata;
}

/**
 * Builds the overrides, all_config and differences for `config` + `hyper` (a resolved preset).
 * `evalEvery` in steps (0 = evaluate only at the end); `plugin` supplies the token interface the
 * dataset must match.
 */
export function referenceRunConfig(
  plugin: AnyTaskPlugin,
  config: TrmConfig,
  hyper: TrainHyper,
  opts: { evalEvery: number; seed: number; data?: string; runName?: string; presetArchitecture: ArchitectureName; presetName: string },
): Omit<ExportConfigResult, 'allConfigPath' | 'task' | 'config' | 'hyper'> {
  const arch = config.architecture;
  const diffs: string[] = [];
  const meta = opts.data ? readTrainMetadata(opts.data) : null;
  if (meta) {
    const t = plugin.tokens;
    // The reference sizes the puzzle embedding from the dataset (ARC: one row per augmented task), so only the tokens must agree.
    const want = { seq_len: t.seqLen, vocab_size: t.vocabSize, pad_id: t.padId };
    for (const [k, v] of Object.entries(want)) {
      if ((meta as unknown as Record<string, unknown>)[k] !== v) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `${opts.data}: dataset ${k} is ${JSON.stringify((meta as unknown as Record<string, unknown>)[k])} but task "${plugin.name}" has ${v}: it was exported for another task`, { path: opts.data, field: k });
      }
    }
  }
  const G = meta?.total_groups ?? ASSUMED.total_groups;
  const M = meta?.mean_puzzle_examples ?? ASSUMED.mean_puzzle_examples;
  const examplesPerEpoch = G * M;
  const B = hyper.batchSize;
  // An iteration of the reference's sampler must hold at least one full global batch, else it yields none.
  const minEpochs = Math.ceil(B / examplesPerEpoch);
  const needed = Math.max(minEpochs, Math.ceil((hyper.steps * B) / examplesPerEpoch));
  let evalInterval: number | null = null;
  let epochs = needed;
  if (opts.evalEvery > 0) {
    // As many evaluations as the preset makes, each interval rounded up: epochs overshoot by less than one epoch per evaluation.
    const evals = Math.max(1, Math.min(Math.round(hyper.steps / opts.evalEvery), Math.floor(needed / minEpochs)));
    evalInterval = Math.max(minEpochs, Math.ceil(needed / evals));
    epochs = evals * evalInterval;
  }
  const referenceSteps = Math.floor((epochs * examplesPerEpoch) / B);
  const dataFrom = meta ? `${opts.data}/train/dataset.json (${G} groups × ${+M.toFixed(2)} rows per puzzle)` : `assumed ${G} groups × ${M} row (export-dataset's defaults; pass --data <export dir> for your dataset)`;

  // ---- arch section: the inverse of configFromReference, on the reference's own key names ----
  const ref = configToReference(config);
  const archSection: Record<string, unknown> = {
    name: arch === 'hrm' ? 'recursive_reasoning.hrm@HierarchicalReasoningModel_ACTV1' : REFERENCE_ARCH_NAMES.trm,
    loss: { name: 'losses@ACTLossHead', loss_type: 'stablemax_cross_entropy' },
  };
  const archOverrides: string[] = [];
  for (const k of YAML_ARCH_KEYS[arch]) {
    const v = k === 'forward_dtype' ? FORWARD_DTYPE : k === 'mlp_t' && arch === 'hrm' ? false : ref[k];
    if (v === undefined) throw new TrmError('TRM_ERR_INTERNAL', `no value for reference key ${k}`);
    archSection[k] = v;
    if (k !== 'forward_dtype' && !(k === 'mlp_t' && arch === 'hrm')) archOverrides.push(`arch.${k}=${hydraValue(v)}`);
  }
  for (const [k, v] of Object.entries(ref)) {
    if (DATA_KEYS.has(k) || Object.hasOwn(archSection, k)) continue;
    if (Object.hasOwn(MODEL_DEFAULTS, k) && MODEL_DEFAULTS[k] === v) continue;
    archSection[k] = v;
    archOverrides.push(`+arch.${k}=${hydraValue(v)}`);
  }

  const dataPath = opts.data ?? `data/${plugin.name}`;
  const runName = opts.runName ?? `${plugin.name}-${arch}`;
  const ema = hyper.emaRate > 0;
  const allConfig: Record<string, unknown> = {
    arch: archSection,
    data_paths: [dataPath],
    data_paths_test: [],
    // ARC is scored by the reference's own evaluator (pass@2 with votes over the augmentations, from test_puzzles.json).
    evaluators: plugin.name === 'arc' ? [{ name: 'arc@ARC' }] : [],
    global_batch_size: B,
    epochs,
    lr: hyper.lr,
    lr_min_ratio: hyper.lrMinRatio,
    lr_warmup_steps: hyper.warmupSteps,
    weight_decay: hyper.weightDecay,
    beta1: hyper.betas[0],
    beta2: hyper.betas[1],
    puzzle_emb_lr: hyper.puzzleEmbLr,
    puzzle_emb_weight_decay: hyper.puzzleEmbWeightDecay,
    project_name: `${plugin.name}-trm-sdk`,
    run_name: runName,
    load_checkpoint: null,
    checkpoint_path: `checkpoints/${plugin.name}-trm-sdk/${runName}`,
    seed: opts.seed,
    checkpoint_every_eval: true,
    eval_interval: evalInterval,
    min_eval_interval: 0,
    eval_save_outputs: [],
    ema,
    ema_rate: ema ? hyper.emaRate : 0.999,
    freeze_weights: false,
  };
  const overrides = [
    `arch=${arch}`,
    `data_paths=[${dataPath}]`,
    ...(plugin.name === 'arc' ? [] : ['evaluators=[]']),
    `global_batch_size=${B}`,
    `epochs=${epochs}`,
    ...(evalInterval !== null ? [`eval_interval=${evalInterval}`] : ['eval_interval=null']),
    `lr=${hydraValue(hyper.lr)}`,
    `lr_min_ratio=${hydraValue(hyper.lrMinRatio)}`,
    `lr_warmup_steps=${hyper.warmupSteps}`,
    `weight_decay=${hydraValue(hyper.weightDecay)}`,
    `beta1=${hydraValue(hyper.betas[0])}`,
    `beta2=${hydraValue(hyper.betas[1])}`,
    `puzzle_emb_lr=${hydraValue(hyper.puzzleEmbLr)}`,
    `puzzle_emb_weight_decay=${hydraValue(hyper.puzzleEmbWeightDecay)}`,
    `ema=${hydraValue(ema)}`,
    ...(ema ? [`ema_rate=${hydraValue(hyper.emaRate)}`] : []),
    `seed=${opts.seed}`,
    ...archOverrides,
    `+project_name=${plugin.name}-trm-sdk`,
    `+run_name=${runName}`,
  ];

  // ---- what the reference cannot express ----
  diffs.push('optimizer: the reference uses AdamATan2 (adam-atan2), trm-sdk uses AdamW with decoupled weight decay; same betas, lr and weight decay, not the same update rule');
  diffs.push(`number format: the reference computes in ${FORWARD_DTYPE} on the GPU (arch.forward_dtype), trm-sdk in float32; add arch.forward_dtype=float32 to match exactly (slower)`);
  diffs.push(`length: ${hyper.steps} steps of batch ${B} = ${((hyper.steps * B) / examplesPerEpoch).toFixed(2)} epochs over ${examplesPerEpoch} rows per epoch; the reference counts whole epochs${evalInterval !== null ? ` in multiples of eval_interval ${evalInterval}` : ''}: epochs=${epochs} runs ${referenceSteps} steps`);
  if (opts.evalEvery > 0) diffs.push(`evaluation: every ${opts.evalEvery} steps here; the reference evaluates every eval_interval=${evalInterval} epochs (${Math.floor((evalInterval! * examplesPerEpoch) / B)} steps) on the whole test split`);
  else diffs.push('evaluation: the preset does not evaluate during training; the reference evaluates once, at the end (eval_interval=null)');
  diffs.push('checkpoints: the reference writes step_N at every evaluation (checkpoint_every_eval=True), not every checkpointEvery steps; it saves weights only (no optimizer state to resume from)');
  diffs.push('data: sdk.train() draws fresh examples and a fresh augmentation every step; the reference cycles the fixed exported set, one random member of each group (original + --augment copies) per epoch — export enough groups and augmentations');
  if (!ema) diffs.push('EMA: the preset disables it (emaRate 0): ema=False');
  if (opts.presetArchitecture !== arch) {
    diffs.push(`architecture: preset "${opts.presetName}" is written for ${opts.presetArchitecture.toUpperCase()}; for ${arch.toUpperCase()} only its shared fields (sizes, halting) apply, the rest are trm-sdk's ${arch.toUpperCase()} defaults`);
  }
  diffs.push(`multi-GPU: global_batch_size=${B} is split evenly over the GPUs (it must be a multiple of their number); the update is the same as on one GPU`);
  if (!meta) diffs.push(`sizes: no --data given, so ${dataFrom}`);
  if (meta && meta.num_puzzle_identifiers !== plugin.tokens.numPuzzleIdentifiers) {
    diffs.push(`puzzle embedding: the dataset has ${meta.num_puzzle_identifiers} puzzle identifiers, so the reference model gets that many embedding rows (import reads them from the checkpoint; pass the dataset's identifiers.json with --puzzle-ids)`);
  }

  const command = ['python', 'pretrain.py', ...overrides.map(shellWord)].join(' ');
  return {
    architecture: arch,
    overrides,
    command,
    allConfig,
    yaml: toYaml(allConfig, { sortMapEntries: true }),
    schedule: { examplesPerEpoch, dataFrom, epochs, evalInterval, referenceSteps, presetSteps: hyper.steps },
    differences: diffs,
  };
}

/** Resolves the preset as sdk.train does, builds the reference run config, writes all_config.yaml when asked. */
export async function exportConfig(plugin: AnyTaskPlugin, req: ExportConfigRequest): Promise<ExportConfigResult> {
  // train.ts holds the one resolution of presets → config + hyper (tfjs is loaded, not started).
  const { resolveTrainSettings } = await import('./train.js');
  const { config, hyper, preset } = resolveTrainSettings(plugin, {
    task: plugin.name,
    ...(req.preset !== undefined ? { preset: req.preset } : {}),
    ...(req.architecture !== undefined ? { architecture: req.architecture } : {}),
  });
  const presetArchitecture = preset.model?.architecture ?? 'trm';
  const r = referenceRunConfig(plugin, config, hyper, {
    evalEvery: preset.train?.evalEvery ?? 0,
    seed: preset.train?.seed ?? 0,
    ...(req.data !== undefined ? { data: req.data } : {}),
    ...(req.runName !== undefined ? { runName: req.runName } : {}),
    presetArchitecture,
    presetName: req.preset ?? 'preset',
  });
  let allConfigPath: string | null = null;
  if (req.out !== undefined) {
    const file = path.resolve(req.out.endsWith('.yaml') || req.out.endsWith('.yml') ? req.out : path.join(req.out, 'all_config.yaml'));
    if (fs.existsSync(file) && !req.force) throw invalidOptions('out', `${file} exists; pass --force to overwrite it`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, r.yaml);
    allConfigPath = file;
  }
  return { task: plugin.name, config, hyper, ...r, allConfigPath };
}
