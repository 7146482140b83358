/**
 * The SDK's platform-free core: a registry of task plugins (the built-ins plus the caller's) and
 * parse / verify / solve / generate over task names, with models loaded through a {@link Platform}
 * (Node: files; browser: URLs). sdk.ts adds what only Node can do (checkpoint import, training);
 * the browser entry (src/browser.ts) uses this class as it is.
 */
import { TrmError, invalidInput, isTrmError, noGenerator } from '../errors.js';
import type { AnyTaskPlugin, Verification, Example } from '../plugins/contract.js';
import { createRng } from '../util/rng.js';
import { PluginRegistry } from './registry.js';
import { resolveSolveOptions, type SolveOptions } from './options.js';
import type { SolveResult } from './result.js';
import type { TaskSolveResult } from './builtin-types.js';
import { checkModelMatchesTask } from './model-match.js';
import { NEURAL_FIRST_MIN_RATE, SYMBOLIC_FIRST_MAX_MS } from './solve/policy.js';
import { solveLoop } from './solve-loop.js';
import { solveMany } from './solve-many.js';
import type { TaskModel } from './task-model.js';
import type { LoadedTaskModel, ModelSource, Platform } from './platform/types.js';

/** The solve budget when neither the call, the SDK's options nor the plugin names one. */
const DEFAULT_TIMEOUT_MS = 30_000;

export interface CreateSdkOptions {
  /** Extra plugins to register after the built-ins. */
  plugins?: AnyTaskPlugin[];
  /** Register the built-in tasks (default true). */
  builtins?: boolean;
  /** Default number of augmented copies for voting. */
  defaultVote?: number;
  /** Default solve time budget (ms) for every task; without it, each plugin's own default (ARC: 10 s), else 30 s. */
  defaultTimeoutMs?: number;
  /**
   * Neural models: 'shipped' (default) loads `tasks/<task>/model.safetensors` when a task is first
   * solved; 'none' runs symbolic only; a map task → checkpoint path, URL (fetched; `{ url, sha256 }`
   * pins the file's SHA-256) or TaskModel adds to (or, for the same task, replaces) the shipped
   * models. Paths may be our safetensors or PyTorch files; URLs must be safetensors.
   */
  models?: 'shipped' | 'none' | Record<string, ModelSource | TaskModel>;
  /** With a `models` map: also load the shipped models for the other tasks (default true). */
  shippedModels?: boolean;
  /** tfjs backend for the models (default: best available; `TRM_BACKEND` also forces one). Given without `engine`, it selects the tfjs engine. */
  backend?: string;
  /**
   * Inference engine: 'onnxruntime' (native kernels; CUDA with TRM_EP=cuda where installed) or
   * 'tfjs'. Default: `TRM_ENGINE`, else ONNX Runtime whenever onnxruntime-node loads. Training
   * always runs on tfjs. In a browser the engine is tfjs (see README "In the browser").
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
  /** The budget (ms) a solve that names none gets: `createSdk({ defaultTimeoutMs })`, else the plugin's, else 30 s. */
  defaultTimeoutMs: number;
}

export interface GenerateRequest {
  n?: number;
  seed?: number;
  difficulty?: string;
  size?: number;
}

export class SdkCore {
  readonly registry: PluginRegistry;
  private readonly defaults: { vote: number; timeoutMs: number | undefined };
  private readonly models = new Map<string, TaskModel>();
  /** task → checkpoint not loaded yet (loaded on first solve). */
  private readonly pending = new Map<string, ModelSource>();
  /** model.json's measured rate of a pending checkpoint, read once per source (the solve path asks on every call). */
  private readonly pendingRates = new Map<ModelSource, number | undefined>();
  private readonly loading = new Map<string, Promise<TaskModel>>();
  protected readonly backend: string | undefined;
  protected readonly engine: string | undefined;

  constructor(
    options: CreateSdkOptions,
    /** Where models come from and which engine runs them. */
    protected readonly platform: Platform,
  ) {
    this.registry = new PluginRegistry();
    this.defaults = { vote: options.defaultVote ?? 0, timeoutMs: options.defaultTimeoutMs };
    if (options.builtins !== false) for (const p of platform.builtinPlugins()) this.registry.register(p);
    for (const p of options.plugins ?? []) this.registry.register(p);
    this.backend = options.backend;
    this.engine = options.engine;
    const models = options.models ?? 'shipped';
    // Models add, never replace: a map of user models sits on top of the shipped ones.
    const shipped = models === 'shipped' || (models !== 'none' && options.shippedModels !== false);
    if (shipped) {
      for (const name of this.registry.names()) {
        const source = platform.shippedModel(name);
        if (source) this.pending.set(name, source);
      }
    }
    if (typeof models === 'object' && models !== null) {
      for (const [task, m] of Object.entries(models)) {
        this.plugin(task);
        if (isTaskModel(m)) this.models.set(task, m);
        else this.pending.set(task, m);
      }
    }
  }

  /** The model for `task`, loading a pending checkpoint on first use; null when there is none. */
  async model(task: string): Promise<TaskModel | null> {
    const ready = this.models.get(task);
    if (ready) return ready;
    const source = this.pending.get(task);
    if (!source) return null;
    let p = this.loading.get(task);
    if (!p) {
      p = this.loadChecked(task, source);
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
    const source = this.pending.get(task);
    return source ? this.platform.modelId(task, source) : null;
  }

  /** Loads a checkpoint and checks it against the task's token interface. */
  protected async loadChecked(task: string, source: ModelSource): Promise<LoadedTaskModel> {
    const plugin = this.plugin(task);
    const id = this.platform.modelId(task, source);
    const m = await this.platform.loadTaskModel(source, id, { backend: this.backend, engine: this.engine, seqLen: plugin.tokens.seqLen });
    try {
      checkModelMatchesTask(task, plugin.tokens, m.config, typeof source === 'string' ? source : id);
    } catch (e) {
      await m.dispose();
      throw e;
    }
    return m;
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
      defaultTimeoutMs: this.defaultsFor(p).timeoutMs,
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

  /** The budget a solve gets when the call names none: the SDK's option, else the plugin's, else 30 s. */
  private defaultsFor(plugin: AnyTaskPlugin): { vote: number; timeoutMs: number } {
    return { vote: this.defaults.vote, timeoutMs: this.defaults.timeoutMs ?? plugin.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS };
  }

  /**
   * Solves one puzzle with the hybrid verify-and-refine loop (see solve-loop.ts). The result's
   * `verified` is true only if the plugin's verify() accepted the returned answer in this call.
   */
  async solve<T extends string>(task: T, input: unknown, options?: SolveOptions): Promise<TaskSolveResult<T>> {
    const plugin = this.plugin(task);
    const opts = resolveSolveOptions(options, this.defaultsFor(plugin));
    if (opts.signal?.aborted) throw new TrmError('TRM_ERR_ABORTED', 'solve was aborted before it started');
    // Cost-aware hybrid before any model is loaded: a shipped model too weak to go first is not
    // even loaded (no tfjs start-up) unless the solver runs out of its share (solve/policy.ts).
    const pending = this.pending.get(task);
    if (opts.strategy === 'hybrid' && !this.models.has(task) && pending && typeof plugin.solveSymbolic === 'function') {
      if (!this.pendingRates.has(pending)) this.pendingRates.set(pending, this.platform.measuredRate(pending));
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
   * Solves many puzzles of one task: the same stages as solve(), with the model run over all
   * open puzzles' rows in one batch per step (see solve-many.ts). Results in input order; a
   * puzzle that fails gets its TrmError in its slot instead of failing the batch.
   */
  async solveMany<T extends string>(task: T, inputs: readonly unknown[], options?: SolveOptions): Promise<(TaskSolveResult<T> | TrmError)[]> {
    if (!Array.isArray(inputs)) throw new TrmError('TRM_ERR_INVALID_INPUT', 'solveMany takes an array of puzzles', { argument: 'inputs' });
    const plugin = this.plugin(task);
    const opts = resolveSolveOptions(options, this.defaultsFor(plugin));
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

/** A TaskModel object rather than a source to load (a path, URL or `{ url, sha256 }`). */
function isTaskModel(m: ModelSource | TaskModel): m is TaskModel {
  return typeof m === 'object' && m !== null && typeof (m as Partial<TaskModel>).refine === 'function';
}
