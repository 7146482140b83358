/**
 * `npm run bench -- engines`: the shipped models on both inference engines over every held-out
 * puzzle of their training runs (training/<task>/heldout.jsonl), neural-only, in batches of 50:
 * how many rows' final predictions agree, how many rows agree at every step, the verified
 * counts on each engine, and ms per batch-step on each. Disagreements are listed by row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchRow } from './harness.js';
import { createSdk } from '../src/sdk/sdk.js';
import { trainingRunDir } from '../src/sdk/paths.js';
import type { TaskModel } from '../src/sdk/task-model.js';
import type { Encoded } from '../src/plugins/contract.js';

const GROUP = 'engines';
const CHUNK = 50;

async function run1(model: TaskModel, encoded: Encoded): Promise<{ steps: Int32Array[][]; ms: number }> {
  const steps: Int32Array[][] = [];
  const t0 = performance.now();
  for await (const s of model.refine(encoded, model.maxSteps)) steps.push(s.predictions);
  return { steps, ms: performance.now() - t0 };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const ort = createSdk({ engine: 'onnxruntime' });
  const tfjs = createSdk({ engine: 'tfjs' });
  for (const task of ['sudoku-4x4', 'sudoku-6x6', 'sudoku', 'maze-11x11']) {
    const file = path.join(trainingRunDir(task), 'heldout.jsonl');
    if (!fs.existsSync(file)) continue;
    const plugin = ort.plugin(task);
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
    const a = (await ort.model(task))!;
    const b = (await tfjs.model(task))!;
    let finalAgree = 0, allAgree = 0, verA = 0, verB = 0, msA = 0, msB = 0, batches = 0;
    const differ: number[] = [];
    for (let i = 0; i < lines.length; i += CHUNK) {
      const chunk = lines.slice(i, i + CHUNK).map((l) => JSON.parse(l) as { puzzle: unknown; answer: unknown });
      const puzzles = chunk.map((c) => plugin.parse(c.puzzle));
      const encs = puzzles.map((p) => plugin.encode(p));
      if (encs.some((e) => e.inputs.length !== 1)) throw new Error(`${task}: engines bench expects one row per puzzle`);
      const encoded: Encoded = { inputs: encs.map((e) => e.inputs[0]!), puzzleIdentifiers: encs.map((e) => e.puzzleIdentifiers[0]!) };
      const ra = await run1(a, encoded);
      const rb = await run1(b, encoded);
      msA += ra.ms / ra.steps.length;
      msB += rb.ms / rb.steps.length;
      batches++;
      const last = ra.steps.length - 1;
      for (let r = 0; r < chunk.length; r++) {
        const same = (s: number): boolean => ra.steps[s]![r]!.every((t, k) => t === rb.steps[s]![r]![k]);
        if (same(last)) finalAgree++;
        else differ.push(i + r);
        if (ra.steps.every((_, s) => same(s))) allAgree++;
        const ok = (preds: Int32Array): boolean => {
          try {
            return plugin.verify(puzzles[r]!, plugin.decode([preds], puzzles[r]!)).ok;
          } catch {
            return false;
          }
        };
        if (ok(ra.steps[last]![r]!)) verA++;
        if (ok(rb.steps[last]![r]!)) verB++;
      }
    }
    const n = lines.length;
    rows.push({ group: GROUP, name: `${task}: rows with the same final prediction on both engines`, median: finalAgree, unit: `of ${n}`, runs: 1, notes: `${a.backend} vs ${b.backend}; every step identical: ${allAgree}/${n}; differing rows ${JSON.stringify(differ.slice(0, 20))}` });
    rows.push({ group: GROUP, name: `${task}: verified by the model alone at its ${a.maxSteps} steps [${a.backend}]`, median: verA, unit: `of ${n}`, runs: 1 });
    rows.push({ group: GROUP, name: `${task}: verified by the model alone at its ${b.maxSteps} steps [${b.backend}]`, median: verB, unit: `of ${n}`, runs: 1 });
    rows.push({ group: GROUP, name: `${task}: ms per step, batch of ${CHUNK} [${a.backend}]`, median: msA / batches, unit: 'ms', runs: batches, notes: `same run as ${b.backend}: ${(msB / batches).toFixed(1)} ms (${(msB / msA).toFixed(1)}×); machine shared` });
  }
  return rows;
}
