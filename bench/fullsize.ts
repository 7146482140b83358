/**
 * `npm run bench -- fullsize`: what running the published checkpoints costs here. Random weights
 * in the official shapes (the real files cannot be downloaded on these machines; speed does not
 * depend on the values):
 *   - HRM Sudoku-Extreme: hidden 512, 8 heads, H_layers 4 + L_layers 4, H/L cycles 2/2, 16 steps,
 *     seq 81 + 1 puzzle-prefix row, vocab 11 (about 27M parameters);
 *   - TRM Sudoku (the paper's): hidden 512, mlp_t, 2 layers, T = 3, n = 6, 16-token prefix.
 * Per shape, on wasm (`TRM_BENCH_BACKEND` to change): ms per supervision step for one puzzle and
 * per puzzle in a batch of 8 (median of `TRM_BENCH_RUNS`, default 3, after one warm-up), and the
 * implied time of a full 16-step solve. Then leak check: the shipped 4×4 model solves 1,000
 * puzzles through `sdk.solve`; live tensors and heap are sampled every 250 solves.
 */
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { median, type BenchRow } from './harness.js';
import { initBackend } from '../src/neural/backend.js';
import { defaultConfig, hrmDefaultConfig, validateConfig, type TrmConfig } from '../src/neural/config.js';
import { TrmModel } from '../src/neural/model.js';
import { disposeCarry, evalStep, initialCarry, type TrmBatch } from '../src/neural/act.js';
import { createRng } from '../src/util/rng.js';
import { createSdk } from '../src/sdk/sdk.js';

const GROUP = 'fullsize';

/** The official HRM Sudoku-Extreme shape (all_config.yaml of sapientinc/HRM-checkpoint-sudoku-extreme, as in test/fixtures/golden/pytorch/example-hrm-sudoku-extreme.all_config.yaml). */
export const HRM_SUDOKU_EXTREME: TrmConfig = validateConfig({
  ...hrmDefaultConfig,
  seqLen: 81,
  vocabSize: 11,
  numPuzzleIdentifiers: 1,
  hiddenSize: 512,
  numHeads: 8,
  expansion: 4,
  puzzleEmbNdim: 512,
  haltMaxSteps: 16,
  batchSize: 768,
});

/** The TRM paper's Sudoku-Extreme shape (the defaults: mlp_t, T = 3, n = 6, 2 layers, hidden 512). */
export const TRM_SUDOKU_EXTREME: TrmConfig = validateConfig({ ...defaultConfig });

function batch(c: TrmConfig, B: number): TrmBatch {
  const rng = createRng(7);
  return { batchSize: B, inputs: Int32Array.from({ length: B * c.seqLen }, () => 1 + rng.int(c.vocabSize - 1)), puzzleIdentifiers: new Int32Array(B) };
}

function stepMs(model: TrmModel, B: number, runs: number): number[] {
  const b = batch(model.config, B);
  let carry = initialCarry(model, B);
  const out: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = evalStep(model, carry, b);
    carry = r.carry;
    if (i > 0) out.push(performance.now() - t0); // the first step warms up kernels and the heap
  }
  disposeCarry(carry);
  return out;
}

async function shapeRows(name: string, c: TrmConfig, backend: string, runs: number): Promise<BenchRow[]> {
  const model = new TrmModel(c, { seed: 1 });
  const params = model.parameterCount();
  const rows: BenchRow[] = [];
  try {
    const one = median(stepMs(model, 1, runs));
    const eight = median(stepMs(model, 8, runs)) / 8;
    const notes = `${backend}; ${(params / 1e6).toFixed(1)}M parameters; ${c.haltMaxSteps} steps per full solve`;
    rows.push({ group: GROUP, name: `${name}: one puzzle, ms per step`, median: one, unit: 'ms', runs, notes, extra: { params, fullSolveS: (one * c.haltMaxSteps) / 1000 } });
    rows.push({ group: GROUP, name: `${name}: batch 8, ms per puzzle per step`, median: eight, unit: 'ms', runs, notes, extra: { params, fullSolveS: (eight * c.haltMaxSteps) / 1000 } });
    rows.push({ group: GROUP, name: `${name}: full ${c.haltMaxSteps}-step solve, one puzzle`, median: (one * c.haltMaxSteps) / 1000, unit: 's', runs, notes: `${notes}; early exit stops at the first verified step` });
  } finally {
    model.dispose();
  }
  return rows;
}

/** 1,000 solves with the shipped 4×4 model: live tensors and heap must stay flat. */
async function leakRows(): Promise<BenchRow[]> {
  const sdk = createSdk();
  const ex = sdk.generate('sudoku-4x4', { n: 1000, seed: 3 });
  const plugin = sdk.plugin('sudoku-4x4');
  const samples: { solves: number; tensors: number; heapMB: number }[] = [];
  for (let i = 0; i < ex.length; i++) {
    await sdk.solve('sudoku-4x4', plugin.formatPuzzle(ex[i]!.puzzle), { strategy: 'neural-only' });
    if ((i + 1) % 250 === 0 || i === 0) {
      if (global.gc) global.gc();
      samples.push({ solves: i + 1, tensors: tf.memory().numTensors, heapMB: process.memoryUsage().heapUsed / 2 ** 20 });
    }
  }
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  return [
    { group: GROUP, name: 'leak check: live tensors after 1 → 1,000 solves', median: last.tensors - first.tensors, unit: 'tensors', runs: 1, notes: `shipped sudoku-4x4, neural-only; samples ${JSON.stringify(samples.map((s) => [s.solves, s.tensors]))}`, extra: { samples } },
    { group: GROUP, name: 'leak check: heap growth after 1 → 1,000 solves', median: last.heapMB - first.heapMB, unit: 'MiB', runs: 1, notes: 'without --expose-gc this includes garbage not yet collected' },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const info = await initBackend(process.env.TRM_BENCH_BACKEND ?? 'wasm');
  const runs = Number(process.env.TRM_BENCH_RUNS ?? 3);
  return [
    ...(await shapeRows('HRM Sudoku-Extreme shape', HRM_SUDOKU_EXTREME, info.backend, runs)),
    ...(await shapeRows('TRM Sudoku-Extreme shape', TRM_SUDOKU_EXTREME, info.backend, runs)),
    ...(await leakRows()),
  ];
}
