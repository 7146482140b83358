/**
 * How fast the ARC program search covers a fixed space: a fixed set of training tasks of different
 * kinds, each searched exhaustively to a fixed depth (a deadline far beyond what it needs), so every
 * run explores the same programs and must find the same ones. Per task: programs tried (primitive
 * applications + learner fits, the eval's `tried`), the search's CPU time (median over reps, after a
 * full GC), programs tried per CPU-second, and a signature of what it found (every fitting program's
 * text, cost and test predictions, and the solver's answer and verification at that depth).
 *
 *   npx tsc -p . && nice -n 10 node --expose-gc dist/bench/arc-search-speed.js [--depth 2] [--reps 3]
 *       [--ids a,b,c] [--out speed.json] [--baseline speed-main.json] [--dir test/fixtures/data/arc] [--quick] [--time ms]
 *
 * `--quick` leaves the solver's answer out of the signature (the found programs stay in), for timing
 * runs repeated often. On a loaded machine, interleave runs of the two builds (baseline, new,
 * baseline, new, …, one rep each) and compare medians: bench/arc-search-speed.sh does (`--print file`
 * prints a table from such medians instead of measuring).
 *
 * `--baseline` compares with an earlier `--out`: speed-up = baseline CPU / this CPU per task, and
 * "space/s" = the baseline's programs tried over this run's CPU time — the rate at which the same
 * space is covered, which a faster search that skips (prunes) hopeless programs raises even though
 * it tries fewer. Any signature that differs is printed and makes the exit status 1.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArcDataset } from '../src/plugins/arc/loader.js';
import { verifyArc } from '../src/plugins/arc/verify.js';
import { searchArcPrograms, solveArcProgram } from '../src/symbolic/arc/index.js';
import { median } from './harness.js';

/**
 * Training tasks of different kinds (`id` searched to `--depth`, `id:d` to depth d), each exhaustible
 * in about a second: at depth 2 (the last depth, where type pruning works) a periodic repair on
 * 21×21, a crop to a small output, 8 pairs with line drawing, object recolouring, a big crop
 * (23×21 → 6×8); at depth 3 (a middle depth whose states all meet the cheap learners) small grids:
 * a 3×3 → 12×12 tiling, a 6×3 → 9×3 extension, a 3×4 → 6×4 mirror, a 3×9 → 3×3 crop.
 */
export const SPEED_TASKS = ['0dfd9992', '2013d3e2', '253bf280', '08ed6ac7', '1c786137', '91413438:3', '017c7c7b:3', '4c4377d9:3', '2dee498d:3'];

/**
 * With `--time ms`: the eval's regime instead — every task searched to depth 3 under that deadline
 * (results depend on speed, so no signature check), reporting programs tried per CPU-second and the
 * depth reached.
 */

export interface SpeedRow {
  readonly id: string;
  readonly depth: number;
  readonly tried: number;
  readonly states: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly programsPerCpuS: number;
  readonly found: number;
  readonly best: string;
  /** sha1 of every found program's text, cost and predictions, and the solver's answer. */
  readonly signature: string;
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const gc = (globalThis as { gc?: () => void }).gc;

export function measure(id: string, task: Parameters<typeof searchArcPrograms>[0], depth: number, reps: number, timeMs?: number, quick = false): SpeedRow {
  const opts = { timeoutMs: timeMs ?? 600_000, maxDepth: depth, wantPredictions: Infinity, maxKept: Infinity };
  const cpu: number[] = [], wall: number[] = [];
  let last: ReturnType<typeof searchArcPrograms> | undefined;
  for (let r = 0; r < reps; r++) {
    gc?.();
    const c0 = process.cpuUsage(), t0 = performance.now();
    last = searchArcPrograms(task, opts);
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
    if (last.stats.timedOut && timeMs === undefined) throw new Error(`${id}: depth ${depth} did not finish in ${opts.timeoutMs} ms`);
  }
  const res = last!;
  const h = crypto.createHash('sha1');
  if (timeMs === undefined) {
    for (const p of res.programs) h.update(`${p.text}|${p.cost.toFixed(6)}|${JSON.stringify(p.predictions)}|${p.support}\n`);
  }
  if (timeMs === undefined && !quick) {
    const solved = solveArcProgram(task, { timeoutMs: 600_000, maxDepth: depth, validate: verifyArc });
    h.update(`answer ${JSON.stringify(solved.attempts)} ${solved.verification} ${solved.programs[0]?.text ?? ''}`);
  }
  const cpuMs = median(cpu);
  return {
    id,
    depth: timeMs === undefined ? depth : res.stats.depth,
    tried: res.stats.tried,
    states: res.stats.states,
    cpuMs,
    wallMs: median(wall),
    programsPerCpuS: Math.round((1000 * res.stats.tried) / cpuMs),
    found: res.programs.length,
    best: res.programs[0]?.text ?? '',
    signature: h.digest('hex').slice(0, 12),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = arg('dir') ?? path.resolve(here, '../../test/fixtures/data/arc');
  const depth = Number(arg('depth') ?? 2), reps = Number(arg('reps') ?? 3);
  const timeMs = arg('time') ? Number(arg('time')) : undefined;
  const ids = arg('ids')?.split(',') ?? SPEED_TASKS;
  const out = arg('out'), baselineFile = arg('baseline');
  if (!gc) console.error('note: run with --expose-gc so every rep starts from a collected heap');
  const entries = new Map(loadArcDataset(dir, 'training').map((e) => [e.id, e.task]));
  const printFile = arg('print');
  const printed = printFile ? new Map((JSON.parse(fs.readFileSync(printFile, 'utf8')) as { rows: SpeedRow[] }).rows.map((r) => [r.id, r])) : undefined;
  const base = baselineFile ? new Map((JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as { rows: SpeedRow[] }).rows.map((r) => [r.id, r])) : undefined;
  const rows: SpeedRow[] = [];
  let mismatches = 0;
  console.log(timeMs === undefined ? `exhaustive search per task to its depth, ${reps} reps (median CPU ms)` : `depth 3 under a ${timeMs} ms deadline per task, ${reps} reps (median CPU ms)`);
  const head = ['task', 'depth', 'tried', 'states', 'cpu ms', 'progs/cpu-s', ...(base ? ['base cpu ms', 'speed-up', 'space/s', 'same'] : []), 'found', 'best'];
  console.log(head.join('\t'));
  for (const spec of ids) {
    const [id, d] = spec.split(':') as [string, string | undefined];
    const task = entries.get(id);
    if (!task) throw new Error(`unknown training task ${id}`);
    const row = printed?.get(id) ?? measure(id, task, timeMs === undefined ? Number(d ?? depth) : 3, reps, timeMs, process.argv.includes('--quick'));
    rows.push(row);
    const b = base?.get(id);
    const same = b ? b.signature === row.signature : true;
    if (!same) mismatches++;
    const cells = [id, row.depth, row.tried, row.states, row.cpuMs.toFixed(0), row.programsPerCpuS];
    if (base) cells.push(b ? b.cpuMs.toFixed(0) : '-', b ? (b.cpuMs / row.cpuMs).toFixed(2) + '×' : '-', b ? Math.round((1000 * b.tried) / row.cpuMs) : '-', b ? (same ? 'yes' : 'NO') : '-');
    cells.push(row.found, row.best);
    console.log(cells.join('\t'));
  }
  const cpu = rows.reduce((s, r) => s + r.cpuMs, 0), tried = rows.reduce((s, r) => s + r.tried, 0);
  console.log(`total: ${tried} programs tried in ${cpu.toFixed(0)} CPU ms = ${Math.round((1000 * tried) / cpu)} programs/CPU-s`);
  if (base) {
    const bRows = rows.map((r) => base.get(r.id)).filter((r): r is SpeedRow => r !== undefined);
    const bCpu = bRows.reduce((s, r) => s + r.cpuMs, 0), bTried = bRows.reduce((s, r) => s + r.tried, 0);
    console.log(`baseline: ${bTried} programs tried in ${bCpu.toFixed(0)} CPU ms = ${Math.round((1000 * bTried) / bCpu)} programs/CPU-s`);
    console.log(`speed-up (total CPU): ${(bCpu / cpu).toFixed(2)}×; same space covered at ${Math.round((1000 * bTried) / cpu)} baseline-programs/CPU-s; signatures differing: ${mismatches}`);
  }
  if (out) fs.writeFileSync(out, JSON.stringify({ reps, timeMs, rows }, null, 2));
  if (mismatches) process.exitCode = 1;
}
