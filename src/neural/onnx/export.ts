/**
 * The ONNX graph of one supervision step, built from a model's config and weights:
 *
 *   inputs  z_H, z_L [B, L, H] float32, reset [B] bool, inputs [B, S] int32, puzzle_identifiers [B] int32
 *   outputs z_H_next, z_L_next [B, L, H], logits [B, S, V], q_halt, q_continue [B]
 *
 * Rows with `reset` start from H_init / L_init (the ACT wrapper's restart of a halted row), so the
 * file alone drives a whole solve. Token inputs are int32 (ORT's Gather takes int32 indices):
 * trm-sdk's rows are Int32Array already and a user of another language avoids int64 / BigInt
 * arrays. The cycles are unrolled; every weight is one initializer shared by the cycles; B is a
 * symbolic dimension ("batch").
 */
import { TrmError, invalidCheckpoint } from '../../errors.js';
import { SDK_VERSION } from '../../version.js';
import { effectivePuzzleEmbLen, validateConfig, type TrmConfig } from '../config.js';
import { paramSpecs, stateDictProblems, type StateTensor } from '../model.js';
import { GraphBuilder } from './graph.js';
import { hrmStep } from './hrm.js';
import { inputEmbedding, onnxContext, outputHeads, paddedPuzzleTable, type ParamSource } from './layers.js';
import { IO, stepMetadata, type TokenInterface } from './metadata.js';
import { trmStep } from './trm.js';

/** Protobuf messages cannot exceed 2 GiB; weights beyond that would need ONNX external data, which a single-file export does not write. */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;
/** Room kept for the graph's nodes, constants and metadata next to the weights. */
const GRAPH_OVERHEAD_BYTES = 64 * 1024 * 1024;

export interface StepGraphOptions {
  /** The task the model is for, and its token interface (recorded in metadata_props). */
  readonly task?: string;
  readonly tokens?: TokenInterface;
  /** The checkpoint's own __metadata__, recorded under `source.*`. */
  readonly sourceMetadata?: Record<string, string>;
}

/** Bytes of float32 weights the graph will hold for `config` (the padded puzzle table and RoPE tables included). */
export function stepGraphWeightBytes(config: TrmConfig): number {
  const c = config;
  const P = effectivePuzzleEmbLen(c);
  const L = c.seqLen + P;
  let n = 0;
  for (const s of paramSpecs(c)) n += s.name === 'inner.puzzle_emb.weights' ? c.numPuzzleIdentifiers * P * c.hiddenSize : s.shape.reduce((a, b) => a * b, 1);
  if (c.posEncodings === 'rope' && !c.mlpT) n += 2 * L * c.hiddenSize;
  return 4 * n;
}

/**
 * The serialised ONNX model of one supervision step of `config` with the weights in `tensors`
 * (reference names and [out, in] layout, as a loaded checkpoint holds them). Throws
 * TRM_ERR_INVALID_CONFIG for a config that fails validation, TRM_ERR_INVALID_CHECKPOINT for
 * weights that do not match it (missing, extra, non-float, wrong shape) or a model too large for
 * one ONNX file.
 */
export function buildStepGraph(config: TrmConfig, tensors: ReadonlyMap<string, StateTensor>, options: StepGraphOptions = {}): Uint8Array {
  const c = validateConfig(config);
  const bytes = stepGraphWeightBytes(c);
  if (bytes + GRAPH_OVERHEAD_BYTES > MAX_ONNX_BYTES) {
    throw invalidCheckpoint(
      `the model's weights take ${(bytes / 2 ** 30).toFixed(2)} GiB as float32; one ONNX file holds at most 2 GiB (protobuf's limit), and export does not write external data`,
      { weightBytes: bytes, limitBytes: MAX_ONNX_BYTES },
    );
  }
  const problems = stateDictProblems(c, tensors);
  if (problems.length) {
    const say = problems.slice(0, 5).map((p) => (p.kind === 'shape' ? `${p.name}: shape [${p.shape.join(', ')}], expected [${p.expected.join(', ')}]` : p.kind === 'dtype' ? `${p.name}: ${p.dtype} data, expected F32` : `${p.name}: ${p.kind}`));
    throw invalidCheckpoint(`cannot export: the weights do not match the config (${say.join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''})`, { problems: problems.length });
  }
  const param = (name: string): ParamSource => {
    const t = tensors.get(name)!;
    return { shape: t.shape, data: t.data as Float32Array };
  };

  const g = new GraphBuilder();
  const P = effectivePuzzleEmbLen(c);
  const L = c.seqLen + P;
  const H = c.hiddenSize;
  const zHIn = g.input({ name: IO.zH, type: 'float', dims: ['batch', L, H] });
  const zLIn = g.input({ name: IO.zL, type: 'float', dims: ['batch', L, H] });
  const reset = g.input({ name: IO.reset, type: 'bool', dims: ['batch'] });
  const tokens = g.input({ name: IO.inputs, type: 'int32', dims: ['batch', c.seqLen] });
  const ids = g.input({ name: IO.puzzleIdentifiers, type: 'int32', dims: ['batch'] });

  const ctx = onnxContext(g, c, param);
  // The ACT restart: rows with reset take H_init / L_init [H], broadcast over [L, H].
  const mask = g.op1('Reshape', [reset, g.ints([-1, 1, 1])]); // [B, 1, 1]
  const z = {
    zH: g.op1('Where', [mask, ctx.plainWeight('inner.H_init'), zHIn]), // [B, L, H]
    zL: g.op1('Where', [mask, ctx.plainWeight('inner.L_init'), zLIn]), // [B, L, H]
  };
  const x = inputEmbedding(ctx, tokens, ids, paddedPuzzleTable(ctx, param)); // [B, L, H]
  const next = c.architecture === 'hrm' ? hrmStep(ctx, z, x) : trmStep(ctx, z, x);
  const heads = outputHeads(ctx, next.zH);

  g.output(next.zH, { name: IO.zHNext, type: 'float', dims: ['batch', L, H] });
  g.output(next.zL, { name: IO.zLNext, type: 'float', dims: ['batch', L, H] });
  g.output(heads.logits, { name: IO.logits, type: 'float', dims: ['batch', c.seqLen, c.vocabSize] });
  g.output(heads.qHalt, { name: IO.qHalt, type: 'float', dims: ['batch'] });
  g.output(heads.qContinue, { name: IO.qContinue, type: 'float', dims: ['batch'] });
  try {
    return g.toBytes({
      graphName: `${c.architecture}_supervision_step`,
      producer: 'trm-sdk',
      producerVersion: SDK_VERSION,
      doc: `One supervision step of a ${c.architecture.toUpperCase()} (cycles unrolled). See metadata_props "io" and "loop".`,
      metadata: stepMetadata(c, { ...(options.task ? { task: options.task } : {}), ...(options.tokens ? { tokens: options.tokens } : {}), ...(options.sourceMetadata ? { source: options.sourceMetadata } : {}) }),
    });
  } catch (e) {
    throw new TrmError('TRM_ERR_INTERNAL', `writing the ONNX protobuf failed: ${(e as Error).message}`, undefined, { cause: e });
  }
}
