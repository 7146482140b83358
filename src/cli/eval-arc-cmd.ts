/**
 * `trm-sdk eval arc --split <split>`: the symbolic ARC solver over a dataset split, in parallel
 * across cores (the work and the figures are the SDK's: src/sdk/arc/evaluate.ts). Progress on
 * stderr, one summary (pass@2 accuracy, verified rate, falsely verified, time per task).
 */
import os from 'node:os';
import { TrmError } from '../errors.js';
import { ARC_SPLITS, evalArc, type ArcSplit } from '../sdk/arc/evaluate.js';
import { readFileSync } from 'node:fs';
import { arcDataDir } from './arc-data.js';
import { didYouMeanSuffix } from '../util/did-you-mean.js';

export interface EvalArcCliOptions {
  split?: string;
  data?: string;
  solutions?: string;
  timePerTask: number;
  workers?: number;
  limit?: number;
  ids?: string;
  out?: string;
  json?: boolean;
}

/**
 * `--ids a,b,c` or `--ids @file` (ids separated by commas, spaces or lines: e.g. a taxonomy
 * category's `--list` output). An empty list is a usage error rather than an empty run.
 */
export function parseIds(spec: string): string[] {
  let text = spec;
  if (spec.startsWith('@')) {
    try {
      text = readFileSync(spec.slice(1), 'utf8');
    } catch (e) {
      throw new TrmError('TRM_ERR_IO', `cannot read --ids file ${spec.slice(1)}: ${(e as Error).message}`, { option: 'ids', path: spec.slice(1) });
    }
  }
  const ids = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  if (!ids.length) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `--ids names no task (got ${JSON.stringify(spec)})`, { option: 'ids' });
  return ids;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

export async function runEvalArc(o: EvalArcCliOptions): Promise<void> {
  // Where to get the data comes first: without it nothing else matters.
  if (o.data === undefined) arcDataDir(undefined, (ARC_SPLITS as readonly string[]).includes(o.split ?? '') ? (o.split as ArcSplit) : 'training');
  if (!o.split || !(ARC_SPLITS as readonly string[]).includes(o.split)) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `--split must be one of ${ARC_SPLITS.join(', ')}, got ${JSON.stringify(o.split)}${o.split ? didYouMeanSuffix(o.split, ARC_SPLITS) : ''}`, { option: 'split' });
  }
  if (o.timePerTask < 1) throw new TrmError('TRM_ERR_INVALID_OPTIONS', '--time-per-task must be ≥ 1 ms', { option: 'time-per-task' });
  const dir = arcDataDir(o.data, o.split as ArcSplit);
  const workers = o.workers ?? os.availableParallelism();
  const { summary } = await evalArc({
    dir,
    split: o.split as ArcSplit,
    timePerTaskMs: o.timePerTask,
    workers,
    ...(o.solutions ? { solutionsFile: o.solutions } : {}),
    ...(o.out ? { out: o.out } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    ...(o.ids !== undefined ? { ids: parseIds(o.ids) } : {}),
    onTask: (r, done, total) => {
      if (!o.json) process.stderr.write(`[eval arc ${o.split}] ${done}/${total} ${r.id}: ${r.score === null ? '?' : r.score === 1 ? 'right' : 'wrong'}${r.verified ? ' (verified)' : ''}${r.programs[0] ? ` ${r.programs[0].text}` : ''}\n`);
    },
  });
  if (o.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(
    `arc ${summary.split}: ${summary.tasks} tasks, pass@2 ${pct(summary.accuracy)}, verified ${pct(summary.verifiedRate)}, ` +
      `falsely verified ${pct(summary.falselyVerifiedRate)} of the verified, programs found on ${summary.programsFound}, ` +
      `${(summary.meanMsPerTask / 1000).toFixed(1)} s per task (${summary.timePerTaskMs} ms budget, ${summary.workers} workers), ` +
      `${summary.programsPerSecond} programs tried per second`,
  );
}
