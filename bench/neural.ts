/**
 * `npm run bench -- neural`: speed of the TRM on the embedded tfjs backends, on the paper's
 * Sudoku shape scaled to H = 128 (batch 32, S = 81, P = 16 so L = 97, mlp_t, T = 3, n = 6,
 * 2 layers, expansion 4, 4 heads).
 *
 * Per backend (wasm, then cpu; `TRM_BENCH_BACKENDS=wasm` to pick), median of ≥ 5 timed runs
 * (`TRM_BENCH_RUNS`); the cpu backend at B = 4 by default (`TRM_BENCH_CPU_BATCH`), see `run`:
 *   - one training supervision step (trainStep: T·(n+1) net calls forward, the last cycle traced,
 *     then its backward; no optimizer update);
 *   - one inference supervision step (evalStep);
 *   - a lone matMul of the model's most common shape, [B·L, H] × [H, I], as the backend's ceiling;
 * and the achieved GFLOP/s of each step (matmul FLOPs counted analytically, see `stepFlops`) as a
 * fraction of that ceiling. A last row probes which gradients the wasm backend lacks.
 *
 * Counting (2·m·k·n per [m,k]×[k,n] product; B rows, L = S + P, N = B·L, I = SwiGLU inner width
 * over H, Iₜ = SwiGLU inner width over L):
 *   SwiGLU over H on N rows: gate+up 2·N·H·2I, down 2·N·I·H            → 6·N·H·I
 *   mlp_t SwiGLU over L on B·H rows (transposed state)                  → 6·B·H·L·Iₜ
 *   attention variant instead: qkv 2·N·H·3H, o 2·N·H·H, QKᵀ and AV 2·2·B·L²·H
 *   one net call = layers × (sequence mixer + SwiGLU)
 *   heads: token embedding as one-hot matmul 2·B·S·V·H, lm_head 2·B·S·H·V, q_head 2·B·H·2
 *   inference step = T·(n+1) net calls + heads
 *   training step  = inference step + backward of the traced cycle, 2 × its forward:
 *                    2·((n+1) net calls + heads)
 * Element-wise work (norms, SiLU, residuals, transposes) is not counted: the fraction says how
 * much of the time goes to matmuls running at the backend's matmul speed.
 *
 * Data-parallel scaling (issue #10; `TRM_BENCH_SCALING=0` skips it, `only` runs nothing else):
 * full trainer steps per second (trainStep + AdamW + EMA, through `train()` itself) with 1 and 2
 * workers on the shipped 9×9 and 4×4 Sudoku presets (hidden 64 TRM-MLP), on the first backend of
 * TRM_BENCH_BACKENDS. The two are run alternately, `TRM_BENCH_SCALING_REPS` (3) times each, the
 * first steps of each run untimed; medians over every timed step. Next to them, the linear model
 * for N cores, from parts measured in the same run:
 *   T_N = (T_1 − T_serial) / N + T_serial + T_comm(N)
 *   T_serial: what only rank 0 does, once per step (the 1/B scale, AdamW, EMA);
 *   T_comm(N): the all-reduce and broadcast on rank 0's critical path, P params × 4 bytes each way
 *   (weights out, each worker's gradient read, summed and turned into tensors, the workers' reads).
 */
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { median, percentile, type BenchRow } from './harness.js';
import { initBackend } from '../src/neural/backend.js';
import { defaultConfig, effectivePuzzleEmbLen, swigluInnerSize, validateConfig, type TrmConfig } from '../src/neural/config.js';
import { TrmModel } from '../src/neural/model.js';
import { disposeCarry, evalStep, initialCarry, trainStep, type TrmBatch } from '../src/neural/act.js';
import { createRng } from '../src/util/rng.js';
import { AdamW } from '../src/neural/adamw.js';
import { Ema } from '../src/neural/ema.js';
import { train, type TrainHyper } from '../src/neural/trainer.js';
import type { TokenRow } from '../src/neural/evaluate.js';
import { resolveTrainSettings } from '../src/sdk/train.js';
import { sudoku4x4Plugin, sudokuPlugin } from '../src/plugins/sudoku/index.js';
import type { AnyTaskPlugin } from '../src/plugins/contract.js';

const GROUP = 'neural';

/** The benchmark model: the paper's Sudoku model at H = 128. */
export const BENCH_CONFIG: TrmConfig = validateConfig({
  ...defaultConfig,
  batchSize: 32,
  seqLen: 81,
  vocabSize: 11,
  hiddenSize: 128,
  numHeads: 4,
  expansion: 4,
  mlpT: true,
  posEncodings: 'none',
  puzzleEmbLen: 16,
  puzzleEmbNdim: 16 * 128,
  numPuzzleIdentifiers: 1,
  hCycles: 3,
  lCycles: 6,
  lLayers: 2,
});

/** Matmul FLOPs of one net call, one inference step and one training step (see the module comment). */
export function stepFlops(c: TrmConfig, B: number): { net: number; heads: number; inference: number; training: number } {
  const H = c.hiddenSize;
  const L = c.seqLen + effectivePuzzleEmbLen(c);
  const N = B * L;
  const I = swigluInnerSize(H, c.expansion);
  const mixer = c.mlpT ? 6 * B * H * L * swigluInnerSize(L, c.expansion) : 2 * N * H * 3 * H + 2 * N * H * H + 4 * B * L * L * H;
  const net = c.lLayers * (mixer + 6 * N * H * I);
  const heads = 2 * B * c.seqLen * c.vocabSize * H * 2 + 2 * B * H * 2;
  const inference = c.hCycles * (c.lCycles + 1) * net + heads;
  const training = inference + 2 * ((c.lCycles + 1) * net + heads);
  return { net, heads, inference, training };
}

/** A random batch of the config's shape (token ids in range, labels never the pad id). */
export function randomBatch(c: TrmConfig, B: number, seed: number): TrmBatch {
  const rng = createRng(seed);
  const n = B * c.seqLen;
  return {
    batchSize: B,
    inputs: Int32Array.from({ length: n }, () => rng.int(c.vocabSize)),
    labels: Int32Array.from({ length: n }, () => 1 + rng.int(c.vocabSize - 1)),
    puzzleIdentifiers: new Int32Array(B),
  };
}

async function timeMs(fn: () => void, runs: number, warmup: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Which gradients fail on the active backend (probed on tiny graphs). */
function probeGradients(): string[] {
  const failing: string[] = [];
  const probes: Record<string, () => tf.Tensor> = {
    'gather (embedding lookup)': () => tf.grad((x: tf.Tensor) => tf.gather(x, tf.tensor1d([0, 1, 1], 'int32')).sum())(tf.ones([3, 2])),
    'where(greater(x, 0))': () => tf.grad((x: tf.Tensor) => tf.where(tf.greater(x, 0), x, tf.zerosLike(x)).sum())(tf.ones([3])),
    einsum: () => tf.grad((x: tf.Tensor) => tf.einsum('ij,jk->ik', x, x).sum())(tf.ones([2, 2])),
    gatherND: () => tf.grad((x: tf.Tensor) => tf.gatherND(x, tf.tensor2d([[0], [1]], [2, 1], 'int32')).sum())(tf.ones([3, 2])),
  };
  for (const [name, f] of Object.entries(probes)) {
    try {
      tf.tidy(() => {
        f().dataSync();
      });
    } catch {
      failing.push(name);
    }
  }
  return failing;
}

/** Median ms of a lone [m,k]×[k,n] matMul (no download: wasm and cpu kernels run synchronously). */
async function matmulMs(m: number, k: number, n: number, runs: number): Promise<number[]> {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  // Warm-up grows the wasm heap once; the first runs are 2–5× slower.
  const ms = await timeMs(() => tf.tidy(() => void tf.matMul(a, b)), runs, 5);
  tf.dispose([a, b]);
  return ms;
}

async function benchBackend(backend: string, runs: number, B: number): Promise<BenchRow[]> {
  const info = await initBackend(backend);
  const c = BENCH_CONFIG;
  const L = c.seqLen + effectivePuzzleEmbLen(c);
  const I = swigluInnerSize(c.hiddenSize, c.expansion);
  const tag = `[${info.backend}${B !== c.batchSize ? `, B=${B}` : ''}]`;
  const rows: BenchRow[] = [];
  const mmFlops = 2 * B * L * c.hiddenSize * I;
  // The ceiling is measured before and after the model steps and pooled: the machines are shared,
  // and a ceiling taken in a quiet moment would make the model look worse than it is (or better).
  const mmBefore = await matmulMs(B * L, c.hiddenSize, I, 10);

  const model = new TrmModel(c, { seed: 1 });
  const batch = randomBatch(c, B, 2);
  const flops = stepFlops(c, B);
  const haltRng = createRng(3);
  const stepMs: [string, number[], number][] = [];
  const cacheRows: BenchRow[] = [];
  try {
    console.error(`[bench] neural ${tag}: inference steps …`);
    let carry = initialCarry(model, B);
    const evalMs = await timeMs(() => {
      const r = evalStep(model, carry, batch);
      carry = r.carry;
    }, runs, 1);
    disposeCarry(carry);

    console.error(`[bench] neural ${tag}: training steps …`);
    carry = initialCarry(model, B);
    const trainMs = await timeMs(() => {
      const r = trainStep(model, carry, batch, { rng: haltRng });
      carry = r.carry;
      tf.dispose([...r.grads.values()]);
      if (r.puzzleEmbGrad) r.puzzleEmbGrad.grad.dispose();
    }, runs, 1);
    disposeCarry(carry);
    stepMs.push(['training step (fwd+bwd, one supervision step)', trainMs, flops.training], ['inference step (one supervision step)', evalMs, flops.inference]);

    // The inference weight cache (TrmModel.cacheInferenceWeights), on and off side by side, at
    // this batch and at B = 1 (one puzzle, as sdk.solve runs): alternating rounds, so that load
    // on the shared machine hits both alike.
    console.error(`[bench] neural ${tag}: inference weight cache on/off …`);
    for (const b of [...new Set([B, 1])]) {
      const rowsB = b === B ? batch : randomBatch(c, b, 4);
      const on: number[] = [], off: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const [cache, into] of [[true, on], [false, off]] as const) {
          model.cacheInferenceWeights = cache;
          let carryB = initialCarry(model, b);
          into.push(...(await timeMs(() => {
            const r = evalStep(model, carryB, rowsB);
            carryB = r.carry;
          }, Math.max(2, Math.ceil(runs / 2)), 1)));
          disposeCarry(carryB);
        }
      }
      model.cacheInferenceWeights = true;
      cacheRows.push({
        group: GROUP,
        name: `inference step, weight cache on vs off ${tag.replace(']', `, B=${b}]`)}`,
        median: median(off) / median(on),
        unit: '× faster',
        runs: on.length + off.length,
        notes: `median ${median(on).toFixed(1)} ms cached vs ${median(off).toFixed(1)} ms rebuilding the [in, out] weight copies every step; 3 alternating rounds`,
        extra: { backend: info.backend, batch: b, cachedMs: median(on), uncachedMs: median(off) },
      });
    }
  } finally {
    model.dispose();
  }

  const mmMs = [...mmBefore, ...(await matmulMs(B * L, c.hiddenSize, I, 10))];
  const mmGflops = mmFlops / (median(mmMs) * 1e6);
  rows.push({
    group: GROUP,
    name: `matMul [${B * L},${c.hiddenSize}]×[${c.hiddenSize},${I}] ${tag}`,
    median: mmGflops,
    p95: mmFlops / (percentile(mmMs, 95) * 1e6),
    unit: 'GFLOP/s',
    runs: mmMs.length,
    notes: `median ${median(mmMs).toFixed(1)} ms, measured before and after the steps; the ceiling the steps are compared with`,
    extra: { backend: info.backend, ms: median(mmMs) },
  });
  const scale = c.batchSize / B;
  for (const [name, ms, f] of stepMs) {
    const gflops = f / (median(ms) * 1e6);
    rows.push({
      group: GROUP,
      name: `${name} ${tag}`,
      median: median(ms),
      p95: percentile(ms, 95),
      unit: 'ms',
      runs: ms.length,
      notes:
        `${gflops.toFixed(2)} GFLOP/s (${(f / 1e9).toFixed(1)} GFLOP of matmuls) = ${((100 * gflops) / mmGflops).toFixed(0)}% of this backend's matMul; ` +
        `B=${B} L=${L} H=${c.hiddenSize} mlp_t T=${c.hCycles} n=${c.lCycles}` +
        (scale !== 1 ? `; ≈ ${((median(ms) * scale) / 1000).toFixed(0)} s at B=${c.batchSize} by linear scaling` : ''),
      extra: { backend: info.backend, batch: B, gflops, flops: f, matmulGflops: mmGflops, fractionOfMatmul: gflops / mmGflops },
    });
  }

  rows.push(...cacheRows);
  if (info.backend === 'wasm') {
    const failing = probeGradients();
    rows.push({
      group: GROUP,
      name: `ops without a gradient ${tag}`,
      median: failing.length,
      unit: 'ops',
      runs: 1,
      notes:
        `${failing.join(', ') || 'none'}. The model avoids them: token embedding = one-hot × matMul; puzzle rows gathered outside ` +
        'the traced function and fed in as an input (sign-SGD gets their gradient); stablemax with relu/minimum instead of ' +
        'where(x<0); reshape + matMul instead of einsum; no gatherND in the traced path',
      extra: { backend: info.backend, failing },
    });
  }
  return rows;
}

/** Random token rows (timing only: the values do not matter, every row is computed every step). */
function rowSource(c: TrmConfig, seed: number): (n: number) => TokenRow[] {
  const rng = createRng(seed);
  const pool = Array.from({ length: 256 }, () => ({
    inputs: Int32Array.from({ length: c.seqLen }, () => rng.int(c.vocabSize)),
    labels: Int32Array.from({ length: c.seqLen }, () => 1 + rng.int(c.vocabSize - 1)),
    puzzleIdentifier: 0,
  }));
  let i = 0;
  return (n) => Array.from({ length: n }, () => pool[i++ % pool.length]!);
}

/** CPU milliseconds used so far by each thread of this process (Linux /proc; empty elsewhere). */
function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, ((Number(f[11]) + Number(f[12])) * 1000) / 100); // utime + stime, in USER_HZ = 100
    }
  } catch {
    // not Linux: no per-thread figures
  }
  return out;
}

/**
 * Per-step milliseconds of one `train()` run (the first `warm` steps dropped), and the CPU
 * milliseconds per timed step of its two busiest threads (rank 0 and rank 1 when workers = 2):
 * on a machine that other jobs share, the wall time says how much CPU we got, the CPU time how
 * much work each rank did.
 */
async function trainerStepMs(config: TrmConfig, hyper: TrainHyper, workers: number, steps: number, warm: number): Promise<{ ms: number[]; cpuMs: number[] }> {
  const at: number[] = [];
  let cpu0 = new Map<string, number>();
  const cpuMs: number[] = [];
  const summary = await train({
    config,
    hyper: { ...hyper, steps: warm + steps },
    seed: 1,
    nextRows: rowSource(config, 7),
    evalRows: [],
    evalEvery: 0,
    logEvery: 1,
    workers,
    onProgress: (p) => {
      at.push(p.elapsedS * 1000);
      if (at.length === warm) cpu0 = threadCpuMs();
      if (at.length === warm + steps) {
        const cpu1 = threadCpuMs();
        cpuMs.push(...[...cpu1].map(([tid, ms]) => (ms - (cpu0.get(tid) ?? 0)) / steps).sort((a, b) => b - a).slice(0, 2));
      }
    },
  });
  summary.model.dispose();
  if (summary.workers !== workers) throw new Error(`asked for ${workers} workers, the trainer used ${summary.workers}`);
  return { ms: at.slice(warm).map((t, i) => t - at[warm - 1 + i]!), cpuMs };
}

/** Median ms of what only rank 0 does per step (scale, AdamW, EMA) and of the all-reduce/broadcast copies for `workers`. */
function serialParts(config: TrmConfig, hyper: TrainHyper, workers: number, runs: number): { serialMs: number; commMs: number; params: number } {
  const model = new TrmModel(config, { seed: 1 });
  const trainable = new Map(model.trainableNames().map((n) => [n, model.params.get(n)!] as const));
  const adam = new AdamW(trainable, { betas: hyper.betas, weightDecay: hyper.weightDecay });
  const ema = new Ema(model.params, { mu: hyper.emaRate, names: trainable.keys() });
  const P = [...trainable.values()].reduce((a, v) => a + v.size, 0);
  const serial: number[] = [];
  const comm: number[] = [];
  try {
    for (let r = 0; r < runs + 2; r++) {
      const grads = new Map([...trainable].map(([n, v]) => [n, tf.randomNormal(v.shape)] as const));
      const t0 = performance.now();
      const scaled = new Map([...grads].map(([n, g]) => [n, tf.mul(g, 1 / hyper.batchSize)] as const));
      adam.step(scaled, 1e-4);
      tf.dispose([...scaled.values()]);
      ema.update();
      const t1 = performance.now();
      // The copies DataParallel makes on rank 0's critical path, and a worker's weight load.
      const shared = new Float32Array(new SharedArrayBuffer(P * 4 * workers));
      const acc = new Float32Array(P);
      let off = 0;
      for (const [n, v] of trainable) {
        shared.set(v.dataSync() as Float32Array, off); // weights out
        acc.set(grads.get(n)!.dataSync() as Float32Array, off); // rank 0's gradient
        off += v.size;
      }
      for (let k = 1; k < workers; k++) for (let i = 0; i < P; i++) acc[i] = acc[i]! + shared[k * P + i - P]!; // sum the slots
      off = 0;
      for (const [, v] of trainable) {
        tf.tidy(() => v.assign(tf.tensor(shared.slice(off, off + v.size), v.shape))); // a worker's load (on its own thread)
        tf.tensor(acc.subarray(off, off + v.size), v.shape).dispose(); // the summed gradient as a tensor
        off += v.size;
      }
      const t2 = performance.now();
      tf.dispose([...grads.values()]);
      if (r >= 2) {
        serial.push(t1 - t0);
        comm.push(t2 - t1);
      }
    }
  } finally {
    adam.dispose();
    ema.dispose();
    model.dispose();
  }
  return { serialMs: median(serial), commMs: median(comm), params: P };
}

/** steps/s with 1 and 2 workers on the Sudoku presets, and the linear model for N cores (see the module comment). */
async function benchScaling(backend: string): Promise<BenchRow[]> {
  const info = await initBackend(backend);
  const reps = Math.max(1, Number(process.env.TRM_BENCH_SCALING_REPS ?? 3) || 3);
  const steps = Math.max(3, Number(process.env.TRM_BENCH_SCALING_STEPS ?? 10) || 10);
  const warm = 3;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const rows: BenchRow[] = [];
  const shapes: Array<[string, AnyTaskPlugin]> = [['sudoku 9×9 preset', sudokuPlugin as AnyTaskPlugin], ['sudoku 4×4 preset', sudoku4x4Plugin as AnyTaskPlugin]];
  for (const [label, plugin] of shapes) {
    const { config, hyper } = resolveTrainSettings(plugin, { task: plugin.name });
    const B = hyper.batchSize;
    const shape = `B=${B} S=${config.seqLen} H=${config.hiddenSize}${config.mlpT ? ' mlp_t' : ''} T=${config.hCycles} n=${config.lCycles} layers=${config.lLayers}`;
    const ms: Record<1 | 2, number[]> = { 1: [], 2: [] };
    // CPU ms per step: 1 worker, its main thread; 2 workers, the busier of the two ranks.
    const cpu: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let r = 0; r < reps; r++) {
      for (const w of [1, 2] as const) {
        console.error(`[bench] neural scaling ${label} [${info.backend}]: ${w} worker(s), run ${r + 1}/${reps} …`);
        const t = await trainerStepMs(config, hyper, w, steps, warm);
        ms[w].push(...t.ms);
        if (t.cpuMs.length) cpu[w].push(t.cpuMs[0]!);
      }
    }
    const load = os.loadavg()[0]!;
    const parts = serialParts(config, hyper, 2, 10);
    const t1 = median(ms[1]);
    const t2 = median(ms[2]);
    const speedup = t1 / t2;
    const model = (n: number): number => t1 / ((t1 - parts.serialMs) / n + parts.serialMs + (n > 1 ? (parts.commMs * n) / 2 : 0));
    const linear = `linear model T_N = (T_1 − T_serial)/N + T_serial + T_comm(N): T_1 ${t1.toFixed(1)} ms, T_serial ${parts.serialMs.toFixed(2)} ms (scale + AdamW + EMA), ` +
      `T_comm ≈ ${parts.commMs.toFixed(2)} ms at N=2 (P=${parts.params} params × 4 bytes = ${((parts.params * 4) / 1e6).toFixed(2)} MB each way), growing with N → ` +
      `expected 2× ${model(2).toFixed(2)}×, 4× ${model(4).toFixed(2)}×, 8× ${model(8).toFixed(2)}×`;
    for (const w of [1, 2] as const) {
      rows.push({
        group: GROUP,
        name: `train steps/s, ${w} worker${w > 1 ? 's' : ''}, ${label} [${info.backend}]`,
        median: 1000 / median(ms[w]),
        p95: 1000 / percentile(ms[w], 95),
        unit: 'steps/s',
        runs: ms[w].length,
        notes:
          `median ${median(ms[w]).toFixed(1)} ms per full trainer step (${shape}), ${reps} alternating runs × ${steps} timed steps; ${cores} cores` +
          (w === 2 ? `; speedup ${speedup.toFixed(2)}× over 1 worker (target ≥ 1.7×); ${linear}` : '') +
          (cpu[w].length ? `; CPU per step of the busiest rank ${median(cpu[w]).toFixed(0)} ms` : '') +
          (w === 2 && cpu[1].length && cpu[2].length ? ` → CPU-time bound on the speedup with 2 idle cores ${(median(cpu[1]) / median(cpu[2])).toFixed(2)}×` : '') +
          `; 1-min load average ${load.toFixed(1)} at the end (${cores} cores: above ~0.5 the wall times are shared)`,
        extra: { backend: info.backend, workers: w, batch: B, stepMs: median(ms[w]), cpuMsBusiestRank: cpu[w].length ? median(cpu[w]) : null, loadAvg1: load, ...(w === 2 ? { speedup, expected2: model(2), expected4: model(4), expected8: model(8), serialMs: parts.serialMs, commMs: parts.commMs, params: parts.params } : {}) },
      });
    }
  }
  return rows;
}

/** Runs the neural benchmark on wasm and cpu (or `TRM_BENCH_BACKENDS`), `TRM_BENCH_RUNS` (≥ 5) timed runs each, then the scaling section. */
export async function run(): Promise<BenchRow[]> {
  const backends = (process.env.TRM_BENCH_BACKENDS ?? 'wasm,cpu').split(',').map((s) => s.trim()).filter(Boolean);
  const scaling = process.env.TRM_BENCH_SCALING ?? '1';
  if (scaling === 'only') return benchScaling(backends[0] ?? 'wasm');
  const runs = Math.max(5, Number(process.env.TRM_BENCH_RUNS ?? 5) || 5);
  // The cpu backend runs ~0.5–0.8 GFLOP/s: one B=32 training step takes ~5 minutes, so by default
  // it is timed at B=4 (the per-FLOP rate barely depends on B here) and scaled in the notes.
  const cpuBatch = Math.max(1, Number(process.env.TRM_BENCH_CPU_BATCH ?? 4) || 4);
  const rows: BenchRow[] = [];
  for (const b of backends) {
    const B = b === 'cpu' ? cpuBatch : BENCH_CONFIG.batchSize;
    console.error(`[bench] neural on ${b}, B=${B} (${runs} runs per measurement) …`);
    rows.push(...(await benchBackend(b, runs, B)));
  }
  if (scaling !== '0') rows.push(...(await benchScaling(backends[0] ?? 'wasm')));
  return rows;
}
