/**
 * The neural ARC baseline (src/sdk/arc-ttt.ts): a tiny TRM trained from scratch per task on its
 * demonstration pairs, within the per-task budget, one task at a time.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/arc-ttt.js --split training --n 40 --time-per-task 20000
 *       [--dir test/fixtures/data/arc] [--out arc-ttt-<split>.jsonl] [--stride K] [--offset I] [--seed S]
 *       [--backend wasm] [--no-loo] [--colour-perms C]
 *
 * Only `training` and `concept` are accepted: they are the splits with solutions, and the
 * evaluation splits are not to be looked at while developing. Prints pass@2, time per task, the
 * leave-one-out verified rate and the falsely verified rate (LOO passed but the test answer is
 * wrong), and writes one JSON line per task.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArcDataset } from '../src/plugins/arc/loader.js';
import type { Grid } from '../src/symbolic/arc/grid/types.js';
import { solveArcByTestTimeTraining } from '../src/sdk/arc/ttt.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = arg('dir') ?? path.resolve(here, '../../test/fixtures/data/arc');
const split = arg('split') ?? 'training';
if (split !== 'training' && split !== 'concept') {
  console.error(`--split must be training or concept (the splits with solutions; evaluation splits are not measured here), got ${split}`);
  process.exit(2);
}
const n = Number(arg('n') ?? 40);
const timePerTask = Number(arg('time-per-task') ?? 20_000);
const stride = Number(arg('stride') ?? 1);
const offset = Number(arg('offset') ?? 0);
const seed = Number(arg('seed') ?? 1);
const backend = arg('backend') ?? 'wasm';
const loo = !process.argv.includes('--no-loo');
const colourPerms = Number(arg('colour-perms') ?? 2);
const out = arg('out') ?? `arc-ttt-${split}.jsonl`;
process.env.TRM_QUIET ??= '1';

const entries = loadArcDataset(dir, split).filter((_, i) => i >= offset && (i - offset) % stride === 0).slice(0, n);
const same = (a: Grid | undefined, b: Grid | undefined): boolean => a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);

fs.writeFileSync(out, '');
let solved = 0, verified = 0, falselyVerified = 0, wallSum = 0, stepsSum = 0, trainExactSum = 0, errors = 0;
/** Most a task ran past its budget (one step or one prediction batch can overrun the deadline estimate). */
let worstOverrunMs = -Infinity;
let usedBackend = backend;
for (const [i, { id, task }] of entries.entries()) {
  const known = task.test.map((t) => t.output);
  const blind = { id, train: task.train, test: task.test.map((t) => ({ input: t.input })) };
  const rec: Record<string, unknown> = { id, split, timePerTaskMs: timePerTask, seed };
  try {
    const r = await solveArcByTestTimeTraining(blind, { timeoutMs: timePerTask, backend, seed, leaveOneOut: loo, colourPerms });
    // Pass@2 per test input; a task scores 1 only when every test input is right.
    const perTest = r.attempts.map((list, j) => list.some((g) => same(g, known[j])));
    const correct = perTest.length > 0 && perTest.every(Boolean);
    usedBackend = r.stats.backend;
    if (correct) solved++;
    if (r.looPassed === true) {
      verified++;
      if (!correct) falselyVerified++;
    }
    wallSum += r.stats.wallMs;
    worstOverrunMs = Math.max(worstOverrunMs, r.stats.wallMs - timePerTask);
    stepsSum += r.stats.steps;
    trainExactSum += r.stats.trainExact;
    Object.assign(rec, { correct, perTest, verification: r.verification, looPassed: r.looPassed, stats: r.stats, attempts: r.attempts });
  } catch (e) {
    errors++;
    Object.assign(rec, { correct: false, error: e instanceof Error ? e.message : String(e) });
  }
  fs.appendFileSync(out, JSON.stringify(rec) + '\n');
  const st = rec.stats as { wallMs: number; steps: number; looSteps: number; msPerStep: number; trainExact: number; canvasSide: number } | undefined;
  process.stderr.write(
    `${i + 1}/${entries.length} ${id} ${rec.correct ? 'RIGHT' : 'wrong'} loo=${String(rec.looPassed)} ` +
      (st ? `side=${st.canvasSide} steps=${st.steps}+${st.looSteps} ${st.msPerStep.toFixed(0)}ms/step trainExact=${st.trainExact.toFixed(2)} ${(st.wallMs / 1000).toFixed(1)}s\n` : `error: ${String(rec.error)}\n`),
  );
}
const N = entries.length;
const pct = (x: number, d: number): string => (d ? `${((100 * x) / d).toFixed(1)}%` : 'n/a');
console.log(`split ${split}: ${N} tasks (offset ${offset}, stride ${stride}), ${timePerTask} ms per task, backend ${usedBackend}, seed ${seed}, leave-one-out ${loo ? 'on' : 'off'}`);
console.log(`pass@2 accuracy        ${pct(solved, N)} (${solved}/${N})`);
console.log(`LOO-verified rate      ${pct(verified, N)} (${verified}/${N})`);
console.log(`falsely verified       ${pct(falselyVerified, verified)} of verified (${falselyVerified}/${verified})`);
console.log(`mean time per task     ${(wallSum / Math.max(1, N - errors)).toFixed(0)} ms`);
console.log(`worst overrun          ${worstOverrunMs.toFixed(0)} ms past the ${timePerTask} ms budget`);
console.log(`mean main-fit steps    ${(stepsSum / Math.max(1, N - errors)).toFixed(1)}`);
console.log(`mean demo pairs exact  ${pct(trainExactSum, N - errors)} (main fit, top-1 vote)`);
console.log(`errors                 ${errors}`);
console.log(`per-task records       ${out}`);
