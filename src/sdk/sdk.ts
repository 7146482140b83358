/**
 * The public face: `createSdk()` builds a registry of task plugins (the built-ins plus the
 * caller's) and offers parse / verify / solve / generate over task names. Adapters (CLI, REST)
 * are thin layers over these calls.
 */
import { TrmError, invalidInput, isTrmError, noGenerator } from '../errors.js';
import type { AnyTaskPlugin, Verification, Example } from '../plugins/contract.js';
import { createRng } from '../util/rng.js';
import { PluginRegistry } from './registry.js';
import { builtinPlugins } from './builtins.js';
import { resolveSolveOptions, type SolveOptions } from './options.js';
import type { SolveResult } from './result.js';
import { importCheckpoint, inspectCheckpoint, type ImportRequest, type ImportResult, type InspectResult } from './checkpoints.js';
import type { TaskSolveResult } from './builtin-types.js';
import { checkModelMatchesTask } from './model-match.js';
import { measuredRate } from './model-sidecar.js';
import { NEURAL_FIRST_MIN_RATE, SYMBOLIC_FIRST_MAX_MS } from './solve/policy.js';
import { readPuzzleIdentifiers } from './puzzle-ids.js';
import type { LoadedTaskModel } from './load-model.js';
import type { ExportOnnxRequest, ExportOnnxResult } from './export-onnx.js';
import { requestedEngine } from './engine.js';
import { solveLoop } from './solve-loop.js';
import { solveMany } from './solve-many.js';
import type { TaskModel } from './task-model.js';
import { packageRoot, shippedModelPath } from './paths.js';
import type { TrainRequest, TrainResult } from './train.js';
import type { ExportDatasetRequest, ExportDatasetResult } from './export-dataset.js';
import type { ExportConfigRequest, ExportConfigResult } from './export-config.js';
import path from 'node:path';

/** `task@path` with the path relative to the package root: the id results and `tasks()` show. */
/**
 * A model's id: `task@tasks/<task>/model.safetensors` for a shipped model (relative to the
 * package), else the user's path as they would type it: relative to the working directory when
 * the file is under it, absolute otherwise (never a `../../..` walk from the package).
 */
function modelId(task: string, file: string): string {
  const abs = path.resolve(file);
  let root: string | undefined;
  try {
    root = packageRoot();
  } catch {
    root = undefined; // bundled: no package root to be relative to
  }
  const inside = (dir: string): boolean => !path.relative(dir, abs).startsWith('..') && !path.isAbsolute(path.relative(dir, abs));
  if (root && inside(path.join(root, 'tasks'))) return `${task}@${path.relative(root, abs)}`;
  return `${task}@${inside(process.cwd()) ? path.relative(process.cwd(), abs) : abs}`;
}

export interface CreateSdkOptions {
  /** Extra plugins to register after the built-ins. */
  plugins?: AnyTaskPlugin[];
  /** Register the built-in tasks (default true). */
  builtins?: boolean;
  /** Default number of augmented copies for voting. */
  defaultVote?: number;
  /** Default solve time budget (ms). */
  defaultTimeoutMs?: number;
  /**
   * Neural models: 'shipped' (default) loads `tasks/<task>/model.safetensors` when a task is first
   * solved; 'none' runs symbolic only; a map task → checkpoint path or TaskModel adds to (or, for
   * the same task, replaces) the shipped models. Paths may be our safetensors or PyTorch files.
   */
  models?: 'shipped' | 'none' | Record<string, string | TaskModel>;
  /** With a `models` map: also load the shipped models for the other tasks (default true). */
  shippedModels?: boolean;
  /** tfjs backend for the models (default: best available; `TRM_BACKEND` also forces one). Given without `engine`, it selects the tfjs engine. */
  backend?: string;
  /**
   * Inference engine: 'onnxruntime' (native kernels; CUDA with TRM_EP=cuda where installed) or
   * 'tfjs'. Default: `TRM_ENGINE`, else ONNX Runtime whenever onnxruntime-node loads. Training
   * always runs on tfjs.
   */
  engine?: 'onnxruntime' | 'tfjs' | 'auto';
}

export interface TaskInfo {
  name: string;
  version: string;
  description: string;
  symbolicSolver: boolean;
  /** The task answers by program search (ARC). */
  programSearch: boolean;
  generator: boolean;
  augmentations: string[];
  model: string | null;
  tokens: { seqLen: number; vocabSize: number; padId: number; numPuzzleIdentifiers: number };
  inputSchema: Record<string, unknown> | null;
  samples: unknown[];
}

export interface GenerateRequest {
  n?: number;
  seed?: number;
  difficulty?: string;
  size?: number;
}

export class TrmSdk {
  readonly registry: PluginRegistry;
  private readonly defaults: { vote: number; timeoutMs: number };
  private readonly models = new Map<string, TaskModel>();
  /** task → checkpoint path not loaded yet (loaded on first solve). */
  private readonly pending = new Map<string, string>();
  /** model.json's measured rate of a pending checkpoint, read once per file (the solve path asks on every call). */
  private readonly pendingRates = new Map<string, number | undefined>();
  private readonly loading = new Map<string, Promise<TaskModel>>();
  private readonly backend: string | undefined;
  private readonly engine: string | undefined;

  constructor(options: CreateSdkOptions = {}) {
    this.registry = new PluginRegistry();
    this.defaults = { vote: options.defaultVote ?? 0, timeoutMs: options.defaultTimeoutMs ?? 30_000 };
    if (options.builtins !== false) for (const p of builtinPlugins()) this.registry.register(p);
    for (const p of options.plugins ?? []) this.registry.register(p);
    this.backend = options.backend;
    if (options.engine !== undefined) requestedEngine(options.engine); // TRM_ERR_INVALID_OPTIONS now, not at the first solve
    this.engine = options.engine;
    const models = options.models ?? 'shipped';
    // Models add, never replace: a map of user models sits on top of the shipped ones.
    const shipped = models === 'shipped' || (models !== 'none' && options.shippedModels !== false);
    if (shipped) {
      for (const name of this.registry.names()) {
        const file = shippedModelPath(name);
        if (file) this.pending.set(name, file);
      }
    }
    if (typeof models === 'object' && models !== null) {
      for (const [task, m] of Object.entries(models)) {
        this.plugin(task);
        if (typeof m === 'string') this.pending.set(task, m);
        else this.models.set(task, m);
      }
    }
  }

  /** The model for `task`, loading a pending checkpoint on first use; null when there is none. */
  async model(task: string): Promise<TaskModel | null> {
    const ready = this.models.get(task);
    if (ready) return ready;
    const file = this.pending.get(task);
    if (!file) return null;
    let p = this.loading.get(task);
    if (!p) {
      p = this.loadChecked(task, file);
      this.loading.set(task, p);
    }
    try {
      const m = await p;
      this.models.set(task, m);
      this.pending.delete(task);
      return m;
    } finally {
      this.loading.delete(task);
    }
  }

  /** Adds a task; throws TRM_ERR_DUPLICATE_PLUGIN / TRM_ERR_INCOMPATIBLE_PLUGIN. */
  registerPlugin(plugin: AnyTaskPlugin): void {
    this.registry.register(plugin);
  }

  plugin(task: string): AnyTaskPlugin {
    return this.registry.get(task);
  }

  /** The model id loaded for `task`, or null. */
  modelFor(task: string): string | null {
    const m = this.models.get(task);
    if (m) return m.id;
    const file = this.pending.get(task);
    return file ? modelId(task, file) : null;
  }

  /**
   * Loads the checkpoint at `file` (our safetensors, or a PyTorch file) now and uses it for
   * `task` from the next solve on, replacing any model the task had. Errors (a missing file, a
   * checkpoint whose token interface does not match the task) surface here, not at solve time.
   */
  async loadModel(task: string, file: string, options: { puzzleIdentifiers?: string } = {}): Promise<TaskModel> {
    this.plugin(task);
    const m = await this.loadChecked(task, file);
    if (options.puzzleIdentifiers !== undefined) {
      try {
        m.puzzleIds = readPuzzleIdentifiers(options.puzzleIdentifiers, m.config.numPuzzleIdentifiers);
      } catch (e) {
        await m.dispose();
        throw e;
      }
    }
    this.attachModel(task, m);
    return m;
  }

  /** Loads a checkpoint and checks it against the task's token interface. */
  private async loadChecked(task: string, file: string): Promise<LoadedTaskModel> {
    const plugin = this.plugin(task);
    // The engines load only when a model is first needed: symbolic-only users never pay for them.
    const { loadModelFile } = await import('./load-model.js');
    const m = await loadModelFile(file, modelId(task, file), {
      ...(this.engine !== undefined ? { engine: this.engine } : {}),
      ...(this.backend !== undefined ? { backend: this.backend } : {}),
      torch: { seqLen: plugin.tokens.seqLen },
    });
    try {
      checkModelMatchesTask(task, plugin.tokens, m.config, file);
    } catch (e) {
      await m.dispose();
      throw e;
    }
    return m;
  }

  /** What a checkpoint (safetensors or PyTorch) holds, validated like a load; `task` supplies a sequence length a PyTorch file may lack. */
  async inspect(file: string, options: { task?: string; configFile?: string } = {}): Promise<InspectResult> {
    const seqLen = options.task !== undefined ? this.plugin(options.task).tokens.seqLen : undefined;
    return inspectCheckpoint(file, { ...(seqLen !== undefined ? { seqLen } : {}), ...(options.configFile ? { configFile: options.configFile } : {}) });
  }

  /**
   * Imports a checkpoint (a PyTorch `step_N` or an official HRM `checkpoint`, with its
   * all_config.yaml beside it or named by `configFile`) for `task` into `out`: our safetensors and
   * a model card stub. Use it with `createSdk({ models: { [task]: result.modelPath } })`.
   */
  async importCheckpoint(req: ImportRequest): Promise<ImportResult> {
    return importCheckpoint(req, this.plugin(req.task).tokens);
  }

  /**
   * Writes `req.file` (safetensors or PyTorch) as the ONNX graph of one supervision step to
   * `req.onnx`; with `req.task`, checks and records the task's token interface.
   */
  async exportOnnx(req: ExportOnnxRequest): Promise<ExportOnnxResult> {
    const tokens = req.task !== undefined ? this.plugin(req.task).tokens : undefined;
    const { exportOnnx } = await import('./export-onnx.js');
    return exportOnnx(req, tokens);
  }

  /** Attaches (or replaces) the neural model used for `task`. */
  attachModel(task: string, model: TaskModel): void {
    this.plugin(task);
    this.pending.delete(task);
    this.models.set(task, model);
  }

  tasks(): TaskInfo[] {
    return this.registry.all().map((p) => ({
      name: p.name,
      version: p.version,
      description: p.description,
      symbolicSolver: typeof p.solveSymbolic === 'function',
      programSearch: typeof p.searchPrograms === 'function',
      generator: typeof p.generate === 'function',
      augmentations: (p.augmentations ?? []).map((a) => a.name),
      model: this.modelFor(p.name),
      tokens: { ...p.tokens },
      inputSchema: p.inputSchema ?? null,
      samples: [...(p.samples ?? [])],
    }));
  }

  parse(task: string, input: unknown): unknown {
    return this.plugin(task).parse(input);
  }

  /** Verifies an answer (text/JSON forms) for a puzzle (text/JSON forms). */
  verify(task: string, puzzleInput: unknown, answerInput: unknown): Verification {
    const plugin = this.plugin(task);
    const puzzle = plugin.parse(puzzleInput);
    const answer = plugin.parseAnswer(answerInput, puzzle);
    return plugin.verify(puzzle, answer);
  }

  /**
   * Solves one puzzle with the hybrid verify-and-refine loop (see solve-loop.ts). The result's
   * `verified` is true only if the plugin's verify() accepted the returned answer in this call.
   */
  async solve<T extends string>(task: T, input: unknown, options?: SolveOptions): Promise<TaskSolveResult<T>> {
    const plugin = this.plugin(task);
    const opts = resolveSolveOptions(options, this.defaults);
    if (opts.signal?.aborted) throw new TrmError('TRM_ERR_ABORTED', 'solve was aborted before it started');
    // Cost-aware hybrid before any model is loaded: a shipped model too weak to go first is not
    // even loaded (no tfjs start-up) unless the solver runs out of its share (solve/policy.ts).
    const pending = this.pending.get(task);
    if (opts.strategy === 'hybrid' && !this.models.has(task) && pending && typeof plugin.solveSymbolic === 'function') {
      if (!this.pendingRates.has(pending)) this.pendingRates.set(pending, measuredRate(pending));
      const rate = this.pendingRates.get(pending);
      if (rate !== undefined && rate < NEURAL_FIRST_MIN_RATE) {
        const share = Math.max(1, Math.min(SYMBOLIC_FIRST_MAX_MS, opts.timeoutMs / 2));
        try {
          return (await solveLoop(plugin, input, null, { ...opts, strategy: 'symbolic-only', timeoutMs: share })) as TaskSolveResult<T>;
        } catch (e) {
          if (!(isTrmError(e) && e.code === 'TRM_ERR_TIMEOUT')) throw e;
        }
      }
    }
    const model = opts.strategy === 'symbolic-only' ? null : await this.model(task);
    // The plugin registered under a built-in name produces that task's types (registration refuses duplicates).
    return (await solveLoop(plugin, input, model, opts)) as TaskSolveResult<T>;
  }

  /**
   * Trains a TRM for `req.task` (see train.ts) and attaches it, so the next `solve` uses it.
   * Works for user plugins as for built-ins.
   */
  async train(req: TrainRequest): Promise<TrainResult> {
    const plugin = this.plugin(req.task);
    const { trainTask } = await import('./train.js');
    const result = await trainTask(plugin, { ...(this.backend ? { backend: this.backend } : {}), ...req });
    this.attachModel(req.task, result.taskModel);
    return result;
  }

  /**
   * Writes the task's data (generated, or from a file) in the dataset layout of the PyTorch
   * reference trainers, for training at scale with `torchrun pretrain.py` (see export-dataset.ts).
   */
  async exportDataset(req: ExportDatasetRequest): Promise<ExportDatasetResult> {
    const plugin = this.plugin(req.task);
    const { exportDataset } = await import('./export-dataset.js');
    return exportDataset(plugin, req);
  }

  /** The Hydra overrides and all_config.yaml with which the reference's pretrain.py trains a preset's model (see export-config.ts). */
  async exportConfig(req: ExportConfigRequest): Promise<ExportConfigResult> {
    const plugin = this.plugin(req.task);
    const { exportConfig } = await import('./export-config.js');
    return exportConfig(plugin, req);
  }

  /**
   * Solves many puzzles of one task: the same stages as solve(), with the model run over all
   * open puzzles' rows in one batch per step (see solve-many.ts). Results in input order; a
   * puzzle that fails gets its TrmError in its slot instead of failing the batch.
   */
  async solveMany<T extends string>(task: T, inputs: readonly unknown[], options?: SolveOptions): Promise<(TaskSolveResult<T> | TrmError)[]> {
    if (!Array.isArray(inputs)) throw new TrmError('TRM_ERR_INVALID_INPUT', 'solveMany takes an array of puzzles', { argument: 'inputs' });
    const plugin = this.plugin(task);
    const opts = resolveSolveOptions(options, this.defaults);
    const model = opts.strategy === 'symbolic-only' ? null : await this.model(task);
    return (await solveMany(plugin, inputs, model, opts)) as (TaskSolveResult<T> | TrmError)[];
  }

  /** Generates `n` examples (puzzle, answer, difficulty) with the task's generator. */
  generate(task: string, req: GenerateRequest = {}): Example<unknown, unknown>[] {
    const plugin = this.plugin(task);
    if (typeof plugin.generate !== 'function') {
      throw noGenerator(task, 'nothing to generate');
    }
    const n = req.n ?? 1;
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw invalidInput(`n must be an integer in [1, 100000], got ${JSON.stringify(req.n)}`);
    // A non-finite or fractional seed would quietly become some other seed (1e400 → Infinity → the puzzle of seed 0).
    if (req.seed !== undefined && (!Number.isSafeInteger(req.seed) || req.seed < 0)) throw invalidInput(`seed must be a non-negative safe integer, got ${String(req.seed)}`);
    if (req.size !== undefined && !Number.isSafeInteger(req.size)) throw invalidInput(`size must be an integer, got ${String(req.size)}`);
    const rng = createRng(req.seed ?? Date.now());
    const out: Example<unknown, unknown>[] = [];
    const genOpts = { ...(req.difficulty !== undefined ? { difficulty: req.difficulty } : {}), ...(req.size !== undefined ? { size: req.size } : {}) };
    for (let i = 0; i < n; i++) out.push(plugin.generate(rng, genOpts));
    return out;
  }
}

export function createSdk(options?: CreateSdkOptions): TrmSdk {
  return new TrmSdk(options);
}
