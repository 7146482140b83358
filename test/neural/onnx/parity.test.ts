/**
 * Parity of the ONNX Runtime engine (CPU) with the reference TRM and HRM: each golden checkpoint
 * is built into a step graph and run for its 4 evaluation steps from a fresh carry. Every step's
 * logits, Q-halt logits and z_H (HRM: also Q-continue logits and z_L) must match the reference's
 * float64 values under the tfjs parity test's rule: relative error ≤ max(1e-4, 10 × the
 * reference's own float32 error), per tensor.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { readSafetensorsFileSync, type SafeTensor } from '../../../src/neural/safetensors.js';
import { checkpointFromSafetensors } from '../../../src/neural/checkpoint.js';
import { buildStepGraph } from '../../../src/neural/onnx/export.js';
import { loadOrtNode, type OrtRuntime } from '../../../src/neural/onnx/ort-node.js';
import { OrtStepSession } from '../../../src/neural/onnx/step-session.js';
import { relErr } from '../support/rel-err.js';
import { GOLDEN_DIR, GOLDEN_MODELS } from './golden-dir.js';

interface Check {
  key: string;
  err: number;
  tol: number;
}

let runtime: OrtRuntime;
beforeAll(async () => {
  const r = await loadOrtNode();
  if (!r.ok) throw new Error(r.reason);
  runtime = r.runtime;
});

async function runGolden(name: string): Promise<Check[]> {
  const ck = checkpointFromSafetensors(readSafetensorsFileSync(path.join(GOLDEN_DIR, `${name}.checkpoint.safetensors`)));
  const exp = readSafetensorsFileSync(path.join(GOLDEN_DIR, `${name}.expected.safetensors`));
  const hrm = name.startsWith('hrm-');
  expect(ck.config.architecture).toBe(hrm ? 'hrm' : 'trm');
  const refErr = JSON.parse(exp.metadata.float32_reference_error!) as Record<string, number>;
  const get = (k: string): SafeTensor => {
    const t = exp.tensors.get(k);
    if (!t) throw new Error(`${name}: expected file has no ${k}`);
    return t;
  };
  const checks: Check[] = [];
  const check = (key: string, actual: ArrayLike<number>): void => {
    checks.push({ key, err: relErr(actual, get(key).data), tol: Math.max(1e-4, 10 * (refErr[key] ?? 0)) });
  };
  const s = await OrtStepSession.create(runtime, buildStepGraph(ck.config, ck.tensors), ck.config, { provider: 'cpu', intraOpThreads: 1 });
  try {
    const batch = {
      batchSize: get('batch.inputs').shape[0]!,
      inputs: get('batch.inputs').data as Int32Array,
      puzzleIdentifiers: get('batch.puzzle_identifiers').data as Int32Array,
    };
    let n = 0;
    for await (const out of s.steps(batch, ck.config.haltMaxSteps, { returnLatents: true })) {
      const k = out.step;
      n++;
      check(`eval.step${k}.logits`, out.logits);
      check(`eval.step${k}.q_halt_logits`, out.qHalt);
      check(`eval.step${k}.z_H`, out.zH!);
      if (hrm) {
        check(`eval.step${k}.q_continue_logits`, out.qContinue);
        check(`eval.step${k}.z_L`, out.zL!);
      }
    }
    expect(n).toBe(4);
  } finally {
    await s.release();
  }
  return checks;
}

describe('ONNX engine (onnxruntime/cpu) parity with the reference TRM and HRM', () => {
  it.each(GOLDEN_MODELS)('%s: eval steps 1–4 match', async (name) => {
    const checks = await runGolden(name);
    expect(checks.length).toBeGreaterThanOrEqual(12);
    const worst = checks.reduce((a, c) => (c.err / c.tol > a.err / a.tol ? c : a));
    console.log(`[parity onnxruntime/cpu ${name}] worst ${worst.key} ${worst.err.toExponential(2)} (tol ${worst.tol.toExponential(1)})`);
    const failures = checks.filter((c) => !(c.err <= c.tol)).map((c) => `${c.key}: ${c.err.toExponential(3)} > ${c.tol.toExponential(1)}`);
    expect(failures).toEqual([]);
  });
});
