/**
 * Task-level evaluation (`trm-sdk eval`, benchmarks, model cards): on N held-out puzzles run the
 * solve loop with strategy neural-only and hybrid, and report the verified rates, the sources of
 * hybrid answers, steps and latency. Every returned answer is re-verified here, independently of
 * the loop's own flag, so a loop bug that mislabels an answer cannot inflate the numbers.
 *
 * Held-out puzzles: when the model's checkpoint records its training seed and generator settings,
 * the trainer's own held-out set is regenerated exactly (those puzzles were excluded from
 * training); otherwise puzzles are generated from `seed`.
 */
import { performance } from 'node:perf_hooks';
import type { Example } from '../plugins/contract.js';
import { createRng } from '../plugins/rng.js';
import type { TrmSdk } from './sdk.js';
import type { SolveSource, SolveResult } from './result.js';
import type { Strategy } from './options.js';

export interface TaskEvalOptions {
  n: number;
  seed?: number;
  generate?: Record<string, unknown>;
  /** Regenerate the trainer's held-out set from the checkpoint metadata when possible (default true). */
  heldOut?: boolean;
  strategies?: Strategy[];
  vote?: number;
  maxSteps?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface StrategyReport {
  strategy: Strategy;
  n: number;
  /** Answers that the independent re-verification accepted. */
  verified: number;
  verifiedRate: number;
  /** Answers the loop called verified but re-verification rejected: must be 0. */
  falselyVerified: number;
  bySource: Partial<Record<SolveSource, number>>;
  /** Mean neural steps over answers from the neural path. */
  meanNeuralSteps: number | null;
  latencyMs: { median: number; p95: number };
  errors: Record<string, number>;
}

export interface TaskEvalReport {
  task: string;
  model: string | null;
  backend: string | null;
  puzzles: 'held-out (regenerated from checkpoint metadata)' | 'generated';
  seed: number;
  generate: Record<string, unknown>;
  strategies: StrategyReport[];
}

function quantile(xs: number[], q: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function evaluateTask(sdk: TrmSdk, task: string, o: TaskEvalOptions): Promise<TaskEvalReport> {
  const plugin = sdk.plugin(task);
  const model = await sdk.model(task);
  const meta = (model as { metadata?: Record<string, string> } | null)?.metadata ?? {};
  let seed = o.seed ?? 0xe7a1;
  let generate = o.generate ?? {};
  let puzzles: TaskEvalReport['puzzles'] = 'generated';
  if (o.heldOut !== false && meta.seed !== undefined && o.generate === undefined) {
    // Same stream the trainer drew its held-out set from (train.ts: seed ^ 0x5eed).
    seed = Number(meta.seed) ^ 0x5eed;
    generate = meta.generate ? (JSON.parse(meta.generate) as Record<string, unknown>) : {};
    puzzles = 'held-out (regenerated from checkpoint metadata)';
  }
  if (typeof plugin.generate !== 'function') throw new Error(`task ${task} has no generator`);
  const rng = createRng(seed);
  const examples: Example<unknown, unknown>[] = [];
  for (let i = 0; i < o.n; i++) examples.push(plugin.generate(rng, generate));

  const strategies = o.strategies ?? (model ? ['neural-only', 'hybrid'] : ['symbolic-only']);
  const reports: StrategyReport[] = [];
  let done = 0;
  const total = examples.length * strategies.length;
  for (const strategy of strategies) {
    const lat: number[] = [];
    const bySource: Partial<Record<SolveSource, number>> = {};
    const errors: Record<string, number> = {};
    let verified = 0;
    let falselyVerified = 0;
    let neuralSteps = 0;
    let neuralCount = 0;
    for (const ex of examples) {
      const t0 = performance.now();
      let r: SolveResult | null = null;
      try {
        r = await sdk.solve(task, plugin.formatPuzzle(ex.puzzle), {
          strategy,
          ...(o.vote !== undefined ? { vote: o.vote } : {}),
          ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
        });
      } catch (e) {
        const code = (e as { code?: string }).code ?? 'ERROR';
        errors[code] = (errors[code] ?? 0) + 1;
      }
      lat.push(performance.now() - t0);
      if (r) {
        bySource[r.source] = (bySource[r.source] ?? 0) + 1;
        const ok = r.answer !== null && plugin.verify(ex.puzzle, r.answer).ok;
        if (ok) verified++;
        if (r.verified && !ok) falselyVerified++;
        if (r.source === 'neural' || r.source === 'neural-vote') {
          neuralSteps += r.steps;
          neuralCount++;
        }
      }
      o.onProgress?.(++done, total);
    }
    reports.push({
      strategy,
      n: examples.length,
      verified,
      verifiedRate: examples.length ? verified / examples.length : 0,
      falselyVerified,
      bySource,
      meanNeuralSteps: neuralCount ? neuralSteps / neuralCount : null,
      latencyMs: { median: quantile(lat, 0.5), p95: quantile(lat, 0.95) },
      errors,
    });
  }
  return { task, model: model?.id ?? null, backend: model?.backend ?? null, puzzles, seed, generate, strategies: reports };
}
