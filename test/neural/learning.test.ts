/**
 * The TRM learns: a tiny model (mlp_t, H = 32, T = 2, n = 2, 2 supervision steps) trained with
 * deep supervision and AdamW overfits eight 4×4 Sudoku puzzles to 100% exact accuracy in
 * evaluation mode, within a bounded number of optimizer steps, without leaking tensors.
 *
 * The HRM learns too: trained directly with trainStep, and through `trainTask` (sdk.train) with
 * the `architecture: 'hrm'` setting, its loss falls, and its checkpoint loads back as an HRM.
 *
 * Puzzles, tokens and the final check come from the Sudoku plugin (`sudoku4x4Plugin`: generate,
 * encode — pad 0, blank 1, digit d → d + 1, vocab 6, seqLen 16 — decode and verify).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/neural/backend.js';
import { TrmModel } from '../../src/neural/model.js';
import { disposeCarry, initialCarry, trainStep, type TrmBatch } from '../../src/neural/act.js';
import { refine } from './support/refine.js';
import { AdamW } from '../../src/neural/adamw.js';
import { hrmDefaultConfig, validateConfig } from '../../src/neural/config.js';
import { trainTask } from '../../src/sdk/train.js';
import { loadTaskModel } from '../../src/sdk/load-task-model.js';
import type { TrmTaskModel } from '../../src/sdk/trm-task-model.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRng } from '../../src/util/rng.js';
import { sudoku4x4Plugin as plugin } from '../../src/plugins/sudoku/index.js';

beforeAll(async () => {
  process.env.TRM_QUIET = '1';
  await initBackend('wasm');
});

describe('learning', () => {
  it('a tiny TRM overfits eight 4×4 Sudokus to 100% exact accuracy', async () => {
    const n = 8;
    const rng = createRng(7);
    const examples = Array.from({ length: n }, () => plugin.generate!(rng));
    const encoded = examples.map((e) => plugin.encode(e.puzzle, e.answer));
    const { seqLen, vocabSize } = plugin.tokens;
    expect([seqLen, vocabSize]).toEqual([16, 6]);
    const batch: TrmBatch = {
      batchSize: n,
      inputs: Int32Array.from(encoded.flatMap((e) => [...e.inputs[0]!])),
      labels: Int32Array.from(encoded.flatMap((e) => [...e.labels![0]!])),
      puzzleIdentifiers: Int32Array.from(encoded.map((e) => e.puzzleIdentifiers[0]!)),
    };
    const config = validateConfig({
      seqLen,
      vocabSize,
      numPuzzleIdentifiers: plugin.tokens.numPuzzleIdentifiers,
      puzzleEmbNdim: 0,
      puzzleEmbLen: 0,
      hiddenSize: 32,
      expansion: 4,
      numHeads: 2,
      posEncodings: 'none',
      mlpT: true,
      lLayers: 1,
      hCycles: 2,
      lCycles: 2,
      haltMaxSteps: 2,
      haltExplorationProb: 0.1,
      rmsNormEps: 1e-5,
      ropeTheta: 10000,
      noActContinue: true,
      batchSize: n,
    });
    const model = new TrmModel(config, { seed: 3 });
    const opt = new AdamW(model.params, { betas: [0.9, 0.95], weightDecay: 0 });
    const before = tf.memory().numTensors;

    /** Fraction of rows whose decoded prediction passes the plugin's verify (evaluation mode, haltMaxSteps steps). */
    const exactAccuracy = async (): Promise<number> => {
      const { last } = await refine(model, batch);
      const solved = last!.predictions.filter((row, b) => plugin.verify(examples[b]!.puzzle, plugin.decode([row], examples[b]!.puzzle)).ok);
      return solved.length / n;
    };

    const maxSteps = 300;
    const haltRng = createRng(11);
    const losses: number[] = [];
    let carry = initialCarry(model, n);
    let reached = -1;
    let acc = await exactAccuracy();
    expect(acc).toBeLessThan(1); // untrained: not already solved
    try {
      for (let step = 1; step <= maxSteps; step++) {
        const r = trainStep(model, carry, batch, { rng: haltRng });
        carry = r.carry;
        losses.push(r.lmLoss);
        opt.step(r.grads, 5e-3);
        tf.dispose([...r.grads.values()]);
        if (step % 10 === 0) {
          acc = await exactAccuracy();
          if (acc === 1) {
            reached = step;
            break;
          }
        }
      }
    } finally {
      disposeCarry(carry);
    }
    console.log(`[learning] ${reached > 0 ? `100% exact after ${reached}` : `${acc * 100}% exact after ${maxSteps}`} optimizer steps; lm_loss ${losses[0]!.toFixed(3)} → ${losses[losses.length - 1]!.toFixed(3)}`);
    expect(reached, `exact accuracy stayed at ${acc} after ${maxSteps} steps`).toBeGreaterThan(0);
    // The LM loss falls (the total also holds the Q-halt loss, which first rises: rows become
    // right before the Q head learns to say so).
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 2);
    // Only the optimizer's moments (m, v per trainable parameter) remain, and the model's
    // inference weight cache until it is released.
    expect(tf.memory().numTensors - before).toBe(2 * model.trainableNames().length + model.cachedWeightTensors);
    model.releaseCachedWeights();
    expect(tf.memory().numTensors - before).toBe(2 * model.trainableNames().length);
    opt.dispose();
    model.dispose();
  });

  it('a tiny HRM learns 4×4 Sudokus: lm_loss falls under trainStep + AdamW', async () => {
    const n = 8;
    const rng = createRng(7);
    const examples = Array.from({ length: n }, () => plugin.generate!(rng));
    const encoded = examples.map((e) => plugin.encode(e.puzzle, e.answer));
    const batch: TrmBatch = {
      batchSize: n,
      inputs: Int32Array.from(encoded.flatMap((e) => [...e.inputs[0]!])),
      labels: Int32Array.from(encoded.flatMap((e) => [...e.labels![0]!])),
      puzzleIdentifiers: Int32Array.from(encoded.map((e) => e.puzzleIdentifiers[0]!)),
    };
    const config = validateConfig({
      ...hrmDefaultConfig,
      seqLen: plugin.tokens.seqLen,
      vocabSize: plugin.tokens.vocabSize,
      numPuzzleIdentifiers: plugin.tokens.numPuzzleIdentifiers,
      puzzleEmbNdim: 0,
      hiddenSize: 32,
      numHeads: 2,
      hLayers: 1,
      lLayers: 1,
      hCycles: 2,
      lCycles: 2,
      haltMaxSteps: 2,
      batchSize: n,
    });
    const model = new TrmModel(config, { seed: 3 });
    expect(model.architecture.name).toBe('hrm');
    const opt = new AdamW(new Map(model.trainableNames().map((k) => [k, model.params.get(k)!])), { betas: [0.9, 0.95], weightDecay: 0 });
    const before = tf.memory().numTensors;
    const haltRng = createRng(11);
    const losses: number[] = [];
    const qContinue: number[] = [];
    let carry = initialCarry(model, n);
    try {
      for (let step = 1; step <= 80; step++) {
        const r = trainStep(model, carry, batch, { rng: haltRng });
        carry = r.carry;
        losses.push(r.lmLoss);
        qContinue.push(r.qContinueLoss);
        opt.step(r.grads, 5e-3);
        tf.dispose([...r.grads.values()]);
      }
    } finally {
      disposeCarry(carry);
    }
    const { last } = await refine(model, batch);
    const solved = last!.predictions.filter((row, b) => plugin.verify(examples[b]!.puzzle, plugin.decode([row], examples[b]!.puzzle)).ok).length;
    const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
    console.log(`[learning hrm] lm_loss ${mean(losses.slice(0, 5)).toFixed(3)} → ${mean(losses.slice(-5)).toFixed(3)} in 80 steps; ${solved}/${n} solved`);
    // HRM always trains the Q-continue bootstrap: its loss is there.
    expect(qContinue.every((q) => q > 0)).toBe(true);
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) / 2);
    expect(tf.memory().numTensors - before).toBe(2 * model.trainableNames().length + model.cachedWeightTensors);
    model.releaseCachedWeights();
    expect(tf.memory().numTensors - before).toBe(2 * model.trainableNames().length);
    opt.dispose();
    model.dispose();
  });

  it("sdk train with architecture 'hrm': the loss falls and the checkpoint loads back as the same HRM", async () => {
    const rng = createRng(5);
    const data = Array.from({ length: 40 }, () => plugin.generate!(rng));
    const dir = mkdtempSync(path.join(tmpdir(), 'trm-hrm-train-'));
    const losses: number[] = [];
    try {
      const res = await trainTask(plugin, {
        task: plugin.name,
        architecture: 'hrm',
        model: { hiddenSize: 32, numHeads: 2, expansion: 2, hLayers: 1, lLayers: 1, hCycles: 1, lCycles: 2, haltMaxSteps: 2 },
        hyper: { lr: 3e-3, warmupSteps: 0, emaRate: 0 },
        data,
        evalSize: 4,
        steps: 40,
        batchSize: 8,
        seed: 2,
        backend: 'wasm',
        checkpointDir: dir,
        checkpointEvery: 1000,
        onProgress: (p) => losses.push(p.loss),
      });
      try {
        expect(res.config.architecture).toBe('hrm');
        // The preset is the 4×4 Sudoku TRM-MLP: an HRM takes only its shared fields, never mlp_t.
        expect(res.config.mlpT).toBe(false);
        expect(res.config.noActContinue).toBe(false);
        console.log(`[learning hrm sdk] loss per row by window: ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
        expect(losses.length).toBeGreaterThanOrEqual(3);
        expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
        const loaded = await loadTaskModel(res.modelPath!, 'hrm', 'wasm');
        try {
          expect(loaded.model.config).toEqual((res.taskModel as TrmTaskModel).model.config);
          expect(loaded.metadata.architecture).toBe('hrm_act_v1');
          for (const [k, v] of (res.taskModel as TrmTaskModel).model.params) expect(Array.from(loaded.model.params.get(k)!.dataSync()), k).toEqual(Array.from(v.dataSync()));
        } finally {
          loaded.model.dispose();
        }
      } finally {
        (res.taskModel as TrmTaskModel).model.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
