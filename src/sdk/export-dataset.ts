/**
 * `export-dataset`: any task's data, written in the layout the PyTorch reference trainers read
 * (`puzzle_dataset.py` of TinyRecursiveModels and of the official HRM), so a plugin's task can be
 * trained at paper scale with `torchrun pretrain.py` and imported back (`trm-sdk import`).
 *
 * Layout (as the reference's `dataset/build_*_dataset.py` write it):
 *
 *   <out>/identifiers.json                  — puzzle-identifier names, index = id ("<blank>" at 0)
 *   <out>/{train,test}/dataset.json         — PuzzleDatasetMetadata
 *   <out>/{train,test}/all__inputs.npy      — [rows, seq_len] token ids, uint8 (int32 past 256 ids)
 *   <out>/{train,test}/all__labels.npy      — [rows, seq_len] target ids; ignored cells = ignore_label_id
 *   <out>/{train,test}/all__puzzle_identifiers.npy — [puzzles] int32
 *   <out>/{train,test}/all__puzzle_indices.npy     — [puzzles + 1] int32: puzzle p is rows [i[p], i[p+1])
 *   <out>/{train,test}/all__group_indices.npy      — [groups + 1] int32: group g is puzzles [i[g], i[g+1])
 *   <out>/trm-sdk-export.json               — what made it (task, seed, counts, skipped), ignored by the reference
 *
 * Glossary (the reference's): an *example* is one row (an encoded row of the plugin); a *puzzle*
 * is the rows of one encoded example (one for Sudoku and mazes); a *group* is an original puzzle
 * and its augmented copies — the reference's training sampler takes one random puzzle per group
 * per epoch, so augmentations add variety without changing the epoch length.
 *
 * Data: the test set is drawn first (its own seed stream, not augmented, one group per puzzle, as
 * the reference builders do), then training originals; an original equivalent to a test puzzle
 * (same `canonicalKey`, i.e. equal up to the plugin's augmentations; or, without one, the same
 * input rows) is skipped whole, as `sdk.train()` skips it (train-data.ts). Each training original
 * becomes a group of itself plus `augment` copies under the plugin's composite augmentation.
 *
 * ARC takes its own path (export-arc.ts, the reference's build_arc_dataset.py layout from Kaggle
 * JSON files: demonstration pairs as rows, one identifier per augmented task, test_puzzles.json).
 *
 * Bounded memory: rows stream through NpyWriter buffers; only the per-puzzle and per-group index
 * arrays (4 bytes per puzzle) and the test set's keys are held. Files are written to a temporary
 * folder beside `out` and moved in at the end, so a failed export leaves nothing half-written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError, invalidOptions, noGenerator } from '../errors.js';
import type { AnyTaskPlugin, Example } from '../plugins/contract.js';
import { IGNORE_LABEL_ID, sampleComposite } from '../plugins/contract.js';
import type { NpyDtype } from '../util/npy.js';
import { SplitWriter, type EncodedPuzzle, type PuzzleDatasetMetadata, type SplitSummary } from './dataset-writer.js';
export type { PuzzleDatasetMetadata, SplitSummary } from './dataset-writer.js';
import { createRng, type Rng } from '../util/rng.js';
import { SDK_VERSION } from '../version.js';
import { rowKey } from './train-data.js';
import { readExamplesFile } from './examples-file.js';
import { loadPreset, presetFile } from './preset.js';
import { writeArcDataset } from './export-arc.js';

export interface ExportDatasetRequest {
  task: string;
  /** Output folder; must be absent or empty unless `force`. */
  out: string;
  /** Training originals (groups). Default 1000 with a generator; all remaining examples with `from`. */
  nTrain?: number;
  /** Test puzzles, drawn first. Default 1000 with a generator; with `from`, the first nTest examples (default 0 — pass one). */
  nTest?: number;
  /** Augmented copies per training original (0 = none). */
  augment?: number;
  /** Seed of the generator and the augmentations (default 0). */
  seed?: number;
  /** A JSON-lines file of `{ "puzzle": …, "answer": … }` in the task's text forms, instead of the generator. */
  from?: string;
  /** Options for `plugin.generate` (difficulty, size…), over the preset's `generate`. */
  generate?: Record<string, unknown>;
  /** The preset whose `generate` options apply (a shipped name or a file; default the task's shipped preset, if any) — the data `sdk.train()` would draw. */
  preset?: string;
  /** Replace the export files in a non-empty `out` (other files there are left alone). */
  force?: boolean;
  /** ARC only (`--from` is then the folder of Kaggle JSON files): the subsets to read, default training, evaluation, concept. */
  subsets?: string[];
  /** ARC only: the subset whose test pairs form the test split (default evaluation). */
  testSubset?: string;
  /** Called every ~10,000 rows and at the end of each split. */
  onProgress?: (p: { split: 'train' | 'test'; rows: number; puzzles: number }) => void;
}

export interface ExportDatasetResult {
  task: string;
  out: string;
  train: SplitSummary;
  test: SplitSummary;
  /** ARC: tasks read and puzzle identifiers written (with <blank>). */
  arc?: { tasks: number; identifiers: number; subsets: string[]; testSubset: string };
  /** Training originals skipped because they are equivalent to a test puzzle. */
  skippedEquivalent: number;
  /** dtype of all__inputs.npy and all__labels.npy. */
  tokenDtype: NpyDtype;
  files: string[];
  seconds: number;
}

/** Export file names, relative to `out` (what `force` replaces). */
export const EXPORT_ENTRIES = ['train', 'test', 'identifiers.json', 'test_puzzles.json', 'trm-sdk-export.json'] as const;
const FIELDS = ['inputs', 'labels', 'puzzle_identifiers', 'puzzle_indices', 'group_indices'] as const;
const DEFAULT_N = 1000;
const MAX_N = 1e9;

function checkCount(name: string, v: number | undefined, min: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_N) {
    throw invalidOptions(name, `${name} must be an integer in [${min}, ${MAX_N}], got ${JSON.stringify(v)}`);
  }
}

/**
 * Encodes an example for export: every row checked against the token interface, labels' ignored
 * cells (IGNORE_LABEL_ID) rewritten to the reference's `ignore_label_id` (the pad id, as its
 * builders do). A real label equal to the pad id would be ignored by the reference's loss, so it
 * is refused rather than silently dropped.
 */
function encodeForExport(plugin: AnyTaskPlugin, ex: Example<unknown, unknown>, where: string): EncodedPuzzle {
  const enc = plugin.encode(ex.puzzle, ex.answer);
  const t = plugin.tokens;
  if (!enc.labels || enc.labels.length !== enc.inputs.length) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `${where}: plugin ${plugin.name} did not return one label row per input row from encode(puzzle, answer)`);
  }
  const ids = new Set(enc.puzzleIdentifiers);
  const identifier = enc.puzzleIdentifiers[0] ?? 0;
  if (ids.size > 1) throw new TrmError('TRM_ERR_INVALID_INPUT', `${where}: the rows of one puzzle carry different puzzle identifiers (${[...ids].join(', ')}); the reference stores one per puzzle`);
  if (!Number.isInteger(identifier) || identifier < 0 || identifier >= t.numPuzzleIdentifiers) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `${where}: puzzle identifier ${identifier} is outside [0, ${t.numPuzzleIdentifiers})`);
  }
  const labels = enc.labels.map((row, r) => {
    const out = new Int32Array(row.length);
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      if (v === IGNORE_LABEL_ID) out[i] = t.padId;
      else if (v === t.padId) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `${where}: label row ${r}, position ${i} is the pad id ${t.padId}, which the reference's loss ignores (ignore_label_id = pad_id); encode ignored cells as IGNORE_LABEL_ID and give real targets other ids`);
      } else if (!Number.isInteger(v) || v < 0 || v >= t.vocabSize) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `${where}: label row ${r}, position ${i} is ${v}, outside [0, ${t.vocabSize})`);
      } else out[i] = v;
    }
    return out;
  });
  for (const [r, row] of enc.inputs.entries()) {
    if (row.length !== t.seqLen) throw new TrmError('TRM_ERR_INVALID_INPUT', `${where}: input row ${r} has ${row.length} tokens, expected seqLen ${t.seqLen}`);
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= t.vocabSize) throw new TrmError('TRM_ERR_INVALID_INPUT', `${where}: input row ${r}, position ${i} is ${v}, outside [0, ${t.vocabSize})`);
    }
  }
  return { inputs: enc.inputs, labels, identifier };
}

/** Refuses an `out` that holds anything, unless `force` (then only the export's own entries are replaced). */
function checkOut(out: string, force: boolean): void {
  if (typeof out !== 'string' || out.length === 0) throw invalidOptions('out', 'export-dataset needs an output folder (out)');
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw invalidOptions('out', `--out ${out} exists and is not a folder`);
  const entries = fs.readdirSync(out);
  if (entries.length > 0 && !force) {
    throw invalidOptions('out', `--out ${out} exists and is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); choose another folder or pass --force to replace the export files in it`);
  }
}

/** Moves a finished export from its temporary folder into `out`, replacing only the export's own entries. */
function moveIn(tmp: string, out: string): void {
  fs.mkdirSync(out, { recursive: true });
  for (const e of EXPORT_ENTRIES) {
    fs.rmSync(path.join(out, e), { recursive: true, force: true });
    if (fs.existsSync(path.join(tmp, e))) fs.renameSync(path.join(tmp, e), path.join(out, e));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** The list of files an export holds, relative to its folder. */
function exportFiles(extra: string[] = []): string[] {
  return ['identifiers.json', ...extra, ...(['train', 'test'] as const).flatMap((s) => ['dataset.json', ...FIELDS.map((f) => `all__${f}.npy`)].map((f) => `${s}/${f}`))];
}

/** `export-dataset arc`: the reference's ARC layout from Kaggle JSON files (see export-arc.ts). */
function exportArc(plugin: AnyTaskPlugin, req: ExportDatasetRequest, t0: number): ExportDatasetResult {
  if (req.from === undefined) throw invalidOptions('from', 'export-dataset arc reads the Kaggle JSON files: pass their folder with --from <dir> (arc-agi_<subset>_challenges.json, _solutions.json)');
  if (req.nTrain !== undefined || req.nTest !== undefined) throw invalidOptions(req.nTrain !== undefined ? 'nTrain' : 'nTest', 'export-dataset arc takes whole subsets (--subsets, --test-subset), not --n-train / --n-test');
  if (!fs.existsSync(req.from) || !fs.statSync(req.from).isDirectory()) throw invalidOptions('from', `--from ${req.from} is not a folder of ARC Kaggle JSON files`);
  checkOut(req.out, !!req.force);
  const out = path.resolve(req.out);
  const tmp = `${out}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const augment = req.augment ?? 0;
    const seed = req.seed ?? 0;
    const r = writeArcDataset(plugin, tmp, {
      dir: req.from,
      augment,
      seed,
      ...(req.subsets ? { subsets: req.subsets } : {}),
      ...(req.testSubset ? { testSubset: req.testSubset } : {}),
      ...(req.onProgress ? { onProgress: req.onProgress } : {}),
    });
    const provenance = {
      exported_by: `trm-sdk ${SDK_VERSION} export-dataset`,
      task: plugin.name,
      plugin_version: plugin.version,
      date: new Date().toISOString(),
      source: { arc_dir: path.resolve(req.from), subsets: r.subsets, test_subset: r.testSubset },
      seed,
      augment,
      augmentations: ['dihedral', 'colour permutation (1-9)', 'translation (train split)'],
      layout: "TinyRecursiveModels dataset/build_arc_dataset.py: one puzzle per augmented task, its demonstration pairs as rows, one identifier each",
      token_dtype: 'uint8',
    };
    fs.writeFileSync(path.join(tmp, 'trm-sdk-export.json'), JSON.stringify(provenance, null, 2) + '\n');
    moveIn(tmp, out);
    return {
      task: plugin.name,
      out,
      train: r.train,
      test: r.test,
      arc: { tasks: r.tasks, identifiers: r.identifiers, subsets: r.subsets, testSubset: r.testSubset },
      skippedEquivalent: 0,
      tokenDtype: 'uint8',
      files: exportFiles(['test_puzzles.json']),
      seconds: (Date.now() - t0) / 1000,
    };
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Where the examples come from: the generator (endless) or the --from file (finite). */
async function* exampleStream(plugin: AnyTaskPlugin, req: ExportDatasetRequest, rng: Rng, generate: Record<string, unknown>): AsyncGenerator<Example<unknown, unknown>> {
  if (req.from !== undefined) {
    yield* readExamplesFile(plugin, req.from);
    return;
  }
  for (;;) yield plugin.generate!(rng, generate);
}

/** Writes the dataset; see the module comment. `generate` defaults are the caller's (the SDK passes the preset's). */
export async function exportDataset(plugin: AnyTaskPlugin, req: ExportDatasetRequest): Promise<ExportDatasetResult> {
  const t0 = Date.now();
  checkCount('nTrain', req.nTrain, 1);
  checkCount('nTest', req.nTest, 0);
  checkCount('augment', req.augment, 0);
  if (req.seed !== undefined && !(Number.isInteger(req.seed) && Math.abs(req.seed) < 2 ** 32)) throw invalidOptions('seed', `seed must be an integer, got ${JSON.stringify(req.seed)}`);
  // ARC has its own path (export-arc.ts): the reference trains on demonstration pairs, one identifier per augmented task.
  if (plugin.name === 'arc') return exportArc(plugin, req, t0);
  if (req.from === undefined && typeof plugin.generate !== 'function') throw noGenerator(plugin.name, 'pass a file of examples (--from <file.jsonl>)');
  const augment = req.augment ?? 0;
  const augs = plugin.augmentations ?? [];
  if (augment > 0 && augs.length === 0) throw invalidOptions('augment', `task "${plugin.name}" has no augmentations, so --augment must be 0`);
  checkOut(req.out, !!req.force);

  const seed = req.seed ?? 0;
  const nTest = req.nTest ?? (req.from === undefined ? DEFAULT_N : 0);
  const nTrain = req.nTrain ?? (req.from === undefined ? DEFAULT_N : MAX_N);
  const preset = req.preset !== undefined ? loadPreset(plugin.name, req.preset) : fs.existsSync(presetFile(plugin.name)) ? loadPreset(plugin.name) : {};
  const generate = { ...preset.generate, ...req.generate };
  const t = plugin.tokens;
  const dtype: NpyDtype = t.vocabSize <= 256 ? 'uint8' : 'int32';

  const out = path.resolve(req.out);
  const tmp = `${out}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const open: SplitWriter[] = [];
  try {
    // Test first, from its own seed stream (as sdk.train draws its held-out set): one group per puzzle, not augmented.
    const testRng = createRng(seed ^ 0x5eed);
    const trainRng = createRng(seed);
    const test = new SplitWriter(path.join(tmp, 'test'), 'test', plugin, dtype, t.padId, req.onProgress);
    open.push(test);
    const canonical = typeof plugin.canonicalKey === 'function' ? new Set<string>() : null;
    const exact = new Set<string>();
    // With --from, one stream serves both splits: the first nTest examples are the test set.
    const fileStream = req.from !== undefined ? exampleStream(plugin, req, trainRng, generate) : null;
    const testStream = fileStream ?? exampleStream(plugin, req, testRng, generate);
    let drawn = 0;
    while (drawn < nTest) {
      const next = await testStream.next();
      if (next.done) throw invalidOptions('nTest', `${req.from} holds only ${drawn} examples, fewer than --n-test ${nTest}`);
      const ex = next.value;
      drawn++;
      const p = encodeForExport(plugin, ex, `test example ${drawn}`);
      if (canonical) canonical.add(plugin.canonicalKey!(ex.puzzle));
      for (const row of p.inputs) exact.add(rowKey(row));
      test.pushGroup([p]);
    }
    const testSummary = test.finish();

    const train = new SplitWriter(path.join(tmp, 'train'), 'train', plugin, dtype, t.padId, req.onProgress);
    open.push(train);
    const trainStream = fileStream ?? exampleStream(plugin, req, trainRng, generate);
    let groups = 0, skipped = 0, seen = 0;
    while (groups < nTrain) {
      const next = await trainStream.next();
      if (next.done) break;
      const ex = next.value;
      seen++;
      const where = req.from !== undefined ? `${req.from} example ${nTest + seen}` : `training example ${seen}`;
      if (canonical?.has(plugin.canonicalKey!(ex.puzzle))) {
        skipped++;
      } else {
        const group = [encodeForExport(plugin, ex, where)];
        for (let k = 0; k < augment; k++) {
          const tr = sampleComposite(augs, trainRng);
          group.push(encodeForExport(plugin, { puzzle: tr.puzzle(ex.puzzle), answer: tr.answer(ex.answer) }, `${where} (augmented copy ${k + 1})`));
        }
        // Without canonicalKey, equivalence is exact input rows: any copy matching a test row drops the group.
        if (group.some((p) => p.inputs.some((row) => exact.has(rowKey(row))))) skipped++;
        else {
          train.pushGroup(group);
          groups++;
        }
      }
      if (req.from === undefined && skipped > Math.max(1000, nTrain * 100) && skipped > groups * 100) {
        throw invalidOptions(
          'nTest',
          `could not draw training examples outside the test set: ${skipped} drawn puzzles were equivalent${canonical ? ` (up to ${plugin.name}'s augmentations)` : ''} to test puzzles and only ${groups} were not — ` +
            `the task has too few distinct puzzles for --n-test ${nTest}; use a smaller --n-test`,
        );
      }
    }
    if (groups === 0) throw invalidOptions('nTrain', `no training examples left${req.from !== undefined ? ` in ${req.from} after the ${nTest} test examples` : ''}${skipped ? ` (${skipped} skipped as equivalent to test puzzles)` : ''}`);
    const trainSummary = train.finish();

    const names = ['<blank>', ...Array.from({ length: t.numPuzzleIdentifiers - 1 }, (_, i) => `${plugin.name}#${i + 1}`)];
    fs.writeFileSync(path.join(tmp, 'identifiers.json'), JSON.stringify(names));
    const provenance = {
      exported_by: `trm-sdk ${SDK_VERSION} export-dataset`,
      task: plugin.name,
      plugin_version: plugin.version,
      date: new Date().toISOString(),
      source: req.from !== undefined ? { file: path.resolve(req.from) } : { generator: generate },
      seed,
      augment,
      augmentations: augs.map((a) => a.name),
      test_first: true,
      skipped_equivalent_to_test: skipped,
      excluded_by: canonical ? 'canonicalKey' : 'exact input rows',
      token_dtype: dtype,
    };
    fs.writeFileSync(path.join(tmp, 'trm-sdk-export.json'), JSON.stringify(provenance, null, 2) + '\n');

    // Move in: replace only the export's own entries.
    fs.mkdirSync(out, { recursive: true });
    moveIn(tmp, out);
    return { task: plugin.name, out, train: trainSummary, test: testSummary, skippedEquivalent: skipped, tokenDtype: dtype, files: exportFiles(), seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    for (const w of open) w.abort();
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
