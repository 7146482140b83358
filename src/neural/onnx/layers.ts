/**
 * The building blocks TRM and HRM share, as ONNX nodes: block for block the same as
 * `src/neural/layers.ts` (the TensorFlow.js engine), so the two engines read the same way:
 *
 *   weights → linear → rms_norm → rope → attention → swiglu → block → reasoning module
 *   → input embedding → output heads → the context of one graph
 *
 * Notation (see config.ts): B batch (a symbolic dimension of the graph), S seqLen, P prefix,
 * L = P + S, H hidden, V vocab, nh heads, hd head dim, I SwiGLU inner width.
 *
 * Layout. Activations stay 3-D, [B, L, H]: ONNX MatMul broadcasts a 2-D weight over the batch,
 * so nothing is flattened and the batch stays dynamic (Reshape's 0 copies a dimension). Weights
 * are initializers in [in, out] layout (the reference's [out, in] transposed once at export) and
 * shared by every node that reads them: the unrolled cycles add nodes, never weights. The fused
 * projections of the reference stay fused (qkv_proj, gate_up_proj: one MatMul, then Split),
 * which is one large matmul instead of three small ones.
 */
import { effectivePuzzleEmbLen, swigluInnerSize, type TrmConfig } from '../config.js';
import { ropeTables } from '../layers.js';
import type { GraphBuilder } from './graph.js';

/** A parameter as the exporter reads it: reference name → data in the reference's layout. */
export interface ParamSource {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** The two latents as graph values, [B, L, H] each. */
export interface OnnxLatents {
  readonly zH: string;
  readonly zL: string;
}

/** Everything the layers need to add nodes: the builder, the dimensions and the weights. */
export interface OnnxContext {
  readonly g: GraphBuilder;
  readonly config: TrmConfig;
  /** P, S, L = P + S, H. */
  readonly prefix: number;
  readonly seqLen: number;
  readonly len: number;
  readonly hidden: number;
  /** The [in, out] initializer of the reference weight `name` ([out, in]), made on first use. */
  linearWeight(name: string): string;
  /** The initializer of `name` as stored (biases, tables, H_init / L_init), made on first use. */
  plainWeight(name: string): string;
  /** RoPE tables [L, H] (cos, and sin with rotate_half's sign; see layers.ts ropeTables), when the config uses RoPE. */
  readonly rope?: { readonly cos: string; readonly sinSigned: string } | undefined;
}

/** [out, in] → [in, out], row-major. */
function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/**
 * The context of one graph: weights from `param` (reference names and layout), added to `g` as
 * initializers on first use. RoPE tables are computed in float64 as in the tfjs engine.
 */
export function onnxContext(g: GraphBuilder, config: TrmConfig, param: (name: string) => ParamSource): OnnxContext {
  const prefix = effectivePuzzleEmbLen(config);
  const len = config.seqLen + prefix;
  const H = config.hiddenSize;
  const made = new Map<string, string>();
  const once = (key: string, make: () => string): string => {
    let v = made.get(key);
    if (!v) made.set(key, (v = make()));
    return v;
  };
  let rope: OnnxContext['rope'];
  if (config.posEncodings === 'rope' && !config.mlpT) {
    const t = ropeTables(len, H / config.numHeads, config.numHeads, config.ropeTheta);
    rope = { cos: g.weight('rope.cos', t.cos, [len, H]), sinSigned: g.weight('rope.sin_signed', t.sinSigned, [len, H]) };
  }
  return {
    g,
    config,
    prefix,
    seqLen: config.seqLen,
    len,
    hidden: H,
    rope,
    linearWeight: (name) =>
      once(`T:${name}`, () => {
        const p = param(name);
        const [out, inp] = p.shape as [number, number];
        return g.weight(`${name}.T`, transpose2d(p.data, out, inp), [inp, out]);
      }),
    plainWeight: (name) => once(`P:${name}`, () => g.weight(name, param(name).data, param(name).shape)),
  };
}

// ---------------------------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------------------------

/** y = x·Wᵀ for x [..., in] → [..., out] (`name`: the reference's [out, in] weight). */
export function linear(ctx: OnnxContext, x: string, name: string): string {
  return ctx.g.op1('MatMul', [x, ctx.linearWeight(name)]);
}

/** RMS norm over the last axis, no weight: y = x · 1/sqrt(mean(x², −1) + ε). */
export function rmsNorm(ctx: OnnxContext, x: string): string {
  const { g } = ctx;
  const ms = g.op1('ReduceMean', [g.op1('Mul', [x, x])], { axes: [-1], keepdims: 1 }); // [..., 1]
  const r = g.op1('Reciprocal', [g.op1('Sqrt', [g.op1('Add', [ms, g.scalar(ctx.config.rmsNormEps)])])]);
  return g.op1('Mul', [x, r]);
}

/**
 * RoPE on q or k [B, L, nh·hd]: x·cos + rotate_half(x)·sin. As in the tfjs engine,
 * rotate_half(x)·sin = swapHalves(x)·sinSigned, where swapHalves = cat(x₂, x₁) per head; here the
 * swap is a Split and a Concat on a [B, L, nh, 2, hd/2] view (exact, and cheap next to a matmul).
 */
function applyRope(ctx: OnnxContext, x: string): string {
  const { g, hidden: H } = ctx;
  const nh = ctx.config.numHeads;
  const hd = H / nh;
  const halves = g.op1('Reshape', [x, g.ints([0, 0, nh, 2, hd / 2])]); // [B, L, nh, 2, hd/2]
  const [x1, x2] = g.op('Split', [halves, g.ints([1, 1])], { axis: 3 }, ['rope_x1', 'rope_x2']) as [string, string];
  const swapped = g.op1('Reshape', [g.op1('Concat', [x2, x1], { axis: 3 }), g.ints([0, 0, H])]); // [B, L, H]
  return g.op1('Add', [g.op1('Mul', [x, ctx.rope!.cos]), g.op1('Mul', [swapped, ctx.rope!.sinSigned])]);
}

/**
 * Non-causal multi-head self-attention on h [B, L, H] → [B, L, H]: one qkv_proj MatMul split
 * into q | k | v (the reference's head order), RoPE on q and k, softmax(q·kᵀ/√hd)·v, o_proj.
 */
export function attention(ctx: OnnxContext, h: string, pre: string): string {
  const { g, hidden: H } = ctx;
  const nh = ctx.config.numHeads;
  const hd = H / nh;
  const qkv = linear(ctx, h, `${pre}.self_attn.qkv_proj.weight`); // [B, L, 3H]
  let [q, k, v] = g.op('Split', [qkv, g.ints([H, H, H])], { axis: 2 }, ['q', 'k', 'v']) as [string, string, string];
  if (ctx.rope) {
    q = applyRope(ctx, q);
    k = applyRope(ctx, k);
  }
  const heads = (t: string, perm: number[]): string => g.op1('Transpose', [g.op1('Reshape', [t, g.ints([0, 0, nh, hd])])], { perm }); // [B, L, nh, hd] → perm
  const scores = g.op1('Mul', [g.op1('MatMul', [heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1])]), g.scalar(1 / Math.sqrt(hd))]); // [B, nh, L, L]
  const out = g.op1('MatMul', [g.op1('Softmax', [scores], { axis: -1 }), heads(v, [0, 2, 1, 3])]); // [B, nh, L, hd]
  const merged = g.op1('Reshape', [g.op1('Transpose', [out], { perm: [0, 2, 1, 3] }), g.ints([0, 0, H])]); // [B, L, nh·hd]
  return linear(ctx, merged, `${pre}.self_attn.o_proj.weight`); // [B, L, H]
}

/** SwiGLU on x [..., in] → [..., in]: down(silu(gate(x)) ⊙ up(x)), gate | up from one gate_up_proj MatMul. */
export function swiglu(ctx: OnnxContext, x: string, pre: string, width: number): string {
  const { g } = ctx;
  const I = swigluInnerSize(width, ctx.config.expansion);
  const gu = linear(ctx, x, `${pre}.gate_up_proj.weight`); // [..., 2I]
  const [gate, up] = g.op('Split', [gu, g.ints([I, I])], { axis: -1 }, ['gate', 'up']) as [string, string];
  const silu = g.op1('Mul', [gate, g.op1('Sigmoid', [gate])]);
  return linear(ctx, g.op1('Mul', [silu, up]), `${pre}.down_proj.weight`); // [..., in]
}

/**
 * One post-norm block on h [B, L, H]. Attention variant: h = norm(h + attn(h)). mlp_t variant:
 * the same with a SwiGLU over the sequence axis on the transposed state [B, H, L]. Then
 * h = norm(h + mlp(h)).
 */
export function block(ctx: OnnxContext, h: string, pre: string): string {
  const { g } = ctx;
  if (ctx.config.mlpT) {
    let t = g.op1('Transpose', [h], { perm: [0, 2, 1] }); // [B, H, L]
    t = rmsNorm(ctx, g.op1('Add', [t, swiglu(ctx, t, `${pre}.mlp_t`, ctx.len)]));
    h = g.op1('Transpose', [t], { perm: [0, 2, 1] }); // [B, L, H]
  } else {
    h = rmsNorm(ctx, g.op1('Add', [h, attention(ctx, h, pre)])); // [B, L, H]
  }
  return rmsNorm(ctx, g.op1('Add', [h, swiglu(ctx, h, `${pre}.mlp`, ctx.hidden)])); // [B, L, H]
}

/** A reasoning module: blocks(h + injection), [B, L, H] → [B, L, H]; `level` is `inner.L_level` or `inner.H_level`. */
export function reasoningModule(ctx: OnnxContext, h: string, injection: string, level: string, layers: number): string {
  let x = ctx.g.op1('Add', [h, injection]); // [B, L, H]
  for (let i = 0; i < layers; i++) x = block(ctx, x, `${level}.layers.${i}`);
  return x;
}

// ---------------------------------------------------------------------------------------------
// Embedding and heads
// ---------------------------------------------------------------------------------------------

/**
 * The input embedding x [B, L, H]: √H · (concat(puzzle prefix, token embeddings) [+ learned
 * positions, ·1/√2]). `tokens` [B, S] and `puzzleIds` [B] are int32 graph inputs; the puzzle
 * prefix is the gathered row zero-padded to P·H (the table is padded once at export).
 */
export function inputEmbedding(ctx: OnnxContext, tokens: string, puzzleIds: string, paddedPuzzleTable: string | null): string {
  const { g, prefix: P, hidden: H } = ctx;
  let e = g.op1('Gather', [ctx.plainWeight('inner.embed_tokens.embedding_weight'), tokens], { axis: 0 }); // [B, S, H]
  if (paddedPuzzleTable) {
    const rows = g.op1('Gather', [paddedPuzzleTable, puzzleIds], { axis: 0 }); // [B, P·H]
    e = g.op1('Concat', [g.op1('Reshape', [rows, g.ints([-1, P, H])]), e], { axis: 1 }); // [B, L, H]
  }
  if (ctx.config.posEncodings === 'learned') {
    e = g.op1('Mul', [g.op1('Add', [e, ctx.plainWeight('inner.embed_pos.embedding_weight')]), g.scalar(0.707106781)]); // keeps the variance
  }
  return g.op1('Mul', [e, g.scalar(Math.sqrt(H))]); // [B, L, H]
}

/**
 * Output heads on zH [B, L, H]: logits [B, S, V] at the token positions, Q logits (halt,
 * continue) [B] each from position 0.
 */
export function outputHeads(ctx: OnnxContext, zH: string): { logits: string; qHalt: string; qContinue: string } {
  const { g, prefix: P, len: L } = ctx;
  const H = ctx.hidden;
  const tokensOnly = P > 0 ? g.op1('Slice', [zH, g.ints([P]), g.ints([L]), g.ints([1])]) : zH; // [B, S, H]
  const logits = linear(ctx, tokensOnly, 'inner.lm_head.weight'); // [B, S, V]
  const first = g.op1('Reshape', [g.op1('Slice', [zH, g.ints([0]), g.ints([1]), g.ints([1])]), g.ints([-1, H])]); // [B, H]
  const q = g.op1('Add', [linear(ctx, first, 'inner.q_head.weight'), ctx.plainWeight('inner.q_head.bias')]); // [B, 2]
  const [halt, cont] = g.op('Split', [q, g.ints([1, 1])], { axis: 1 }, ['q_halt_col', 'q_continue_col']) as [string, string];
  const flat = (t: string): string => g.op1('Reshape', [t, g.ints([-1])]); // [B]
  return { logits, qHalt: flat(halt), qContinue: flat(cont) };
}

/** The puzzle-embedding table [rows, ndim] zero-padded to [rows, P·H], as one initializer (null without a puzzle embedding). */
export function paddedPuzzleTable(ctx: OnnxContext, param: (name: string) => ParamSource): string | null {
  const c = ctx.config;
  if (c.puzzleEmbNdim === 0) return null;
  const t = param('inner.puzzle_emb.weights');
  const rows = t.shape[0]!;
  const width = ctx.prefix * ctx.hidden;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(t.data.subarray(r * c.puzzleEmbNdim, (r + 1) * c.puzzleEmbNdim), r * width);
  return ctx.g.weight('inner.puzzle_emb.weights.padded', out, [rows, width]);
}
