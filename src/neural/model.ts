/**
 * The model class both architectures share: its parameters (tf.Variables under the reference's
 * state-dict names), the strict state-dict check, and one supervision step of the inner model
 * with and without gradient. What differs between TRM and HRM — the parameter list and the
 * recursion — comes from `trm.ts` / `hrm.ts` by `config.architecture`; the layers are in
 * `layers.ts`; the ACT wrapper (carry, halting, deep supervision, evaluation and training steps)
 * is in `act.ts`, which takes a model as its first argument.
 *
 * Notation (see config.ts): B batch, S seqLen, P prefix, L = P + S, H hidden, V vocab, N = B·L.
 */
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../errors.js';
import { createRng } from '../util/rng.js';
import { effectivePuzzleEmbLen, validateConfig, type TrmConfig } from './config.js';
import { hrmArchitecture } from './hrm.js';
import {
  forwardContext,
  inputEmbedding,
  outputHeads,
  ropeTables,
  Tape,
  truncNormal,
  type Architecture,
  type ForwardContext,
  type Latents,
  type ParamSpec,
} from './layers.js';
import { trmArchitecture } from './trm.js';

/** A batch of rows, flat row-major. */
export interface TrmBatch {
  /** B: rows in the batch. */
  readonly batchSize: number;
  /** [B·S] token ids in [0, vocabSize). */
  readonly inputs: Int32Array;
  /** [B·S] target ids in [0, vocabSize) or −100 (ignored); required for training. */
  readonly labels?: Int32Array;
  /** [B] puzzle identifiers in [0, numPuzzleIdentifiers). */
  readonly puzzleIdentifiers: Int32Array;
}

/** The inner model's latents, [B, L, H] each. */
export interface InnerCarry {
  readonly zH: tf.Tensor3D;
  readonly zL: tf.Tensor3D;
}

/** What one supervision step of the inner model outputs. */
export interface InnerOutputs {
  readonly logits: tf.Tensor3D; // [B, S, V]
  readonly qHalt: tf.Tensor1D; // [B]
  readonly qContinue: tf.Tensor1D; // [B]
}

/** {@link TrmModel.forwardInnerWithGrad}'s result; every tensor is the caller's to dispose. */
export interface InnerGradResult extends InnerOutputs {
  /** New latents (detached). */
  readonly inner: InnerCarry;
  /** The value lossFn returned. */
  readonly loss: number;
  /** d loss / d parameter for every trainable name. */
  readonly grads: Map<string, tf.Tensor>;
  /** d loss / d gathered puzzle-embedding rows [B, ndim], or null without a puzzle embedding. */
  readonly puzzleRowsGrad: tf.Tensor2D | null;
}

// ---------------------------------------------------------------------------------------------
// Architectures and the state dict
// ---------------------------------------------------------------------------------------------

/** The architecture (parameter list and recursion) of a config. */
export function architectureOf(config: Pick<TrmConfig, 'architecture'>): Architecture {
  return config.architecture === 'hrm' ? hrmArchitecture : trmArchitecture;
}

/** The parameter list of a config, under the reference's names and [out, in] layout, in state-dict order. */
export function paramSpecs(config: TrmConfig): ParamSpec[] {
  return architectureOf(config).paramSpecs(config);
}

/** One tensor of a state dict to load (the shape of a safetensors entry). */
export interface StateTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
  readonly dtype?: string;
}

/** One way a state dict differs from a config's parameter list. */
export type StateProblem =
  | { readonly kind: 'unexpected'; readonly name: string }
  | { readonly kind: 'missing'; readonly name: string }
  | { readonly kind: 'dtype'; readonly name: string; readonly dtype: string }
  | { readonly kind: 'shape'; readonly name: string; readonly shape: readonly number[]; readonly expected: readonly number[] };

/**
 * Check a state dict (names already normalised) against a config's parameter list — the one
 * validator behind `TrmModel.loadState` and `checkpoint.ts`. Returns every problem: unexpected
 * names, non-float data and wrong shapes in the order of `tensors`, then missing names in
 * state-dict order; empty when the state dict fits.
 */
export function stateDictProblems(config: TrmConfig, tensors: ReadonlyMap<string, StateTensor>): StateProblem[] {
  const specs = new Map(paramSpecs(config).map((s) => [s.name, s]));
  const problems: StateProblem[] = [];
  for (const [name, t] of tensors) {
    const s = specs.get(name);
    if (!s) problems.push({ kind: 'unexpected', name });
    else if (!(t.data instanceof Float32Array) || (t.dtype !== undefined && t.dtype !== 'F32' && t.dtype !== 'float32')) {
      problems.push({ kind: 'dtype', name, dtype: t.dtype ?? 'integer' });
    } else if (t.shape.length !== s.shape.length || t.shape.some((d, i) => d !== s.shape[i])) {
      problems.push({ kind: 'shape', name, shape: t.shape, expected: s.shape });
    }
  }
  for (const name of specs.keys()) if (!tensors.has(name)) problems.push({ kind: 'missing', name });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/** Every distinct tensor reachable from `value` through plain objects and arrays. */
function tensorsIn(value: unknown, out: Set<tf.Tensor> = new Set()): tf.Tensor[] {
  if (value instanceof tf.Tensor) out.add(value);
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) tensorsIn(v, out);
  return [...out];
}

/**
 * A TRM or HRM (by `config.architecture`): its parameters and one supervision step of the inner
 * model. Inference and training go through `act.ts` (`refineSteps(model, …)`, `evalStep`,
 * `trainStep`). Call `dispose()` when done.
 *
 * @example
 *   const model = new TrmModel(config, { seed: 1 });
 *   for await (const s of refineSteps(model, batch, 16)) if (allValid(s.predictions)) break;
 *   model.dispose();
 */
export class TrmModel {
  readonly config: TrmConfig;
  /** The recursion and parameter list of config.architecture. */
  readonly architecture: Architecture;
  /** Every parameter under its reference state-dict name, in the reference's [out, in] layout. */
  readonly params: Map<string, tf.Variable>;
  /** P: puzzle-embedding prefix length. */
  readonly prefixLen: number;
  /** L = P + S: latent length. */
  readonly latentLen: number;
  private readonly specs: ParamSpec[];
  private readonly rope?: { readonly cos: tf.Tensor2D; readonly sinSigned: tf.Tensor2D };
  private disposed = false;
  /**
   * Reuse the [in, out] weight copies of a gradient-free forward context between calls while no
   * parameter has changed (default true). Inference runs many supervision steps on fixed weights,
   * and rebuilding the copies each step is pure overhead: see `bench -- neural` for the measured
   * difference. Off only for that comparison.
   */
  cacheInferenceWeights = true;
  /** The cached gradient-free context, the parameter data it was built from, and the tensors it owns. */
  private inference: { readonly dataIds: readonly object[]; readonly ctx: ForwardContext; readonly owned: readonly tf.Tensor[] } | undefined;

  /** Build a freshly initialised model (the reference's init; `seed` makes it reproducible). */
  constructor(config: TrmConfig, options: { seed?: number } = {}) {
    this.config = validateConfig(config);
    this.architecture = architectureOf(this.config);
    this.prefixLen = effectivePuzzleEmbLen(this.config);
    this.latentLen = this.config.seqLen + this.prefixLen;
    this.specs = this.architecture.paramSpecs(this.config);
    const rng = createRng(options.seed ?? Date.now());
    this.params = new Map();
    for (const s of this.specs) {
      const n = s.shape.reduce((a, b) => a * b, 1);
      const data = s.std === 0 ? new Float32Array(n).fill(s.fill ?? 0) : truncNormal(rng, n, s.std);
      const init = tf.tensor(data, s.shape, 'float32');
      this.params.set(s.name, tf.variable(init, s.trainable));
      init.dispose(); // the variable holds its own reference to the data
    }
    if (this.config.posEncodings === 'rope' && !this.config.mlpT) {
      const { hiddenSize: H, numHeads: nh } = this.config;
      const t = ropeTables(this.latentLen, H / nh, nh, this.config.ropeTheta);
      this.rope = { cos: tf.keep(tf.tensor2d(t.cos, [this.latentLen, H])), sinSigned: tf.keep(tf.tensor2d(t.sinSigned, [this.latentLen, H])) };
    }
  }

  /** Names the main optimizer trains: all but H_init, L_init and the puzzle embedding (sign-SGD on its gathered rows). */
  trainableNames(): string[] {
    return this.specs.filter((s) => s.trainable).map((s) => s.name);
  }

  /** Shapes of every parameter by name. */
  paramShapes(): Map<string, number[]> {
    return new Map(this.specs.map((s) => [s.name, [...s.shape]]));
  }

  /**
   * Replace every parameter from a state dict (e.g. a reference checkpoint read with
   * readSafetensors). Strict ({@link stateDictProblems}): throws TRM_ERR_INVALID_CHECKPOINT listing
   * missing, unexpected and wrong-shape (or non-float) names, and changes nothing in that case.
   */
  loadState(tensors: Map<string, StateTensor>): void {
    this.assertAlive();
    const problems = stateDictProblems(this.config, tensors);
    if (problems.length) {
      const missing = problems.filter((p) => p.kind === 'missing').map((p) => p.name);
      const unexpected = problems.filter((p) => p.kind === 'unexpected').map((p) => p.name);
      const wrong = problems.flatMap((p) =>
        p.kind === 'shape' ? [`${p.name} has shape [${p.shape.join(', ')}], expected [${p.expected.join(', ')}]`] : p.kind === 'dtype' ? [`${p.name} is ${p.dtype} data, expected F32`] : [],
      );
      const parts = [
        missing.length ? `missing: ${missing.join(', ')}` : '',
        unexpected.length ? `unexpected: ${unexpected.join(', ')}` : '',
        wrong.length ? `wrong: ${wrong.join('; ')}` : '',
      ].filter(Boolean);
      throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `state does not match the model config (${parts.join(' | ')})`, { missing, unexpected, wrong });
    }
    for (const s of this.specs) {
      const t = tensors.get(s.name)!;
      tf.tidy(() => this.params.get(s.name)!.assign(tf.tensor(t.data as Float32Array, s.shape, 'float32')));
    }
  }

  /**
   * The weights and dimensions of one forward pass for a batch of `batch` rows (see
   * layers.forwardContext). Call inside tf.tidy or a gradient function.
   */
  forwardContext(batch: number, tape: Tape | null): ForwardContext {
    this.assertAlive();
    const build = (b: number, t: Tape | null): ForwardContext => forwardContext(this.config, (name) => this.params.get(name)!, b, t, this.rope);
    if (tape || !this.cacheInferenceWeights) return build(batch, tape);
    // Every write to a parameter (optimizer, EMA swap, loadState, a worker's broadcast) goes
    // through Variable.assign, which gives the variable a new data id: comparing ids is exact.
    const dataIds = this.specs.map((s) => this.params.get(s.name)!.dataId);
    const cached = this.inference;
    if (cached && cached.dataIds.every((id, i) => id === dataIds[i])) return { ...cached.ctx, batch };
    this.dropInferenceWeights();
    const ctx = build(batch, null);
    const mine = new Set<tf.Tensor>([...this.params.values(), ...(this.rope ? [this.rope.cos, this.rope.sinSigned] : [])]);
    const owned = tensorsIn(ctx).filter((t) => !mine.has(t));
    for (const t of owned) tf.keep(t); // survives the caller's tidy; freed by dropInferenceWeights
    this.inference = { dataIds, ctx, owned };
    return ctx;
  }

  /** Tensors held by the inference weight cache (0 when empty). */
  get cachedWeightTensors(): number {
    return this.inference?.owned.length ?? 0;
  }

  /** Frees the cached inference weight copies (rebuilt on the next gradient-free call), e.g. to return memory between solves. */
  releaseCachedWeights(): void {
    this.dropInferenceWeights();
  }

  private dropInferenceWeights(): void {
    if (!this.inference) return;
    tf.dispose([...this.inference.owned]);
    this.inference = undefined;
  }

  /** One-hot rows [B·S, V] of the batch's tokens (float32, for the embedding matmul). */
  oneHotTokens(inputs: Int32Array): tf.Tensor2D {
    const V = this.config.vocabSize;
    const oh = new Float32Array(inputs.length * V);
    for (let i = 0; i < inputs.length; i++) oh[i * V + inputs[i]!] = 1;
    return tf.tensor2d(oh, [inputs.length, V]);
  }

  /** The puzzle-embedding rows [B, ndim] of the given identifiers (no gradient), or null without a puzzle embedding. */
  puzzleRows(ids: Int32Array): tf.Tensor2D | null {
    if (this.config.puzzleEmbNdim === 0) return null;
    return tf.tidy(() => tf.gather(this.params.get('inner.puzzle_emb.weights')!, tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
  }

  /** [B, L, H] carry → [N, H] latents. */
  private flat(inner: InnerCarry, B: number): Latents {
    const N = B * this.latentLen;
    const H = this.config.hiddenSize;
    return { zH: tf.reshape(inner.zH, [N, H]), zL: tf.reshape(inner.zL, [N, H]) };
  }

  /** [N, H] latents → [B, L, H] carry. */
  private unflat(z: Latents, B: number): InnerCarry {
    const shape: [number, number, number] = [B, this.latentLen, this.config.hiddenSize];
    return { zH: tf.reshape(z.zH, shape), zL: tf.reshape(z.zL, shape) };
  }

  /**
   * One full supervision step of the inner model without gradient: new latents and the outputs.
   * Tensors are the caller's to dispose; the input carry is left untouched.
   */
  forwardInner(inner: InnerCarry, data: TrmBatch): { inner: InnerCarry } & InnerOutputs {
    this.assertAlive();
    const B = data.batchSize;
    return tf.tidy(() => {
      const ctx = this.forwardContext(B, null);
      const x = inputEmbedding(ctx, this.oneHotTokens(data.inputs), this.puzzleRows(data.puzzleIdentifiers)); // [N, H]
      const z = this.architecture.withGrad(ctx, this.architecture.withoutGrad(ctx, this.flat(inner, B), x), x);
      const { zH, zL } = this.unflat(z, B);
      return { inner: { zH, zL }, ...outputHeads(ctx, z.zH) };
    });
  }

  /**
   * One supervision step of the inner model with gradient, as the reference trains it: the
   * architecture's gradient-free part runs outside the tape (so it enters as constants — tfjs has
   * no stop-gradient), then its gradient part and the heads on the tape, then `lossFn` on the
   * outputs. Returns the loss value and its gradients w.r.t. every trainable parameter and w.r.t.
   * the gathered puzzle-embedding rows (the reference's `local_weights`), plus the new latents and
   * outputs (detached). `lossFn` runs on the tape: tensors it wants to outlive it must be tf.keep'd.
   * All returned tensors are the caller's to dispose; the input carry is left untouched.
   */
  forwardInnerWithGrad(inner: InnerCarry, data: TrmBatch, lossFn: (out: InnerOutputs & { inner: InnerCarry }) => tf.Scalar): InnerGradResult {
    this.assertAlive();
    const B = data.batchSize;
    const tokens = this.oneHotTokens(data.inputs); // [B·S, V] constant
    const rows = this.puzzleRows(data.puzzleIdentifiers); // [B, ndim]: differentiated, not trained here
    const start = tf.tidy(() => {
      const ctx = this.forwardContext(B, null);
      const { zH, zL } = this.architecture.withoutGrad(ctx, this.flat(inner, B), inputEmbedding(ctx, tokens, rows));
      return { zH, zL };
    });
    const names = this.trainableNames();
    const xs: tf.Tensor[] = names.map((n) => this.params.get(n)!);
    if (rows) xs.push(rows);
    let kept: { inner: InnerCarry; outputs: InnerOutputs } | undefined;
    let result: { value: tf.Scalar; grads: tf.Tensor[] };
    const tape = new Tape();
    try {
      result = tf.valueAndGrads(() => {
        const ctx = this.forwardContext(B, tape);
        const x = inputEmbedding(ctx, tokens, rows); // [N, H]
        const z = this.architecture.withGrad(ctx, start, x);
        const outputs = outputHeads(ctx, z.zH);
        const newInner = this.unflat(z, B);
        const loss = lossFn({ ...outputs, inner: newInner });
        kept = {
          inner: { zH: tf.keep(newInner.zH), zL: tf.keep(newInner.zL) },
          outputs: { logits: tf.keep(outputs.logits), qHalt: tf.keep(outputs.qHalt), qContinue: tf.keep(outputs.qContinue) },
        };
        return loss;
      })(xs);
    } catch (e) {
      if (kept) tf.dispose([kept.inner.zH, kept.inner.zL, kept.outputs.logits, kept.outputs.qHalt, kept.outputs.qContinue]);
      throw e;
    } finally {
      tape.dispose();
      tf.dispose([tokens, start.zH, start.zL]);
      if (rows) rows.dispose();
    }
    const loss = result.value.dataSync()[0]!;
    result.value.dispose();
    const grads = new Map<string, tf.Tensor>();
    names.forEach((n, i) => grads.set(n, result.grads[i]!));
    return {
      ...kept!.outputs,
      inner: kept!.inner,
      loss,
      grads,
      puzzleRowsGrad: rows ? (result.grads[names.length] as tf.Tensor2D) : null,
    };
  }

  /** Number of scalar parameters. */
  parameterCount(): number {
    return this.specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  }

  /** Free every variable and cached tensor; the model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.dropInferenceWeights();
    for (const v of this.params.values()) v.dispose();
    if (this.rope) tf.dispose([this.rope.cos, this.rope.sinSigned]);
  }

  /** Throws TRM_ERR_INTERNAL when used after dispose(). */
  assertAlive(): void {
    if (this.disposed) throw new TrmError('TRM_ERR_INTERNAL', 'this TrmModel has been disposed');
  }
}
