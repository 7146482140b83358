import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  loadCheckpoint,
  saveCheckpoint,
  expectedParamShapes,
  normaliseParamName,
  checkpointFromSafetensors,
  metadataArchitecture,
  saveTrainingState,
  loadTrainingState,
  trainingStatePath,
} from '../../src/neural/checkpoint.js';
import { readSafetensors, writeSafetensors, writeSafetensorsFile, type SafeTensor } from '../../src/neural/safetensors.js';
import { configFromReference } from '../../src/neural/config.js';
import { AdamW } from '../../src/neural/adamw.js';
import { Ema } from '../../src/neural/ema.js';
import { TrmError } from '../../src/errors.js';
import { TrmModel } from '../../src/neural/model.js';
import { formatInspect } from '../../src/cli/inspect.js';
import { inspectCheckpoint } from '../../src/sdk/checkpoints.js';
import { goldenDir } from '../support/fixtures.js';

const GOLDEN = goldenDir();
const NAMES = ['trm-attn-rope', 'trm-mlp-t', 'trm-attn-learned', 'hrm-attn-rope', 'hrm-attn-learned'];

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'trm-ckpt-'));
}

async function expectCode(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(TrmError);
  expect((err as TrmError).code).toBe(code);
  expect((err as TrmError).message).toMatch(pattern);
}

describe(`golden checkpoints (${GOLDEN})`, () => {
  for (const name of NAMES) {
    it(`${name}: loads, and save → load gives identical bytes for every tensor`, async () => {
      const file = path.join(GOLDEN, `${name}.checkpoint.safetensors`);
      const ck = await loadCheckpoint(file);
      const raw = JSON.parse(ck.metadata.config!);
      const hrm = name.startsWith('hrm-');
      expect(ck.config.architecture).toBe(hrm ? 'hrm' : 'trm');
      expect(ck.config.hiddenSize).toBe(raw.hidden_size);
      expect(ck.config.mlpT).toBe(raw.mlp_t ?? false);
      if (hrm) expect([ck.config.hLayers, ck.config.lLayers]).toEqual([raw.H_layers, raw.L_layers]);
      expect([...ck.tensors.keys()].sort()).toEqual([...expectedParamShapes(ck.config).keys()].sort());

      // Through the real model: load the weights into a TrmModel, save the model.
      const model = new TrmModel(ck.config, { seed: 5 });
      model.loadState(ck.tensors);
      const dir = tmp();
      try {
        const out = path.join(dir, `${name}.safetensors`);
        saveCheckpoint(out, model, { step: '7' });
        const back = await loadCheckpoint(out);
        expect(back.metadata.format).toBe(hrm ? 'hrm-reference' : 'trm-reference');
        expect(back.metadata.architecture).toBe(hrm ? 'hrm_act_v1' : 'trm');
        expect(back.metadata.step).toBe('7');
        expect(back.config).toEqual(ck.config);
        // The saved config is the reference JSON (snake_case keys) and reads back to the same config.
        expect(configFromReference(JSON.parse(back.metadata.config!))).toEqual(ck.config);
        for (const [n, t] of ck.tensors) {
          const u = back.tensors.get(n)!;
          expect(u.shape).toEqual(t.shape);
          expect(Buffer.from(u.data.buffer).equals(Buffer.from(t.data.buffer)), n).toBe(true);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        model.dispose();
      }
    });
  }

  it('expectedParamShapes agrees with every golden checkpoint header', () => {
    for (const name of NAMES) {
      const parsed = readSafetensors(readFileSync(path.join(GOLDEN, `${name}.checkpoint.safetensors`)));
      const shapes = expectedParamShapes(configFromReference(parsed.metadata.config!, metadataArchitecture(parsed.metadata)));
      expect(shapes.size, name).toBe(parsed.tensors.size);
      for (const [n, t] of parsed.tensors) expect(shapes.get(n), `${name} ${n}`).toEqual(t.shape);
    }
  });

  it('inspectCheckpoint counts every parameter and formats the config', async () => {
    const file = path.join(GOLDEN, 'trm-attn-learned.checkpoint.safetensors');
    const bytes = readFileSync(file);
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
    delete header.__metadata__;
    const total = Object.values(header as Record<string, { shape: number[] }>).reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
    const info = await inspectCheckpoint(file);
    expect(info.parameterCount).toBe(total);
    expect(info.puzzleEmbeddingParameterCount).toBe(3 * 64);
    expect(info.bufferParameterCount).toBe(2 * 32); // H_init, L_init
    expect(info.trainableParameterCount).toBe(total - 192 - 64);
    expect(info.tensors.length).toBe(Object.keys(header).length);
    expect(info.metadata).toEqual({ format: 'trm-reference' });
    const text = formatInspect(info);
    expect(text).toContain(`parameters  ${total.toLocaleString('en-US')} (trainable ${(total - 256).toLocaleString('en-US')} + puzzle embedding 192 + H_init/L_init 64)`);
    expect(text).toMatch(/posEncodings\s+learned/);
    expect(text).toMatch(/inner\.embed_pos\.embedding_weight\s+F32\s+\[18, 32\]/);
  });

  it('accepts the _orig_mod.model. prefix of torch.compile(ACTLossHead) state dicts', async () => {
    const parsed = readSafetensors(readFileSync(path.join(GOLDEN, 'trm-mlp-t.checkpoint.safetensors')));
    const renamed = new Map<string, SafeTensor>();
    for (const [n, t] of parsed.tensors) renamed.set(`_orig_mod.model.${n}`, t);
    const dir = tmp();
    try {
      const f = path.join(dir, 'compiled.safetensors');
      writeSafetensorsFile(f, renamed, parsed.metadata);
      const ck = await loadCheckpoint(f);
      expect(ck.tensors.has('inner.H_init')).toBe(true);
      expect(Array.from(ck.tensors.get('inner.H_init')!.data)).toEqual(Array.from(parsed.tensors.get('inner.H_init')!.data));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('rejects mismatches with TRM_ERR_INVALID_CHECKPOINT', () => {
    const parsed = readSafetensors(readFileSync(path.join(GOLDEN, 'trm-attn-rope.checkpoint.safetensors')));
    const variant = (edit: (m: Map<string, SafeTensor>) => void, metadata = parsed!.metadata) => {
      const m = new Map(parsed!.tensors);
      edit(m);
      return readSafetensors(writeSafetensors(m, metadata));
    };
    const check = (f: () => unknown, pattern: RegExp) => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect((err as TrmError).code).toBe('TRM_ERR_INVALID_CHECKPOINT');
      expect((err as TrmError).message).toMatch(pattern);
    };
    it('wrong shape', () =>
      check(() => checkpointFromSafetensors(variant((m) => m.set('inner.q_head.bias', { dtype: 'F32', shape: [3], data: new Float32Array(3) }))), /"inner\.q_head\.bias" has shape \[3\], the config expects \[2\]/));
    it('wrong dtype', () =>
      check(() => checkpointFromSafetensors(variant((m) => m.set('inner.q_head.bias', { dtype: 'I32', shape: [2], data: new Int32Array(2) }))), /"inner\.q_head\.bias" has dtype I32/));
    it('missing tensor', () => check(() => checkpointFromSafetensors(variant((m) => m.delete('inner.L_init'))), /missing 1 tensor\(s\): inner\.L_init/));
    it('unexpected tensor', () =>
      check(() => checkpointFromSafetensors(variant((m) => m.set('inner.H_level.x', { dtype: 'F32', shape: [1], data: new Float32Array(1) }))), /unexpected tensor "inner\.H_level\.x"/));
    it('two names mapping to one', () =>
      check(() => checkpointFromSafetensors(variant((m) => m.set('_orig_mod.inner.L_init', m.get('inner.L_init')!))), /both map to "inner\.L_init"/));
    it('a config that does not match the weights', () => {
      const cfg = { ...JSON.parse(parsed!.metadata.config!), hidden_size: 64, puzzle_emb_ndim: 64 };
      check(() => checkpointFromSafetensors(variant(() => undefined, { config: JSON.stringify(cfg) })), /"inner\.H_init" has shape \[32\], the config expects \[64\]/);
    });
    it('no config in the metadata (unless one is passed)', () => {
      const noMeta = variant(() => undefined, {});
      check(() => checkpointFromSafetensors(noMeta), /no __metadata__\.config/);
      expect(checkpointFromSafetensors(noMeta, { config: configFromReference(parsed!.metadata.config!) }).tensors.size).toBe(parsed!.tensors.size);
    });
    it('a config that is not a TRM config', () => check(() => checkpointFromSafetensors(variant(() => undefined, { config: '{"hidden_size": "big"}' })), /__metadata__\.config is not a usable TRM config/));
    it('loadCheckpoint names the file in the message', async () => {
      const dir = tmp();
      try {
        const f = path.join(dir, 'bad.safetensors');
        const m = new Map(parsed!.tensors);
        m.delete('inner.H_init');
        writeSafetensorsFile(f, m, parsed!.metadata);
        await expectCode(loadCheckpoint(f), 'TRM_ERR_INVALID_CHECKPOINT', new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: checkpoint is missing`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('HRM checkpoints: the architecture comes from the metadata and the shapes are checked', () => {
  const parsed = readSafetensors(readFileSync(path.join(GOLDEN, 'hrm-attn-rope.checkpoint.safetensors')));
  const variant = (edit: (m: Map<string, SafeTensor>) => void, metadata = parsed!.metadata) => {
    const m = new Map(parsed!.tensors);
    edit(m);
    return readSafetensors(writeSafetensors(m, metadata));
  };
  const check = (f: () => unknown, pattern: RegExp) => {
    let err: unknown;
    try {
      f();
    } catch (e) {
      err = e;
    }
    expect((err as TrmError).code).toBe('TRM_ERR_INVALID_CHECKPOINT');
    expect((err as TrmError).message).toMatch(pattern);
  };
  it('format hrm-reference, architecture hrm_act_v1 or the config name select HRM', () => {
    expect(checkpointFromSafetensors(variant(() => undefined)).config.architecture).toBe('hrm');
    const { format: _f, ...noFormat } = parsed!.metadata;
    expect(checkpointFromSafetensors(variant(() => undefined, { ...noFormat, architecture: 'hrm_act_v1' })).config.architecture).toBe('hrm');
    const named = JSON.stringify({ ...JSON.parse(parsed!.metadata.config!), name: 'hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1' });
    expect(checkpointFromSafetensors(variant(() => undefined, { config: named })).config.hLayers).toBe(2);
  });
  it('an HRM state dict read as TRM (no architecture anywhere) is rejected', () =>
    check(() => checkpointFromSafetensors(variant(() => undefined, { config: parsed!.metadata.config! })), /unexpected tensor "inner\.H_level\.layers\.0\./));
  it('a missing H_level block tensor', () =>
    check(() => checkpointFromSafetensors(variant((m) => m.delete('inner.H_level.layers.1.mlp.down_proj.weight'))), /missing 1 tensor\(s\): inner\.H_level\.layers\.1\.mlp\.down_proj\.weight/));
  it('a wrong-shape L_level tensor', () =>
    check(
      () => checkpointFromSafetensors(variant((m) => m.set('inner.L_level.layers.0.self_attn.o_proj.weight', { dtype: 'F32', shape: [32, 16], data: new Float32Array(512) }))),
      /"inner\.L_level\.layers\.0\.self_attn\.o_proj\.weight" has shape \[32, 16\], the config expects \[32, 32\]/,
    ));
  it('an unknown architecture', () => check(() => checkpointFromSafetensors(variant(() => undefined, { ...parsed!.metadata, architecture: 'gpt2' })), /architecture "gpt2" is not a known/));
  it('metadataArchitecture reads architecture, then format', () => {
    expect(metadataArchitecture({ architecture: 'hrm_act_v1', format: 'trm-reference' })).toEqual({ architecture: 'hrm_act_v1' });
    expect(metadataArchitecture({ format: 'hrm-reference' })).toEqual({ architecture: 'hrm-reference' });
    expect(metadataArchitecture({})).toEqual({});
  });
});

describe('normaliseParamName', () => {
  it('strips _orig_mod. then model.', () => {
    expect(normaliseParamName('_orig_mod.model.inner.H_init')).toBe('inner.H_init');
    expect(normaliseParamName('model.inner.H_init')).toBe('inner.H_init');
    expect(normaliseParamName('inner.H_init')).toBe('inner.H_init');
  });
});

describe('saveCheckpoint input checks and training state', () => {
  const config = configFromReference({
    batch_size: 2, seq_len: 4, num_puzzle_identifiers: 2, vocab_size: 3, H_cycles: 1, L_cycles: 1, L_layers: 1,
    hidden_size: 8, expansion: 1, num_heads: 2, halt_max_steps: 2, halt_exploration_prob: 0, puzzle_emb_ndim: 8,
    puzzle_emb_len: 1, pos_encodings: 'rope', mlp_t: false,
  });
  const makeParams = () => {
    const m = new Map<string, tf.Variable>();
    let k = 0;
    for (const [n, s] of expectedParamShapes(config)) m.set(n, tf.variable(tf.fill(s, (k++ % 7) / 7)));
    return m;
  };

  it('rejects a model whose parameters do not match its config, writing nothing', () => {
    const dir = tmp();
    try {
      const params = makeParams();
      params.get('inner.H_init')!.dispose();
      params.set('inner.H_init', tf.variable(tf.zeros([9])));
      expect(() => saveCheckpoint(path.join(dir, 'x.safetensors'), { config, params })).toThrow(/"inner\.H_init" has shape \[9\]/);
      params.delete('inner.H_init');
      expect(() => saveCheckpoint(path.join(dir, 'x.safetensors'), { config, params })).toThrow(/no parameter "inner\.H_init"/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('saves and restores AdamW moments, EMA averages and the step beside the checkpoint', async () => {
    const dir = tmp();
    try {
      const params = makeParams();
      const adam = new AdamW(params, { weightDecay: 0.1 });
      const ema = new Ema(params, { mu: 0.9 });
      const grads = new Map<string, tf.Tensor>([...params].map(([n, v]) => [n, tf.onesLike(v).mul(0.5)]));
      adam.step(grads, 0.01);
      ema.update();
      const ckpt = path.join(dir, 'run.safetensors');
      saveCheckpoint(ckpt, { config, params });
      const written = saveTrainingState(ckpt, { step: 1, adam: adam.getState(), ema: ema.getState(), extra: { seed: '42' } });
      expect(written).toBe(trainingStatePath(ckpt));
      expect(path.basename(written)).toBe('run.optim.safetensors');
      // The model file stays a plain reference state dict.
      expect((await loadCheckpoint(ckpt)).tensors.size).toBe(params.size);

      const st = await loadTrainingState(ckpt);
      expect(st.step).toBe(1);
      expect(st.extra).toEqual({ seed: '42' });
      const adam2 = new AdamW(params, { weightDecay: 0.1 });
      adam2.setState(st.adam!);
      const a = adam.getState().params;
      const b = adam2.getState().params;
      for (const [n, p] of a) {
        expect(b.get(n)!.step).toBe(p.step);
        expect(Array.from(b.get(n)!.m)).toEqual(Array.from(p.m));
        expect(Array.from(b.get(n)!.v)).toEqual(Array.from(p.v));
      }
      expect(st.adam!.betas).toEqual([0.9, 0.95]);
      const ema2 = new Ema(params, { mu: 0.9 });
      ema2.setState(st.ema!);
      for (const [n, t] of ema.getState().shadow) expect(Array.from(ema2.getState().shadow.get(n)!.data)).toEqual(Array.from(t.data));
      grads.forEach((g) => g.dispose());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loadTrainingState rejects a file that is not training state', async () => {
    const dir = tmp();
    try {
      const ckpt = path.join(dir, 'm.safetensors');
      writeSafetensorsFile(trainingStatePath(ckpt), { x: { dtype: 'F32', shape: [1], data: new Float32Array(1) } }, { format: 'other' });
      await expectCode(loadTrainingState(ckpt), 'TRM_ERR_INVALID_CHECKPOINT', /format is "other"/);
      await expectCode(loadTrainingState(path.join(dir, 'none.safetensors')), 'TRM_ERR_IO', /none\.optim\.safetensors/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
