/**
 * PyTorch files through the public load path: the reference TRM's step_200 file and the HRM
 * fixtures load with their all_config.yaml beside them (as the reference scripts lay them out),
 * the config is assembled from the YAML and the tensor shapes, and the loaded model reproduces the
 * golden evaluation outputs. The fixtures are test/fixtures/golden.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isTrmError } from '../../src/errors.js';
import { disposeCarry, evalStep, initialCarry } from '../../src/neural/act.js';
import { loadAnyCheckpoint } from '../../src/neural/load-checkpoint.js';
import { readSafetensorsFileSync } from '../../src/neural/safetensors.js';
import { loadTaskModel } from '../../src/sdk/load-task-model.js';
import { goldenDir } from '../support/fixtures.js';

const GOLDEN = goldenDir();
const PT = path.join(GOLDEN, 'pytorch');

/** A run folder as the reference writes it: `<dir>/<name>` plus `<dir>/all_config.yaml`. */
function runDir(file: string, name: string, config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-pt-'));
  fs.copyFileSync(path.join(PT, file), path.join(dir, name));
  fs.writeFileSync(path.join(dir, 'all_config.yaml'), toYaml(config));
  return path.join(dir, name);
}

/** The arch section the reference would write for a golden model (its `__metadata__.config`, minus the dataset-derived sizes). */
function archOf(golden: string, name: string): Record<string, unknown> {
  const meta = readSafetensorsFileSync(path.join(GOLDEN, `${golden}.checkpoint.safetensors`)).metadata;
  const cfg = JSON.parse(meta.config!) as Record<string, unknown>;
  for (const k of ['seq_len', 'vocab_size', 'num_puzzle_identifiers', 'batch_size', 'forward_dtype', 'causal']) delete cfg[k];
  return { arch: { ...cfg, name }, global_batch_size: 3, lr: 1e-4 };
}

function maxRel(a: Float32Array, e: Float32Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < e.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - e[i]!));
    s = Math.max(s, Math.abs(e[i]!));
  }
  return d / s;
}

describe('PyTorch checkpoints through the public load path', () => {
  it('TRM step_200 + all_config.yaml → the trm-attn-rope golden evaluation outputs (cpu)', async () => {
    const file = runDir('trm-attn-rope.step_200', 'step_200', archOf('trm-attn-rope', 'recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1'));
    const tm = await loadTaskModel(file, 'trm-step-200', 'cpu', { seqLen: 16 });
    try {
      expect(tm.model.config.architecture).toBe('trm');
      expect(tm.model.config.vocabSize).toBe(6);
      expect(tm.model.config.numPuzzleIdentifiers).toBe(3);
      expect(tm.metadata.source_file).toBe('step_200');
      const exp = readSafetensorsFileSync(path.join(GOLDEN, 'trm-attn-rope.expected.safetensors'));
      const batch = {
        batchSize: exp.tensors.get('batch.inputs')!.shape[0]!,
        inputs: exp.tensors.get('batch.inputs')!.data as Int32Array,
        puzzleIdentifiers: exp.tensors.get('batch.puzzle_identifiers')!.data as Int32Array,
      };
      let carry = initialCarry(tm.model, batch.batchSize);
      for (let k = 1; k <= 4; k++) {
        const r = evalStep(tm.model, carry, batch);
        carry = r.carry;
        expect(maxRel(r.logits, exp.tensors.get(`eval.step${k}.logits`)!.data as Float32Array), `step ${k} logits`).toBeLessThan(1e-4);
      }
      disposeCarry(carry);
    } finally {
      tm.model.dispose();
    }
  });

  it('HRM step_100 with its all_config.yaml loads as HRM with the golden weights', async () => {
    const file = runDir('hrm-attn-rope.step_100', 'checkpoint', readYamlObject(path.join(PT, 'hrm-attn-rope.all_config.yaml')));
    const ck = await loadAnyCheckpoint(file, { seqLen: 16 });
    expect(ck.config.architecture).toBe('hrm');
    expect(ck.config.hLayers).toBe(2);
    expect(ck.provenance?.seqLenFrom).toBe('task');
    expect(ck.provenance?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const golden = readSafetensorsFileSync(path.join(GOLDEN, 'hrm-attn-rope.checkpoint.safetensors'));
    const qkv = 'inner.L_level.layers.0.self_attn.qkv_proj.weight';
    expect(Array.from(ck.tensors.get(qkv)!.data)).toEqual(Array.from(golden.tensors.get(qkv)!.data));
  });

  it('a PyTorch file without any config is refused, saying what to pass', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-pt-'));
    fs.copyFileSync(path.join(PT, 'hrm-attn-rope.f16.pt'), path.join(dir, 'model.pt'));
    let err: unknown;
    try {
      await loadAnyCheckpoint(path.join(dir, 'model.pt'), { seqLen: 16 });
    } catch (e) {
      err = e;
    }
    expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_CHECKPOINT');
    expect((err as Error).message).toMatch(/no model config .* all_config\.yaml/);
  });

  it('a config naming the other architecture is refused', async () => {
    const cfg = readYamlObject(path.join(PT, 'hrm-attn-rope.all_config.yaml'));
    (cfg.arch as Record<string, unknown>).name = 'recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1';
    const file = runDir('hrm-attn-rope.step_100', 'checkpoint', cfg);
    await expect(loadAnyCheckpoint(file, { seqLen: 16 })).rejects.toThrow(/tensors are a HRM state dict/);
  });
});

function readYamlObject(file: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(requireYaml(fs.readFileSync(file, 'utf8')))) as Record<string, unknown>;
}
import { parse as requireYaml } from 'yaml';
