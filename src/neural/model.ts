/**
 * The Tiny Recursive Model network (arXiv 2510.04871) in TensorFlow.js, matching the reference
 * PyTorch implementation (`models/recursive_reasoning/trm.py`, `models/layers.py`) to float32
 * precision; read it top to bottom:
 *
 *   rms_norm → rope → attention → swiglu → block → reasoning module (net)
 *   → input embedding → latent recursion → output heads → TrmModel (parameters, carry API)
 *
 * The ACT wrapper (halting, deep supervision, the training step) is in `act.ts`, the loss in
 * `loss.ts`, the config in `config.ts`.
 *
 * Notation (see config.ts): B batch, S seqLen, P prefix (puzzle-embedding positions), L = P + S,
 * H hidden, V vocab, N = B·L rows, nh heads, hd head dim, I SwiGLU inner width.
 *
 * Layout and speed. Parameters live in `params` under the reference state-dict names and in its
 * `[out, in]` layout, so checkpoints load verbatim. The wasm backend multiplies fast only for a
 * plain 2-D `matMul(a, b)` (no transpose flags, no batch; measured ~10 GFLOP/s against ~1 for the
 * flagged or batched paths), so every forward pass first makes `[in, out]` copies of the weights
 * (cheap: weights are small next to activations) and keeps activations 2-D (`[N, H]`) for every
 * linear layer. When gradients are wanted, linear, SwiGLU and RMS norm use custom gradients
 * (see Tape): their backward matmuls stay on the fast path too (`dx = dy·W`, `dWᵀ = xᵀ·dy` with an
 * explicit transpose), and they avoid tfjs's copies of saved tensors and long autograd chains.
 * Measured on the Sudoku shape (B 32, L 97, H 128, mlp_t) on wasm: the matmuls take ~85% of a
 * training step's kernel time. Non-contiguous slices and reverses of activations are avoided
 * because tfjs-cpu runs them element by element.
 */
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../errors.js';
import { createRng, type Rng } from '../util/rng.js';
import { effectivePuzzleEmbLen, swigluInnerSize, validateConfig, type TrmConfig } from './config.js';
import {
  evalStep as actEvalStep,
  initialCarry as actInitialCarry,
  refineSteps as actRefineSteps,
  type EvalStepResult,
  type InnerCarry,
  type RefineOptions,
  type RefineStep,
  type TrmBatch,
  type TrmCarry,
} from './act.js';

export type { EvalStepResult, InnerCarry, RefineOptions, RefineStep, TrmBatch, TrmCarry } from './act.js';

// ---------------------------------------------------------------------------------------------
// Weights as the forward pass uses them
// ---------------------------------------------------------------------------------------------

/** A linear map y = x·Wᵀ: `w` is the reference's [out, in] weight, `wt` its [in, out] transpose. */
export interface Linear {
  readonly w: tf.Tensor2D;
  readonly wt: tf.Tensor2D;
}

/** SwiGLU weights, gate_up_proj split into its gate and up halves. */
export interface SwiGLUWeights {
  readonly gate: Linear; // [I, in]
  readonly up: Linear; // [I, in]
  readonly down: Linear; // [in, I]
}

export interface BlockWeights {
  /** Attention variant only: the q, k, v row blocks of qkv_proj and o_proj. */
  readonly q?: Linear; // [nh·hd, H]
  readonly k?: Linear; // [nh·hd, H]
  readonly v?: Linear; // [nh·hd, H]
  /** RoPE only: q and k weights with each head's two row halves swapped (see applyRope). */
  readonly qSwapped?: Linear;
  readonly kSwapped?: Linear;
  readonly o?: Linear; // [H, nh·hd]
  /** mlp_t variant only: a SwiGLU over the sequence axis (width L). */
  readonly mlpT?: SwiGLUWeights;
  readonly mlp: SwiGLUWeights;
}

/**
 * Tensors that custom gradients need after the forward pass. tfjs frees a gradient function's
 * forward intermediates before backprop, and its own `save` copies each saved tensor (a full copy
 * on wasm); instead we keep the tensors themselves and free them once the gradients are computed.
 */
export class Tape {
  private readonly kept: tf.Tensor[] = [];

  /**
   * Keep `t` alive until dispose(), which frees it: use on tensors of the traced computation
   * (inputs made for it included), never on a caller's tensor it must not free. Variables are skipped.
   */
  keep<T extends tf.Tensor>(t: T): T {
    if (!(t instanceof tf.Variable) && !t.isDisposed) this.kept.push(tf.keep(t));
    return t;
  }

  dispose(): void {
    tf.dispose(this.kept);
    this.kept.length = 0;
  }
}

/** Everything one forward pass needs: dimensions, weights, and whether gradients are traced. */
export interface ForwardContext {
  readonly config: TrmConfig;
  /** B, P, S, L = P + S, H. */
  readonly batch: number;
  readonly prefix: number;
  readonly seqLen: number;
  readonly len: number;
  readonly hidden: number;
  /** Set inside a gradient computation: layers then use their custom gradients (see Tape). */
  readonly tape: Tape | null;
  readonly embedTokens: Linear; // wt = the table [V, H]
  readonly lmHead: Linear; // [V, H]
  readonly qHead: Linear; // [2, H]
  readonly qHeadBias: tf.Tensor1D; // [2]
  readonly embedPos?: tf.Tensor2D; // [L, H]
  readonly rope?: { readonly cos: tf.Tensor2D; readonly sinSigned: tf.Tensor2D }; // [L, H] (see ropeTables)
  readonly blocks: BlockWeights[];
}

// ---------------------------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------------------------

/**
 * y = x·Wᵀ for x [N, in] → [N, out]. With a tape, a custom gradient keeps the backward matmuls
 * on wasm's fast path (tfjs's own MatMul gradient uses transpose flags, ~8× slower there):
 * dx = dy·W, dWᵀ = xᵀ·dy with an explicit transpose.
 */
export function linear(x: tf.Tensor2D, p: Linear, tape: Tape | null): tf.Tensor2D {
  if (!tape) return tf.matMul(x, p.wt);
  const f = tf.customGrad((xIn, wtIn) => {
    const xs = tape.keep(xIn as tf.Tensor2D);
    const w = tape.keep(p.w);
    return {
      value: tf.matMul(xs, wtIn as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor) => [
        tf.matMul(dy as tf.Tensor2D, w), // dx  [N, in]
        tf.matMul(tf.transpose(xs), dy as tf.Tensor2D), // dWᵀ [in, out]
      ],
    };
  });
  return f(x, p.wt) as tf.Tensor2D;
}

/**
 * RMS norm over the last axis, no weight: y = x · r, r = rsqrt(mean(x², −1) + ε) (the
 * reference's rms_norm). Its gradient in closed form, dx = r · (dy − y · mean(dy · y, −1)),
 * replaces a dozen autograd ops.
 */
export function rmsNorm(x: tf.Tensor2D, eps: number, tape: Tape | null): tf.Tensor2D {
  const norm = (v: tf.Tensor2D): { r: tf.Tensor2D; y: tf.Tensor2D } => {
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(v), -1, true), eps)) as tf.Tensor2D; // [M, 1]
    return { r, y: tf.mul(v, r) };
  };
  if (!tape) return norm(x).y;
  const f = tf.customGrad((xIn) => {
    const { r, y } = norm(xIn as tf.Tensor2D);
    tape.keep(r);
    tape.keep(y);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor) => tf.mul(r, tf.sub(dy, tf.mul(y, tf.mean(tf.mul(dy, y), -1, true)))),
    };
  });
  return f(x) as tf.Tensor2D;
}

/**
 * Rotary embedding tables for positions 0..len−1 (the prefix included), in the reference's
 * rotate_half convention (inv_freq = 1/θ^(2i/hd), emb = cat(freqs, freqs)), computed in float64
 * and laid out [L, nh·hd] — repeated per head — to multiply q or k of shape [B, L, nh·hd]
 * directly. `sinSigned` carries rotate_half's sign: −sin on each head's first half, +sin on its
 * second, so that rotate_half(x)·sin = swapHalves(x)·sinSigned.
 */
export function ropeTables(len: number, headDim: number, numHeads: number, theta: number): { cos: Float32Array; sinSigned: Float32Array } {
  const half = headDim / 2;
  const width = numHeads * headDim;
  const cos = new Float32Array(len * width);
  const sinSigned = new Float32Array(len * width);
  for (let t = 0; t < len; t++) {
    for (let i = 0; i < half; i++) {
      const f = t / Math.pow(theta, (2 * i) / headDim);
      for (let h = 0; h < numHeads; h++) {
        const o = t * width + h * headDim;
        cos[o + i] = cos[o + half + i] = Math.cos(f);
        sinSigned[o + i] = -Math.sin(f);
        sinSigned[o + half + i] = Math.sin(f);
      }
    }
  }
  return { cos, sinSigned };
}

/**
 * RoPE on q or k [N, nh·hd]: x·cos + rotate_half(x)·sin, rotate_half(x) = cat(−x₂, x₁) per head.
 * `swapped` = cat(x₂, x₁) per head comes from its own projection (the weight's row halves swapped,
 * see forwardContext), and the sign lives in `sinSigned`: that is exact, and avoids slicing or
 * reversing the activations (tfjs-cpu does those element by element).
 */
function applyRope(x: tf.Tensor2D, swapped: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  const { batch: B, len: L, hidden: H } = ctx;
  const x3 = tf.reshape(x, [B, L, H]);
  const s3 = tf.reshape(swapped, [B, L, H]);
  return tf.reshape(tf.add(tf.mul(x3, ctx.rope!.cos), tf.mul(s3, ctx.rope!.sinSigned)), [B * L, H]) as tf.Tensor2D; // [N, H]
}

/**
 * Non-causal multi-head self-attention on h [N, H] → [N, H]. q, k, v come from the three row
 * blocks of qkv_proj (the reference splits its output the same way: heads q | k | v).
 */
export function attention(h: tf.Tensor2D, w: BlockWeights, ctx: ForwardContext): tf.Tensor2D {
  const { batch: B, len: L, hidden: H, tape } = ctx;
  const nh = ctx.config.numHeads;
  const hd = H / nh;
  let q = linear(h, w.q!, tape); // [N, H]
  let k = linear(h, w.k!, tape); // [N, H]
  const v = linear(h, w.v!, tape); // [N, H]
  if (ctx.rope) {
    q = applyRope(q, linear(h, w.qSwapped!, tape), ctx);
    k = applyRope(k, linear(h, w.kSwapped!, tape), ctx);
  }
  const heads = (t: tf.Tensor2D): tf.Tensor4D => tf.transpose(tf.reshape(t, [B, L, nh, hd]) as tf.Tensor4D, [0, 2, 1, 3]); // [B, nh, L, hd]
  const scores = tf.mul(tf.matMul(heads(q), heads(k), false, true), 1 / Math.sqrt(hd)); // [B, nh, L, L]
  const out = tf.matMul(tf.softmax(scores), heads(v)); // [B, nh, L, hd]
  const merged = tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [B * L, H]) as tf.Tensor2D; // [N, nh·hd]
  return linear(merged, w.o!, tape); // [N, H]
}

/**
 * The SwiGLU hidden layer silu(x·W_gateᵀ) ⊙ (x·W_upᵀ) on x [M, in] → [M, I]. With a tape, one
 * custom gradient for the whole expression (one transpose of x for both weight gradients):
 * with s = σ(g), silu(g) = g·s and silu′(g) = s + silu(g)·(1 − s).
 */
function swigluHidden(x: tf.Tensor2D, w: SwiGLUWeights, tape: Tape | null): tf.Tensor2D {
  if (!tape) {
    const g = tf.matMul(x, w.gate.wt);
    return tf.mul(tf.mul(g, tf.sigmoid(g)), tf.matMul(x, w.up.wt));
  }
  const f = tf.customGrad((xIn, gwt, uwt) => {
    const xs = tape.keep(xIn as tf.Tensor2D);
    const g = tape.keep(tf.matMul(xs, gwt as tf.Tensor2D)); // [M, I]
    const u = tape.keep(tf.matMul(xs, uwt as tf.Tensor2D)); // [M, I]
    const s = tape.keep(tf.sigmoid(g));
    const silu = tape.keep(tf.mul(g, s));
    const [wg, wu] = [tape.keep(w.gate.w), tape.keep(w.up.w)];
    return {
      value: tf.mul(silu, u),
      gradFunc: (dy: tf.Tensor) => {
        const du = tf.mul(dy, silu) as tf.Tensor2D;
        const dg = tf.mul(tf.mul(dy, u), tf.add(s, tf.mul(silu, tf.sub(1, s)))) as tf.Tensor2D;
        const xt = tf.transpose(xs);
        return [tf.add(tf.matMul(dg, wg), tf.matMul(du, wu)), tf.matMul(xt, dg), tf.matMul(xt, du)];
      },
    };
  });
  return f(x, w.gate.wt, w.up.wt) as tf.Tensor2D;
}

/** SwiGLU: down(silu(gate(x)) ⊙ up(x)) on x [M, in] → [M, in]. */
export function swiglu(x: tf.Tensor2D, w: SwiGLUWeights, tape: Tape | null): tf.Tensor2D {
  return linear(swigluHidden(x, w, tape), w.down, tape); // [M, in]
}

/**
 * One post-norm block on h [N, H]. Attention variant: h = norm(h + attn(h)). mlp_t variant: the
 * same with a SwiGLU over the sequence axis, on the transposed state [B·H, L] (so that norm is
 * over the sequence axis, as in the reference). Then h = norm(h + mlp(h)).
 */
export function block(h: tf.Tensor2D, w: BlockWeights, ctx: ForwardContext): tf.Tensor2D {
  const { batch: B, len: L, hidden: H, tape } = ctx;
  const eps = ctx.config.rmsNormEps;
  if (w.mlpT) {
    let t = tf.reshape(tf.transpose(tf.reshape(h, [B, L, H]), [0, 2, 1]), [B * H, L]) as tf.Tensor2D; // [B·H, L]
    t = rmsNorm(tf.add(t, swiglu(t, w.mlpT, tape)), eps, tape);
    h = tf.reshape(tf.transpose(tf.reshape(t, [B, H, L]), [0, 2, 1]), [B * L, H]) as tf.Tensor2D; // [N, H]
  } else {
    h = rmsNorm(tf.add(h, attention(h, w, ctx)), eps, tape);
  }
  return rmsNorm(tf.add(h, swiglu(h, w.mlp, tape)), eps, tape);
}

/** The one reasoning module: net(h, injection) = blocks(h + injection). [N, H] → [N, H] */
export function net(h: tf.Tensor2D, injection: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  let x: tf.Tensor2D = tf.add(h, injection);
  for (const w of ctx.blocks) x = block(x, w, ctx);
  return x;
}

// ---------------------------------------------------------------------------------------------
// The TRM: embedding, recursion, heads
// ---------------------------------------------------------------------------------------------

/**
 * The input embedding x [N, H]: √H · (concat(puzzle prefix, token embeddings) [+ learned
 * positions, ·1/√2]). `tokens` is the one-hot [B·S, V] (a matmul rather than a gather: tfjs-wasm
 * cannot differentiate a gather); `puzzleRows` [B, ndim] are the gathered puzzle-embedding rows
 * (a separate input so the caller can take their gradient, the reference's `local_weights`).
 */
export function inputEmbedding(ctx: ForwardContext, tokens: tf.Tensor2D, puzzleRows: tf.Tensor2D | null): tf.Tensor2D {
  const { batch: B, prefix: P, seqLen: S, len: L, hidden: H, config } = ctx;
  let e: tf.Tensor3D = tf.reshape(linear(tokens, ctx.embedTokens, ctx.tape), [B, S, H]); // [B, S, H]
  if (config.puzzleEmbNdim > 0) {
    const padded = tf.pad(puzzleRows!, [[0, 0], [0, P * H - config.puzzleEmbNdim]]); // [B, P·H]
    e = tf.concat([tf.reshape(padded, [B, P, H]), e], 1); // [B, L, H]
  }
  if (ctx.embedPos) e = tf.mul(tf.add(e, ctx.embedPos), 0.707106781); // keeps the variance
  return tf.reshape(tf.mul(e, Math.sqrt(H)), [B * L, H]);
}

/**
 * `cycles` recursion cycles from (zH, zL) with input embedding x, all [N, H]:
 * each cycle does n times zL = net(zL, zH + x), then zH = net(zH, zL).
 */
export function latentRecursion(
  ctx: ForwardContext,
  zH: tf.Tensor2D,
  zL: tf.Tensor2D,
  x: tf.Tensor2D,
  cycles: number,
): { zH: tf.Tensor2D; zL: tf.Tensor2D } {
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < ctx.config.lCycles; i++) zL = net(zL, tf.add(zH, x), ctx);
    zH = net(zH, zL, ctx);
  }
  return { zH, zL };
}

/**
 * Output heads on zH [N, H]: logits [B, S, V] at the token positions, Q logits (halt, continue)
 * from position 0. lm_head runs on all L positions and the prefix is cut from its small output
 * (rather than slicing the wide [B, L, H] state).
 */
export function outputHeads(ctx: ForwardContext, zH: tf.Tensor2D): { logits: tf.Tensor3D; qHalt: tf.Tensor1D; qContinue: tf.Tensor1D } {
  const { batch: B, prefix: P, seqLen: S, len: L, hidden: H, tape } = ctx;
  const V = ctx.config.vocabSize;
  const all = tf.reshape(linear(zH, ctx.lmHead, tape), [B, L, V]); // [B, L, V]
  const logits = tf.slice(all, [0, P, 0], [B, S, V]) as tf.Tensor3D; // [B, S, V]
  const first = tf.reshape(tf.slice(tf.reshape(zH, [B, L, H]), [0, 0, 0], [B, 1, H]), [B, H]) as tf.Tensor2D; // [B, H]
  const q = tf.add(linear(first, ctx.qHead, tape), ctx.qHeadBias); // [B, 2]
  return {
    logits,
    qHalt: tf.reshape(tf.slice(q, [0, 0], [B, 1]), [B]) as tf.Tensor1D,
    qContinue: tf.reshape(tf.slice(q, [0, 1], [B, 1]), [B]) as tf.Tensor1D,
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/** Name, shape and initialiser of every parameter, in the reference's state-dict order. */
export interface ParamSpec {
  readonly name: string;
  readonly shape: number[];
  /** std of the truncated normal (0 = constant `fill`). */
  readonly std: number;
  readonly fill?: number;
  /** Trained by the main optimizer (H_init, L_init and the puzzle embedding are not). */
  readonly trainable: boolean;
}

/** The parameter list of a config, under the reference's names and [out, in] layout. */
export function paramSpecs(config: TrmConfig): ParamSpec[] {
  const c = config;
  const H = c.hiddenSize;
  const P = effectivePuzzleEmbLen(c);
  const L = c.seqLen + P;
  const lin = (name: string, out: number, inp: number): ParamSpec => ({ name, shape: [out, inp], std: 1 / Math.sqrt(inp), trainable: true });
  const specs: ParamSpec[] = [
    { name: 'inner.embed_tokens.embedding_weight', shape: [c.vocabSize, H], std: 1 / Math.sqrt(H), trainable: true },
    lin('inner.lm_head.weight', c.vocabSize, H),
    // The reference zero-inits the Q head with bias −5: sigmoid(−5) ≈ 0.007, so rows start out not halting.
    { name: 'inner.q_head.weight', shape: [2, H], std: 0, fill: 0, trainable: true },
    { name: 'inner.q_head.bias', shape: [2], std: 0, fill: -5, trainable: true },
  ];
  if (c.posEncodings === 'learned') {
    specs.push({ name: 'inner.embed_pos.embedding_weight', shape: [L, H], std: 1 / Math.sqrt(H), trainable: true });
  }
  const I = swigluInnerSize(H, c.expansion);
  const It = swigluInnerSize(L, c.expansion);
  for (let i = 0; i < c.lLayers; i++) {
    const p = `inner.L_level.layers.${i}`;
    if (c.mlpT) {
      specs.push(lin(`${p}.mlp_t.gate_up_proj.weight`, 2 * It, L), lin(`${p}.mlp_t.down_proj.weight`, L, It));
    } else {
      specs.push(lin(`${p}.self_attn.qkv_proj.weight`, 3 * H, H), lin(`${p}.self_attn.o_proj.weight`, H, H));
    }
    specs.push(lin(`${p}.mlp.gate_up_proj.weight`, 2 * I, H), lin(`${p}.mlp.down_proj.weight`, H, I));
  }
  specs.push(
    { name: 'inner.H_init', shape: [H], std: 1, trainable: false },
    { name: 'inner.L_init', shape: [H], std: 1, trainable: false },
  );
  if (c.puzzleEmbNdim > 0) {
    specs.push({ name: 'inner.puzzle_emb.weights', shape: [c.numPuzzleIdentifiers, c.puzzleEmbNdim], std: 0, fill: 0, trainable: false });
  }
  return specs;
}

/**
 * The reference's trunc_normal_init_: a standard normal truncated to [−2, 2], scaled so that the
 * truncated distribution has exactly the requested std (1/0.8796 ≈ 1.137 × std).
 */
function truncNormal(rng: Rng, n: number, std: number): Float32Array {
  // std of N(0,1) truncated to [−2, 2]: sqrt(1 − 2·2·φ(2)/(Φ(2) − Φ(−2))).
  const phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
  const mass = 0.9544997361036416; // erf(√2) = P(|Z| < 2)
  const comp = std / Math.sqrt(1 - (4 * phi2) / mass);
  const out = new Float32Array(n);
  for (let i = 0; i < n; ) {
    const u1 = 1 - rng.next(); // (0, 1]: log stays finite
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    for (const z of [r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)]) {
      if (i < n && Math.abs(z) <= 2) out[i++] = z * comp;
    }
  }
  return out;
}

/** One tensor of a state dict to load (the shape of a safetensors entry). */
export interface StateTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
  readonly dtype?: string;
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
// The model
// ---------------------------------------------------------------------------------------------

/**
 * A TRM: its parameters (tf.Variables under the reference's state-dict names) and the inference
 * API. Training is `trainStep` in act.ts. Call `dispose()` when done.
 *
 * @example
 *   const model = new TrmModel(config, { seed: 1 });
 *   for await (const s of model.refineSteps(batch, 16)) if (allValid(s.predictions)) break;
 *   model.dispose();
 */
export class TrmModel {
  readonly config: TrmConfig;
  /** Every parameter under its reference state-dict name, in the reference's [out, in] layout. */
  readonly params: Map<string, tf.Variable>;
  /** P: puzzle-embedding prefix length. */
  readonly prefixLen: number;
  /** L = P + S: latent length. */
  readonly latentLen: number;
  private readonly specs: ParamSpec[];
  private readonly ropeCos?: tf.Tensor2D;
  private readonly ropeSin?: tf.Tensor2D;
  private disposed = false;

  /** Build a freshly initialised model (the reference's init; `seed` makes it reproducible). */
  constructor(config: TrmConfig, options: { seed?: number } = {}) {
    this.config = validateConfig(config);
    this.prefixLen = effectivePuzzleEmbLen(this.config);
    this.latentLen = this.config.seqLen + this.prefixLen;
    this.specs = paramSpecs(this.config);
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
      this.ropeCos = tf.keep(tf.tensor2d(t.cos, [this.latentLen, H]));
      this.ropeSin = tf.keep(tf.tensor2d(t.sinSigned, [this.latentLen, H]));
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
   * readSafetensors). Strict: throws TRM_ERR_INVALID_CHECKPOINT listing missing, unexpected and
   * wrong-shape (or non-float) names, and changes nothing in that case.
   */
  loadState(tensors: Map<string, StateTensor>): void {
    this.assertAlive();
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const s of this.specs) {
      const t = tensors.get(s.name);
      if (!t) missing.push(s.name);
      else if (t.shape.length !== s.shape.length || t.shape.some((d, i) => d !== s.shape[i])) {
        wrong.push(`${s.name} has shape [${t.shape.join(', ')}], expected [${s.shape.join(', ')}]`);
      } else if (!(t.data instanceof Float32Array) || (t.dtype !== undefined && t.dtype !== 'F32' && t.dtype !== 'float32')) {
        wrong.push(`${s.name} is ${t.dtype ?? 'integer'} data, expected F32`);
      }
    }
    const known = new Set(this.specs.map((s) => s.name));
    const unexpected = [...tensors.keys()].filter((k) => !known.has(k));
    if (missing.length || unexpected.length || wrong.length) {
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
   * The weights and dimensions of one forward pass for a batch of `batch` rows. Call inside
   * tf.tidy (or a gradient function): it makes [in, out] copies of the weights. With a tape (inside
   * a gradient function) the layers use their custom gradients and the copies are traced, so
   * gradients reach the variables.
   */
  forwardContext(batch: number, tape: Tape | null): ForwardContext {
    this.assertAlive();
    const c = this.config;
    const p = (name: string): tf.Tensor => this.params.get(name)!;
    const lin = (w: tf.Tensor2D): Linear => ({ w, wt: tf.transpose(w) });
    // [nh·hd, in] → each head's rows (x₁ | x₂) reordered to (x₂ | x₁).
    const swapHalves = (w: tf.Tensor2D): tf.Tensor2D => {
      const [out, inp] = w.shape;
      const hd = c.hiddenSize / c.numHeads;
      return tf.reshape(tf.reverse(tf.reshape(w, [c.numHeads, 2, hd / 2, inp]), 1), [out, inp]) as tf.Tensor2D;
    };
    const swi = (prefix: string): SwiGLUWeights => {
      const gu = p(`${prefix}.gate_up_proj.weight`) as tf.Tensor2D; // [2I, in]
      const [gate, up] = tf.split(gu, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return { gate: lin(gate), up: lin(up), down: lin(p(`${prefix}.down_proj.weight`) as tf.Tensor2D) };
    };
    const blocks: BlockWeights[] = [];
    for (let i = 0; i < c.lLayers; i++) {
      const pre = `inner.L_level.layers.${i}`;
      blocks.push(
        c.mlpT
          ? { mlpT: swi(`${pre}.mlp_t`), mlp: swi(`${pre}.mlp`) }
          : (() => {
              // Row blocks of [3H, H] are contiguous: cheap slices of a small weight.
              const [q, k, v] = tf.split(p(`${pre}.self_attn.qkv_proj.weight`) as tf.Tensor2D, 3, 0) as tf.Tensor2D[];
              const rope = c.posEncodings === 'rope' ? { qSwapped: lin(swapHalves(q!)), kSwapped: lin(swapHalves(k!)) } : {};
              return { q: lin(q!), k: lin(k!), v: lin(v!), ...rope, o: lin(p(`${pre}.self_attn.o_proj.weight`) as tf.Tensor2D), mlp: swi(`${pre}.mlp`) };
            })(),
      );
    }
    const table = p('inner.embed_tokens.embedding_weight') as tf.Tensor2D; // [V, H]
    return {
      config: c,
      batch,
      prefix: this.prefixLen,
      seqLen: c.seqLen,
      len: this.latentLen,
      hidden: c.hiddenSize,
      tape,
      // The embedding is a linear map from one-hot rows: "wt" is the table itself.
      embedTokens: { w: tf.transpose(table), wt: table },
      lmHead: lin(p('inner.lm_head.weight') as tf.Tensor2D),
      qHead: lin(p('inner.q_head.weight') as tf.Tensor2D),
      qHeadBias: p('inner.q_head.bias') as tf.Tensor1D,
      embedPos: c.posEncodings === 'learned' ? (p('inner.embed_pos.embedding_weight') as tf.Tensor2D) : undefined,
      rope: this.ropeCos && this.ropeSin ? { cos: this.ropeCos, sinSigned: this.ropeSin } : undefined,
      blocks,
    };
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

  /**
   * One full supervision step of the inner model without gradient (all T cycles): new latents
   * and the outputs. Tensors are the caller's to dispose; the input carry is left untouched.
   */
  forwardInner(inner: InnerCarry, data: TrmBatch): { inner: InnerCarry; logits: tf.Tensor3D; qHalt: tf.Tensor1D; qContinue: tf.Tensor1D } {
    const B = data.batchSize;
    const { latentLen: L } = this;
    const H = this.config.hiddenSize;
    return tf.tidy(() => {
      const ctx = this.forwardContext(B, null);
      const x = inputEmbedding(ctx, this.oneHotTokens(data.inputs), this.puzzleRows(data.puzzleIdentifiers));
      const z = latentRecursion(ctx, tf.reshape(inner.zH, [B * L, H]), tf.reshape(inner.zL, [B * L, H]), x, this.config.hCycles);
      const heads = outputHeads(ctx, z.zH);
      return { inner: { zH: tf.reshape(z.zH, [B, L, H]) as tf.Tensor3D, zL: tf.reshape(z.zL, [B, L, H]) as tf.Tensor3D }, ...heads };
    });
  }

  /**
   * One supervision step of the inner model with gradient, as the reference trains it: T−1
   * cycles without gradient (run outside the tape, so they enter as constants — tfjs has no
   * stop-gradient), then one cycle and the heads on the tape, then `lossFn` on the outputs.
   * Returns the loss value and its gradients w.r.t. every trainable parameter and w.r.t. the
   * gathered puzzle-embedding rows (the reference's `local_weights`), plus the new latents and
   * outputs (detached). `lossFn` runs on the tape: tensors it wants to outlive it must be tf.keep'd.
   * All returned tensors are the caller's to dispose; the input carry is left untouched.
   */
  forwardInnerWithGrad(inner: InnerCarry, data: TrmBatch, lossFn: (out: InnerOutputs & { inner: InnerCarry }) => tf.Scalar): InnerGradResult {
    this.assertAlive();
    const B = data.batchSize;
    const { latentLen: L } = this;
    const H = this.config.hiddenSize;
    const tokens = this.oneHotTokens(data.inputs); // [B·S, V] constant
    const rows = this.puzzleRows(data.puzzleIdentifiers); // [B, ndim]: differentiated, not trained here
    const start = tf.tidy(() => {
      const ctx = this.forwardContext(B, null);
      const x = inputEmbedding(ctx, tokens, rows);
      return latentRecursion(ctx, tf.reshape(inner.zH, [B * L, H]), tf.reshape(inner.zL, [B * L, H]), x, this.config.hCycles - 1);
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
        const x = inputEmbedding(ctx, tokens, rows);
        const z = latentRecursion(ctx, start.zH, start.zL, x, 1);
        const outputs = outputHeads(ctx, z.zH);
        const newInner: InnerCarry = { zH: tf.reshape(z.zH, [B, L, H]), zL: tf.reshape(z.zL, [B, L, H]) };
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

  /** A fresh ACT carry for `batchSize` rows: every row halted, so the first step loads the batch. */
  initialCarry(batchSize: number): TrmCarry {
    this.assertAlive();
    return actInitialCarry(this, batchSize);
  }

  /**
   * One evaluation-mode ACT step (no gradient; halting only at haltMaxSteps). Consumes `carry`
   * (its tensors are disposed) and returns the next one; outputs are plain typed arrays.
   */
  evalStep(carry: TrmCarry, batch: TrmBatch): EvalStepResult {
    this.assertAlive();
    return actEvalStep(this, carry, batch);
  }

  /**
   * Refine a batch step by step from a fresh carry: yields after every supervision step (argmax
   * predictions, confidences, Q-halt logits). Stop early by breaking out of the loop; the
   * latents are disposed either way.
   */
  refineSteps(batch: TrmBatch, steps?: number, options: RefineOptions = {}): AsyncGenerator<RefineStep, void, void> {
    this.assertAlive();
    return actRefineSteps(this, batch, steps ?? this.config.haltMaxSteps, options);
  }

  /**
   * Run up to `steps` supervision steps (default haltMaxSteps), calling `onStep` after each; it
   * returns false (or a promise of false) to stop early. Resolves to the last step and the count.
   */
  async refine(
    batch: TrmBatch,
    options: { steps?: number; onStep?: (s: RefineStep) => boolean | void | Promise<boolean | void> } & RefineOptions = {},
  ): Promise<{ last: RefineStep | undefined; stepsRun: number; stoppedEarly: boolean }> {
    let last: RefineStep | undefined;
    let stepsRun = 0;
    const total = options.steps ?? this.config.haltMaxSteps;
    for await (const s of this.refineSteps(batch, total, options)) {
      last = s;
      stepsRun = s.step;
      if (options.onStep && (await options.onStep(s)) === false) return { last, stepsRun, stoppedEarly: s.step < total };
    }
    return { last, stepsRun, stoppedEarly: false };
  }

  /** Number of scalar parameters. */
  parameterCount(): number {
    return this.specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  }

  /** Free every variable and cached tensor; the model cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.params.values()) v.dispose();
    this.ropeCos?.dispose();
    this.ropeSin?.dispose();
  }

  /** Throws TRM_ERR_INTERNAL when used after dispose(). */
  assertAlive(): void {
    if (this.disposed) throw new TrmError('TRM_ERR_INTERNAL', 'this TrmModel has been disposed');
  }
}
