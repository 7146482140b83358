/**
 * Evaluation of the symbolic ARC solver over a dataset split: pass@2 accuracy, verified rate,
 * falsely-verified rate (verified but wrong), time per task, programs found; per-task JSON lines
 * optionally written to a file. One place for the figures: `bench/arc-eval.ts` and the CLI call
 * {@link evalArc}.
 *
 * Parallelism: `workers` ≥ 1 runs tasks in `node:worker_threads` workers (this same module is the
 * worker script; src/util/spawn-worker.ts starts it, and stops the others when one fails);
 * `workers: 0` runs in-process.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { TrmError } from '../../errors.js';
import { loadArcDataset, type ArcDatasetEntry, type ArcSplit } from '../../plugins/arc/loader.js';
import { scoreArc } from '../../plugins/arc/score.js';
import { verifyArc } from '../../plugins/arc/verify.js';
import type { ArcTask, Grid } from '../../symbolic/arc/grid/types.js';
import { solveArcProgram } from '../../symbolic/arc/index.js';
import { WorkerGroup } from '../../util/spawn-worker.js';

/** The dataset splits `evalArc` knows (the CLI checks `--split` against these, through the SDK). */
export { ARC_SPLITS, type ArcSplit } from '../../plugins/arc/loader.js';

export interface EvalArcOptions {
  /** Folder with `arc-agi_<split>_challenges.json` (and solutions). */
  readonly dir: string;
  readonly split: ArcSplit;
  /** A solutions file to score against instead of the split's own (id → one grid per test input). */
  readonly solutionsFile?: string;
  readonly timePerTaskMs: number;
  /** Worker threads (0 = in this thread). */
  readonly workers: number;
  /** Write one JSON line per task here. */
  readonly out?: string;
  /** Only these task ids (default: all), or only the first `limit` tasks, or every `stride`-th task. */
  readonly ids?: readonly string[];
  readonly limit?: number;
  readonly stride?: number;
  readonly maxDepth?: number;
  /** Called after each task (progress). */
  readonly onTask?: (record: EvalArcTaskRecord, done: number, total: number) => void;
}

export interface EvalArcTaskRecord {
  readonly id: string;
  /** Fraction of test inputs solved pass@2, or null when the solutions are unknown. */
  readonly score: number | null;
  readonly verified: boolean;
  /** Verified and not fully correct (null when unknown). */
  readonly falselyVerified: boolean | null;
  readonly programs: { text: string; cost: number }[];
  /** Why a fitting program was not verified (which check failed); absent when verified or when nothing fitted. */
  readonly reason?: string;
  readonly depth: number;
  readonly tried: number;
  readonly timedOut: boolean;
  readonly ms: number;
  readonly error?: string;
}

export interface EvalArcSummary {
  readonly split: string;
  readonly tasks: number;
  readonly timePerTaskMs: number;
  readonly workers: number;
  /** Sum of task scores / tasks (the official pass@2 metric), or null without solutions. */
  readonly accuracy: number | null;
  /** Tasks with a verified answer / tasks. */
  readonly verifiedRate: number;
  /** Of the verified tasks, the fraction not fully correct (null without solutions or with none verified). */
  readonly falselyVerifiedRate: number | null;
  /** Tasks where some program fitted. */
  readonly programsFound: number;
  readonly meanMsPerTask: number;
  /** Search speed: programs tried (primitive applications and learner fits) over all tasks / their time in seconds. */
  readonly programsPerSecond: number;
  readonly wallMs: number;
}

interface Job {
  readonly id: string;
  readonly task: ArcTask;
}

function solveOne(job: Job, timePerTaskMs: number, maxDepth: number | undefined): EvalArcTaskRecord {
  const t0 = performance.now();
  try {
    const r = solveArcProgram(job.task, { timeoutMs: timePerTaskMs, validate: verifyArc, ...(maxDepth !== undefined ? { maxDepth } : {}) });
    const sols = job.task.test.map((t) => t.output);
    const known = sols.every((g): g is Grid => g !== undefined);
    const score = known ? scoreArc(job.task, { attempts: r.attempts }, sols as Grid[]).score : null;
    const verified = r.verification === 'demonstrations';
    return {
      id: job.id,
      score,
      verified,
      falselyVerified: score === null ? null : verified && score < 1,
      programs: r.programs.slice(0, 3),
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      depth: r.stats.depth,
      tried: r.stats.tried,
      timedOut: r.stats.timedOut,
      ms: Math.round(performance.now() - t0),
    };
  } catch (e) {
    return { id: job.id, score: 0, verified: false, falselyVerified: false, programs: [], depth: -1, tried: 0, timedOut: false, ms: Math.round(performance.now() - t0), error: String(e) };
  }
}

const WORKER_TAG = 'trm-sdk:eval-arc';

interface WorkerInit {
  readonly tag: typeof WORKER_TAG;
  readonly timePerTaskMs: number;
  readonly maxDepth?: number;
}

if (!isMainThread && (workerData as WorkerInit | undefined)?.tag === WORKER_TAG) {
  const init = workerData as WorkerInit;
  parentPort!.on('message', (job: Job | null) => {
    if (job === null) {
      parentPort!.close();
      return;
    }
    parentPort!.postMessage(solveOne(job, init.timePerTaskMs, init.maxDepth));
  });
}

function loadJobs(opts: EvalArcOptions): Job[] {
  let entries: ArcDatasetEntry[] = loadArcDataset(opts.dir, opts.split);
  if (opts.solutionsFile) {
    let sols: Record<string, Grid[]>;
    try {
      sols = JSON.parse(readFileSync(opts.solutionsFile, 'utf8')) as Record<string, Grid[]>;
    } catch (e) {
      throw new TrmError('TRM_ERR_IO', `cannot read ARC solutions file ${opts.solutionsFile}: ${(e as Error).message}`, { path: opts.solutionsFile });
    }
    for (const e of entries) {
      const s = sols[e.id];
      if (Array.isArray(s) && s.length === e.task.test.length) e.task.test.forEach((t, i) => { const g = s[i]; if (g !== undefined) t.output = g; });
    }
  }
  if (opts.ids) {
    const want = new Set(opts.ids);
    const have = new Set(entries.map((e) => e.id));
    const missing = [...want].filter((id) => !have.has(id));
    if (missing.length) {
      throw new TrmError('TRM_ERR_INVALID_OPTIONS', `ids not in the ${opts.split} split: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`, { option: 'ids' });
    }
    entries = entries.filter((e) => want.has(e.id));
  }
  if (opts.stride !== undefined && opts.stride > 1) entries = entries.filter((_, i) => i % opts.stride! === 0);
  if (opts.limit !== undefined) entries = entries.slice(0, opts.limit);
  return entries.map((e) => ({ id: e.id, task: e.task }));
}

/** Runs the symbolic solver over a split and summarises (see the module comment). */
export async function evalArc(opts: EvalArcOptions): Promise<{ summary: EvalArcSummary; records: EvalArcTaskRecord[] }> {
  if (!(opts.timePerTaskMs > 0)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `timePerTaskMs must be positive, got ${opts.timePerTaskMs}`);
  const workers = Math.max(0, Math.floor(opts.workers));
  const jobs = loadJobs(opts);
  const t0 = performance.now();
  const records: EvalArcTaskRecord[] = new Array(jobs.length);
  let done = 0;
  if (opts.out) writeFileSync(opts.out, '');
  const finish = (i: number, r: EvalArcTaskRecord): void => {
    records[i] = r;
    if (opts.out) appendFileSync(opts.out, JSON.stringify(r) + '\n');
    opts.onTask?.(r, ++done, jobs.length);
  };
  if (workers === 0) {
    jobs.forEach((job, i) => finish(i, solveOne(job, opts.timePerTaskMs, opts.maxDepth)));
  } else {
    let next = 0;
    // The first worker failure rejects the evaluation and terminates the other workers.
    let onFailure: (e: Error) => void = () => {};
    const failure = new Promise<never>((_, reject) => (onFailure = reject));
    const group = new WorkerGroup((e) => onFailure(e));
    const all = Promise.all(
      Array.from({ length: Math.min(workers, jobs.length) }, () =>
        new Promise<void>((resolve) => {
          const init: WorkerInit = { tag: WORKER_TAG, timePerTaskMs: opts.timePerTaskMs, ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}) };
          const w = group.spawn(new URL(import.meta.url), { workerData: init });
          let current = -1;
          const feed = (): void => {
            if (next >= jobs.length) {
              w.postMessage(null);
              return;
            }
            current = next++;
            w.postMessage(jobs[current]);
          };
          w.on('message', (r: EvalArcTaskRecord) => {
            finish(current, r);
            feed();
          });
          w.on('exit', () => resolve());
          feed();
        }),
      ),
    );
    try {
      await Promise.race([all, failure]);
    } finally {
      await group.close();
    }
  }
  const wallMs = performance.now() - t0;
  const n = records.length;
  const known = records.every((r) => r.score !== null);
  const verified = records.filter((r) => r.verified);
  const summary: EvalArcSummary = {
    split: opts.split,
    tasks: n,
    timePerTaskMs: opts.timePerTaskMs,
    workers,
    accuracy: known && n ? records.reduce((s, r) => s + (r.score ?? 0), 0) / n : null,
    verifiedRate: n ? verified.length / n : 0,
    falselyVerifiedRate: known && verified.length ? verified.filter((r) => r.falselyVerified).length / verified.length : null,
    programsFound: records.filter((r) => r.programs.length > 0).length,
    meanMsPerTask: n ? records.reduce((s, r) => s + r.ms, 0) / n : 0,
    programsPerSecond: Math.round((1000 * records.reduce((s, r) => s + r.tried, 0)) / Math.max(1, records.reduce((s, r) => s + r.ms, 0))),
    wallMs: Math.round(wallMs),
  };
  return { summary, records };
}
