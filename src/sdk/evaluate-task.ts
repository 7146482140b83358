/**
 * Task-level evaluation (`trm-sdk eval`, benchmarks, model cards): on N held-out puzzles run the
 * solve loop with strategy neural-only and hybrid, and report the verified rates, the sources of
 * hybrid answers, steps and latency. Every returned answer is re-verified here, independently of
 * the loop's own flag, so a loop bug that mislabels an answer cannot inflate the numbers.
 *
 * Held-out puzzles: the training run's `heldout.jsonl` (beside the checkpoint, or for a shipped
 * model in `training/<task>/` of a repository checkout; see paths.ts) is used when present —
 * those puzzles were excluded from training up to the plugin's augmentations; otherwise, or with
 * an explicit `seed` or `difficulty`, puzzles are generated fresh (and may overlap training).
 */
import type { AnyTaskPlugin, Example } from '../plugins/contract.js';
import path from 'node:path';
import { TrmError, noGenerator } from '../errors.js';
import { createRng } from '../util/rng.js';
import { IGNORE_LABEL_ID } from '../util/tokens.js';
import { readHeldOut } from './train.js';
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
  /**
   * Share of answer tokens equal to the known solution's (givens included), over every puzzle
   * (no answer counts as none right); null where the task has no single solution to compare with.
   * For an unverified neural-only answer this is how close the model came.
   */
  cellAccuracy: number | null;
  latencyMs: { median: number; p95: number };
  errors: Record<string, number>;
}

export interface TaskEvalReport {
  task: string;
  model: string | null;
  backend: string | null;
  /** Where the puzzles came from. */
  puzzles: string;
  seed: number;
  generate: Record<string, unknown>;
  strategies: StrategyReport[];
}

function quantile(xs: number[], q: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** Answer tokens equal to the solution's, by the plugin's own encoding (null when it cannot encode the pair). */
function tokenAgreement(plugin: AnyTaskPlugin, ex: Example<unknown, unknown>, answer: unknown): { right: number; total: number } | null {
  let want: Int32Array | undefined;
  try {
    want = plugin.encode(ex.puzzle, ex.answer).labels?.[0];
  } catch {
    return null;
  }
  if (!want) return null;
  let got: Int32Array | undefined;
  try {
    got = answer === null ? undefined : plugin.encode(ex.puzzle, answer).labels?.[0];
  } catch {
    got = undefined;
  }
  let right = 0, total = 0;
  for (let i = 0; i < want.length; i++) {
    if (want[i] === IGNORE_LABEL_ID) continue;
    total++;
    if (got && got.length === want.length && got[i] === want[i]) right++;
  }
  return { right, total };
}

export async function evaluateTask(sdk: TrmSdk, task: string, o: TaskEvalOptions): Promise<TaskEvalReport> {
  const plugin = sdk.plugin(task);
  const model = await sdk.model(task);
  const heldOutPath = (model as { heldOutPath?: string | null } | null)?.heldOutPath ?? null;
  const seed = o.seed ?? 0xe7a1;
  const generate = o.generate ?? {};
  let puzzles: TaskEvalReport['puzzles'] = 'generated';
  let examples: Example<unknown, unknown>[] = [];
  if (o.heldOut !== false && heldOutPath && o.generate === undefined && o.seed === undefined) {
    // The training run's own held-out set (excluded from its training data).
    examples = readHeldOut(plugin, heldOutPath).slice(0, o.n);
    puzzles = `held-out (${path.basename(path.dirname(heldOutPath))}/${path.basename(heldOutPath)}, excluded from training)`;
  } else {
    if (typeof plugin.generate !== 'function') throw noGenerator(task, 'pass evaluation puzzles');
    const rng = createRng(seed);
    for (let i = 0; i < o.n; i++) examples.push(plugin.generate(rng, generate));
  }

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
    let cellsRight = 0;
    let cellsTotal = 0;
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
      const cells = tokenAgreement(plugin, ex, r?.answer ?? null);
      if (cells) {
        cellsRight += cells.right;
        cellsTotal += cells.total;
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
      cellAccuracy: cellsTotal ? cellsRight / cellsTotal : null,
      latencyMs: { median: quantile(lat, 0.5), p95: quantile(lat, 0.95) },
      errors,
    });
  }
  return { task, model: model?.id ?? null, backend: model?.backend ?? null, puzzles, seed, generate, strategies: reports };
}
