/**
 * The building blocks TRM and HRM share, in TensorFlow.js, matching the reference PyTorch code
 * (`models/layers.py` of both repositories) to float32 precision; read it top to bottom:
 *
 *   weights and the Tape → linear → rms_norm → rope → attention → swiglu → block
 *   → reasoning module → input embedding → output heads → parameter specs → forward context
 *
 * The recursions are in `trm.ts` and `hrm.ts`, the model class in `model.ts`, the ACT wrapper in
 * `act.ts`.
 *
 * Notation (see config.ts): B batch, S seqLen, P prefix (puzzle-embedding positions), L = P + S,
 * H hidden, V vocab, N = B·L rows, nh heads, hd head dim, I SwiGLU inner width.
 *
 * Layout and speed. Parameters live under the reference state-dict names and in its `[out, in]`
 * layout, so checkpoints load verbatim. The wasm backend multiplies fast only for a plain 2-D
 * `matMul(a, b)` (no transpose flags, no batch; measured ~10 GFLOP/s against ~1 for the flagged or
 * batched paths), so every forward pass first makes `[in, out]` copies of the weights (cheap:
 * weights are small next to activations; see {@link forwardContext}) and keeps activations 2-D
 * (`[N, H]`) for every linear layer. When gradients are wanted, linear, SwiGLU and RMS norm use
 * custom gradients (see Tape): their backward matmuls stay on the fast path too (`dx = dy·W`,
 * `dWᵀ = xᵀ·dy` with an explicit transpose), and they avoid tfjs's copies of saved tensors and
 * long autograd chains. Measured on the Sudoku shape (B 32, L 97, H 128, mlp_t) on wasm: the
 * matmuls take ~85% of a training step's kernel time. Non-contiguous slices and reverses of
 * activations are avoided because tfjs-cpu runs them element by element.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../util/rng.js';
import { effectivePuzzleEmbLen, swigluInnerSize, type TrmConfig } from './config.js';

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
  /** mlp_t variant only (TRM): a SwiGLU over the sequence axis (width L). */
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
  readonly embedPos?: tf.Tensor2D | undefined; // [L, H]
  readonly rope?: { readonly cos: tf.Tensor2D; readonly sinSigned: tf.Tensor2D } | undefined; // [L, H] (see ropeTables)
  /** The blocks of `inner.H_level` (HRM's high-level module; empty for TRM). */
  readonly hLevel: readonly BlockWeights[];
  /** The blocks of `inner.L_level` (TRM's one module; HRM's low-level module). */
  readonly lLevel: readonly BlockWeights[];
}

/** The two latents inside a forward pass, [N, H] each. */
export interface Latents {
  readonly zH: tf.Tensor2D;
  readonly zL: tf.Tensor2D;
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
  const x3 = tf.reshape(x, [B, L, H]); // [B, L, H]
  const s3 = tf.reshape(swapped, [B, L, H]); // [B, L, H]
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
    const g = tf.matMul(x, w.gate.wt); // [M, I]
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
    h = rmsNorm(tf.add(h, attention(h, w, ctx)), eps, tape); // [N, H]
  }
  return rmsNorm(tf.add(h, swiglu(h, w.mlp, tape)), eps, tape); // [N, H]
}

/**
 * A reasoning module: module(h, injection) = blocks(h + injection), [N, H] → [N, H] (TRM's `net`,
 * HRM's `H_level` / `L_level`).
 */
export function reasoningModule(h: tf.Tensor2D, injection: tf.Tensor2D, blocks: readonly BlockWeights[], ctx: ForwardContext): tf.Tensor2D {
  let x: tf.Tensor2D = tf.add(h, injection); // [N, H]
  for (const w of blocks) x = block(x, w, ctx);
  return x;
}

// ---------------------------------------------------------------------------------------------
// Embedding and heads
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
  return tf.reshape(tf.mul(e, Math.sqrt(H)), [B * L, H]); // [N, H]
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
    qHalt: tf.reshape(tf.slice(q, [0, 0], [B, 1]), [B]) as tf.Tensor1D, // [B]
    qContinue: tf.reshape(tf.slice(q, [0, 1], [B, 1]), [B]) as tf.Tensor1D, // [B]
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

const linearSpec = (name: string, out: number, inp: number): ParamSpec => ({ name, shape: [out, inp], std: 1 / Math.sqrt(inp), trainable: true });

/** The parameters the state dict starts with: token embedding, lm_head, q_head [, learned positions]. */
export function embeddingAndHeadSpecs(c: TrmConfig): ParamSpec[] {
  const H = c.hiddenSize;
  const specs: ParamSpec[] = [
    { name: 'inner.embed_tokens.embedding_weight', shape: [c.vocabSize, H], std: 1 / Math.sqrt(H), trainable: true },
    linearSpec('inner.lm_head.weight', c.vocabSize, H),
    // The reference zero-inits the Q head with bias −5: sigmoid(−5) ≈ 0.007, so rows start out not halting.
    { name: 'inner.q_head.weight', shape: [2, H], std: 0, fill: 0, trainable: true },
    { name: 'inner.q_head.bias', shape: [2], std: 0, fill: -5, trainable: true },
  ];
  if (c.posEncodings === 'learned') {
    specs.push({ name: 'inner.embed_pos.embedding_weight', shape: [c.seqLen + effectivePuzzleEmbLen(c), H], std: 1 / Math.sqrt(H), trainable: true });
  }
  return specs;
}

/** The blocks of one reasoning module, `<prefix>.layers.<i>.…` (prefix `inner.L_level` or `inner.H_level`). */
export function moduleSpecs(c: TrmConfig, prefix: string, layers: number): ParamSpec[] {
  const H = c.hiddenSize;
  const L = c.seqLen + effectivePuzzleEmbLen(c);
  const I = swigluInnerSize(H, c.expansion);
  const It = swigluInnerSize(L, c.expansion);
  const specs: ParamSpec[] = [];
  for (let i = 0; i < layers; i++) {
    const p = `${prefix}.layers.${i}`;
    if (c.mlpT) {
      specs.push(linearSpec(`${p}.mlp_t.gate_up_proj.weight`, 2 * It, L), linearSpec(`${p}.mlp_t.down_proj.weight`, L, It));
    } else {
      specs.push(linearSpec(`${p}.self_attn.qkv_proj.weight`, 3 * H, H), linearSpec(`${p}.self_attn.o_proj.weight`, H, H));
    }
    specs.push(linearSpec(`${p}.mlp.gate_up_proj.weight`, 2 * I, H), linearSpec(`${p}.mlp.down_proj.weight`, H, I));
  }
  return specs;
}

/** The parameters the state dict ends with: the initial latents (buffers) and the puzzle embedding. */
export function initAndPuzzleSpecs(c: TrmConfig): ParamSpec[] {
  const H = c.hiddenSize;
  const specs: ParamSpec[] = [
    { name: 'inner.H_init', shape: [H], std: 1, trainable: false },
    { name: 'inner.L_init', shape: [H], std: 1, trainable: false },
  ];
  if (c.puzzleEmbNdim > 0) {
    specs.push({ name: 'inner.puzzle_emb.weights', shape: [c.numPuzzleIdentifiers, c.puzzleEmbNdim], std: 0, fill: 0, trainable: false });
  }
  return specs;
}

/**
 * The reference's trunc_normal_init_: a standard normal truncated to [−2, 2], scaled so that the
 * truncated distribution has exactly the requested std (1/0.8796 ≈ 1.137 × std).
 */
export function truncNormal(rng: Pick<Rng, 'next'>, n: number, std: number): Float32Array {
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

// ---------------------------------------------------------------------------------------------
// The forward context
// ---------------------------------------------------------------------------------------------

/**
 * The weights and dimensions of one forward pass for a batch of `batch` rows, from parameters
 * under their reference names. Call inside tf.tidy (or a gradient function): it makes [in, out]
 * copies of the weights. With a tape (inside a gradient function) the layers use their custom
 * gradients and the copies are traced, so gradients reach the variables. Builds
 * `inner.H_level` (config.hLayers blocks) and `inner.L_level` (config.lLayers blocks).
 */
export function forwardContext(
  config: TrmConfig,
  param: (name: string) => tf.Tensor,
  batch: number,
  tape: Tape | null,
  rope?: { readonly cos: tf.Tensor2D; readonly sinSigned: tf.Tensor2D },
): ForwardContext {
  const c = config;
  const p = (name: string): tf.Tensor2D => param(name) as tf.Tensor2D;
  const lin = (w: tf.Tensor2D): Linear => ({ w, wt: tf.transpose(w) });
  // [nh·hd, in] → each head's rows (x₁ | x₂) reordered to (x₂ | x₁).
  const swapHalves = (w: tf.Tensor2D): tf.Tensor2D => {
    const [out, inp] = w.shape;
    const hd = c.hiddenSize / c.numHeads;
    return tf.reshape(tf.reverse(tf.reshape(w, [c.numHeads, 2, hd / 2, inp]), 1), [out, inp]) as tf.Tensor2D;
  };
  const swi = (prefix: string): SwiGLUWeights => {
    const [gate, up] = tf.split(p(`${prefix}.gate_up_proj.weight`), 2, 0) as [tf.Tensor2D, tf.Tensor2D]; // [2I, in] → [I, in] × 2
    return { gate: lin(gate), up: lin(up), down: lin(p(`${prefix}.down_proj.weight`)) };
  };
  const blockWeights = (pre: string): BlockWeights => {
    if (c.mlpT) return { mlpT: swi(`${pre}.mlp_t`), mlp: swi(`${pre}.mlp`) };
    // Row blocks of [3H, H] are contiguous: cheap slices of a small weight.
    const [q, k, v] = tf.split(p(`${pre}.self_attn.qkv_proj.weight`), 3, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const swapped = c.posEncodings === 'rope' ? { qSwapped: lin(swapHalves(q)), kSwapped: lin(swapHalves(k)) } : {};
    return { q: lin(q), k: lin(k), v: lin(v), ...swapped, o: lin(p(`${pre}.self_attn.o_proj.weight`)), mlp: swi(`${pre}.mlp`) };
  };
  const level = (prefix: string, layers: number): BlockWeights[] => Array.from({ length: layers }, (_, i) => blockWeights(`${prefix}.layers.${i}`));
  const table = p('inner.embed_tokens.embedding_weight'); // [V, H]
  const prefix = effectivePuzzleEmbLen(c);
  return {
    config: c,
    batch,
    prefix,
    seqLen: c.seqLen,
    len: c.seqLen + prefix,
    hidden: c.hiddenSize,
    tape,
    // The embedding is a linear map from one-hot rows: "wt" is the table itself.
    embedTokens: { w: tf.transpose(table), wt: table },
    lmHead: lin(p('inner.lm_head.weight')),
    qHead: lin(p('inner.q_head.weight')),
    qHeadBias: param('inner.q_head.bias') as tf.Tensor1D,
    embedPos: c.posEncodings === 'learned' ? p('inner.embed_pos.embedding_weight') : undefined,
    rope,
    hLevel: level('inner.H_level', c.hLayers),
    lLevel: level('inner.L_level', c.lLayers),
  };
}

/**
 * What an architecture adds to the shared layers: its parameters and its recursion, split the
 * way the reference trains it — a gradient-free part, then a part that carries gradient. One
 * supervision step is `withGrad(ctx, withoutGrad(ctx, z, x), x)`; evaluation runs both without a tape.
 */
export interface Architecture {
  readonly name: TrmConfig['architecture'];
  /** The parameter list under the reference's names and [out, in] layout, in state-dict order. */
  paramSpecs(config: TrmConfig): ParamSpec[];
  /** The gradient-free part of one supervision step from the carry z (x: the input embedding). */
  withoutGrad(ctx: ForwardContext, z: Latents, x: tf.Tensor2D): Latents;
  /** The rest of the step; with ctx.tape it is the traced gradient path. */
  withGrad(ctx: ForwardContext, z: Latents, x: tf.Tensor2D): Latents;
}
