/**
 * `sdk.train()`: train a TRM for any registered task (built-in or a user's plugin).
 *
 * Layers of settings, later wins: the TRM defaults → the task's preset (`tasks/<task>/preset.json`
 * or a preset object) → the call's options. The token interface (seqLen, vocabSize, puzzle ids)
 * always comes from the plugin. Data: a fixed example list or the plugin's generator, augmented
 * on the fly; a held-out set drawn first and excluded from training (up to the plugin's
 * augmentations when it has `canonicalKey`). Metrics go to
 * `<checkpointDir>/metrics.jsonl`; checkpoints are atomic; `resume: true` continues a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError, invalidConfig, invalidOptions } from '../errors.js';
import type { AnyTaskPlugin, Example } from '../plugins/contract.js';
import { createRng } from '../util/rng.js';
import { initBackend } from '../neural/backend.js';
import { defaultConfigFor, overridesFor, validateConfig, type ArchitectureName, type TrmConfig } from '../neural/config.js';
import { CPU_DEFAULT_HYPER, checkTrainingFits, cpuDefaultModel, wrapBackendAbort } from './train-defaults.js';
import { resolveWorkers } from '../neural/parallel/shards.js';
import { train as runTrainer, type TrainSummary } from '../neural/trainer.js';
import type { TrainHyper, TrainProgress, TrainRunSummary } from '../neural/train-types.js';
export type { TrainHyper, TrainProgress, TrainRunSummary } from '../neural/train-types.js';
import { ExampleSource, heldOutExclusion, heldOutSet } from './train-data.js';
import { loadPreset, presetFile, type Preset } from './preset.js';
export { isPresetPath, loadPreset, presetFile, type Preset } from './preset.js';
import { TrmTaskModel } from './trm-task-model.js';
import type { TaskModel } from './task-model.js';

export interface TrainRequest {
  task: string;
  /** Training examples; default: the plugin's generator. */
  data?: readonly Example<unknown, unknown>[];
  /** Held-out examples; default: generated with a separate seed (or the first evalSize of data, removed from training). */
  evalData?: readonly Example<unknown, unknown>[];
  /** Options for plugin.generate. */
  generate?: Record<string, unknown>;
  /** A preset name (file `tasks/<task>/<name>.json`, default `preset`) or a preset object. */
  preset?: string | Preset;
  /** Optimizer steps. */
  steps?: number;
  /** With `data`: epochs over it (steps = ceil(epochs · |data| / batchSize)). */
  epochs?: number;
  batchSize?: number;
  evalEvery?: number;
  evalSize?: number;
  checkpointDir?: string;
  checkpointEvery?: number;
  resume?: boolean;
  /** Stop (with a checkpoint) after this many seconds; resume later. */
  maxSeconds?: number;
  seed?: number;
  model?: Partial<TrmConfig>;
  /**
   * The network: 'trm' or 'hrm' (default: `model.architecture`, else the preset's, else 'trm').
   * A preset written for the other architecture then contributes only the shared fields (sizes,
   * ACT settings); the rest comes from that architecture's defaults and `model`.
   */
  architecture?: ArchitectureName;
  hyper?: Partial<TrainHyper>;
  backend?: string;
  /**
   * Data-parallel training over worker threads: each computes the gradient of its share of the
   * batch, summed into one update (equal to one worker's up to float summation order). Default: the
   * number of cores (`os.availableParallelism()`) on the single-threaded backends (wasm, cpu), 1 on
   * the others (libtensorflow already uses every core; a GPU is one device); capped by batchSize.
   * 1 = this thread only.
   */
  workers?: number;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

export interface TrainResult extends TrainRunSummary {
  task: string;
  config: TrmConfig;
  hyper: TrainHyper;
  /** The trained model, attached to the task by sdk.train (`dispose()` frees it when used directly). */
  taskModel: TaskModel;
  evalSize: number;
  skippedHeldOut: number;
}

/** File beside a checkpoint with the held-out examples the run excluded from training. */
export const HELD_OUT_FILE = 'heldout.jsonl';

/** Writes examples as JSON lines `{ puzzle, answer }` in the task's text forms (atomically). */
export function writeHeldOut(plugin: AnyTaskPlugin, file: string, examples: readonly Example<unknown, unknown>[]): void {
  const text = examples.map((ex) => JSON.stringify({ puzzle: plugin.formatPuzzle(ex.puzzle), answer: plugin.format(ex.answer) })).join('\n') + '\n';
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Reads a held-out file written by writeHeldOut (parsing with the plugin, so bad lines fail loudly). */
export function readHeldOut(plugin: AnyTaskPlugin, file: string): Example<unknown, unknown>[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  return lines.map((l, i) => {
    try {
      const o = JSON.parse(l) as { puzzle: unknown; answer: unknown };
      const puzzle = plugin.parse(o.puzzle);
      return { puzzle, answer: plugin.parseAnswer(o.answer, puzzle) };
    } catch (e) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} line ${i + 1}: ${(e as Error).message}`);
    }
  });
}

export const DEFAULT_HYPER: TrainHyper = {
  batchSize: 64,
  steps: 1000,
  lr: 1e-3,
  warmupSteps: 100,
  lrMinRatio: 1,
  weightDecay: 0.1,
  betas: [0.9, 0.95],
  puzzleEmbLr: 1e-2,
  puzzleEmbWeightDecay: 0.1,
  emaRate: 0.999,
};

/** Integer options of a training request and their ranges, checked before any backend starts. */
const INT_OPTIONS: readonly [keyof TrainRequest, number, number][] = [
  ['steps', 1, 1e9], ['epochs', 1, 1e9], ['batchSize', 1, 1e6], ['evalEvery', 0, 1e9], ['evalSize', 0, 1e7],
  ['checkpointEvery', 1, 1e9], ['seed', -(2 ** 31), 2 ** 32],
];

/** Throws TRM_ERR_INVALID_OPTIONS naming the option when a request's number is not an integer in range. */
export function validateTrainRequest(req: TrainRequest): void {
  if (typeof req !== 'object' || req === null) throw invalidOptions('request', 'train takes a request object');
  for (const [key, lo, hi] of INT_OPTIONS) {
    const v = req[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw invalidOptions(String(key), `option ${String(key)} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
    }
  }
  // Seconds may be fractional; 0 stops after the first step (with a checkpoint).
  if (req.maxSeconds !== undefined && !(typeof req.maxSeconds === 'number' && req.maxSeconds >= 0 && Number.isFinite(req.maxSeconds))) {
    throw invalidOptions('maxSeconds', `option maxSeconds must be a number ≥ 0, got ${JSON.stringify(req.maxSeconds)}`);
  }
}

export function resolveTrainSettings(plugin: AnyTaskPlugin, req: TrainRequest): { config: TrmConfig; hyper: TrainHyper; preset: Preset } {
  validateTrainRequest(req);
  let preset: Preset | null = null;
  if (typeof req.preset === 'object' && req.preset) preset = req.preset;
  else if (typeof req.preset === 'string') preset = loadPreset(plugin.name, req.preset);
  // A shipped preset that is malformed is an error (loadPreset says so), never silently skipped.
  else if (fs.existsSync(presetFile(plugin.name))) preset = loadPreset(plugin.name);
  // Without a preset: a CPU-sized model from the token interface, not the paper's GPU-sized one.
  const base = preset ? {} : cpuDefaultModel(plugin.tokens);
  if (!preset) preset = { train: { ...CPU_DEFAULT_HYPER } };
  const architecture = req.architecture ?? req.model?.architecture ?? preset.model?.architecture ?? 'trm';
  if (req.architecture && req.model?.architecture && req.model.architecture !== req.architecture) {
    throw invalidOptions('architecture', `architecture "${req.architecture}" contradicts model.architecture "${req.model.architecture}"`);
  }
  const config = validateConfig({
    ...defaultConfigFor(architecture),
    ...overridesFor(base, architecture),
    ...overridesFor(preset.model, architecture),
    ...req.model,
    architecture,
    seqLen: plugin.tokens.seqLen,
    vocabSize: plugin.tokens.vocabSize,
    numPuzzleIdentifiers: plugin.tokens.numPuzzleIdentifiers,
  });
  const { evalEvery: _e, checkpointEvery: _c, seed: _s, ...presetHyper } = preset.train ?? {};
  const hyper: TrainHyper = { ...DEFAULT_HYPER, ...presetHyper, ...req.hyper };
  if (req.batchSize !== undefined) hyper.batchSize = req.batchSize;
  if (req.steps !== undefined) hyper.steps = req.steps;
  else if (req.epochs !== undefined) {
    if (!req.data) throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'epochs needs data (with a generator, give steps)');
    hyper.steps = Math.max(1, Math.ceil((req.epochs * req.data.length) / hyper.batchSize));
  }
  return { config: { ...config, batchSize: hyper.batchSize }, hyper, preset };
}

export async function trainTask(plugin: AnyTaskPlugin, req: TrainRequest): Promise<TrainResult> {
  const { config, hyper, preset } = resolveTrainSettings(plugin, req);
  const seed = req.seed ?? preset.train?.seed ?? 1;
  const generate = { ...preset.generate, ...req.generate };
  const evalSize = req.evalSize ?? preset.evalSize ?? 200;
  const info = await initBackend(req.backend);
  // The default spreads single-threaded backends (wasm, cpu) over the cores; libtensorflow already
  // uses every core and a GPU backend is one device, so those default to one worker.
  const workers = resolveWorkers(req.workers ?? (info.backend === 'wasm' || info.backend === 'cpu' ? undefined : 1), hyper.batchSize);
  checkTrainingFits(config, hyper.batchSize, info.backend);

  // Held-out set first, with its own seed stream, then exclude it from training.
  let trainData = req.data;
  let evalExamples = req.evalData;
  if (!evalExamples && req.data) {
    evalExamples = req.data.slice(0, Math.min(evalSize, Math.floor(req.data.length / 5)));
    trainData = req.data.slice(evalExamples.length);
  }
  // The held-out set is written beside the checkpoint (heldout.jsonl, in the task's text forms) and
  // read back on resume and by `trm-sdk eval`, so it never depends on regenerating the same
  // puzzles from a seed with a generator that may have changed since.
  const heldFile = req.checkpointDir ? path.join(req.checkpointDir, HELD_OUT_FILE) : null;
  if (!evalExamples && heldFile && req.resume && fs.existsSync(heldFile)) evalExamples = readHeldOut(plugin, heldFile);
  const held = heldOutSet(plugin, createRng(seed ^ 0x5eed), evalSize, generate, evalExamples);
  if (heldFile) {
    fs.mkdirSync(req.checkpointDir!, { recursive: true });
    if (!(req.resume && fs.existsSync(heldFile))) writeHeldOut(plugin, heldFile, held.examples);
  }
  // Excluded by canonical key when the plugin has one (equal up to its augmentations), else by exact input.
  const source = new ExampleSource(plugin, createRng(seed), { ...(trainData ? { data: trainData } : {}), generate, ...heldOutExclusion(held) });

  let summary: TrainSummary;
  try {
    summary = await runTrainer({
      config,
      hyper,
      seed,
      nextRows: (n) => source.take(n),
      evalRows: held.rows,
      workers,
      evalEvery: req.evalEvery ?? preset.train?.evalEvery ?? 0,
      checkpointEvery: req.checkpointEvery ?? preset.train?.checkpointEvery ?? 100,
      ...(req.checkpointDir ? { checkpointDir: req.checkpointDir } : {}),
      ...(req.resume !== undefined ? { resume: req.resume } : {}),
      ...(req.maxSeconds !== undefined ? { maxSeconds: req.maxSeconds } : {}),
      ...(req.signal ? { signal: req.signal } : {}),
      ...(req.onProgress ? { onProgress: req.onProgress } : {}),
      metadata: { task: plugin.name, trained_by: 'trm-sdk', seed: String(seed), generate: JSON.stringify(generate) },
    });
  } catch (e) {
    throw wrapBackendAbort(e, info.backend);
  }
  const { model, ...rest } = summary;
  const taskModel = new TrmTaskModel(model, `${plugin.name}@${summary.modelPath ?? 'memory'}`, info.backend);
  return { ...rest, task: plugin.name, config, hyper, taskModel, evalSize: held.rows.length, skippedHeldOut: source.skipped };
}
