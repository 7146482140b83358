/**
 * The ONNX Runtime engine behind the solve loop: the shipped 4×4 / 6×6 / 9×9 models give the
 * same per-step predictions on both engines on held-out puzzles (a sample here; `npm run bench --
 * engines` compares every held-out row), results name the engine and provider, a missing
 * onnxruntime-node falls back to tfjs, and bad engine choices are refused with TRM_ERR_*.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { trainingRunDir, shippedModelPath } from '../../src/sdk/paths.js';
import { loadModelFile } from '../../src/sdk/load-model.js';
import type { TaskModel } from '../../src/sdk/task-model.js';
import type { OrtTaskModel } from '../../src/sdk/ort-task-model.js';
import { loadOrtNode } from '../../src/neural/onnx/ort-node.js';

process.env.TRM_QUIET = '1';

async function allSteps(model: TaskModel, encoded: Parameters<TaskModel['refine']>[0]): Promise<Int32Array[][]> {
  const out: Int32Array[][] = [];
  for await (const s of model.refine(encoded, model.maxSteps)) out.push(s.predictions);
  return out;
}

describe('shipped models: the same neural-only predictions on onnxruntime and tfjs', () => {
  const SAMPLE: Record<string, number> = { 'sudoku-4x4': 32, 'sudoku-6x6': 16, sudoku: 4 };
  for (const [task, n] of Object.entries(SAMPLE)) {
    it(`${task}: every step's predictions agree on ${n} held-out puzzles (one batch)`, async () => {
      const rows = fs.readFileSync(path.join(trainingRunDir(task), 'heldout.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).slice(0, n);
      expect(rows).toHaveLength(n);
      const ort = createSdk({ engine: 'onnxruntime' });
      const tfjs = createSdk({ engine: 'tfjs' });
      const plugin = ort.plugin(task);
      const encs = rows.map((l) => plugin.encode(plugin.parse((JSON.parse(l) as { puzzle: string }).puzzle)));
      const encoded = { inputs: encs.flatMap((e) => e.inputs), puzzleIdentifiers: encs.flatMap((e) => e.puzzleIdentifiers) };
      const a = (await ort.model(task))!;
      const b = (await tfjs.model(task))!;
      expect(a.backend).toBe('onnxruntime/cpu');
      expect(b.backend).toMatch(/^tfjs\//);
      const pa = await allSteps(a, encoded);
      const pb = await allSteps(b, encoded);
      expect(pa).toHaveLength(a.maxSteps);
      let differing = 0;
      for (let s = 0; s < pa.length; s++) for (let r = 0; r < n; r++) if (pa[s]![r]!.some((t, i) => t !== pb[s]![r]![i])) differing++;
      expect(differing).toBe(0);
    });
  }

  it('a solve result names the engine and provider that ran the model', async () => {
    const sdk = createSdk({ engine: 'onnxruntime' });
    const [ex] = sdk.generate('sudoku-4x4', { n: 1, seed: 3 });
    const r = await sdk.solve('sudoku-4x4', sdk.plugin('sudoku-4x4').formatPuzzle(ex!.puzzle), { strategy: 'neural-only' });
    expect(r.backend).toBe('onnxruntime/cpu');
    expect(r.steps).toBeGreaterThan(0);
  });
});

describe('engine choice', () => {
  const file = shippedModelPath('sudoku-4x4')!;

  it('falls back to tfjs when onnxruntime-node cannot be loaded, and says it is tfjs', async () => {
    const m = await loadModelFile(file, 'x', { ortModule: 'onnxruntime-node-not-installed' });
    expect(m.backend).toMatch(/^tfjs\//);
    await m.dispose();
  });

  it('refuses an explicit onnxruntime engine that cannot be loaded (TRM_ERR_BACKEND_UNAVAILABLE)', async () => {
    await expect(loadModelFile(file, 'x', { engine: 'onnxruntime', ortModule: 'onnxruntime-node-not-installed' })).rejects.toMatchObject({ code: 'TRM_ERR_BACKEND_UNAVAILABLE' });
  });

  it('an explicit tfjs backend without an engine means tfjs; onnxruntime otherwise by default', async () => {
    const t = await loadModelFile(file, 'x', { backend: 'cpu' });
    expect(t.backend).toBe('tfjs/cpu');
    await t.dispose();
    const o = await loadModelFile(file, 'x');
    expect(o.backend).toBe('onnxruntime/cpu');
    await o.dispose();
  });

  it('TRM_EP=cuda where the CUDA provider library is not installed: runs on onnxruntime/cpu and says why', async (ctx) => {
    const ort = await loadOrtNode();
    if (!ort.ok) throw new Error(ort.reason);
    if (ort.runtime.cudaInstalled()) ctx.skip(); // a CUDA machine: the fallback cannot be shown there
    process.env.TRM_EP = 'cuda';
    try {
      const m = await loadModelFile(file, 'x');
      expect(m.backend).toBe('onnxruntime/cpu');
      expect((m as OrtTaskModel).session.note).toMatch(/CUDA execution provider unavailable .*running on CPU/);
      await m.dispose();
    } finally {
      delete process.env.TRM_EP;
    }
  });

  it('TRM_EP with an unknown provider: TRM_ERR_INVALID_OPTIONS', async () => {
    process.env.TRM_EP = 'tpu';
    try {
      await expect(loadModelFile(file, 'x')).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_OPTIONS', details: { option: 'TRM_EP' } });
    } finally {
      delete process.env.TRM_EP;
    }
  });

  it('an unknown engine is TRM_ERR_INVALID_OPTIONS naming the option', () => {
    expect(() => createSdk({ engine: 'torch' as 'tfjs' })).toThrow(expect.objectContaining({ code: 'TRM_ERR_INVALID_OPTIONS', details: expect.objectContaining({ option: 'engine' }) }));
  });
});
