/**
 * Data-parallel training: N ranks over worker threads give the single-worker update.
 *   - shards, worker counts and the exploration tape (no threads);
 *   - on the golden TRM and HRM: one DataParallel step (2 and 3 ranks) gives trainStep's loss,
 *     metrics, halting, generator state and gradients (relative 1e-5 of each tensor's max), and one
 *     trainer step with 2 workers gives the 1-worker parameters (relative 1e-5);
 *   - the trainer step again with the workers on wasm;
 *   - a short run with 2 workers that evaluates, checkpoints, stops, and is resumed matches the
 *     same run with 1 worker: the loss curve, train-exact, progress reports, the final model.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initBackend } from '../../src/neural/backend.js';
import { readSafetensorsFileSync } from '../../src/neural/safetensors.js';
import { configFromReference, type TrmConfig } from '../../src/neural/config.js';
import { metadataArchitecture } from '../../src/neural/checkpoint.js';
import { TrmModel } from '../../src/neural/model.js';
import { disposeCarry, initialCarry, trainStep, type TrmBatch } from '../../src/neural/act.js';
import { DataParallel } from '../../src/neural/parallel/data-parallel.js';
import { drawExplorationTape, resolveWorkers, shardRanges, tapeSlice, TapeRng } from '../../src/neural/parallel/shards.js';
import { train, type TrainHyper, type TrainProgress } from '../../src/neural/trainer.js';
import type { TokenRow } from '../../src/neural/evaluate.js';
import { createRng } from '../../src/util/rng.js';
import { relErr } from './support/rel-err.js';
import { goldenDir } from '../support/fixtures.js';

const GOLDEN = goldenDir();
const BACKEND = process.env.TRM_PARALLEL_TEST_BACKEND ?? 'cpu';


function golden(name: string): { config: TrmConfig; state: Map<string, { shape: number[]; data: Float32Array }>; batch: TrmBatch & { labels: Int32Array } } {
  const ckpt = readSafetensorsFileSync(path.join(GOLDEN, `${name}.checkpoint.safetensors`));
  const exp = readSafetensorsFileSync(path.join(GOLDEN, `${name}.expected.safetensors`));
  const config = configFromReference(ckpt.metadata.config, metadataArchitecture(ckpt.metadata));
  const get = (k: string) => exp.tensors.get(k)!;
  const B = get('batch.inputs').shape[0]!;
  return {
    config,
    state: ckpt.tensors as unknown as Map<string, { shape: number[]; data: Float32Array }>,
    batch: { batchSize: B, inputs: get('batch.inputs').data as Int32Array, labels: get('batch.labels').data as Int32Array, puzzleIdentifiers: get('batch.puzzle_identifiers').data as Int32Array },
  };
}

function rowsOf(batch: TrmBatch & { labels: Int32Array }, S: number): TokenRow[] {
  return Array.from({ length: batch.batchSize }, (_, b) => ({
    inputs: batch.inputs.slice(b * S, (b + 1) * S),
    labels: batch.labels.slice(b * S, (b + 1) * S),
    puzzleIdentifier: batch.puzzleIdentifiers[b]!,
  }));
}

const HYPER: TrainHyper = { batchSize: 3, steps: 1, lr: 1e-3, warmupSteps: 0, lrMinRatio: 1, weightDecay: 0.1, betas: [0.9, 0.95], puzzleEmbLr: 1e-2, puzzleEmbWeightDecay: 0.1, emaRate: 0 };

describe('data-parallel pieces', () => {
  it('splits a batch into contiguous shards whose sizes differ by at most one', () => {
    expect(shardRanges(3, 2)).toEqual([{ lo: 0, hi: 1 }, { lo: 1, hi: 3 }]);
    expect(shardRanges(32, 3).map((s) => s.hi - s.lo)).toEqual([10, 11, 11]);
    expect(shardRanges(5, 1)).toEqual([{ lo: 0, hi: 5 }]);
    expect(() => shardRanges(2, 3)).toThrow(/must not exceed batchSize/);
  });

  it('defaults workers to the cores, capped by the batch size', () => {
    const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    expect(resolveWorkers(undefined, 1024)).toBe(cores);
    expect(resolveWorkers(undefined, 1)).toBe(1);
    expect(resolveWorkers(8, 3)).toBe(3);
    expect(resolveWorkers(1, 64)).toBe(1);
    expect(() => resolveWorkers(0, 64)).toThrow(/positive integer/);
    expect(() => resolveWorkers(1.5, 64)).toThrow(/positive integer/);
  });

  it('replays the exploration draws of any shard exactly as one generator over the whole batch', () => {
    const p = 0.5;
    const max = 8;
    const direct = createRng(7);
    const expected = Array.from({ length: 20 }, () => (direct.next() < p ? 2 + direct.int(max - 1) : 0));
    const rng = createRng(7);
    const tape = drawExplorationTape(rng, 20, p, max);
    expect(rng.next()).toBe(direct.next()); // the generator advanced exactly as one pass would
    const replayed: number[] = [];
    for (const { lo, hi } of shardRanges(20, 3)) {
      const r = new TapeRng(tapeSlice(tape, lo, hi));
      for (let b = lo; b < hi; b++) replayed.push(r.next() < p ? 2 + r.int(max - 1) : 0);
      r.assertConsumed();
    }
    expect(replayed).toEqual(expected);
    const r = new TapeRng(tapeSlice(tape, 0, 1));
    expect(() => r.int(3)).toThrow(/replay/);
    expect(drawExplorationTape(createRng(1), 4, 0.5, 1).kinds.length).toBe(0);
  });
});

describe.each(['trm-attn-rope', 'hrm-attn-rope'])(`data-parallel step on the golden %s (${BACKEND} backend)`, (name) => {
  beforeAll(async () => {
    process.env.TRM_QUIET = '1';
    await initBackend(BACKEND);
  });

  it.each([2, 3])('%i ranks: loss, metrics, halting, generator and gradients equal one trainStep (relative 1e-5)', async (workers) => {
    const g = golden(name);
    const one = new TrmModel(g.config, { seed: 0 });
    const many = new TrmModel(g.config, { seed: 0 });
    one.loadState(g.state);
    many.loadState(g.state);
    const dp = await DataParallel.start({ model: many, batchSize: g.batch.batchSize, workers, backend: BACKEND });
    try {
      // Two steps: the second keeps some rows' carries (the rows that did not halt) in each shard.
      const rngA = createRng(11);
      const rngB = createRng(11);
      let carry = initialCarry(one, g.batch.batchSize);
      for (let k = 0; k < 2; k++) {
        const a = trainStep(one, carry, g.batch, { rng: rngA });
        carry = a.carry;
        const b = await dp.step(g.batch, rngB);
        try {
          expect(Math.abs(b.loss - a.loss) / Math.abs(a.loss)).toBeLessThan(1e-5);
          expect(b.metrics.count).toBe(a.metrics.count);
          expect(b.metrics.exactAccuracy).toBeCloseTo(a.metrics.exactAccuracy, 6);
          expect(b.metrics.accuracy).toBeCloseTo(a.metrics.accuracy, 6);
          expect(Array.from(dp.halted)).toEqual(Array.from(a.carry.halted));
          expect([...b.grads.keys()].sort()).toEqual([...a.grads.keys()].sort());
          const errs = [...a.grads].map(([n, ga]) => [n, relErr(b.grads.get(n)!.dataSync(), ga.dataSync())] as const);
          const worst = errs.reduce((x, y) => (y[1] > x[1] ? y : x));
          console.log(`[parallel ${BACKEND} ${name} ×${workers} step ${k + 1}] worst gradient ${worst[0]} ${worst[1].toExponential(2)}`);
          expect(errs.filter(([, e]) => !(e <= 1e-5))).toEqual([]);
          expect(!!b.puzzleEmbGrad).toBe(!!a.puzzleEmbGrad);
          if (a.puzzleEmbGrad) {
            expect(Array.from(b.puzzleEmbGrad!.ids)).toEqual(Array.from(a.puzzleEmbGrad.ids));
            expect(relErr(b.puzzleEmbGrad!.grad.dataSync(), a.puzzleEmbGrad.grad.dataSync())).toBeLessThan(1e-5);
          }
        } finally {
          tf.dispose([...a.grads.values(), ...b.grads.values()]);
          a.puzzleEmbGrad?.grad.dispose();
          b.puzzleEmbGrad?.grad.dispose();
        }
        // The weights the workers see next step change as the trainer's would (a small nudge everywhere).
        for (const m of [one, many]) for (const n of m.trainableNames()) tf.tidy(() => m.params.get(n)!.assign(m.params.get(n)!.mul(0.99)));
      }
      expect(rngB.next()).toBe(rngA.next());
      disposeCarry(carry);
    } finally {
      await dp.close();
      one.dispose();
      many.dispose();
    }
  });

  it('one trainer step with 2 workers gives the 1-worker parameters (relative 1e-5)', async () => {
    const g = golden(name);
    const S = g.config.seqLen;
    const rows = rowsOf(g.batch, S);
    const run = async (workers: number) =>
      train({
        config: { ...g.config, batchSize: 3 },
        hyper: HYPER,
        seed: 5,
        nextRows: (n) => rows.slice(0, n),
        evalRows: [],
        evalEvery: 0,
        initialWeights: g.state,
        workers,
      });
    const a = await run(1);
    const b = await run(2);
    try {
      expect(a.workers).toBe(1);
      expect(b.workers).toBe(2);
      const before = new TrmModel(g.config, { seed: 0 });
      before.loadState(g.state);
      let moved = 0;
      for (const [n, pa] of a.model.params) {
        const va = pa.dataSync();
        const e = relErr(b.model.params.get(n)!.dataSync(), va);
        expect(e, `${n}: 2-worker vs 1-worker parameters`).toBeLessThan(1e-5);
        if (relErr(va, before.params.get(n)!.dataSync()) > 1e-6) moved++;
      }
      before.dispose();
      expect(moved).toBeGreaterThan(a.model.trainableNames().length / 2); // the step did change the weights
    } finally {
      a.model.dispose();
      b.model.dispose();
    }
  });
});

// The wasm backend (the default one) in the workers as well: one trainer step on the golden TRM.
describe.skipIf(BACKEND === 'wasm')(`data-parallel trainer step on the wasm backend${BACKEND === 'wasm' ? ' — SKIPPED: TRM_PARALLEL_TEST_BACKEND=wasm already runs every step above on wasm' : ''}`, () => {
  beforeAll(async () => {
    process.env.TRM_QUIET = '1';
    await initBackend('wasm');
  });

  it('trm-attn-rope: one trainer step with 2 workers gives the 1-worker parameters (relative 1e-5)', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const g = golden('trm-attn-rope');
    const rows = rowsOf(g.batch, g.config.seqLen);
    const run = (workers: number) => train({ config: { ...g.config, batchSize: 3 }, hyper: HYPER, seed: 5, nextRows: (n) => rows.slice(0, n), evalRows: [], evalEvery: 0, initialWeights: g.state, workers });
    const a = await run(1);
    const b = await run(2);
    try {
      expect(b.backend).toBe('wasm');
      for (const [n, pa] of a.model.params) expect(relErr(b.model.params.get(n)!.dataSync(), pa.dataSync()), n).toBeLessThan(1e-5);
    } finally {
      a.model.dispose();
      b.model.dispose();
    }
  });
});

describe(`data-parallel training run (${BACKEND} backend)`, () => {
  beforeAll(async () => {
    process.env.TRM_QUIET = '1';
    await initBackend(BACKEND);
  });

  // A small attention TRM with a puzzle embedding (sign-SGD) and halting exploration; a copy task.
  const config: TrmConfig = {
    ...configFromReference(JSON.stringify({ batch_size: 4, seq_len: 12, num_puzzle_identifiers: 5, vocab_size: 6, H_cycles: 2, L_cycles: 2, H_layers: 0, L_layers: 1, hidden_size: 16, expansion: 2, num_heads: 2, halt_max_steps: 3, halt_exploration_prob: 0.3, forward_dtype: 'float32', puzzle_emb_ndim: 16, puzzle_emb_len: 1, no_ACT_continue: true, pos_encodings: 'rope', mlp_t: false }), 'trm'),
  };
  const S = config.seqLen;
  const makeRows = (seed: number) => {
    const rng = createRng(seed);
    return (n: number): TokenRow[] =>
      Array.from({ length: n }, () => {
        const inputs = Int32Array.from({ length: S }, () => 1 + rng.int(5));
        return { inputs, labels: inputs.map((t) => 1 + (t % 5)), puzzleIdentifier: rng.int(5) };
      });
  };
  const evalRows = makeRows(99)(6);
  const hyper: TrainHyper = { ...HYPER, batchSize: 4, steps: 12, lr: 3e-3, warmupSteps: 2, lrMinRatio: 0.5, emaRate: 0.9 };

  /** Trains to step 7 (stopped by the signal), then resumes to 12; returns the metrics lines, progress and final model. */
  async function stopAndResume(workers: number) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trm-dp-${workers}-`));
    const progress: TrainProgress[] = [];
    const ac = new AbortController();
    const common = { config, hyper, seed: 3, evalRows, evalEvery: 4, logEvery: 1, checkpointDir: dir, checkpointEvery: 3, workers, onNotice: () => {} };
    const first = await train({
      ...common,
      nextRows: makeRows(1),
      signal: ac.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.step === 7) ac.abort();
      },
    });
    first.model.dispose();
    const second = await train({ ...common, nextRows: makeRows(2), resume: true, onProgress: (p) => progress.push(p) });
    const metrics = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    fs.rmSync(dir, { recursive: true, force: true });
    return { first, second, progress, metrics };
  }

  it("a worker's error rejects the step with the worker's error code, and later steps; close() still works", async () => {
    const model = new TrmModel(config, { seed: 1 });
    const dp = await DataParallel.start({ model, batchSize: 4, workers: 2, backend: BACKEND });
    try {
      const rows = makeRows(5)(4);
      const batch = { batchSize: 4, inputs: new Int32Array(4 * S), labels: new Int32Array(4 * S), puzzleIdentifiers: new Int32Array(4) };
      rows.forEach((r, b) => {
        batch.inputs.set(r.inputs, b * S);
        batch.labels.set(r.labels, b * S);
      });
      batch.labels[3 * S + 2] = 77; // out of range, in the worker's shard (rows 2–3)
      await expect(dp.step(batch, createRng(1))).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_INPUT', message: expect.stringMatching(/data-parallel worker 1: .*row 1, position 2 is 77/) });
      await expect(dp.step(batch, createRng(1))).rejects.toThrow(/data-parallel worker 1/);
    } finally {
      await dp.close();
      model.dispose();
    }
  });

  it('evaluates, checkpoints, stops and resumes with 2 workers exactly as with 1 (loss curve within 1e-4)', async () => {
    const a = await stopAndResume(1);
    const b = await stopAndResume(2);
    try {
      expect(a.first.stoppedEarly && b.first.stoppedEarly).toBe(true);
      expect([a.first.steps, a.second.resumedFrom, a.second.steps]).toEqual([7, 7, 12]);
      expect([b.first.steps, b.second.resumedFrom, b.second.steps]).toEqual([7, 7, 12]);
      expect(b.second.workers).toBe(2);
      // Same reports in the same order: steps, which carry an eval, train-exact; losses within tolerance.
      expect(b.progress.map((p) => [p.step, !!p.eval, p.trainExact, p.lr])).toEqual(a.progress.map((p) => [p.step, !!p.eval, p.trainExact, p.lr]));
      const lossErr = Math.max(...a.progress.map((p, i) => Math.abs(b.progress[i]!.loss - p.loss) / Math.abs(p.loss)));
      console.log(`[parallel ${BACKEND} run] loss curve ${a.progress.map((p) => p.loss.toFixed(4)).join(' ')}; worst relative difference 2 vs 1 worker ${lossErr.toExponential(2)}`);
      expect(lossErr).toBeLessThan(1e-4);
      expect(b.metrics.map((m) => [m.type, m.step])).toEqual(a.metrics.map((m) => [m.type, m.step]));
      for (let i = 0; i < a.progress.length; i++) {
        if (a.progress[i]!.eval) expect(b.progress[i]!.eval!.tokenAccuracy).toBeCloseTo(a.progress[i]!.eval!.tokenAccuracy, 5);
      }
      // The final models (EMA weights) agree.
      for (const [n, p] of a.second.model.params) expect(relErr(b.second.model.params.get(n)!.dataSync(), p.dataSync()), n).toBeLessThan(1e-4);
    } finally {
      a.second.model.dispose();
      b.second.model.dispose();
    }
  });
});
