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
 */
import * as tf from '@tensorflow/tfjs';
import { performance } from 'node:perf_hooks';
import { median, percentile, type BenchRow } from './harness.js';
import { initBackend } from '../src/neural/backend.js';
import { defaultConfig, effectivePuzzleEmbLen, swigluInnerSize, validateConfig, type TrmConfig } from '../src/neural/config.js';
import { TrmModel } from '../src/neural/model.js';
import { disposeCarry, evalStep, initialCarry, trainStep, type TrmBatch } from '../src/neural/act.js';
import { createRng } from '../src/util/rng.js';

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

function randomBatch(c: TrmConfig, B: number, seed: number): TrmBatch {
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

/** Runs the neural benchmark on wasm and cpu (or `TRM_BENCH_BACKENDS`), `TRM_BENCH_RUNS` (≥ 5) timed runs each. */
export async function run(): Promise<BenchRow[]> {
  const backends = (process.env.TRM_BENCH_BACKENDS ?? 'wasm,cpu').split(',').map((s) => s.trim()).filter(Boolean);
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
  return rows;
}
