/**
 * Held-out audit (issue #12, "held out means unseen up to symmetry"): for each shipped model with a
 * saved held-out set, how many distinct classes (puzzles equal up to the task's augmentations,
 * by the plugin's canonicalKey) the held-out set holds, and how many of them the training stream
 * of the shipped run contained.
 *
 * Run: `npx tsc -p tsconfig.json && node dist/bench/heldout-audit.js [task…]` from the repository
 * root (default tasks: sudoku-4x4, sudoku-6x6, maze-11x11). Add `--json` for one JSON line per task,
 * `--stream <task>=<file>` to read a task's stream from a file (see below).
 *
 * How the shipped stream is regenerated: exactly as `sdk.train()` built it for those runs — the
 * preset (`training/<task>/preset.json` if present, else `tasks/<task>/preset.json`: seed,
 * generate options, evalSize, batch size, steps),
 * the held-out set drawn first from `createRng(seed ^ 0x5eed)` (checked here to be identical to
 * the saved `heldout.jsonl`, which shows the generator and RNG have not changed since), then an
 * `ExampleSource` on `createRng(seed)` excluding held-out puzzles by exact input row only (what
 * training did before canonical keys). The stream's order is deterministic; how many rows of it
 * the run consumed is not recorded: the trainer refills only the batch slots whose row halted,
 * and halting depends on the model. So the audit reports two prefixes of the stream:
 *   upper = steps × batch                     (every row halted after one step),
 *   lower = batch × ⌈steps / haltMaxSteps⌉    (every row used all haltMaxSteps steps);
 * the rows the run trained on are the first N rows of the stream for some N between the two.
 *
 * sudoku-6x6 exception: its run used the Sudoku generator as of commit 71bd3c9 (before e3d8a49
 * changed the bitset solver's branching, which changes which grids the generator builds); the
 * current code regenerates a different held-out set (the audit prints `identical: NO`), and its
 * regenerated stream is then only an estimate from the same generator family. The exact stream is
 * produced with that commit's code and read with `--stream`:
 *   git archive 71bd3c9 src | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/node_modules
 *   (in /tmp/old, a vite-node script: heldOutSet(sudoku6x6Plugin, createRng(1 ^ 0x5eed), 1000,
 *    {difficulty:'any'}) — it equals training/sudoku-6x6/heldout.jsonl line for line — then
 *    new ExampleSource(sudoku6x6Plugin, createRng(1), {generate:{difficulty:'any'}, exclude: held.keys})
 *    and write the first 96,000 rows' puzzles, one JSON string per line)
 *   node dist/bench/heldout-audit.js sudoku-6x6 --stream sudoku-6x6=/tmp/stream-sudoku-6x6-71bd3c9.jsonl
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyTaskPlugin, Example } from '../src/plugins/contract.js';
import { builtinPlugins } from '../src/sdk/builtins.js';
import { ExampleSource, heldOutSet, type TokenRow } from '../src/sdk/train-data.js';
import { createRng } from '../src/util/rng.js';

interface PresetFile {
  model?: { haltMaxSteps?: number };
  train?: { batchSize?: number; steps?: number; seed?: number };
  generate?: Record<string, unknown>;
  evalSize?: number;
}

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root (package.json) not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** The puzzle a training row encodes (these tasks encode one puzzle per row, on the full canvas). */
function puzzleOfRow(plugin: AnyTaskPlugin, row: Int32Array): unknown {
  if (plugin.name.startsWith('sudoku')) return plugin.decode([row], undefined);
  if (plugin.name.startsWith('maze')) {
    const side = Math.round(Math.sqrt(row.length));
    if (row.includes(0)) throw new Error(`${plugin.name}: a training row is smaller than the canvas (pad present); this audit assumes full-canvas mazes`);
    return { rows: side, cols: side, cells: Uint8Array.from(row, (id) => id - 1) };
  }
  throw new Error(`no row decoder for ${plugin.name}`);
}

export interface AuditResult {
  task: string;
  seed: number;
  batchSize: number;
  steps: number;
  haltMaxSteps: number;
  heldOutPuzzles: number;
  heldOutRegeneratedIdentical: boolean;
  heldOutDistinctPuzzles: number;
  heldOutClasses: number;
  /** Rows of the shipped stream in the lower / upper prefix. */
  lowerRows: number;
  upperRows: number;
  /** Held-out classes met in the training stream within the lower / upper prefix. */
  classesSeenLower: number;
  classesSeenUpper: number;
  /** Held-out puzzles (of heldOutPuzzles) whose class was met within the lower / upper prefix. */
  puzzlesSeenLower: number;
  puzzlesSeenUpper: number;
  /** Training rows (within the lower / upper prefix) that are equivalent to some held-out puzzle. */
  leakedRowsLower: number;
  leakedRowsUpper: number;
  stream: string;
  /** Training rows that were exact copies skipped by the old exclusion (within the upper prefix; -1 when the stream was read from a file). */
  exactSkippedUpper: number;
  /** Distinct classes in the whole upper prefix of the stream. */
  streamClassesUpper: number;
  seconds: number;
}

/**
 * `streamFile`: the run's stream as text puzzles (one JSON string per line, in order), for a run
 * whose generator differs from the current one (see the module comment); default: regenerate it.
 */
export function audit(task: string, root = repoRoot(), streamFile?: string): AuditResult {
  const t0 = Date.now();
  const plugin = builtinPlugins().find((p) => p.name === task);
  if (!plugin) throw new Error(`unknown task ${task}`);
  if (typeof plugin.canonicalKey !== 'function') throw new Error(`${task} has no canonicalKey`);
  const key = (p: unknown): string => plugin.canonicalKey!(p);
  const dir = path.join(root, 'training', task);
  // The run's preset: a copy beside the training state if there is one, else the shipped tasks/<task>/preset.json.
  const presetFile = [path.join(dir, 'preset.json'), path.join(root, 'tasks', task, 'preset.json')].find((f) => fs.existsSync(f))!;
  const preset = JSON.parse(fs.readFileSync(presetFile, 'utf8')) as PresetFile;
  const seed = preset.train?.seed ?? 1;
  const batchSize = preset.train?.batchSize ?? 64;
  const steps = preset.train?.steps ?? 1000;
  const haltMaxSteps = preset.model?.haltMaxSteps ?? 16;
  const generate = preset.generate ?? {};
  const evalSize = preset.evalSize ?? 200;

  // The saved held-out set (what the card's figures are measured on).
  const saved: Example<unknown, unknown>[] = fs
    .readFileSync(path.join(dir, 'heldout.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const o = JSON.parse(l) as { puzzle: unknown; answer: unknown };
      const puzzle = plugin.parse(o.puzzle);
      return { puzzle, answer: plugin.parseAnswer(o.answer, puzzle) };
    });

  // Regenerate it as sdk.train() did: identical text means the generator and RNG are unchanged.
  const held = heldOutSet(plugin, createRng(seed ^ 0x5eed), evalSize, generate);
  const text = (exs: readonly Example<unknown, unknown>[]): string => exs.map((e) => JSON.stringify(plugin.formatPuzzle(e.puzzle))).join('\n');
  const heldOutRegeneratedIdentical = held.examples.length === saved.length && text(held.examples) === text(saved);

  const heldKeys = saved.map((e) => key(e.puzzle));
  const classCount = new Map<string, number>();
  for (const k of heldKeys) classCount.set(k, (classCount.get(k) ?? 0) + 1);

  // The shipped stream: exact-row exclusion only, as training did then (or read from streamFile).
  const source = new ExampleSource(plugin, createRng(seed), { generate, exclude: held.keys });
  const streamLines = streamFile ? fs.readFileSync(streamFile, 'utf8').split('\n').filter((l) => l.trim()) : null;
  const nextPuzzles = (n: number): unknown[] =>
    streamLines
      ? streamLines.slice(index, index + n).map((l) => plugin.parse(JSON.parse(l)))
      : source.take(n).map((r: TokenRow) => puzzleOfRow(plugin, r.inputs));
  const upperRows = steps * batchSize;
  if (streamLines && streamLines.length < upperRows) throw new Error(`${streamFile}: ${streamLines.length} rows, need ${upperRows}`);
  const lowerRows = batchSize * Math.ceil(steps / haltMaxSteps);
  const firstSeen = new Map<string, number>(); // held-out class → first stream index
  const streamClasses = new Set<string>();
  let leakedRowsLower = 0;
  let leakedRowsUpper = 0;
  let index = 0;
  const CHUNK = 4096;
  while (index < upperRows) {
    for (const puzzle of nextPuzzles(Math.min(CHUNK, upperRows - index))) {
      const k = key(puzzle);
      streamClasses.add(k);
      if (classCount.has(k)) {
        if (!firstSeen.has(k)) firstSeen.set(k, index);
        leakedRowsUpper++;
        if (index < lowerRows) leakedRowsLower++;
      }
      index++;
    }
  }
  const seenWithin = (n: number): Set<string> => new Set([...firstSeen].filter(([, i]) => i < n).map(([k]) => k));
  const lower = seenWithin(lowerRows);
  const upper = seenWithin(upperRows);
  return {
    task,
    seed,
    batchSize,
    steps,
    haltMaxSteps,
    heldOutPuzzles: saved.length,
    heldOutRegeneratedIdentical,
    heldOutDistinctPuzzles: new Set(saved.map((e) => JSON.stringify(plugin.formatPuzzle(e.puzzle)))).size,
    heldOutClasses: classCount.size,
    lowerRows,
    upperRows,
    classesSeenLower: lower.size,
    classesSeenUpper: upper.size,
    puzzlesSeenLower: heldKeys.filter((k) => lower.has(k)).length,
    puzzlesSeenUpper: heldKeys.filter((k) => upper.has(k)).length,
    leakedRowsLower,
    leakedRowsUpper,
    stream: streamFile ? `read from ${streamFile}` : 'regenerated with the current code',
    exactSkippedUpper: streamLines ? -1 : source.skipped,
    streamClassesUpper: streamClasses.size,
    seconds: (Date.now() - t0) / 1000,
  };
}

function report(r: AuditResult): string {
  const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  return [
    `## ${r.task}  (seed ${r.seed}, ${r.steps} steps × batch ${r.batchSize}, haltMaxSteps ${r.haltMaxSteps})`,
    `held-out set: ${r.heldOutPuzzles} puzzles, ${r.heldOutDistinctPuzzles} distinct as text, ${r.heldOutClasses} distinct up to the augmentations`,
    `regenerated held-out set identical to training/${r.task}/heldout.jsonl: ${r.heldOutRegeneratedIdentical ? 'yes' : 'NO'}`,
    `training stream (shipped run, exact-row exclusion; ${r.stream}): first ${r.lowerRows} rows (lower bound) / first ${r.upperRows} rows (upper bound)`,
    `  held-out classes seen in training:   ${r.classesSeenLower} / ${r.classesSeenUpper} of ${r.heldOutClasses}`,
    `  held-out puzzles whose class was seen: ${r.puzzlesSeenLower} (${pct(r.puzzlesSeenLower, r.heldOutPuzzles)}) / ${r.puzzlesSeenUpper} (${pct(r.puzzlesSeenUpper, r.heldOutPuzzles)}) of ${r.heldOutPuzzles}`,
    `  training rows equivalent to a held-out puzzle: ${r.leakedRowsLower} / ${r.leakedRowsUpper}`,
    ...(r.exactSkippedUpper >= 0 ? [`  exact copies the old exclusion skipped (upper prefix): ${r.exactSkippedUpper}`] : []),
    `  distinct classes in the upper prefix of the stream: ${r.streamClassesUpper}`,
    `(${r.seconds.toFixed(1)} s)`,
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  // --stream <task>=<file>: read that task's stream from a file instead of regenerating it.
  const streams = new Map<string, string>();
  const tasks: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--stream') {
      const [t, f] = (args[++i] ?? '').split('=');
      if (!t || !f) throw new Error('--stream needs <task>=<file>');
      streams.set(t, f);
    } else if (!args[i]!.startsWith('--')) tasks.push(args[i]!);
  }
  for (const task of tasks.length ? tasks : ['sudoku-4x4', 'sudoku-6x6', 'maze-11x11']) {
    const r = audit(task, repoRoot(), streams.get(task));
    console.log(json ? JSON.stringify(r) : report(r) + '\n');
  }
}
