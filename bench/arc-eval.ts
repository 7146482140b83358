/**
 * Symbolic ARC solver evaluation over a split.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/arc-eval.js --split training --time-per-task 10000 [--workers 2]
 *       [--dir test/fixtures/data/arc] [--out arc-eval.jsonl] [--limit N] [--stride K] [--ids a,b] [--max-depth 3] [--solutions file]
 *
 * Prints pass@2 accuracy, verified rate, falsely-verified rate (verified but wrong), time per
 * task and programs found; writes per-task JSON lines to --out (default arc-eval-<split>.jsonl).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evalArc } from '../src/sdk/arc/evaluate.js';
import type { ArcSplit } from '../src/plugins/arc/loader.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = arg('dir') ?? path.resolve(here, '../../test/fixtures/data/arc');
const split = (arg('split') ?? 'training') as ArcSplit;
const timePerTaskMs = Number(arg('time-per-task') ?? 10_000);
const workers = Number(arg('workers') ?? 2);
const out = arg('out') ?? `arc-eval-${split}.jsonl`;
const limit = arg('limit');
const stride = arg('stride');
const ids = arg('ids');
const maxDepth = arg('max-depth');
const solutions = arg('solutions');

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const { summary } = await evalArc({
  dir,
  split,
  timePerTaskMs,
  workers,
  out,
  ...(limit ? { limit: Number(limit) } : {}),
  ...(stride ? { stride: Number(stride) } : {}),
  ...(ids ? { ids: ids.split(',') } : {}),
  ...(maxDepth ? { maxDepth: Number(maxDepth) } : {}),
  ...(solutions ? { solutionsFile: solutions } : {}),
  onTask: (r, done, total) => {
    if (process.stderr.isTTY || done % 20 === 0 || done === total) process.stderr.write(`\r${done}/${total} tasks`);
    if (r.score === 1 && process.env.ARC_EVAL_VERBOSE) process.stderr.write(`  ${r.id}: ${r.programs[0]?.text}\n`);
  },
});
process.stderr.write('\n');
console.log(`split ${summary.split}: ${summary.tasks} tasks, ${summary.timePerTaskMs} ms per task, ${summary.workers} workers`);
console.log(`pass@2 accuracy        ${pct(summary.accuracy)}`);
console.log(`verified rate          ${pct(summary.verifiedRate)}`);
console.log(`falsely verified       ${pct(summary.falselyVerifiedRate)} of verified`);
console.log(`programs found         ${summary.programsFound}`);
console.log(`mean time per task     ${summary.meanMsPerTask.toFixed(0)} ms (wall ${(summary.wallMs / 1000).toFixed(1)} s)`);
console.log(`programs tried / s     ${summary.programsPerSecond}`);
console.log(`per-task records       ${out}`);
