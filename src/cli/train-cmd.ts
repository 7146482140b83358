/**
 * `trm-sdk train` and `trm-sdk eval`: progress bar (cli-progress) on a terminal, one line per
 * report otherwise (CI logs, pipes); metrics also land in <out>/metrics.jsonl.
 */
import cliProgress from 'cli-progress';
import type { TrmSdk } from '../sdk/sdk.js';
import type { TrainProgress } from '../sdk/train.js';
import { evaluateTask, type TaskEvalReport } from '../sdk/evaluate-task.js';
import { STRATEGIES, type Strategy } from '../sdk/options.js';
import { peekResumePoint, runModelPath } from '../sdk/resume-point.js';
import { resolveTrainSettings, type TrainRequest } from '../sdk/train.js';
import { TrmError } from '../errors.js';
import { EtaGate, formatEta } from './train-progress.js';
import { didYouMeanSuffix } from '../util/did-you-mean.js';

export interface TrainCliOptions {
  preset?: string;
  architecture?: string;
  steps?: number;
  batchSize?: number;
  out?: string;
  resume?: boolean;
  /** --resume-if-present: resume when the folder holds a run, else start fresh (plain --resume then errors). */
  resumeIfPresent?: boolean;
  evalEvery?: number;
  evalSize?: number;
  maxSeconds?: number;
  seed?: number;
  backend?: string;
  workers?: number;
  json?: boolean;
}

/** `runs/<task>-<UTC date and time>` under the current directory. */
export function defaultRunDir(task: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `runs/${task}-${stamp}`;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

export async function runTrain(sdk: TrmSdk, task: string, o: TrainCliOptions): Promise<Record<string, unknown>> {
  // A run is never thrown away: without --out it goes to runs/<task>-<time>, and we say where.
  const out = o.out ?? defaultRunDir(task);
  const say = (m: string): void => void process.stderr.write(`[train ${task}] ${m}\n`);
  if (o.out === undefined) say(`no --out given: writing the run to ${out}`);
  const resume = !!(o.resume || o.resumeIfPresent);
  const req: TrainRequest = {
    task,
    ...(o.preset !== undefined ? { preset: o.preset } : {}),
    ...(o.architecture !== undefined ? { architecture: o.architecture as 'trm' | 'hrm' } : {}),
    ...(o.steps !== undefined ? { steps: o.steps } : {}),
    ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
    checkpointDir: out,
    ...(resume ? { resume: true } : {}),
    ...(o.evalEvery !== undefined ? { evalEvery: o.evalEvery } : {}),
    ...(o.evalSize !== undefined ? { evalSize: o.evalSize } : {}),
    ...(o.maxSeconds !== undefined ? { maxSeconds: o.maxSeconds } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.backend !== undefined ? { backend: o.backend } : {}),
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
  };
  if (resume) {
    const point = peekResumePoint(out);
    if (!point && !o.resumeIfPresent) {
      // Silently starting over would hide a mistyped --out.
      throw new TrmError(
        'TRM_ERR_INVALID_OPTIONS',
        `--resume: there is no run to resume in ${out} (no checkpoint there); check --out, or use --resume-if-present to start fresh when there is none`,
        { option: 'resume', path: out },
      );
    }
    if (!point) {
      say(`--resume-if-present: no run in ${out} yet, starting from step 0`);
      req.resume = false; // said here once; the SDK would say it again
    }
    else {
      const { hyper } = resolveTrainSettings(sdk.plugin(task), req);
      if (point.step >= hyper.steps) {
        const modelPath = runModelPath(out);
        say(`${out} is already at step ${point.step}, at or past the ${hyper.steps} steps asked for: nothing to train; the model is ${modelPath} (a larger --steps trains on)`);
        return { task, steps: point.step, resumedFrom: point.step, trainedSteps: 0, upToDate: true, modelPath };
      }
      say(`resuming from step ${point.step} of ${hyper.steps} (checkpoint ${point.file})`);
    }
  }

  const tty = process.stderr.isTTY && !o.json;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: 'train {task} [{bar}] {value}/{total} | ETA {eta} | loss {loss} | train acc {acc} | eval {evalacc}', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let started = false;
  const gate = new EtaGate();
  const onProgress = (p: TrainProgress): void => {
    const eta = formatEta(gate.eta(p));
    const payload = { task, eta: eta || '…', loss: p.loss.toFixed(4), acc: pct(p.trainExact), evalacc: p.eval ? pct(p.eval.exactAccuracy) : '-' };
    if (bar) {
      if (!started) {
        bar.start(p.totalSteps, p.step, payload);
        started = true;
      } else bar.update(p.step, payload);
    } else {
      const ev = p.eval ? ` eval exact ${pct(p.eval.exactAccuracy)} token ${pct(p.eval.tokenAccuracy)}` : '';
      process.stderr.write(`[train ${task}] step ${p.step}/${p.totalSteps} loss ${p.loss.toFixed(4)} train-exact ${pct(p.trainExact)} lr ${p.lr.toExponential(2)} ${p.stepsPerS.toFixed(2)} steps/s${eta ? ` ETA ${eta}` : ''}${ev}\n`);
    }
  };
  try {
    const r = await sdk.train({ ...req, onProgress });
    return {
      task,
      steps: r.steps,
      resumedFrom: r.resumedFrom,
      stoppedEarly: r.stoppedEarly,
      wallS: Number(r.wallS.toFixed(1)),
      backend: r.backend,
      workers: r.workers,
      modelPath: r.modelPath,
      evalSize: r.evalSize,
      heldOutRowsSkipped: r.skippedHeldOut,
      finalEval: r.finalEval,
      config: r.config,
      hyper: r.hyper,
    };
  } finally {
    bar?.stop();
  }
}

export async function runEval(sdk: TrmSdk, task: string, o: { n: number; seed?: number; difficulty?: string; vote?: number; maxSteps?: number; strategies?: string; json?: boolean }): Promise<TaskEvalReport> {
  const strategies = o.strategies?.split(',').map((x) => x.trim()).filter(Boolean);
  for (const st of strategies ?? []) {
    if (!(STRATEGIES as readonly string[]).includes(st)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `unknown strategy "${st}"${didYouMeanSuffix(st, STRATEGIES)}; expected ${STRATEGIES.join(', ')}`, { option: 'strategies' });
  }
  const tty = process.stderr.isTTY && !o.json;
  const bar = tty ? new cliProgress.SingleBar({ format: 'eval {bar} {value}/{total} | ETA {eta_formatted}', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  let started = false;
  try {
    return await evaluateTask(sdk, task, {
      n: o.n,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.difficulty !== undefined ? { generate: { difficulty: o.difficulty } } : {}),
      ...(o.vote !== undefined ? { vote: o.vote } : {}),
      ...(o.maxSteps !== undefined ? { maxSteps: o.maxSteps } : {}),
      ...(strategies ? { strategies: strategies as Strategy[] } : {}),
      onProgress: (d, t) => {
        if (!bar) return;
        if (!started) {
          bar.start(t, d);
          started = true;
        } else bar.update(d);
      },
    });
  } finally {
    bar?.stop();
  }
}

export function formatEval(r: TaskEvalReport): string {
  const lines = [`eval ${r.task} — model ${r.model ?? 'none'} on ${r.backend ?? 'no backend'}; puzzles: ${r.puzzles}`];
  for (const s of r.strategies) {
    const src = Object.entries(s.bySource).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(
      `  ${s.strategy.padEnd(13)} verified ${s.verified}/${s.n} (${pct(s.verifiedRate)})  sources: ${src || '-'}  mean neural steps ${s.meanNeuralSteps?.toFixed(2) ?? '-'}${s.cellAccuracy !== null ? `  cells right ${pct(s.cellAccuracy)}` : ''}  latency median ${s.latencyMs.median.toFixed(1)} ms p95 ${s.latencyMs.p95.toFixed(1)} ms${s.falselyVerified ? `  FALSELY VERIFIED ${s.falselyVerified}` : ''}${Object.keys(s.errors).length ? `  errors ${JSON.stringify(s.errors)}` : ''}`,
    );
  }
  return lines.join('\n');
}
