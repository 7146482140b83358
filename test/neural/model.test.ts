/**
 * The TRM network and its ACT wrapper, without the golden files: config validation, the SwiGLU
 * width rule, parameter names/shapes/init, output shapes, checkpoint strictness, batch checks,
 * halting, the loss head against a plain float64 computation, tensor hygiene, refine early stop.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/neural/backend.js';
import {
  configFromReference,
  configToReference,
  defaultConfig,
  effectivePuzzleEmbLen,
  hrmDefaultConfig,
  overridesFor,
  pythonRound,
  swigluInnerSize,
  validateConfig,
  type TrmConfig,
} from '../../src/neural/config.js';
import { TrmModel, paramSpecs } from '../../src/neural/model.js';
import { disposeCarry, evalStep, initialCarry, refineSteps, trainStep, type TrmBatch } from '../../src/neural/act.js';
import { refine } from './support/refine.js';
import { lmLossSum, lossTargets, logStablemax, qHaltLossSum, stablemaxS } from '../../src/neural/loss.js';
import { createRng } from '../../src/util/rng.js';
import { TrmError } from '../../src/errors.js';

/** A small config; override per test. */
function tiny(over: Partial<TrmConfig> = {}): TrmConfig {
  return {
    ...defaultConfig,
    seqLen: 8,
    vocabSize: 5,
    numPuzzleIdentifiers: 3,
    puzzleEmbNdim: 16,
    puzzleEmbLen: 0,
    hiddenSize: 16,
    expansion: 2,
    numHeads: 2,
    posEncodings: 'rope',
    mlpT: false,
    lLayers: 1,
    hCycles: 2,
    lCycles: 2,
    haltMaxSteps: 3,
    batchSize: 4,
    ...over,
  };
}

/** A small HRM config (two modules of different depth); override per test. */
function tinyHrm(over: Partial<TrmConfig> = {}): TrmConfig {
  return tiny({ architecture: 'hrm', puzzleEmbLen: 0, noActContinue: false, hLayers: 2, lLayers: 1, ...over });
}

function batchOf(c: TrmConfig, B: number, seed = 1): TrmBatch {
  const rng = createRng(seed);
  return {
    batchSize: B,
    inputs: Int32Array.from({ length: B * c.seqLen }, () => rng.int(c.vocabSize)),
    labels: Int32Array.from({ length: B * c.seqLen }, (_, i) => (i % 5 === 0 ? -100 : rng.int(c.vocabSize))),
    puzzleIdentifiers: Int32Array.from({ length: B }, () => rng.int(c.numPuzzleIdentifiers)),
  };
}

function expectTrmError(fn: () => unknown, code: string, message: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a TrmError').toBeInstanceOf(TrmError);
  expect((err as TrmError).code).toBe(code);
  expect((err as TrmError).message).toMatch(message);
}

beforeAll(async () => {
  process.env.TRM_QUIET = '1';
  await initBackend('wasm');
});

describe('config', () => {
  it('accepts the default and the reference round trip', () => {
    expect(validateConfig(defaultConfig)).toEqual(defaultConfig);
    const ref = configToReference(tiny());
    expect(ref).toMatchObject({ seq_len: 8, hidden_size: 16, L_layers: 1, H_cycles: 2, L_cycles: 2, pos_encodings: 'rope', mlp_t: false, no_ACT_continue: true, H_layers: 0 });
    expect(configFromReference(ref)).toEqual(tiny());
    expect(configFromReference(JSON.stringify(ref))).toEqual(tiny());
  });

  it('fills the reference defaults for optional keys and ignores H_layers / forward_dtype', () => {
    const ref: Record<string, unknown> = { ...configToReference(tiny()), forward_dtype: 'bfloat16' };
    delete ref.rms_norm_eps;
    delete ref.rope_theta;
    delete ref.mlp_t;
    const c = configFromReference(ref);
    expect(c.rmsNormEps).toBe(1e-5);
    expect(c.ropeTheta).toBe(10000);
    expect(c.mlpT).toBe(false);
  });

  it('rejects bad configs naming the field and the reason', () => {
    expectTrmError(() => validateConfig({ ...tiny(), hiddenSize: 15 }), 'TRM_ERR_INVALID_CONFIG', /numHeads.*divide hiddenSize \(15\)/);
    expectTrmError(() => validateConfig({ ...tiny(), colour: 'red' }), 'TRM_ERR_INVALID_CONFIG', /config\.colour is not a config field/);
    const { seqLen: _drop, ...missing } = tiny();
    expectTrmError(() => validateConfig(missing), 'TRM_ERR_INVALID_CONFIG', /config\.seqLen is missing/);
    expectTrmError(() => validateConfig({ ...tiny(), posEncodings: 'alibi' }), 'TRM_ERR_INVALID_CONFIG', /posEncodings must be "rope", "learned" or "none"/);
    expectTrmError(() => validateConfig({ ...tiny(), lCycles: 1.5 }), 'TRM_ERR_INVALID_CONFIG', /lCycles must be an integer/);
    expectTrmError(() => validateConfig({ ...tiny(), haltExplorationProb: 2 }), 'TRM_ERR_INVALID_CONFIG', /haltExplorationProb must be in \[0, 1\]/);
    expectTrmError(() => validateConfig({ ...tiny(), puzzleEmbNdim: 0, puzzleEmbLen: 2 }), 'TRM_ERR_INVALID_CONFIG', /puzzleEmbLen must be 0 when puzzleEmbNdim is 0/);
    expectTrmError(() => validateConfig({ ...tiny(), puzzleEmbNdim: 40, puzzleEmbLen: 2 }), 'TRM_ERR_INVALID_CONFIG', /does not fit/);
    expectTrmError(() => validateConfig({ ...tiny(), numHeads: 16 }), 'TRM_ERR_INVALID_CONFIG', /odd head dim 1/);
    expectTrmError(() => validateConfig(null), 'TRM_ERR_INVALID_CONFIG', /must be an object/);
    expectTrmError(() => configFromReference({ ...configToReference(tiny()), hiddensize: 3 }), 'TRM_ERR_INVALID_CONFIG', /"hiddensize" is unknown/);
    expectTrmError(() => configFromReference('{nope'), 'TRM_ERR_INVALID_CONFIG', /not valid JSON/);
  });

  it('HRM: reference round trip with HRM keys only, architecture from the name or an option', () => {
    const c = tinyHrm();
    const ref = configToReference(c);
    expect(ref).toMatchObject({ name: 'hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1', H_layers: 2, L_layers: 1, H_cycles: 2, L_cycles: 2, puzzle_emb_ndim: 16 });
    for (const k of ['mlp_t', 'puzzle_emb_len', 'no_ACT_continue']) expect(ref, k).not.toHaveProperty(k);
    expect(configFromReference(ref)).toEqual(c);
    const { name: _n, ...bare } = ref;
    expect(configFromReference(bare, { architecture: 'hrm_act_v1' })).toEqual(c);
    expect(configFromReference(JSON.stringify(bare), { architecture: 'hrm' })).toEqual(c);
    // HRM has no puzzle_emb_len (its prefix is derived); unknown architectures are named.
    expectTrmError(() => configFromReference({ ...bare, puzzle_emb_len: 1 }, { architecture: 'hrm' }), 'TRM_ERR_INVALID_CONFIG', /"puzzle_emb_len" is unknown for HRM/);
    expectTrmError(() => configFromReference(bare, { architecture: 'gpt2' }), 'TRM_ERR_INVALID_CONFIG', /unknown architecture "gpt2"/);
    expectTrmError(() => configFromReference({ ...ref, name: 'x.y@Z' }), 'TRM_ERR_INVALID_CONFIG', /name "x\.y@Z" is not a known architecture/);
  });

  it('validates the architecture and its fields; a config without them is a TRM', () => {
    const { architecture: _a, hLayers: _h, ...legacy } = tiny();
    expect(validateConfig(legacy)).toEqual(tiny());
    expectTrmError(() => validateConfig({ ...tiny(), architecture: 'rnn' }), 'TRM_ERR_INVALID_CONFIG', /architecture must be "trm" or "hrm"/);
    expectTrmError(() => validateConfig({ ...tiny(), hLayers: 2 }), 'TRM_ERR_INVALID_CONFIG', /hLayers must be 0 for architecture "trm"/);
    expectTrmError(() => validateConfig(tinyHrm({ hLayers: 0 })), 'TRM_ERR_INVALID_CONFIG', /hLayers must be ≥ 1 for architecture "hrm"/);
    expectTrmError(() => validateConfig(tinyHrm({ mlpT: true, posEncodings: 'none' })), 'TRM_ERR_INVALID_CONFIG', /mlpT must be false for architecture "hrm"/);
    expectTrmError(() => validateConfig(tinyHrm({ puzzleEmbLen: 1 })), 'TRM_ERR_INVALID_CONFIG', /puzzleEmbLen must be 0 for architecture "hrm"/);
    expectTrmError(() => validateConfig(tinyHrm({ noActContinue: true })), 'TRM_ERR_INVALID_CONFIG', /noActContinue must be false for architecture "hrm"/);
    const { hLayers: _x, ...noH } = tinyHrm();
    expectTrmError(() => validateConfig(noH), 'TRM_ERR_INVALID_CONFIG', /hLayers is missing/);
    expect(validateConfig(hrmDefaultConfig)).toEqual(hrmDefaultConfig);
  });

  it('overridesFor keeps a preset for the same architecture and only the shared fields for the other', () => {
    const trmPreset: Partial<TrmConfig> = { hiddenSize: 64, mlpT: true, lLayers: 2, hCycles: 3, haltMaxSteps: 4 };
    expect(overridesFor(trmPreset, 'trm')).toEqual(trmPreset);
    expect(overridesFor(trmPreset, 'hrm')).toEqual({ hiddenSize: 64, haltMaxSteps: 4 });
    expect(overridesFor({ architecture: 'hrm', hLayers: 3 }, 'hrm')).toEqual({ architecture: 'hrm', hLayers: 3 });
    expect(overridesFor(undefined, 'hrm')).toEqual({});
  });

  it('derives the puzzle prefix as ceil(ndim / hidden) when puzzleEmbLen is 0', () => {
    expect(effectivePuzzleEmbLen({ puzzleEmbLen: 0, puzzleEmbNdim: 64, hiddenSize: 32 })).toBe(2);
    expect(effectivePuzzleEmbLen({ puzzleEmbLen: 0, puzzleEmbNdim: 33, hiddenSize: 32 })).toBe(2);
    expect(effectivePuzzleEmbLen({ puzzleEmbLen: 16, puzzleEmbNdim: 512, hiddenSize: 512 })).toBe(16);
    expect(effectivePuzzleEmbLen({ puzzleEmbLen: 0, puzzleEmbNdim: 0, hiddenSize: 512 })).toBe(0);
  });
});

describe('SwiGLU inner size', () => {
  it('rounds half to even like Python, then up to a multiple of 256', () => {
    expect([pythonRound(0.5), pythonRound(1.5), pythonRound(2.5), pythonRound(2.4999), pythonRound(2.51)]).toEqual([0, 2, 2, 2, 3]);
    expect(swigluInnerSize(32, 4)).toBe(256); // round(85.33) = 85
    expect(swigluInnerSize(18, 4)).toBe(256); // the golden mlp_t width
    expect(swigluInnerSize(512, 4)).toBe(1536); // round(1365.33) = 1365
    expect(swigluInnerSize(384, 4)).toBe(1024); // exactly 1024
    expect(swigluInnerSize(385, 4)).toBe(1280); // 1026.67 → 1027 → 1280
    expect(swigluInnerSize(96, 4)).toBe(256);
  });

  it('sets the gate_up / down shapes of both MLPs', () => {
    const c = tiny({ hiddenSize: 512, expansion: 4, numHeads: 8, puzzleEmbNdim: 512, puzzleEmbLen: 16, seqLen: 81, mlpT: true, posEncodings: 'none' });
    const shapes = new Map(paramSpecs(c).map((s) => [s.name, s.shape]));
    expect(shapes.get('inner.L_level.layers.0.mlp.gate_up_proj.weight')).toEqual([3072, 512]);
    expect(shapes.get('inner.L_level.layers.0.mlp.down_proj.weight')).toEqual([512, 1536]);
    // mlp_t works on L = 81 + 16 = 97: round(258.67) = 259 → 512
    expect(shapes.get('inner.L_level.layers.0.mlp_t.gate_up_proj.weight')).toEqual([1024, 97]);
    expect(shapes.get('inner.L_level.layers.0.mlp_t.down_proj.weight')).toEqual([97, 512]);
  });
});

describe('TrmModel parameters', () => {
  it('uses the reference state-dict names, shapes and trainable split', () => {
    const m = new TrmModel(tiny({ posEncodings: 'learned' }), { seed: 1 });
    try {
      expect([...m.params.keys()]).toEqual([
        'inner.embed_tokens.embedding_weight',
        'inner.lm_head.weight',
        'inner.q_head.weight',
        'inner.q_head.bias',
        'inner.embed_pos.embedding_weight',
        'inner.L_level.layers.0.self_attn.qkv_proj.weight',
        'inner.L_level.layers.0.self_attn.o_proj.weight',
        'inner.L_level.layers.0.mlp.gate_up_proj.weight',
        'inner.L_level.layers.0.mlp.down_proj.weight',
        'inner.H_init',
        'inner.L_init',
        'inner.puzzle_emb.weights',
      ]);
      expect(m.params.get('inner.embed_pos.embedding_weight')!.shape).toEqual([9, 16]); // L = 8 + 1
      expect(m.params.get('inner.L_level.layers.0.self_attn.qkv_proj.weight')!.shape).toEqual([48, 16]);
      expect(m.params.get('inner.puzzle_emb.weights')!.shape).toEqual([3, 16]);
      expect(m.trainableNames()).not.toContain('inner.H_init');
      expect(m.trainableNames()).not.toContain('inner.L_init');
      expect(m.trainableNames()).not.toContain('inner.puzzle_emb.weights');
      expect(m.trainableNames()).toHaveLength(9);
    } finally {
      m.dispose();
    }
  });

  it('initialises as the reference: Q head 0 / −5, zero puzzle embedding, truncated LeCun normals', () => {
    const m = new TrmModel(tiny({ hiddenSize: 64, numHeads: 4 }), { seed: 7 });
    try {
      const data = (n: string): Float32Array => m.params.get(n)!.dataSync() as Float32Array;
      expect(Array.from(data('inner.q_head.weight')).every((x) => x === 0)).toBe(true);
      expect(Array.from(data('inner.q_head.bias'))).toEqual([-5, -5]);
      expect(Array.from(data('inner.puzzle_emb.weights')).every((x) => x === 0)).toBe(true);
      const w = data('inner.L_level.layers.0.mlp.gate_up_proj.weight'); // in = 64 → std 1/8
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      const std = Math.sqrt(w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length);
      expect(Math.abs(mean)).toBeLessThan(0.005);
      expect(std).toBeGreaterThan(0.125 * 0.95);
      expect(std).toBeLessThan(0.125 * 1.05);
      const bound = 2 * 0.125 * 1.1369; // truncation at 2 standard normals, rescaled
      expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(bound + 1e-6);
      // Same seed, same weights.
      const again = new TrmModel(tiny({ hiddenSize: 64, numHeads: 4 }), { seed: 7 });
      expect(again.params.get('inner.lm_head.weight')!.dataSync()).toEqual(m.params.get('inner.lm_head.weight')!.dataSync());
      again.dispose();
    } finally {
      m.dispose();
    }
  });

  it('HRM: H_level then L_level blocks under the reference names, prefix ceil(ndim / hidden)', () => {
    const m = new TrmModel(tinyHrm({ puzzleEmbNdim: 24 }), { seed: 1 });
    try {
      const names = [...m.params.keys()];
      expect(names.slice(0, 4)).toEqual(['inner.embed_tokens.embedding_weight', 'inner.lm_head.weight', 'inner.q_head.weight', 'inner.q_head.bias']);
      expect(names.filter((n) => n.startsWith('inner.H_level.'))).toEqual(
        [0, 1].flatMap((i) => ['self_attn.qkv_proj', 'self_attn.o_proj', 'mlp.gate_up_proj', 'mlp.down_proj'].map((p) => `inner.H_level.layers.${i}.${p}.weight`)),
      );
      expect(names.filter((n) => n.startsWith('inner.L_level.'))).toHaveLength(4);
      expect(names.indexOf('inner.H_level.layers.1.mlp.down_proj.weight')).toBeLessThan(names.indexOf('inner.L_level.layers.0.self_attn.qkv_proj.weight'));
      expect(names.slice(-3)).toEqual(['inner.H_init', 'inner.L_init', 'inner.puzzle_emb.weights']);
      expect(m.prefixLen).toBe(2); // ceil(24 / 16)
      expect(m.trainableNames()).toHaveLength(4 + 12);
      // The same validator as checkpoints: a TRM state dict does not load into an HRM.
      const trm = new TrmModel(tiny(), { seed: 1 });
      const state = new Map([...trm.params].map(([n, v]) => [n, { shape: v.shape, data: v.dataSync() as Float32Array }]));
      trm.dispose();
      expectTrmError(() => m.loadState(state), 'TRM_ERR_INVALID_CHECKPOINT', /missing: inner\.H_level\.layers\.0\.self_attn\.qkv_proj\.weight/);
    } finally {
      m.dispose();
    }
  });

  it('loadState is strict: lists missing, unexpected and wrong-shape names and changes nothing', () => {
    const c = tiny();
    const m = new TrmModel(c, { seed: 1 });
    try {
      const state = new Map([...m.params].map(([n, v]) => [n, { shape: v.shape, data: (v.dataSync() as Float32Array).slice().fill(0.5) }]));
      const before = m.params.get('inner.lm_head.weight')!.dataSync().slice();
      const bad = new Map(state);
      bad.delete('inner.H_init');
      bad.set('inner.extra', { shape: [1], data: new Float32Array(1) });
      bad.set('inner.lm_head.weight', { shape: [16, 5], data: new Float32Array(80) });
      expectTrmError(() => m.loadState(bad), 'TRM_ERR_INVALID_CHECKPOINT', /missing: inner\.H_init \| unexpected: inner\.extra \| wrong: inner\.lm_head\.weight has shape \[16, 5\], expected \[5, 16\]/);
      expect(m.params.get('inner.lm_head.weight')!.dataSync()).toEqual(before);
      m.loadState(state);
      expect(Array.from(m.params.get('inner.lm_head.weight')!.dataSync()).every((x) => x === 0.5)).toBe(true);
    } finally {
      m.dispose();
    }
  });
});

describe('forward and ACT steps', () => {
  for (const variant of [
    { name: 'attention + RoPE', over: {} },
    { name: 'attention + learned positions', over: { posEncodings: 'learned' as const } },
    { name: 'mlp_t', over: { mlpT: true, posEncodings: 'none' as const } },
    { name: 'no puzzle embedding', over: { puzzleEmbNdim: 0, mlpT: true, posEncodings: 'none' as const } },
    { name: 'HRM, RoPE', over: { architecture: 'hrm' as const, puzzleEmbLen: 0, noActContinue: false, hLayers: 2, lLayers: 1 } },
    { name: 'HRM, learned positions, one H cycle, no puzzle embedding', over: { architecture: 'hrm' as const, puzzleEmbLen: 0, puzzleEmbNdim: 0, noActContinue: false, hLayers: 1, lLayers: 2, hCycles: 1, lCycles: 3, posEncodings: 'learned' as const } },
  ]) {
    it(`${variant.name}: shapes, halting only at haltMaxSteps in evaluation`, () => {
      const c = tiny(variant.over);
      const m = new TrmModel(c, { seed: 2 });
      try {
        const B = 3;
        const batch = batchOf(c, B);
        let carry = initialCarry(m, B);
        expect(carry.inner.zH.shape).toEqual([B, m.latentLen, c.hiddenSize]);
        expect(Array.from(carry.halted)).toEqual([1, 1, 1]);
        for (let k = 1; k <= c.haltMaxSteps; k++) {
          const r = evalStep(m, carry, batch);
          carry = r.carry;
          expect(r.logits.length).toBe(B * c.seqLen * c.vocabSize);
          expect(r.qHalt.length).toBe(B);
          expect(r.qContinue.length).toBe(B);
          expect(Array.from(r.logits).every(Number.isFinite)).toBe(true);
          expect(Array.from(r.halted)).toEqual(k === c.haltMaxSteps ? [1, 1, 1] : [0, 0, 0]);
          expect(Array.from(carry.steps)).toEqual([k, k, k]);
        }
        const t = trainStep(m, carry, batch, { rng: createRng(3) });
        expect([...t.grads.keys()].sort()).toEqual(m.trainableNames().sort());
        for (const [n, g] of t.grads) expect(g.shape, n).toEqual(m.params.get(n)!.shape);
        if (c.puzzleEmbNdim > 0) {
          expect(t.puzzleEmbGrad!.grad.shape).toEqual([B, c.puzzleEmbNdim]);
          expect(Array.from(t.puzzleEmbGrad!.ids)).toEqual(Array.from(batch.puzzleIdentifiers));
        } else {
          expect(t.puzzleEmbGrad).toBeNull();
        }
        expect(t.loss).toBeCloseTo(t.lmLoss + 0.5 * (t.qHaltLoss + t.qContinueLoss), 4);
        // HRM always adds the Q-continue bootstrap; TRM (noActContinue) never.
        if (c.architecture === 'hrm') expect(t.qContinueLoss).toBeGreaterThan(0);
        else expect(t.qContinueLoss).toBe(0);
        disposeCarry(t.carry);
        tf.dispose([...t.grads.values()]);
        t.puzzleEmbGrad?.grad.dispose();
      } finally {
        m.dispose();
      }
    });
  }

  it('refine matches evalStep up to haltMaxSteps and keeps refining after it', async () => {
    const c = tiny({ haltMaxSteps: 2 });
    const m = new TrmModel(c, { seed: 4 });
    try {
      const batch = batchOf(c, 2);
      let carry = initialCarry(m, 2);
      const evalLogits: Float32Array[] = [];
      for (let k = 0; k < 2; k++) {
        const r = evalStep(m, carry, batch);
        carry = r.carry;
        evalLogits.push(r.logits);
      }
      disposeCarry(carry);
      const seen: number[] = [];
      for await (const s of refineSteps(m, batch, 3, { returnZH: true })) {
        seen.push(s.step);
        expect(s.predictions).toHaveLength(2);
        expect(s.predictions[0]).toHaveLength(c.seqLen);
        expect(s.zH).toHaveLength(2 * m.latentLen * c.hiddenSize);
        for (const row of s.probs) for (const p of row) expect(p > 1 / c.vocabSize - 1e-6 && p <= 1).toBe(true);
        if (s.step <= 2) {
          const L = evalLogits[s.step - 1]!;
          for (let i = 0; i < 2 * c.seqLen; i++) {
            const row = Array.from(L.subarray(i * c.vocabSize, (i + 1) * c.vocabSize));
            expect(s.predictions[Math.floor(i / c.seqLen)]![i % c.seqLen]).toBe(row.indexOf(Math.max(...row)));
          }
        }
      }
      expect(seen).toEqual([1, 2, 3]);
    } finally {
      m.dispose();
    }
  });

  it('refine stops when onStep returns false, and breaking out leaks nothing', async () => {
    const c = tiny();
    const m = new TrmModel(c, { seed: 5 });
    try {
      const batch = batchOf(c, 2);
      const before = tf.memory().numTensors;
      const calls: number[] = [];
      const r = await refine(m, batch, { steps: 5, onStep: (s) => (calls.push(s.step), s.step < 2) });
      expect(calls).toEqual([1, 2]);
      expect(r.stepsRun).toBe(2);
      expect(r.stoppedEarly).toBe(true);
      expect(r.last!.step).toBe(2);
      for await (const s of refineSteps(m, batch, 4)) if (s.step === 1) break;
      // What remains is the inference weight cache, reused across calls and freed on release.
      expect(m.cachedWeightTensors).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(before + m.cachedWeightTensors);
      m.releaseCachedWeights();
      expect(tf.memory().numTensors).toBe(before);
      const full = await refine(m, batch);
      expect(full.stepsRun).toBe(c.haltMaxSteps);
      expect(full.stoppedEarly).toBe(false);
    } finally {
      m.dispose();
    }
  });

  it('leaks no tensors over several evaluation and training steps', () => {
    const c = tiny({ mlpT: true, posEncodings: 'none' });
    const m = new TrmModel(c, { seed: 6 });
    try {
      const batch = batchOf(c, 2);
      const rng = createRng(9);
      // Warm up once (kernels may cache constants on first use).
      let carry = initialCarry(m, 2);
      let t = trainStep(m, carry, batch, { rng });
      tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
      disposeCarry(t.carry);
      const before = tf.memory().numTensors;
      carry = initialCarry(m, 2);
      for (let i = 0; i < 4; i++) {
        t = trainStep(m, carry, batch, { rng });
        carry = t.carry;
        tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
        carry = evalStep(m, carry, batch).carry;
      }
      disposeCarry(carry);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      m.dispose();
    }
    expect(() => evalStep(m, initialCarry(m, 1), batchOf(tiny(), 1))).toThrow(/disposed/);
  });
});

describe('inference weight cache', () => {
  /** Logits of one evalStep from a fresh carry. */
  const logitsOf = (m: TrmModel, batch: TrmBatch): Float32Array => {
    const r = evalStep(m, initialCarry(m, batch.batchSize), batch);
    disposeCarry(r.carry);
    return r.logits;
  };

  it('reuses its copies while the weights stay, and gives the uncached answer bit for bit', () => {
    for (const c of [tiny(), tiny({ mlpT: true, posEncodings: 'none' }), tinyHrm()]) {
      const m = new TrmModel(c, { seed: 11 });
      try {
        const batch = batchOf(c, 2);
        const first = logitsOf(m, batch);
        const cached = m.cachedWeightTensors;
        expect(cached).toBeGreaterThan(0);
        const tensors = tf.memory().numTensors;
        const again = logitsOf(m, batch);
        expect(tf.memory().numTensors).toBe(tensors); // no rebuild, nothing new
        expect(again).toEqual(first);
        m.cacheInferenceWeights = false;
        m.releaseCachedWeights();
        expect(logitsOf(m, batch)).toEqual(first);
        expect(m.cachedWeightTensors).toBe(0);
      } finally {
        m.dispose();
      }
    }
  });

  it('is rebuilt when a parameter changes (loadState, an optimizer step)', () => {
    const c = tiny();
    const a = new TrmModel(c, { seed: 1 });
    const b = new TrmModel(c, { seed: 2 });
    try {
      const batch = batchOf(c, 2);
      const la = logitsOf(a, batch);
      const lb = logitsOf(b, batch);
      expect(la).not.toEqual(lb);
      // a takes b's weights: its cached copies of its own weights must not be used.
      const state = new Map([...b.params].map(([name, v]) => [name, { shape: v.shape, data: v.dataSync() as Float32Array }]));
      a.loadState(state);
      expect(logitsOf(a, batch)).toEqual(lb);
      // One parameter nudged in place (as AdamW does, by assign): the answer changes with it.
      const w = a.params.get('inner.lm_head.weight')!;
      tf.tidy(() => w.assign(w.mul(2)));
      const fresh = new TrmModel(c, { seed: 3 });
      try {
        fresh.cacheInferenceWeights = false;
        fresh.loadState(new Map([...a.params].map(([name, v]) => [name, { shape: v.shape, data: v.dataSync() as Float32Array }])));
        expect(logitsOf(a, batch)).toEqual(logitsOf(fresh, batch));
      } finally {
        fresh.dispose();
      }
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('training-mode halting', () => {
  it('halts on q_halt > 0 and holds rows to the explored minimum', () => {
    const c = tiny({ haltMaxSteps: 4, haltExplorationProb: 0 });
    const m = new TrmModel(c, { seed: 8 });
    try {
      const batch = batchOf(c, 3);
      // Q head bias −5 (the init): no row halts before haltMaxSteps.
      let carry = initialCarry(m, 3);
      const halts: number[][] = [];
      for (let k = 0; k < 4; k++) {
        const t = trainStep(m, carry, batch, { rng: createRng(1) });
        carry = t.carry;
        halts.push(Array.from(carry.halted));
        tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
      }
      expect(halts).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0], [1, 1, 1]]);
      disposeCarry(carry);
      // Bias +5: every row halts after one step…
      tf.tidy(() => m.params.get('inner.q_head.bias')!.assign(tf.tensor1d([5, -5])));
      let t = trainStep(m, initialCarry(m, 3), batch, { rng: createRng(1) });
      expect(Array.from(t.carry.halted)).toEqual([1, 1, 1]);
      expect(Array.from(t.outputs.qHalt).every((q) => q > 0)).toBe(true);
      disposeCarry(t.carry);
      tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
      // …unless exploration (always drawn here) demands at least 2 + int(3) steps.
      const explore = new TrmModel({ ...c, haltExplorationProb: 1 }, { seed: 8 });
      explore.loadState(new Map([...m.params].map(([n, v]) => [n, { shape: v.shape, data: v.dataSync() as Float32Array }])));
      const fixed = { next: () => 0.5, int: (n: number) => n - 1 }; // min halt steps = 2 + 2 = 4
      carry = initialCarry(explore, 3);
      const steps: number[][] = [];
      for (let k = 0; k < 4; k++) {
        t = trainStep(explore, carry, batch, { rng: fixed });
        carry = t.carry;
        steps.push(Array.from(carry.halted));
        tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
      }
      expect(steps).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0], [1, 1, 1]]);
      disposeCarry(carry);
      explore.dispose();
    } finally {
      m.dispose();
    }
  });

  it('restarts only the halted rows with the new batch', () => {
    const c = tiny({ haltMaxSteps: 2 });
    const m = new TrmModel(c, { seed: 9 });
    try {
      const a = batchOf(c, 2, 1);
      const b = batchOf(c, 2, 2);
      let carry = evalStep(m, initialCarry(m, 2), a).carry; // steps 1, nobody halted
      carry = evalStep(m, carry, b).carry; // rows keep a's data
      expect(Array.from(carry.current.inputs)).toEqual(Array.from(a.inputs));
      expect(Array.from(carry.halted)).toEqual([1, 1]);
      carry = evalStep(m, carry, b).carry; // all halted → b loaded, steps restart
      expect(Array.from(carry.current.inputs)).toEqual(Array.from(b.inputs));
      expect(Array.from(carry.steps)).toEqual([1, 1]);
      disposeCarry(carry);
    } finally {
      m.dispose();
    }
  });

  it('restarts exactly the rows that halted, from H_init / L_init with the new row', () => {
    const c = tiny({ haltMaxSteps: 3, haltExplorationProb: 0.5 });
    const m = new TrmModel(c, { seed: 11 });
    try {
      tf.tidy(() => m.params.get('inner.q_head.bias')!.assign(tf.tensor1d([5, -5]))); // Q says halt
      const a = batchOf(c, 2, 1);
      const b = batchOf(c, 2, 2);
      // Row 0 draws no exploration and halts on Q; row 1 is held to 2 + 1 = 3 steps.
      const draws = [0.9, 0.1];
      const rng = { next: () => draws.shift()!, int: () => 1 };
      let t = trainStep(m, initialCarry(m, 2), a, { rng });
      expect(Array.from(t.carry.halted)).toEqual([1, 0]);
      tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
      t = trainStep(m, t.carry, b, { rng: { next: () => 0.9, int: () => 0 } });
      const S = c.seqLen;
      expect(Array.from(t.carry.steps)).toEqual([1, 2]);
      expect(Array.from(t.carry.current.inputs)).toEqual([...b.inputs.subarray(0, S), ...a.inputs.subarray(S)]);
      expect(Array.from(t.carry.current.puzzleIdentifiers)).toEqual([b.puzzleIdentifiers[0], a.puzzleIdentifiers[1]]);
      // Row 0 now computes what a fresh carry computes on b's row 0 (rows never mix).
      const fresh = evalStep(m, initialCarry(m, 2), b);
      const n = S * c.vocabSize;
      const got = Array.from(t.outputs.logits.subarray(0, n));
      Array.from(fresh.logits.subarray(0, n)).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
      disposeCarry(fresh.carry);
      disposeCarry(t.carry);
      tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
    } finally {
      m.dispose();
    }
  });

  it('noActContinue = false adds the Q-continue bootstrap loss', () => {
    const c = tiny({ noActContinue: false });
    const m = new TrmModel(c, { seed: 10 });
    try {
      // A non-zero Q head, so that this step's q_continue differs from its bootstrap target.
      tf.tidy(() => m.params.get('inner.q_head.weight')!.assign(tf.tensor2d(Float32Array.from({ length: 2 * c.hiddenSize }, (_, i) => Math.sin(i)), [2, c.hiddenSize])));
      const t = trainStep(m, initialCarry(m, 2), batchOf(c, 2), { rng: createRng(2) });
      expect(t.qContinueLoss).toBeGreaterThan(0);
      expect(t.loss).toBeCloseTo(t.lmLoss + 0.5 * (t.qHaltLoss + t.qContinueLoss), 4);
      expect(Math.abs(t.grads.get('inner.q_head.weight')!.dataSync()[c.hiddenSize]!)).toBeGreaterThan(0); // row 1 = continue
      disposeCarry(t.carry);
      tf.dispose([...t.grads.values(), t.puzzleEmbGrad!.grad]);
    } finally {
      m.dispose();
    }
  });
});

describe('batch validation', () => {
  it('says which row and position is out of range', () => {
    const c = tiny();
    const m = new TrmModel(c, { seed: 1 });
    try {
      const good = batchOf(c, 2);
      const inputs = good.inputs.slice();
      inputs[c.seqLen + 3] = 9;
      expectTrmError(() => evalStep(m, initialCarry(m, 2), { ...good, inputs }), 'TRM_ERR_INVALID_INPUT', /batch\.inputs: row 1, position 3 is 9, outside \[0, 5\)/);
      expectTrmError(() => evalStep(m, initialCarry(m, 2), { ...good, inputs: good.inputs.slice(1) }), 'TRM_ERR_INVALID_INPUT', /has 15 tokens, expected batchSize × seqLen = 2 × 8 = 16/);
      expectTrmError(() => evalStep(m, initialCarry(m, 2), { ...good, puzzleIdentifiers: Int32Array.of(0, 3) }), 'TRM_ERR_INVALID_INPUT', /puzzleIdentifiers\[1\] is 3, outside \[0, 3\)/);
      const labels = good.labels!.slice();
      labels[0] = -1;
      expectTrmError(() => trainStep(m, initialCarry(m, 2), { ...good, labels }, { rng: createRng(1) }), 'TRM_ERR_INVALID_INPUT', /labels: row 0, position 0 is -1, outside \[0, 5\) and not −100/);
      expectTrmError(() => trainStep(m, initialCarry(m, 2), { ...good, labels: undefined }, { rng: createRng(1) }), 'TRM_ERR_INVALID_INPUT', /labels are required for training/);
      expectTrmError(() => evalStep(m, initialCarry(m, 3), good), 'TRM_ERR_INVALID_INPUT', /carry was made for 3/);
    } finally {
      m.dispose();
    }
  });
});

describe('loss head', () => {
  it('stablemax s(x) is 1/(1−x) below 0 and 1+x above', () => {
    const xs = [-3, -0.5, 0, 0.25, 4];
    const s = tf.tidy(() => Array.from(stablemaxS(tf.tensor1d(xs)).dataSync()));
    xs.forEach((x, i) => expect(s[i]).toBeCloseTo(x < 0 ? 1 / (1 - x) : 1 + x, 6));
    const lp = tf.tidy(() => Array.from(logStablemax(tf.tensor1d([-1, 0, 2])).dataSync()));
    const sum = 0.5 + 1 + 3;
    expect(lp).toEqual([Math.log(0.5 / sum), Math.log(1 / sum), Math.log(3 / sum)].map((v) => expect.closeTo(v, 6)));
  });

  it('lm_loss and q_halt_loss equal a float64 computation, ignoring −100 labels', () => {
    const B = 3;
    const S = 4;
    const V = 5;
    const rng = createRng(3);
    const logits = Float32Array.from({ length: B * S * V }, () => (rng.next() - 0.5) * 8);
    const labels = Int32Array.from([1, 2, -100, 4, -100, -100, -100, -100, 0, 0, 3, 2]);
    let want = 0;
    for (let b = 0; b < B; b++) {
      let n = 0;
      let ce = 0;
      for (let s = 0; s < S; s++) {
        const y = labels[b * S + s]!;
        if (y === -100) continue;
        n++;
        const sx = Array.from(logits.subarray((b * S + s) * V, (b * S + s + 1) * V), (x) => (x < 0 ? 1 / (1 - x) : 1 + x));
        ce -= Math.log(sx[y]! / sx.reduce((a, c) => a + c, 0));
      }
      want += ce / Math.max(n, 1);
    }
    const got = tf.tidy(() => lmLossSum(tf.tensor2d(logits, [B * S, V]), lossTargets(labels, B, S, V)).dataSync()[0]!);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-6);
    const q = [-2, 0.5, 3];
    const correct = Uint8Array.of(0, 1, 1);
    const bce = q.reduce((a, x, i) => a + Math.max(x, 0) - x * correct[i]! + Math.log1p(Math.exp(-Math.abs(x))), 0);
    const gotQ = tf.tidy(() => qHaltLossSum(tf.tensor1d(q), correct).dataSync()[0]!);
    expect(gotQ).toBeCloseTo(bce, 5);
  });
});
