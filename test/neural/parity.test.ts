/**
 * Parity with the reference PyTorch TRM and the official HRM: the golden files in test/fixtures/golden
 * (see its README) hold three tiny TRMs and two tiny HRMs and their float64 outputs. For each, on
 * every backend:
 *   - evaluation mode, 4 ACT steps from a fresh carry: logits, Q-halt logits, halted, z_H (HRM
 *     also Q-continue logits and z_L);
 *   - one training step from a fresh carry: logits, Q logits, loss / lm_loss / q_halt_loss (HRM
 *     also q_continue_loss, the bootstrap term), and the gradient of every trainable parameter
 *     and of the gathered puzzle-embedding rows.
 * Tolerance per tensor (relative to the tensor's max magnitude): max(1e-4, 10 × the reference's
 * own float32 error) forward, max(1e-3, 10 × …) for gradients, 1e-5 for the losses.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../../src/neural/backend.js';
import { probeWebGpu } from '../../src/neural/webgpu.js';
import { readSafetensorsFileSync, type SafeTensor } from '../../src/neural/safetensors.js';
import { configFromReference } from '../../src/neural/config.js';
import { metadataArchitecture } from '../../src/neural/checkpoint.js';
import { TrmModel } from '../../src/neural/model.js';
import { disposeCarry, evalStep, initialCarry, trainStep, type TrmBatch } from '../../src/neural/act.js';
import { createRng } from '../../src/util/rng.js';
import { relErr } from './support/rel-err.js';
import { goldenDir } from '../support/fixtures.js';
import { missingTool } from '../support/system-tools.js';

const GOLDEN = goldenDir();
const MODELS = ['trm-attn-rope', 'trm-mlp-t', 'trm-attn-learned', 'hrm-attn-rope', 'hrm-attn-learned'] as const;
// webgpu runs wherever Dawn finds an adapter (a GPU, or Mesa lavapipe in CI: see docs/backends.md).
const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
const WEBGPU = probeWebGpu();
const BACKEND_NOTE: Record<(typeof BACKENDS)[number], { skip: boolean; note: string }> = {
  cpu: { skip: false, note: '' },
  wasm: { skip: false, note: '' },
  webgpu: WEBGPU.ok ? { skip: false, note: ` (adapter: ${WEBGPU.adapter})` } : { skip: true, note: missingTool('Mesa lavapipe (a WebGPU adapter through Vulkan)', WEBGPU.reason) },
};


interface Check {
  key: string;
  err: number;
  tol: number;
}

function runGolden(name: string): Check[] {
  const ckpt = readSafetensorsFileSync(path.join(GOLDEN, `${name}.checkpoint.safetensors`));
  const exp = readSafetensorsFileSync(path.join(GOLDEN, `${name}.expected.safetensors`));
  // The architecture comes from the checkpoint itself (HRM's: __metadata__.format "hrm-reference").
  const config = configFromReference(ckpt.metadata.config, metadataArchitecture(ckpt.metadata));
  const hrm = name.startsWith('hrm-');
  expect(config.architecture, `${name}: architecture read from the checkpoint`).toBe(hrm ? 'hrm' : 'trm');
  // The files say which reference wrote them: HRM's expected outputs name its architecture, the TRM's do not.
  expect(ckpt.metadata.format, `${name}: checkpoint format`).toBe(hrm ? 'hrm-reference' : 'trm-reference');
  expect(exp.metadata.architecture, `${name}: expected-file architecture`).toBe(hrm ? 'hrm_act_v1' : undefined);
  const refErr = JSON.parse(exp.metadata.float32_reference_error!) as Record<string, number>;
  const get = (k: string): SafeTensor => {
    const t = exp.tensors.get(k);
    if (!t) throw new Error(`${name}: expected file has no ${k}`);
    return t;
  };
  const model = new TrmModel(config, { seed: 0 });
  const checks: Check[] = [];
  const check = (key: string, actual: ArrayLike<number>, kind: 'forward' | 'grad' | 'loss'): void => {
    const e = get(key).data;
    const err = kind === 'loss' ? Math.abs(actual[0]! - e[0]!) / Math.abs(e[0]!) : relErr(actual, e);
    const base = refErr[key] ?? 0;
    const tol = kind === 'loss' ? 1e-5 : kind === 'grad' ? Math.max(1e-3, 10 * base) : Math.max(1e-4, 10 * base);
    checks.push({ key, err, tol });
  };
  try {
    model.loadState(ckpt.tensors);
    const B = get('batch.inputs').shape[0]!;
    const batch: TrmBatch = {
      batchSize: B,
      inputs: get('batch.inputs').data as Int32Array,
      labels: get('batch.labels').data as Int32Array,
      puzzleIdentifiers: get('batch.puzzle_identifiers').data as Int32Array,
    };

    // Evaluation mode: 4 steps, carry passed along, halting only at haltMaxSteps.
    let carry = initialCarry(model, B);
    for (let k = 1; k <= config.haltMaxSteps; k++) {
      const r = evalStep(model, carry, batch);
      carry = r.carry;
      check(`eval.step${k}.logits`, r.logits, 'forward');
      check(`eval.step${k}.q_halt_logits`, r.qHalt, 'forward');
      check(`eval.step${k}.z_H`, carry.inner.zH.dataSync(), 'forward');
      if (hrm) {
        check(`eval.step${k}.q_continue_logits`, r.qContinue, 'forward');
        check(`eval.step${k}.z_L`, carry.inner.zL.dataSync(), 'forward');
      }
      expect(Array.from(r.halted), `${name} eval.step${k}.halted`).toEqual(Array.from(get(`eval.step${k}.halted`).data));
    }
    disposeCarry(carry);

    // Training mode: one step from a fresh carry (exploration cannot matter at step 1).
    const t = trainStep(model, initialCarry(model, B), batch, { rng: createRng(1) });
    try {
      check('train.step1.logits', t.outputs.logits, 'forward');
      check('train.step1.q_halt_logits', t.outputs.qHalt, 'forward');
      check('train.step1.q_continue_logits', t.outputs.qContinue, 'forward');
      check('train.step1.loss', [t.loss], 'loss');
      check('train.step1.lm_loss', [t.lmLoss], 'loss');
      check('train.step1.q_halt_loss', [t.qHaltLoss], 'loss');
      if (hrm) check('train.step1.q_continue_loss', [t.qContinueLoss], 'loss');
      const gradKeys = [...exp.tensors.keys()].filter((k) => k.startsWith('grad.'));
      const ours = new Map<string, tf.Tensor>([...t.grads].map(([n, g]) => [`grad.${n}`, g]));
      if (t.puzzleEmbGrad) ours.set('grad.inner.puzzle_emb.local_weights', t.puzzleEmbGrad.grad);
      expect([...ours.keys()].sort(), `${name}: the set of gradients`).toEqual([...gradKeys].sort());
      for (const k of gradKeys) check(k, ours.get(k)!.dataSync(), 'grad');
    } finally {
      disposeCarry(t.carry);
      tf.dispose([...t.grads.values()]);
      t.puzzleEmbGrad?.grad.dispose();
    }
  } finally {
    model.dispose();
  }
  return checks;
}


describe('golden files', () => {
  it(`are all present in ${GOLDEN}`, () => {
    for (const m of MODELS) {
      expect(existsSync(path.join(GOLDEN, `${m}.checkpoint.safetensors`)), m).toBe(true);
      expect(existsSync(path.join(GOLDEN, `${m}.expected.safetensors`)), m).toBe(true);
    }
  });
});

for (const backend of BACKENDS) describe.skipIf(BACKEND_NOTE[backend].skip)(`parity with the reference TRM and HRM on the ${backend} backend${BACKEND_NOTE[backend].note}`, () => {
  beforeAll(async () => {
    process.env.TRM_QUIET = '1';
    await initBackend(backend);
  });

  it.each(MODELS)('%s: eval steps 1–4 and a training step with gradients match', (name) => {
    expect(tf.getBackend()).toBe(backend);
    const checks = runGolden(name);
    const worst = checks.reduce((a, c) => (c.err / c.tol > a.err / a.tol ? c : a));
    const short = (k: string): string => k.replace('grad.inner.', 'd:').replace('L_level.layers.', 'L').replace('H_level.layers.', 'H').replace('.weight', '').replace('train.step1.', 'train.').replace('eval.', '');
    console.log(
      `[parity ${backend} ${name}] worst ${worst.key} ${worst.err.toExponential(2)} (tol ${worst.tol.toExponential(1)}); ` +
        checks.map((c) => `${short(c.key)}=${c.err.toExponential(1)}`).join(' '),
    );
    const failures = checks.filter((c) => !(c.err <= c.tol)).map((c) => `${c.key}: ${c.err.toExponential(3)} > ${c.tol.toExponential(1)}`);
    expect(failures).toEqual([]);
  });
});
