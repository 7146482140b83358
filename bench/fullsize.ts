/**
 * `npm run bench -- fullsize`: what running the published checkpoints costs here, on both
 * inference engines side by side in one run. Random weights in the official shapes (the real
 * files cannot be downloaded on these machines; speed does not depend on the values):
 *   - HRM Sudoku-Extreme: hidden 512, 8 heads, H_layers 4 + L_layers 4, H/L cycles 2/2, 16 steps,
 *     seq 81 + 1 puzzle-prefix row, vocab 11 (about 27M parameters);
 *   - TRM Sudoku (the paper's): hidden 512, mlp_t, 2 layers, T = 3, n = 6, 16-token prefix.
 * Per shape and engine (tfjs on wasm, `TRM_BENCH_BACKEND` to change; ONNX Runtime on CPU with
 * `TRM_ORT_THREADS` or every core), the two engines' steps interleaved: ms per supervision step for one puzzle and per puzzle in a
 * batch of 8 (median of `TRM_BENCH_RUNS`, default 3, after one warm-up), the speed-up, and the
 * step's matmul GFLOP/s as a share of ONNX Runtime's lone-matmul GFLOP/s measured in the same
 * run ([82×512]·[512×2048]·[2048×512]). Then memory over 1,000 solves of the shipped 4×4 model
 * through `sdk.solve` on each engine: RSS (both) and live tensors (tfjs), sampled every 250.
 */
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { median, type BenchRow } from './harness.js';
import { initBackend } from '../src/neural/backend.js';
import { defaultConfig, effectivePuzzleEmbLen, hrmDefaultConfig, swigluInnerSize, validateConfig, type TrmConfig } from '../src/neural/config.js';
import { TrmModel, type StateTensor } from '../src/neural/model.js';
import { disposeCarry, evalStep, initialCarry, type TrmBatch } from '../src/neural/act.js';
import { buildStepGraph } from '../src/neural/onnx/export.js';
import { GraphBuilder } from '../src/neural/onnx/graph.js';
import { loadOrtNode, type OrtRuntime, type OrtSession, type OrtTensor } from '../src/neural/onnx/ort-node.js';
import { OrtStepSession } from '../src/neural/onnx/step-session.js';
import { createRng } from '../src/util/rng.js';
import { createSdk } from '../src/sdk/sdk.js';
import { ortThreads } from '../src/sdk/engine.js';

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

/**
 * Matmul FLOPs (2·m·k·n each) of one supervision step for B puzzles: every block application's
 * projections, attention products or sequence MLP, and the heads. Elementwise work is left out.
 */
export function stepFlops(c: TrmConfig, B: number): number {
  const L = c.seqLen + effectivePuzzleEmbLen(c);
  const H = c.hiddenSize;
  const N = B * L;
  const I = swigluInnerSize(H, c.expansion);
  const mlp = 2 * N * H * 2 * I + 2 * N * I * H;
  const mix = c.mlpT
    ? 2 * B * H * L * 2 * swigluInnerSize(L, c.expansion) + 2 * B * H * swigluInnerSize(L, c.expansion) * L
    : 2 * N * H * 3 * H + 2 * N * H * H + 2 * 2 * B * L * L * H;
  const blocks = c.architecture === 'hrm' ? c.hCycles * c.lCycles * c.lLayers + c.hCycles * c.hLayers : c.hCycles * (c.lCycles + 1) * c.lLayers;
  return blocks * (mlp + mix) + 2 * B * c.seqLen * H * c.vocabSize + 2 * B * H * 2;
}

/**
 * ms per supervision step of `B` puzzles on both engines, interleaved step by step (tfjs, then
 * ORT, then tfjs, …) so that both see the same load on a shared machine; one warm-up step each.
 */
async function interleavedStepMs(model: TrmModel, s: OrtStepSession | null, B: number, runs: number): Promise<{ tfjs: number[]; ort: number[] }> {
  const b = batch(model.config, B);
  let carry = initialCarry(model, B);
  const ortSteps = s ? s.steps(b, runs + 1) : null;
  const out = { tfjs: [] as number[], ort: [] as number[] };
  try {
    for (let i = 0; i <= runs; i++) {
      let t0 = performance.now();
      carry = evalStep(model, carry, b).carry;
      if (i > 0) out.tfjs.push(performance.now() - t0); // the first step warms up kernels, heap and arena
      if (ortSteps) {
        t0 = performance.now();
        await ortSteps.next();
        if (i > 0) out.ort.push(performance.now() - t0);
      }
    }
  } finally {
    disposeCarry(carry);
    await ortSteps?.return();
  }
  return out;
}

/** The model's parameters as a state dict (what a checkpoint load hands the exporter). */
function stateOf(model: TrmModel): Map<string, StateTensor> {
  return new Map([...model.params].map(([n, v]) => [n, { shape: v.shape, data: v.dataSync() as Float32Array }]));
}

/**
 * ORT's lone-matmul chain [82×512]·[512×2048]·[2048×512] in its own session. On a shared machine
 * the rate moves with the load, so it is sampled right before and after each step measurement and
 * the step's share is taken against the mean of those samples.
 */
class MatmulProbe {
  static readonly FLOPS = 2 * 2 * 82 * 512 * 2048;
  readonly samples: number[] = [];
  private constructor(
    private readonly session: OrtSession,
    private readonly feed: Record<string, OrtTensor>,
  ) {}

  static async create(rt: OrtRuntime, threads: number): Promise<MatmulProbe> {
    const rng = createRng(3);
    const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.next() - 0.5);
    const g = new GraphBuilder();
    const x = g.input({ name: 'x', type: 'float', dims: [82, 512] });
    const h = g.op1('MatMul', [x, g.weight('w1', rand(512 * 2048), [512, 2048])]);
    g.output(g.op1('MatMul', [h, g.weight('w2', rand(2048 * 512), [2048, 512])]), { name: 'y', type: 'float', dims: [82, 512] });
    const { session } = await rt.createSession(g.toBytes({ graphName: 'matmul', producer: 'bench', producerVersion: '0' }), { provider: 'cpu', intraOpThreads: threads });
    const probe = new MatmulProbe(session, { x: rt.tensor('float32', rand(82 * 512), [82, 512]) });
    await probe.session.run(probe.feed); // warm-up
    return probe;
  }

  /** GFLOP/s, median of `runs` chains; recorded in `samples`. */
  async sample(runs = 15): Promise<number> {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await this.session.run(this.feed);
      ms.push(performance.now() - t0);
    }
    const g = MatmulProbe.FLOPS / (median(ms) / 1000) / 1e9;
    this.samples.push(g);
    return g;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** tfjs's lone-matmul chain on the same shapes, for reference. */
function tfjsMatmulGflops(runs: number): number {
  const a = tf.randomUniform([82, 512]) as tf.Tensor2D;
  const w1 = tf.randomUniform([512, 2048]) as tf.Tensor2D;
  const w2 = tf.randomUniform([2048, 512]) as tf.Tensor2D;
  const ms: number[] = [];
  for (let i = 0; i <= runs * 5; i++) {
    const t0 = performance.now();
    tf.tidy(() => tf.matMul(tf.matMul(a, w1), w2).dataSync());
    if (i > 0) ms.push(performance.now() - t0);
  }
  tf.dispose([a, w1, w2]);
  return (2 * 2 * 82 * 512 * 2048) / (median(ms) / 1000) / 1e9;
}

async function shapeRows(name: string, c: TrmConfig, tfjsEngine: string, rt: OrtRuntime | null, threads: number, probe: MatmulProbe | null, runs: number): Promise<BenchRow[]> {
  const model = new TrmModel(c, { seed: 1 });
  const params = model.parameterCount();
  const rows: BenchRow[] = [];
  const base = `${(params / 1e6).toFixed(1)}M parameters; ${c.haltMaxSteps} steps per full solve; engines interleaved step by step; machine shared with other jobs`;
  const s = rt ? await OrtStepSession.create(rt, buildStepGraph(c, stateOf(model)), c, { provider: 'cpu', intraOpThreads: threads }) : null;
  try {
    const mm: number[] = [];
    if (probe) mm.push(await probe.sample());
    const r1 = await interleavedStepMs(model, s, 1, runs);
    if (probe) mm.push(await probe.sample());
    const r8 = await interleavedStepMs(model, s, 8, runs);
    if (probe) mm.push(await probe.sample());
    const t1 = median(r1.tfjs);
    const t8 = median(r8.tfjs) / 8;
    rows.push({ group: GROUP, name: `${name}: one puzzle, ms per step [${tfjsEngine}]`, median: t1, unit: 'ms', runs, notes: `${tfjsEngine}; ${base}`, extra: { engine: tfjsEngine, params, fullSolveS: (t1 * c.haltMaxSteps) / 1000 } });
    rows.push({ group: GROUP, name: `${name}: batch 8, ms per puzzle per step [${tfjsEngine}]`, median: t8, unit: 'ms', runs, notes: `${tfjsEngine}; ${base}`, extra: { engine: tfjsEngine } });
    if (s) {
      const engine = `${s.engine} (${threads} thread${threads === 1 ? '' : 's'})`;
      const o1 = median(r1.ort);
      const o8 = median(r8.ort) / 8;
      const g1 = stepFlops(c, 1) / (o1 / 1000) / 1e9;
      const g8 = stepFlops(c, 1) / (o8 / 1000) / 1e9;
      const matmulGflops = mm.length ? mm.reduce((a, b) => a + b, 0) / mm.length : null;
      const share = (g: number): string => (matmulGflops ? `${((100 * g) / matmulGflops).toFixed(0)}% of ORT's lone-matmul ${matmulGflops.toFixed(1)} GFLOP/s (mean of samples ${mm.map((x) => x.toFixed(1)).join(', ')} around these steps)` : '');
      rows.push({ group: GROUP, name: `${name}: one puzzle, ms per step [${engine}]`, median: o1, unit: 'ms', runs, notes: `${engine}; ${base}; ${g1.toFixed(0)} GFLOP/s, ${share(g1)}`, extra: { engine: s.engine, threads, gflops: g1, fullSolveS: (o1 * c.haltMaxSteps) / 1000 } });
      rows.push({ group: GROUP, name: `${name}: batch 8, ms per puzzle per step [${engine}]`, median: o8, unit: 'ms', runs, notes: `${engine}; ${base}; ${g8.toFixed(0)} GFLOP/s, ${share(g8)}`, extra: { engine: s.engine, threads, gflops: g8 } });
      rows.push({ group: GROUP, name: `${name}: speed-up ${s.engine} over ${tfjsEngine}, one puzzle`, median: t1 / o1, unit: '×', runs, notes: 'target ≥ 8× (issue 18)' });
      rows.push({ group: GROUP, name: `${name}: speed-up ${s.engine} over ${tfjsEngine}, batch 8`, median: t8 / o8, unit: '×', runs, notes: 'target ≥ 12× (issue 18)' });
      if (matmulGflops) {
        rows.push({ group: GROUP, name: `${name}: ${s.engine} step GFLOP/s as share of lone matmul, one puzzle`, median: (100 * g1) / matmulGflops, unit: '%', runs, notes: `${(stepFlops(c, 1) / 1e9).toFixed(2)} GFLOP per puzzle-step (matmuls); target ≥ 50%` });
        rows.push({ group: GROUP, name: `${name}: ${s.engine} step GFLOP/s as share of lone matmul, batch 8`, median: (100 * g8) / matmulGflops, unit: '%', runs, notes: `${(stepFlops(c, 1) / 1e9).toFixed(2)} GFLOP per puzzle-step (matmuls); target ≥ 50%` });
      }
      rows.push({ group: GROUP, name: `${name}: full ${c.haltMaxSteps}-step solve, one puzzle [${s.engine}]`, median: (o1 * c.haltMaxSteps) / 1000, unit: 's', runs, notes: `${engine}; early exit stops at the first verified step` });
    }
    rows.push({ group: GROUP, name: `${name}: full ${c.haltMaxSteps}-step solve, one puzzle [${tfjsEngine}]`, median: (t1 * c.haltMaxSteps) / 1000, unit: 's', runs, notes: `${tfjsEngine}; early exit stops at the first verified step` });
  } finally {
    await s?.release();
    model.dispose();
  }
  return rows;
}

/** 1,000 solves with the shipped 4×4 model on one engine: RSS (and, on tfjs, live tensors) must stay flat. */
async function memoryRows(engine: 'onnxruntime' | 'tfjs'): Promise<BenchRow[]> {
  const sdk = createSdk({ engine });
  const ex = sdk.generate('sudoku-4x4', { n: 1000, seed: 3 });
  const plugin = sdk.plugin('sudoku-4x4');
  const samples: { solves: number; tensors: number; rssMB: number; heapMB: number }[] = [];
  let label = engine as string;
  for (let i = 0; i < ex.length; i++) {
    const r = await sdk.solve('sudoku-4x4', plugin.formatPuzzle(ex[i]!.puzzle), { strategy: 'neural-only' });
    label = r.backend ?? label;
    if ((i + 1) % 250 === 0 || i === 0) {
      if (global.gc) global.gc();
      samples.push({ solves: i + 1, tensors: tf.memory().numTensors, rssMB: process.memoryUsage().rss / 2 ** 20, heapMB: process.memoryUsage().heapUsed / 2 ** 20 });
    }
  }
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const rows: BenchRow[] = [
    {
      group: GROUP,
      name: `memory: RSS growth after 1 → 1,000 solves [${label}]`,
      median: last.rssMB - first.rssMB,
      unit: 'MiB',
      runs: 1,
      notes: `shipped sudoku-4x4, neural-only; RSS start ${first.rssMB.toFixed(0)} MiB, end ${last.rssMB.toFixed(0)} MiB; samples ${JSON.stringify(samples.map((s) => [s.solves, Math.round(s.rssMB)]))}`,
      extra: { samples },
    },
  ];
  if (engine === 'tfjs') {
    rows.push({ group: GROUP, name: `leak check: live tensors after 1 → 1,000 solves [${label}]`, median: last.tensors - first.tensors, unit: 'tensors', runs: 1, notes: `samples ${JSON.stringify(samples.map((s) => [s.solves, s.tensors]))}` });
  }
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  const info = await initBackend(process.env.TRM_BENCH_BACKEND ?? 'wasm');
  const tfjsEngine = `tfjs/${info.backend}`;
  const runs = Number(process.env.TRM_BENCH_RUNS ?? 3);
  const ort = await loadOrtNode();
  const rt = ort.ok ? ort.runtime : null;
  const threads = ortThreads();
  const rows: BenchRow[] = [];
  if (!ort.ok) rows.push({ group: GROUP, name: 'onnxruntime: not measured', median: 0, unit: '-', runs: 0, notes: ort.reason });
  const probe = rt ? await MatmulProbe.create(rt, threads) : null;
  const ortMm = probe ? await probe.sample() : null;
  const tfMm = tfjsMatmulGflops(runs);
  rows.push({ group: GROUP, name: `lone matmul [82×512]·[512×2048]·[2048×512] [${tfjsEngine}]`, median: tfMm, unit: 'GFLOP/s', runs: runs * 5 });
  rows.push(...(await shapeRows('HRM Sudoku-Extreme shape', HRM_SUDOKU_EXTREME, tfjsEngine, rt, threads, probe, runs)));
  rows.push(...(await shapeRows('TRM Sudoku-Extreme shape', TRM_SUDOKU_EXTREME, tfjsEngine, rt, threads, probe, runs)));
  if (probe && ortMm !== null) {
    rows.splice(0, 0, { group: GROUP, name: `lone matmul [82×512]·[512×2048]·[2048×512] [onnxruntime/cpu (${threads} threads)]`, median: median(probe.samples), unit: 'GFLOP/s', runs: probe.samples.length, notes: `median of ${probe.samples.length} samples through the run (${probe.samples.map((x) => x.toFixed(1)).join(', ')}); tfjs/wasm on the same chain: ${tfMm.toFixed(1)}` });
    await probe.release();
  }
  if (process.env.TRM_BENCH_SKIP_MEMORY !== '1') {
    if (rt) rows.push(...(await memoryRows('onnxruntime')));
    rows.push(...(await memoryRows('tfjs')));
  }
  return rows;
}
