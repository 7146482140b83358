/**
 * `export` files stand alone: a checkpoint exported to .onnx (from safetensors and from a PyTorch
 * file), opened by a fresh, bare `onnxruntime-node` InferenceSession with nothing of trm-sdk,
 * reproduces the golden evaluation steps under the parity rule. The file describes itself
 * (metadata_props). A checkpoint that cannot be expressed is refused with TRM_ERR_*.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { createSdk } from '../../../src/sdk/sdk.js';
import { readSafetensorsFileSync } from '../../../src/neural/safetensors.js';
import { checkpointFromSafetensors } from '../../../src/neural/checkpoint.js';
import { buildStepGraph } from '../../../src/neural/onnx/export.js';
import { decodeModel, GraphBuilder } from '../../../src/neural/onnx/graph.js';
import { defaultConfig, validateConfig } from '../../../src/neural/config.js';
import { relErr } from '../support/rel-err.js';
import { GOLDEN_DIR } from './golden-dir.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-onnx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The README's loop, with nothing but onnxruntime-node: 4 steps from reset, outputs per step. */
async function bareLoop(file: string, B: number, S: number, inputs: Int32Array, ids: Int32Array): Promise<Record<string, Float32Array>[]> {
  const session = await ort.InferenceSession.create(file);
  const io = JSON.parse(decodeModel(fs.readFileSync(file)).metadataProps.find((p) => p.key === 'io')!.value!) as Record<string, string>;
  const [L, H] = /\[batch, (\d+), (\d+)\]/.exec(io.z_H!)!.slice(1).map(Number) as [number, number];
  let zH = new ort.Tensor('float32', new Float32Array(B * L * H), [B, L, H]);
  let zL = zH;
  const steps: Record<string, Float32Array>[] = [];
  for (let step = 1; step <= 4; step++) {
    const out = await session.run({
      z_H: zH,
      z_L: zL,
      reset: new ort.Tensor('bool', new Uint8Array(B).fill(step === 1 ? 1 : 0), [B]),
      inputs: new ort.Tensor('int32', inputs, [B, S]),
      puzzle_identifiers: new ort.Tensor('int32', ids, [B]),
    });
    zH = out.z_H_next as typeof zH;
    zL = out.z_L_next as typeof zL;
    steps.push(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, (v.data as Float32Array).slice()])));
  }
  await session.release();
  return steps;
}

function checkAgainstGolden(name: string, steps: Record<string, Float32Array>[]): string[] {
  const exp = readSafetensorsFileSync(path.join(GOLDEN_DIR, `${name}.expected.safetensors`));
  const refErr = JSON.parse(exp.metadata.float32_reference_error!) as Record<string, number>;
  const failures: string[] = [];
  const pairs: [string, string][] = [['logits', 'logits'], ['q_halt', 'q_halt_logits'], ['z_H_next', 'z_H']];
  if (name.startsWith('hrm-')) pairs.push(['q_continue', 'q_continue_logits'], ['z_L_next', 'z_L']);
  steps.forEach((out, i) => {
    for (const [ours, theirs] of pairs) {
      const key = `eval.step${i + 1}.${theirs}`;
      const err = relErr(out[ours]!, exp.tensors.get(key)!.data);
      const tol = Math.max(1e-4, 10 * (refErr[key] ?? 0));
      if (!(err <= tol)) failures.push(`${key}: ${err.toExponential(3)} > ${tol.toExponential(1)}`);
    }
  });
  return failures;
}

describe('export → a bare ONNX Runtime session → the golden outputs', () => {
  it.each(['trm-attn-rope', 'trm-mlp-t', 'hrm-attn-learned'])('%s (safetensors)', async (name) => {
    const file = path.join(tmp, `${name}.onnx`);
    const r = await createSdk({ models: 'none' }).exportOnnx({ file: path.join(GOLDEN_DIR, `${name}.checkpoint.safetensors`), onnx: file });
    expect(r.bytes).toBe(fs.statSync(file).size);
    const exp = readSafetensorsFileSync(path.join(GOLDEN_DIR, `${name}.expected.safetensors`));
    const [B, S] = exp.tensors.get('batch.inputs')!.shape as [number, number];
    const steps = await bareLoop(file, B, S, exp.tensors.get('batch.inputs')!.data as Int32Array, exp.tensors.get('batch.puzzle_identifiers')!.data as Int32Array);
    expect(checkAgainstGolden(name, steps)).toEqual([]);
  });

  it('hrm-attn-rope from its PyTorch checkpoint and all_config.yaml (the official HRM form)', async () => {
    const file = path.join(tmp, 'hrm-pt.onnx');
    const pt = path.join(GOLDEN_DIR, 'pytorch');
    await createSdk({ models: 'none' }).exportOnnx({ file: path.join(pt, 'hrm-attn-rope.step_100'), configFile: path.join(pt, 'hrm-attn-rope.all_config.yaml'), seqLen: 16, onnx: file });
    const exp = readSafetensorsFileSync(path.join(GOLDEN_DIR, 'hrm-attn-rope.expected.safetensors'));
    const steps = await bareLoop(file, 3, 16, exp.tensors.get('batch.inputs')!.data as Int32Array, exp.tensors.get('batch.puzzle_identifiers')!.data as Int32Array);
    expect(checkAgainstGolden('hrm-attn-rope', steps)).toEqual([]);
  });

  it('the file describes itself: opset 17, names, shapes with a dynamic batch, config and task tokens in metadata_props', async () => {
    const file = path.join(tmp, 'sudoku.onnx');
    const sdk = createSdk({ models: 'none' });
    await sdk.exportOnnx({ file: path.join(GOLDEN_DIR, 'trm-attn-rope.checkpoint.safetensors'), onnx: file });
    const m = decodeModel(fs.readFileSync(file));
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(m.graph!.input.map((i) => i.name)).toEqual(['z_H', 'z_L', 'reset', 'inputs', 'puzzle_identifiers']);
    expect(m.graph!.output.map((i) => i.name)).toEqual(['z_H_next', 'z_L_next', 'logits', 'q_halt', 'q_continue']);
    expect(m.graph!.input[3]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 16]);
    expect(m.graph!.input[3]!.type!.tensorType!.elemType).toBe(6); // int32
    const props = Object.fromEntries(m.metadataProps.map((p) => [p.key, p.value]));
    expect(props.format).toBe('trm-sdk-onnx-step/1');
    expect(JSON.parse(props.config!)).toMatchObject({ seq_len: 16, hidden_size: 32, H_cycles: 3, L_cycles: 2 });
    // Weights are shared, not copied per unrolled cycle: one initializer per parameter (+ tables, constants).
    const inits = m.graph!.initializer.map((t) => t.name);
    expect(new Set(inits).size).toBe(inits.length);
    expect(inits.filter((n) => n!.startsWith('inner.L_level.layers.0.mlp.gate_up_proj'))).toHaveLength(1);
  });

  it('with a task: refuses a checkpoint whose tokens do not fit it, and records the task\'s tokens when they do', async () => {
    const sdk = createSdk({ models: 'none' });
    await expect(sdk.exportOnnx({ file: path.join(GOLDEN_DIR, 'trm-attn-rope.checkpoint.safetensors'), onnx: path.join(tmp, 'x.onnx'), task: 'sudoku' })).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_CHECKPOINT' });
    expect(fs.existsSync(path.join(tmp, 'x.onnx'))).toBe(false);
  });
});

describe('export refuses what it cannot express', () => {
  it('weights that do not match their config: TRM_ERR_INVALID_CHECKPOINT naming the tensor', () => {
    const c = validateConfig({ ...defaultConfig, seqLen: 4, vocabSize: 3, hiddenSize: 8, puzzleEmbNdim: 0, puzzleEmbLen: 0, lLayers: 1, mlpT: false, numHeads: 2, posEncodings: 'rope' });
    const t = new Map([['inner.lm_head.weight', { shape: [3, 7], data: new Float32Array(21) }]]);
    expect(() => buildStepGraph(c, t)).toThrow(expect.objectContaining({ code: 'TRM_ERR_INVALID_CHECKPOINT', message: expect.stringContaining('inner.lm_head.weight: shape [3, 7], expected [3, 8]') }));
  });

  it('a model beyond one ONNX file (2 GiB of float32 weights): TRM_ERR_INVALID_CHECKPOINT, before reading any weight', () => {
    const huge = validateConfig({ ...defaultConfig, numPuzzleIdentifiers: 1_100_000, puzzleEmbNdim: 512, hiddenSize: 512 });
    expect(() => buildStepGraph(huge, new Map())).toThrow(expect.objectContaining({ code: 'TRM_ERR_INVALID_CHECKPOINT', message: expect.stringContaining('at most 2 GiB') }));
  });

  it('a file that is not a checkpoint: a TRM_ERR_* code, no file written', async () => {
    const bad = path.join(tmp, 'bad.safetensors');
    fs.writeFileSync(bad, Buffer.from('\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u007fnot a header'));
    const out = path.join(tmp, 'bad.onnx');
    await expect(createSdk({ models: 'none' }).exportOnnx({ file: bad, onnx: out })).rejects.toMatchObject({ code: expect.stringMatching(/^TRM_ERR_(INVALID_CHECKPOINT|IO)$/) });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('no output path: TRM_ERR_INVALID_OPTIONS naming it', async () => {
    await expect(createSdk({ models: 'none' }).exportOnnx({ file: 'x', onnx: '' })).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_OPTIONS', details: { option: 'onnx' } });
  });

  it('the builder refuses a non-integer int attribute (a float must say so)', () => {
    const g = new GraphBuilder();
    expect(() => g.op1('Softmax', ['x'], { axis: 0.5 })).toThrow(/not an integer/);
  });
});
