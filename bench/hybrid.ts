/**
 * Hybrid solve benchmark: for every task with a shipped model, on the same held-out puzzles,
 * neural-only vs hybrid vs symbolic-only side by side — verified rate, latency median/p95, and
 * the share of hybrid answers by source; then neural-first on each inference engine (onnxruntime,
 * tfjs). The engine and provider are named in every row.
 * `TRM_BENCH_HYBRID_N` puzzles per task (default 100).
 */
import type { BenchRow } from './harness.js';
import { createSdk } from '../src/sdk/sdk.js';
import { evaluateTask } from '../src/sdk/evaluate-task.js';

export async function run(): Promise<BenchRow[]> {
  const n = Number(process.env.TRM_BENCH_HYBRID_N ?? 100);
  const sdk = createSdk();
  const rows: BenchRow[] = [];
  for (const t of sdk.tasks()) {
    if (!t.model) continue;
    const r = await evaluateTask(sdk, t.name, { n, strategies: ['neural-only', 'hybrid', 'symbolic-only'] });
    for (const s of r.strategies) {
      const share = Object.entries(s.bySource).map(([k, v]) => `${k} ${((100 * v) / s.n).toFixed(0)}%`).join(', ');
      rows.push({
        group: `hybrid-${t.name}`,
        name: `${s.strategy} latency`,
        median: s.latencyMs.median,
        p95: s.latencyMs.p95,
        unit: 'ms',
        runs: s.n,
        notes: `backend ${r.backend}; verified ${(100 * s.verifiedRate).toFixed(1)}%; sources: ${share}; falsely verified ${s.falselyVerified}; ${r.puzzles}`,
        extra: { ...s },
      });
    }
    // The model first on every puzzle, on each inference engine: the same answers, the engines' costs.
    for (const engine of ['onnxruntime', 'tfjs'] as const) {
      const e = await evaluateTask(createSdk({ engine }), t.name, { n, strategies: ['neural-first'] });
      const s = e.strategies[0]!;
      rows.push({
        group: `hybrid-${t.name}`,
        name: `neural-first latency [${e.backend}]`,
        median: s.latencyMs.median,
        p95: s.latencyMs.p95,
        unit: 'ms',
        runs: s.n,
        notes: `engine ${e.backend}; verified ${(100 * s.verifiedRate).toFixed(1)}%; falsely verified ${s.falselyVerified}; ${e.puzzles}; machine shared`,
        extra: { ...s, engine: e.backend },
      });
    }
  }
  if (!rows.length) rows.push({ group: 'hybrid', name: 'no shipped models', median: 0, unit: '-', runs: 0, notes: 'tasks/<task>/model.safetensors missing' });
  return rows;
}
