/**
 * `node dist/bench/gpu/neural-gpu.js [out.json]`: training and inference speed of the neural core on
 * one backend (`TRM_BACKEND`, default auto; bench/gpu/run.sh sets webgpu), on three shapes with
 * random weights (speed does not depend on the values):
 *   - `sudoku-h128`: bench/neural.ts's shape (the paper's Sudoku TRM at hidden 128, B = 32), so the
 *     numbers line up with `npm run bench:neural` on wasm/cpu;
 *   - `trm-full`: the TRM paper's Sudoku-Extreme model (hidden 512, mlp_t, 2 layers, T = 3, n = 6,
 *     16-token prefix; bench/fullsize.ts's TRM_SUDOKU_EXTREME);
 *   - `hrm-full`: the official HRM Sudoku-Extreme checkpoint's shape (hidden 512, 8 heads, 4 + 4
 *     layers, H/L cycles 2/2, 1 prefix row, ~27M parameters; bench/fullsize.ts's HRM_SUDOKU_EXTREME).
 * Per shape: one training supervision step (trainStep: forward, the traced cycle's backward and,
 * where the architecture trains Q-continue, the extra no-grad bootstrap step; no optimizer update,
 * as bench/neural.ts) and one inference supervision step (evalStep), each after one untimed
 * warm-up (shader compilation), `TRM_BENCH_RUNS` timed runs (default 5) or until the shape's time
 * budget `TRM_BENCH_SECONDS` (default 30) runs out, at least one. Plus a lone matMul of the shape's
 * widest product as the backend's ceiling. Every timing ends on a read back to the host (the step
 * functions read their outputs; the matMul reads one element), so asynchronous backends (webgpu)
 * are timed to completion, not to dispatch.
 *
 * Environment: TRM_BENCH_SHAPES (comma list, default all three), TRM_BENCH_BATCH (one B for all
 * shapes; default 32 for sudoku-h128 and TRM_BENCH_FULL_BATCH, default 64, for the full shapes).
 * Prints one table and `BENCH_JSON {...}`; writes the same JSON to the path given as argument.
 *
 * FLOPs: matmuls only, counted analytically (2·m·k·n): TRM with bench/neural.ts's `stepFlops`,
 * HRM with {@link hrmStepFlops}.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { median, percentile, printTable, type BenchRow } from '../harness.js';
import { BENCH_CONFIG, randomBatch, stepFlops } from '../neural.js';
import { HRM_SUDOKU_EXTREME, TRM_SUDOKU_EXTREME } from '../fullsize.js';
import { initBackend } from '../../src/neural/backend.js';
import { effectivePuzzleEmbLen, swigluInnerSize, type TrmConfig } from '../../src/neural/config.js';
import { TrmModel } from '../../src/neural/model.js';
import { disposeCarry, evalStep, initialCarry, trainStep } from '../../src/neural/act.js';
import { createRng } from '../../src/util/rng.js';

const GROUP = 'neural-gpu';

/**
 * Matmul FLOPs of one HRM supervision step. One block on N = B·L rows: attention (qkv 2·N·H·3H, o
 * 2·N·H·H, QKᵀ and AV 4·B·L²·H) + SwiGLU 6·N·H·I. A step runs hCycles·lCycles L-level calls and
 * hCycles H-level calls; the one-step gradient traces the last of each (backward = 2 × forward);
 * the Q-continue target is one more no-grad step. Heads as in `stepFlops`.
 */
export function hrmStepFlops(c: TrmConfig, B: number): { inference: number; training: number } {
  const H = c.hiddenSize;
  const L = c.seqLen + effectivePuzzleEmbLen(c);
  const N = B * L;
  const block = 2 * N * H * 3 * H + 2 * N * H * H + 4 * B * L * L * H + 6 * N * H * swigluInnerSize(H, c.expansion);
  const lNet = c.lLayers * block;
  const hNet = c.hLayers * block;
  const heads = 2 * B * c.seqLen * c.vocabSize * H * 2 + 2 * B * H * 2;
  const inference = c.hCycles * (c.lCycles * lNet + hNet) + heads;
  const training = inference + 2 * (lNet + hNet + heads) + (c.noActContinue ? 0 : inference);
  return { inference, training };
}

function flopsOf(c: TrmConfig, B: number): { inference: number; training: number } {
  if (c.architecture === 'hrm') return hrmStepFlops(c, B);
  const f = stepFlops(c, B);
  // stepFlops leaves out the Q-continue bootstrap step (the bench shape has noActContinue).
  return { inference: f.inference, training: f.training + (c.noActContinue ? 0 : f.inference) };
}

const SHAPES: Record<string, { config: TrmConfig; batch: number }> = {
  'sudoku-h128': { config: BENCH_CONFIG, batch: BENCH_CONFIG.batchSize },
  'trm-full': { config: TRM_SUDOKU_EXTREME, batch: 64 },
  'hrm-full': { config: HRM_SUDOKU_EXTREME, batch: 64 },
};

/** Time `fn` after one warm-up: `runs` times, or fewer when `deadline` (ms, performance.now) passes; at least once. */
function timed(fn: () => void, runs: number, deadline: number): { ms: number[]; warmupMs: number } {
  const t0 = performance.now();
  fn();
  const warmupMs = performance.now() - t0;
  const ms: number[] = [];
  while (ms.length < runs && (ms.length === 0 || performance.now() < deadline)) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return { ms, warmupMs };
}

function shapeRows(name: string, c: TrmConfig, B: number, backend: string, runs: number, seconds: number): BenchRow[] {
  const L = c.seqLen + effectivePuzzleEmbLen(c);
  const H = c.hiddenSize;
  const I = swigluInnerSize(H, c.expansion);
  const tag = `[${name}, ${backend}, B=${B}]`;
  const deadline = performance.now() + seconds * 1000;
  const rows: BenchRow[] = [];

  // The ceiling: [B·L, H] × [H, I], 10 products then one read (amortises the read's latency).
  const a = tf.randomNormal([B * L, H]);
  const b = tf.randomNormal([H, I]);
  const reps = 10;
  const mm = timed(() => {
    tf.tidy(() => {
      let last: tf.Tensor | undefined;
      for (let i = 0; i < reps; i++) last = tf.matMul(a, b);
      last!.slice([0, 0], [1, 1]).dataSync();
    });
  }, 5, performance.now() + Math.min(10, seconds / 4) * 1000);
  tf.dispose([a, b]);
  const mmFlops = reps * 2 * B * L * H * I;
  const mmGflops = mmFlops / (median(mm.ms) * 1e6);
  rows.push({
    group: GROUP,
    name: `matMul [${B * L},${H}]×[${H},${I}] ${tag}`,
    median: mmGflops,
    p95: mmFlops / (percentile(mm.ms, 95) * 1e6),
    unit: 'GFLOP/s',
    runs: mm.ms.length,
    notes: `${(median(mm.ms) / reps).toFixed(2)} ms per product (${reps} per timed run, one read at the end)`,
    extra: { shape: name, backend, batch: B, msPerProduct: median(mm.ms) / reps },
  });

  const model = new TrmModel(c, { seed: 1 });
  const params = model.parameterCount();
  const batch = randomBatch(c, B, 2);
  const flops = flopsOf(c, B);
  const haltRng = createRng(3);
  try {
    console.error(`[bench] ${tag}: ${(params / 1e6).toFixed(1)}M parameters; inference steps …`);
    let carry = initialCarry(model, B);
    const ev = timed(() => {
      const r = evalStep(model, carry, batch);
      carry = r.carry;
    }, runs, deadline);
    disposeCarry(carry);

    console.error(`[bench] ${tag}: training steps …`);
    carry = initialCarry(model, B);
    const tr = timed(() => {
      const r = trainStep(model, carry, batch, { rng: haltRng });
      carry = r.carry;
      tf.dispose([...r.grads.values()]);
      if (r.puzzleEmbGrad) r.puzzleEmbGrad.grad.dispose();
    }, runs, performance.now() + Math.max(seconds * 500, deadline - performance.now()));
    disposeCarry(carry);

    for (const [what, t, f] of [
      ['training step (fwd+bwd, one supervision step)', tr, flops.training],
      ['inference step (one supervision step)', ev, flops.inference],
    ] as const) {
      const ms = median(t.ms);
      const gflops = f / (ms * 1e6);
      rows.push({
        group: GROUP,
        name: `${what} ${tag}`,
        median: ms,
        p95: percentile(t.ms, 95),
        unit: 'ms',
        runs: t.ms.length,
        notes:
          `${(1000 / ms).toFixed(2)} steps/s, ${((1000 * B) / ms).toFixed(0)} puzzles·steps/s, ${gflops.toFixed(2)} GFLOP/s ` +
          `(${(f / 1e9).toFixed(1)} GFLOP of matmuls) = ${((100 * gflops) / mmGflops).toFixed(0)}% of the matMul ceiling; ` +
          `first (warm-up) run ${(t.warmupMs / 1000).toFixed(1)} s; ${c.architecture} H=${H} L=${L} ` +
          (c.architecture === 'hrm' ? `layers ${c.hLayers}+${c.lLayers} cycles ${c.hCycles}/${c.lCycles}` : `${c.mlpT ? 'mlp_t' : 'attention'} layers ${c.lLayers} T=${c.hCycles} n=${c.lCycles}`),
        extra: { shape: name, backend, batch: B, params, stepsPerS: 1000 / ms, gflops, flops: f, matmulGflops: mmGflops, warmupMs: t.warmupMs, allMs: t.ms },
      });
    }
  } finally {
    model.dispose();
  }
  return rows;
}

/** Runs the shapes; `onRows` sees the rows so far after each shape (so a timeout keeps them). */
export async function run(onRows?: (rows: BenchRow[], backend: string, adapter?: string) => void): Promise<{ rows: BenchRow[]; backend: string; adapter?: string }> {
  const info = await initBackend();
  const runs = Math.max(1, Number(process.env.TRM_BENCH_RUNS ?? 5) || 5);
  const seconds = Math.max(1, Number(process.env.TRM_BENCH_SECONDS ?? 30) || 30);
  const names = (process.env.TRM_BENCH_SHAPES ?? Object.keys(SHAPES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const fullBatch = Number(process.env.TRM_BENCH_FULL_BATCH ?? 64) || 64;
  const rows: BenchRow[] = [];
  for (const name of names) {
    const shape = SHAPES[name];
    if (!shape) throw new Error(`unknown shape "${name}"; known: ${Object.keys(SHAPES).join(', ')}`);
    const B = Number(process.env.TRM_BENCH_BATCH ?? 0) || (name === 'sudoku-h128' ? shape.batch : fullBatch);
    try {
      rows.push(...shapeRows(name, shape.config, B, info.backend, runs, seconds));
    } catch (e) {
      // One shape failing (e.g. out of GPU memory) must not lose the others' numbers.
      const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
      console.error(`[bench] ${name} failed: ${msg}`);
      rows.push({ group: GROUP, name: `${name} [${info.backend}, B=${B}] FAILED`, median: NaN, unit: '', runs: 0, notes: msg });
    }
    onRows?.(rows, info.backend, info.adapter);
  }
  return { rows, backend: info.backend, ...(info.adapter ? { adapter: info.adapter } : {}) };
}

function document(rows: BenchRow[], backend: string, adapter: string | undefined, complete: boolean): object {
  return {
    meta: { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, backend, adapter, complete },
    rows,
  };
}

async function main(): Promise<void> {
  const out = process.argv[2];
  const save = (doc: object): void => {
    if (out) writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  };
  const { rows, backend, adapter } = await run((r, b, a) => save(document(r, b, a, false)));
  printTable(rows);
  const doc = document(rows, backend, adapter, true);
  console.log('BENCH_JSON ' + JSON.stringify(doc));
  save(doc);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
