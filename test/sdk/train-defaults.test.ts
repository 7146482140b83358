/**
 * Safe defaults for any plugin: a task without a preset trains a CPU-sized model (the README's
 * sdk.train() example used to abort inside wasm with the paper's GPU-sized defaults), and a run
 * that cannot fit is refused before its first step with a message that says what to change.
 */
import { describe, expect, it } from 'vitest';
import { latinSquare } from '../../examples/latin-square.js';
import { isTrmError } from '../../src/errors.js';
import { createSdk } from '../../src/sdk/sdk.js';
import { checkTrainingFits, cpuDefaultModel, estimateTrainingBytes, wrapBackendAbort } from '../../src/sdk/train-defaults.js';
import { defaultConfig, validateConfig } from '../../src/neural/config.js';

describe('training defaults for a plugin without a preset', () => {
  it('derive a small model from the token interface', () => {
    const m = cpuDefaultModel(latinSquare.tokens);
    expect(m.hiddenSize).toBe(64);
    expect(m.puzzleEmbNdim).toBe(latinSquare.tokens.numPuzzleIdentifiers > 1 ? 64 : 0);
  });

  it('train the example plugin for a few steps without a preset', async () => {
    const sdk = createSdk({ plugins: [latinSquare], models: 'none', backend: 'wasm' });
    const seen: number[] = [];
    const r = await sdk.train({ task: 'latin-square', steps: 3, evalSize: 4, batchSize: 8, onProgress: (p) => seen.push(p.step) });
    // Feedback from the first step on (not only every 10 steps), and at the end.
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(3);
    expect(r.config.hiddenSize).toBe(64);
    expect(r.config.puzzleEmbLen).toBe(0);
    expect(r.hyper.warmupSteps).toBe(20); // the CPU default (DEFAULT_HYPER has 100)
    expect(r.steps).toBe(3);
  });

  it("refuse the paper's GPU-sized model on wasm before the first step, saying what to change", () => {
    const paper = validateConfig({ ...defaultConfig, seqLen: 900, vocabSize: 12, numPuzzleIdentifiers: 1000 });
    expect(estimateTrainingBytes(paper, 768)).toBeGreaterThan(2 ** 32);
    let err: unknown;
    try {
      checkTrainingFits(paper, 768, 'wasm');
    } catch (e) {
      err = e;
    }
    expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_CONFIG');
    expect((err as Error).message).toMatch(/needs about [\d.]+ GiB, more than the [\d.]+ GiB the wasm backend .* lower batchSize \(about \d+ fits\)/);
  });

  it('turn a raw wasm abort into a TrmError', () => {
    const e = wrapBackendAbort(Object.assign(new Error('Aborted()'), { name: 'RuntimeError' }), 'wasm');
    expect(isTrmError(e) && e.code).toBe('TRM_ERR_INVALID_CONFIG');
    const other = new Error('something else');
    expect(wrapBackendAbort(other, 'wasm')).toBe(other);
  });
});

describe('training options are checked before any backend starts', () => {
  it('steps -5 is TRM_ERR_INVALID_OPTIONS naming the option, with no backend line', async () => {
    const sdk = createSdk({ models: 'none' });
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: unknown) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await expect(sdk.train({ task: 'sudoku-4x4', steps: -5 })).rejects.toThrow(/option steps must be an integer in \[1, /);
      await expect(sdk.train({ task: 'sudoku-4x4', batchSize: 1.5 })).rejects.toThrow(/option batchSize/);
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).not.toMatch(/backend/);
  });
});
