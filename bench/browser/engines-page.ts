/**
 * The page side of `npm run bench:browser` (bench/browser/engines.mjs bundles it): tfjs
 * (`?tfjs=wasm|webgpu`) and onnxruntime-web (`?ortThreads=N`) in one page, alternating on every
 * shipped model, batch 1: the median milliseconds per supervision step after a warm-up round, and
 * the step-8 predictions (so the runner can check the engines agree).
 *
 * The input is one generated puzzle of the task (seed 1), not a blank grid: on a blank grid the
 * recurrence is chaotic (no givens pin the answer, logits tie), and two correct engines drift apart
 * within a few steps from float rounding alone — measured in Node, tfjs vs onnxruntime-node on the
 * 6×6 model: 0 of 36 cells differ through step 5, 28 of 36 at step 8. On a real puzzle they agree.
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
import { sudokuPlugin, sudoku4x4Plugin, sudoku6x6Plugin } from '../../src/plugins/sudoku/index.js';
import { maze11Plugin } from '../../src/plugins/maze/index.js';
import type { AnyTaskPlugin } from '../../src/plugins/contract.js';
import { createRng } from '../../src/util/rng.js';

const TASKS: [string, AnyTaskPlugin][] = [['sudoku-4x4', sudoku4x4Plugin], ['sudoku-6x6', sudoku6x6Plugin], ['sudoku', sudokuPlugin], ['maze-11x11', maze11Plugin]];
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
  const tfjsBackend = q.get('tfjs') ?? 'wasm';
  const ortThreads = Number(q.get('ortThreads') ?? 1);
  const rounds = Number(q.get('rounds') ?? 5);
  const base = new URL('./', import.meta.url).href;
  const info = await initBrowserBackend(tfjsBackend, base);
  const tfjsLabel = `tfjs/${info.backend}${info.threads ? ` (${info.threads} thread${info.threads > 1 ? 's' : ''})` : ''}`;
  const rt = await loadOrtWeb(base, ortThreads);
  const ortLabel = `onnxruntime-web/wasm (${ortThreads} thread${ortThreads === 1 ? '' : 's'})`;
  const rows: Row[] = [];
  for (const [task, plugin] of TASKS) {
    const bytes = new Uint8Array(await (await fetch(new URL(`../../tasks/${task}/model.safetensors`, base))).arrayBuffer());
    const ck = checkpointFromSafetensors(await readSafetensorsAsync(bytes, sha256Hex));
    const S = ck.config.seqLen;
    // A fixed batch: one generated puzzle (seed 1), puzzle id 0.
    const encoded = plugin.encode(plugin.generate!(createRng(1)).puzzle);
    if (encoded.inputs[0]!.length !== S) throw new Error(`${task}: the plugin encodes ${encoded.inputs[0]!.length} tokens, the model reads ${S}`);
    const batch = { batchSize: 1, inputs: Int32Array.from(encoded.inputs[0]!), puzzleIdentifiers: new Int32Array(1) };
    let t0 = performance.now();
    const model = new TrmModel(ck.config);
    model.loadState(ck.tensors);
    const tfjsLoad = performance.now() - t0;
    t0 = performance.now();
    const session = await OrtStepSession.create(rt, buildStepGraph(ck.config, ck.tensors), ck.config, { provider: 'cpu', intraOpThreads: ortThreads });
    const ortLoad = performance.now() - t0;
    const engines: [string, number, (n: number) => AsyncIterable<{ step: number; predictions: Int32Array[] }>][] = [
      [tfjsLabel, tfjsLoad, (n) => refineSteps(model, batch, n)],
      [ortLabel, ortLoad, (n) => session.refine(batch, n)],
    ];
    const times = new Map<string, number[]>(engines.map(([l]) => [l, []]));
    const preds = new Map<string, number[]>();
    // Round 0 warms both up; then the engines alternate, STEPS steps each, so load from other
    // processes on the machine falls on both alike.
    for (let round = 0; round <= rounds; round++) {
      for (const [label, , steps] of engines) {
        let last = performance.now();
        for await (const s of steps(STEPS)) {
          const now = performance.now();
          if (round > 0) times.get(label)!.push(now - last);
          last = now;
          if (s.step === 8) preds.set(label, Array.from(s.predictions[0]!));
        }
      }
    }
    model.dispose();
    await session.release();
    for (const [label, loadMs] of engines) rows.push({ task, engine: label, msPerStep: median(times.get(label)!), loadMs, predictions: preds.get(label)! });
  }
  return { engine: `${tfjsLabel} vs ${ortLabel}`, isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated ?? false, cores: (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator.hardwareConcurrency, rows };
}

(globalThis as { benchResult?: Promise<unknown> }).benchResult = run().catch((e: Error) => ({ error: `${e.message}\n${e.stack ?? ''}` }));
