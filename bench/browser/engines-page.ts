/**
 * The page side of `npm run bench:browser` (bench/browser/engines.mjs bundles it): one engine per
 * page load (query `?engine=tfjs-wasm|tfjs-webgpu|ort-wasm&threads=N`), every shipped model, batch 1,
 * the median milliseconds per supervision step after a warm-up, and the step-8 predictions (so
 * the runner can check the engines agree).
 */
import { checkpointFromSafetensors } from '../../src/neural/checkpoint-read.js';
import { readSafetensorsAsync } from '../../src/neural/safetensors-format.js';
import { TrmModel } from '../../src/neural/model.js';
import { refineSteps } from '../../src/neural/act.js';
import { initBrowserBackend } from '../../src/neural/browser-backend.js';
import { buildStepGraph } from '../../src/neural/onnx/export.js';
import { OrtStepSession } from '../../src/neural/onnx/step-session.js';
import { loadOrtWeb } from '../../src/neural/onnx/ort-web.js';
import { sha256Hex } from '../../src/sdk/platform/fetch-model.js';

const TASKS = ['sudoku-4x4', 'sudoku-6x6', 'sudoku', 'maze-11x11'];
const STEPS = 16;

interface Row {
  task: string;
  engine: string;
  msPerStep: number;
  loadMs: number;
  predictions: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function run(): Promise<unknown> {
  const q = new URLSearchParams((globalThis as unknown as { location: { search: string } }).location.search);
  const engine = q.get('engine') ?? 'tfjs-wasm';
  const threads = Number(q.get('threads') ?? 0);
  const base = new URL('./', import.meta.url).href;
  const rows: Row[] = [];
  let label = engine;
  for (const task of TASKS) {
    const bytes = new Uint8Array(await (await fetch(new URL(`../../tasks/${task}/model.safetensors`, base))).arrayBuffer());
    const ck = checkpointFromSafetensors(await readSafetensorsAsync(bytes, sha256Hex));
    const S = ck.config.seqLen;
    // A fixed batch: token 1 everywhere (a blank grid in every task's vocabulary), puzzle id 0.
    const batch = { batchSize: 1, inputs: new Int32Array(S).fill(1), puzzleIdentifiers: new Int32Array(1) };
    const times: number[] = [];
    let predictions: number[] = [];
    const t0 = performance.now();
    if (engine.startsWith('tfjs')) {
      if (engine === 'tfjs-wasm' && threads > 0) (await import('@tensorflow/tfjs-backend-wasm')).setThreadsCount(threads);
      const info = await initBrowserBackend(engine === 'tfjs-webgpu' ? 'webgpu' : 'wasm', base);
      label = `tfjs/${info.backend}${info.threads ? ` (${info.threads} thread${info.threads > 1 ? 's' : ''})` : ''}`;
      const model = new TrmModel(ck.config);
      model.loadState(ck.tensors);
      const loadMs = performance.now() - t0;
      for (let rep = 0; rep < 2; rep++) {
        let last = performance.now();
        for await (const s of refineSteps(model, batch, STEPS)) {
          const now = performance.now();
          if (rep === 1) times.push(now - last);
          last = now;
          if (s.step === 8) predictions = Array.from(s.predictions[0]!);
        }
      }
      model.dispose();
      rows.push({ task, engine: label, msPerStep: median(times), loadMs, predictions });
    } else {
      const rt = await loadOrtWeb(base, threads);
      const graph = buildStepGraph(ck.config, ck.tensors);
      const session = await OrtStepSession.create(rt, graph, ck.config, { provider: 'cpu', intraOpThreads: threads });
      const env = (await import('onnxruntime-web/wasm')) as unknown as { env: { wasm: { numThreads?: number } } };
      label = `onnxruntime-web/wasm (${env.env.wasm.numThreads ?? "?"} thread${env.env.wasm.numThreads === 1 ? "" : "s"})`;
      const loadMs = performance.now() - t0;
      for (let rep = 0; rep < 2; rep++) {
        let last = performance.now();
        for await (const s of session.refine(batch, STEPS)) {
          const now = performance.now();
          if (rep === 1) times.push(now - last);
          last = now;
          if (s.step === 8) predictions = Array.from(s.predictions[0]!);
        }
      }
      await session.release();
      rows.push({ task, engine: label, msPerStep: median(times), loadMs, predictions });
    }
  }
  return { engine: label, isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false, cores: (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator.hardwareConcurrency, rows };
}

(globalThis as { benchResult?: Promise<unknown> }).benchResult = run().catch((e: Error) => ({ error: `${e.message}\n${e.stack ?? ''}` }));
