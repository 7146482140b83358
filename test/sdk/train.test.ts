import { describe, it, expect, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSdk } from '../../src/sdk/sdk.js';
import { latinSquare } from '../../examples/latin-square.js';
import { readSafetensorsFile } from '../../src/neural/safetensors.js';

// A deliberately tiny model: these tests check plumbing (progress, checkpoints, resume), not accuracy.
const TINY = {
  model: { hiddenSize: 16, numHeads: 2, expansion: 2, mlpT: true, posEncodings: 'none' as const, lLayers: 1, hCycles: 2, lCycles: 1, haltMaxSteps: 2, puzzleEmbNdim: 0, puzzleEmbLen: 0 },
  train: { batchSize: 8, lr: 1e-3, warmupSteps: 2, emaRate: 0.9 },
};

function readMetrics(dir: string): Record<string, unknown>[] {
  return fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('sdk.train on a user plugin (latin-square)', () => {
  it('trains, checkpoints, evaluates held-out data, attaches the model, and resumes where it stopped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-train-'));
    const sdk = createSdk({ builtins: false, plugins: [latinSquare], models: 'none', backend: 'cpu' });
    const progress: number[] = [];
    const first = await sdk.train({ task: 'latin-square', preset: TINY, steps: 6, checkpointDir: dir, checkpointEvery: 3, evalEvery: 3, evalSize: 8, seed: 3, onProgress: (p) => progress.push(p.step) });
    expect(first.steps).toBe(6);
    expect(first.resumedFrom).toBe(0);
    expect(progress.at(-1)).toBe(6);
    expect(first.finalEval?.n).toBe(8);
    expect(fs.existsSync(path.join(dir, 'model.safetensors'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'raw.optim.safetensors'))).toBe(true);
    // The held-out set is saved beside the checkpoint, in the task's text form.
    const held = fs.readFileSync(path.join(dir, 'heldout.jsonl'), 'utf8').trim().split('\n');
    expect(held).toHaveLength(8);
    expect(latinSquare.parse(JSON.parse(held[0]!).puzzle)).toBeTruthy();
    const shipped = await readSafetensorsFile(path.join(dir, 'model.safetensors'));
    expect(JSON.parse(shipped.metadata.config!).hidden_size).toBe(16);
    expect(shipped.metadata.task).toBe('latin-square');
    // The model is attached: solve now runs the neural path first (and the verifier decides).
    expect(sdk.modelFor('latin-square')).toContain('latin-square@');
    const r = await sdk.solve('latin-square', latinSquare.samples![0]);
    expect(r.steps).toBeGreaterThan(0);
    expect(r.verified).toBe(latinSquare.verify(latinSquare.parse(latinSquare.samples![0]), r.answer as number[][]).ok);

    // Resume: continues from step 6 to 9, appending to the same metrics file.
    const second = await sdk.train({ task: 'latin-square', preset: TINY, steps: 9, checkpointDir: dir, checkpointEvery: 3, evalSize: 8, seed: 3, resume: true });
    expect(second.resumedFrom).toBe(6);
    // Resume reads the saved held-out set rather than regenerating it.
    expect(fs.readFileSync(path.join(dir, 'heldout.jsonl'), 'utf8').trim().split('\n')).toEqual(held);
    expect(second.steps).toBe(9);
    const steps = readMetrics(dir).filter((m) => m.type === 'train' || m.type === 'eval').map((m) => m.step as number);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(Math.max(...steps)).toBe(9);
  });

  it('resume with nothing to resume starts at step 0 and says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-train-'));
    const sdk = createSdk({ builtins: false, plugins: [latinSquare], models: 'none', backend: 'cpu' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const r = await sdk.train({ task: 'latin-square', preset: TINY, steps: 2, checkpointDir: dir, evalSize: 4, seed: 5, resume: true });
      expect(r.resumedFrom).toBe(0);
      expect(warn.mock.calls.map((c) => String(c[0]))).toContain(`[trm-sdk train] resume: nothing to resume in ${dir} (no checkpoint there); starting at step 0`);
    } finally {
      warn.mockRestore();
    }
  });

  it('maxSeconds stops early with a checkpoint that resume picks up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-train-'));
    const sdk = createSdk({ builtins: false, plugins: [latinSquare], models: 'none', backend: 'cpu' });
    const r = await sdk.train({ task: 'latin-square', preset: TINY, steps: 100_000, maxSeconds: 0, checkpointDir: dir, evalSize: 4, seed: 4 });
    expect(r.stoppedEarly).toBe(true);
    const again = await sdk.train({ task: 'latin-square', preset: TINY, steps: r.steps + 2, checkpointDir: dir, evalSize: 4, seed: 4, resume: true });
    expect(again.resumedFrom).toBe(r.steps);
    expect(again.steps).toBe(r.steps + 2);
  });
});
