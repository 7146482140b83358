/**
 * The ONNX Runtime CUDA row of the GPU session (bench/gpu/run.sh step 3b): the official full-size
 * HRM and TRM Sudoku shapes (random weights) as step graphs on `onnxruntime/cuda`, ms per step for
 * 1 and 8 puzzles, next to `onnxruntime/cpu` in the same run. Fails soft: without onnxruntime-node,
 * or when the CUDA execution provider cannot start (its libraries missing or of another CUDA
 * version), it writes the reason to OUT and exits 3, and run.sh goes on.
 *
 *   node dist/bench/gpu/ort-cuda.js OUT.json
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TrmModel, type StateTensor } from '../../src/neural/model.js';
import { buildStepGraph } from '../../src/neural/onnx/export.js';
import { loadOrtNode } from '../../src/neural/onnx/ort-node.js';
import { OrtStepSession } from '../../src/neural/onnx/step-session.js';
import { ortThreads } from '../../src/sdk/engine.js';
import { median } from '../harness.js';
import { HRM_SUDOKU_EXTREME, TRM_SUDOKU_EXTREME, stepFlops } from '../fullsize.js';
import type { TrmConfig } from '../../src/neural/config.js';

const out = process.argv[2] ?? 'ort-cuda.json';
const runs = Number(process.env.TRM_BENCH_RUNS ?? 5);

function write(body: Record<string, unknown>): void {
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...body }, null, 2) + '\n');
}

async function timeSteps(s: OrtStepSession, c: TrmConfig, B: number): Promise<number> {
  const batch = { batchSize: B, inputs: new Int32Array(B * c.seqLen).fill(1), puzzleIdentifiers: new Int32Array(B) };
  const ms: number[] = [];
  let t0 = performance.now();
  for await (const st of s.steps(batch, runs + 1)) {
    if (st.step > 1) ms.push(performance.now() - t0);
    t0 = performance.now();
  }
  return median(ms);
}

async function main(): Promise<number> {
  const ort = await loadOrtNode();
  if (!ort.ok) {
    write({ ok: false, reason: ort.reason });
    console.log(`ORT CUDA row: not run: ${ort.reason}`);
    return 3;
  }
  const rt = ort.runtime;
  const rows: Record<string, unknown>[] = [];
  for (const [name, c] of [['HRM Sudoku-Extreme shape', HRM_SUDOKU_EXTREME], ['TRM Sudoku-Extreme shape', TRM_SUDOKU_EXTREME]] as const) {
    const model = new TrmModel(c, { seed: 1 });
    const state = new Map<string, StateTensor>([...model.params].map(([n, v]) => [n, { shape: v.shape, data: v.dataSync() as Float32Array }]));
    const bytes = buildStepGraph(c, state);
    model.dispose();
    for (const provider of ['cuda', 'cpu'] as const) {
      const s = await OrtStepSession.create(rt, bytes, c, { provider, intraOpThreads: ortThreads() });
      try {
        if (provider === 'cuda' && s.provider !== 'cuda') {
          write({ ok: false, reason: s.note ?? 'CUDA execution provider unavailable', cudaLibraryInstalled: rt.cudaInstalled(), rows });
          console.log(`ORT CUDA row: not run: ${s.note ?? 'CUDA unavailable'} (CUDA provider library installed: ${rt.cudaInstalled()}; install onnxruntime-node with --onnxruntime-node-install=cuda12 where it has internet)`);
          return 3;
        }
        for (const B of [1, 8]) {
          const ms = await timeSteps(s, c, B);
          rows.push({ name: `${name}: batch ${B}, ms per step [${s.engine}]`, median: ms, unit: 'ms', runs, engine: s.engine, gflops: stepFlops(c, B) / (ms / 1000) / 1e9 });
          console.log(`${name}: batch ${B}: ${ms.toFixed(1)} ms per step on ${s.engine} (${(stepFlops(c, B) / (ms / 1000) / 1e9).toFixed(0)} GFLOP/s)`);
        }
      } finally {
        await s.release();
      }
    }
  }
  write({ ok: true, rows });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    write({ ok: false, reason: e instanceof Error ? e.message : String(e) });
    console.log(`ORT CUDA row: failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(3);
  },
);
