/**
 * Resume points: the raw weights (`raw.safetensors`) and the training state beside them
 * (`raw.optim.safetensors`) made one atomic unit, so that a run killed at any instant resumes
 * from a consistent pair.
 *
 * Writing step N:
 *   1. the last complete pair (its manifest checks out) is kept as `raw.prev.*` (hard links, so
 *      nothing is copied);
 *   2. both files are written, each atomically (temp file, fsync, rename);
 *   3. then `raw.manifest.json` records both files (weights, state) with step, size and SHA-256. That write is
 *      the commit point: a pair without a matching manifest is not complete.
 *
 * Resuming verifies the current pair against its manifest (and the two files' steps against each
 * other); when it does not check out — a kill between the writes — it falls back to `raw.prev.*`,
 * the last complete pair, and says so. Directories written before manifests existed resume when
 * the two files agree on their step. Temp files left by a kill (`.…tmp`) are removed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TrmError } from '../errors.js';
import { loadCheckpoint, loadTrainingState, saveCheckpoint, saveTrainingState, trainingStatePath, type CheckpointableModel, type LoadedCheckpoint, type TrainingState } from './checkpoint.js';
import type { TrmConfig } from './config.js';
import { readSafetensorsFileSync, writeFileAtomic } from './safetensors.js';

export const RAW_FILE = 'raw.safetensors';
export const MANIFEST_FILE = 'raw.manifest.json';
export const PREV_RAW_FILE = 'raw.prev.safetensors';
export const PREV_MANIFEST_FILE = 'raw.prev.manifest.json';
export const MANIFEST_FORMAT = 'trm-resume-manifest';

interface Slot {
  raw: string;
  optim: string;
  manifest: string;
}

interface ManifestEntry {
  /** The file's name when it was written (the previous pair keeps its manifest under raw.prev.*). */
  file: string;
  step: number;
  bytes: number;
  sha256: string;
}

interface Manifest {
  format: string;
  version: number;
  step: number;
  files: { weights?: ManifestEntry; state?: ManifestEntry };
}

function slot(dir: string, raw: string, manifest: string): Slot {
  const r = path.join(dir, raw);
  return { raw: r, optim: trainingStatePath(r), manifest: path.join(dir, manifest) };
}

function slots(dir: string): { current: Slot; prev: Slot } {
  return { current: slot(dir, RAW_FILE, MANIFEST_FILE), prev: slot(dir, PREV_RAW_FILE, PREV_MANIFEST_FILE) };
}

function fileEntry(file: string): Omit<ManifestEntry, 'file'> & { name: string } {
  const bytes = fs.readFileSync(file);
  const step = Number(readSafetensorsFileSync(file).metadata.step);
  return { name: path.basename(file), step, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Why `s` is not a complete resume point, or null when it is (manifest present and matching both
 * files). `legacy`: with no manifest at all, a pair whose two files agree on their step counts.
 */
function checkSlot(s: Slot, legacy: boolean): string | null {
  const raw = path.basename(s.raw);
  const optim = path.basename(s.optim);
  if (!fs.existsSync(s.raw)) return `${raw} is missing`;
  if (!fs.existsSync(s.optim)) return `${optim} is missing (the run stopped between writing ${raw} and ${optim})`;
  let a: ReturnType<typeof fileEntry>;
  let b: ReturnType<typeof fileEntry>;
  try {
    a = fileEntry(s.raw);
    b = fileEntry(s.optim);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (a.step !== b.step) return `${raw} is at step ${a.step} but ${optim} is at step ${b.step} (the run stopped between the two writes)`;
  if (!fs.existsSync(s.manifest)) return legacy ? null : `${path.basename(s.manifest)} is missing (the run stopped before the checkpoint was complete)`;
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(s.manifest, 'utf8')) as Manifest;
  } catch (e) {
    return `${path.basename(s.manifest)} is not valid JSON: ${(e as Error).message}`;
  }
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT || typeof m.files !== 'object' || m.files === null) {
    return `${path.basename(s.manifest)} is not a resume manifest`;
  }
  for (const [role, f] of [['weights', a], ['state', b]] as const) {
    // By role, not by name: the previous pair's manifest is the same file under raw.prev.*.
    const want = Object.hasOwn(m.files, role) ? m.files[role] : undefined;
    if (!want) return `${path.basename(s.manifest)} does not describe the ${role} file`;
    if (want.step !== f.step || want.sha256 !== f.sha256 || want.bytes !== f.bytes) {
      return `${f.name} (step ${f.step}) is not the file ${path.basename(s.manifest)} recorded (step ${want.step}): the run stopped while writing a newer checkpoint`;
    }
  }
  return null;
}

/** Removes temp files a killed write left in `dir` (ours: `.<name>.<pid>.<hex>.tmp` and `<name>.tmp-<pid>`). Returns their names. */
export function cleanStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(n) || /\.tmp-\d+$/.test(n));
  for (const n of stale) fs.rmSync(path.join(dir, n), { force: true });
  return stale;
}

function linkOrCopy(from: string, to: string): void {
  fs.rmSync(to, { force: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/**
 * Writes a resume point for `state.step` in `dir`: keeps the last complete pair as `raw.prev.*`,
 * writes the raw weights and the training state, then the manifest (the commit point).
 */
export function saveResumePoint(dir: string, model: CheckpointableModel, state: TrainingState, extraMetadata: Record<string, string> = {}): void {
  const { current, prev } = slots(dir);
  try {
    if (checkSlot(current, false) === null) {
      // Manifest last: a half-rotated prev slot has no manifest matching it, so it is never used.
      fs.rmSync(prev.manifest, { force: true });
      linkOrCopy(current.raw, prev.raw);
      linkOrCopy(current.optim, prev.optim);
      linkOrCopy(current.manifest, prev.manifest);
    }
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot keep the previous checkpoint in ${dir}: ${(e as Error).message}`, { path: dir }, { cause: e });
  }
  saveCheckpoint(current.raw, model, { ...extraMetadata, kind: 'raw-weights', step: String(state.step) });
  saveTrainingState(current.raw, state);
  const a = fileEntry(current.raw);
  const b = fileEntry(current.optim);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    step: state.step,
    files: {
      weights: { file: a.name, step: a.step, bytes: a.bytes, sha256: a.sha256 },
      state: { file: b.name, step: b.step, bytes: b.bytes, sha256: b.sha256 },
    },
  };
  writeFileAtomic(current.manifest, new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
}

export interface ResumePoint {
  checkpoint: LoadedCheckpoint;
  state: TrainingState;
  /** The raw weights file it came from. */
  file: string;
  /** What the user should know: a fallback to the previous checkpoint, or removed temp files; null when nothing happened. */
  note: string | null;
}

/**
 * The newest complete resume point in `dir`, or null when there is none to resume from (no
 * checkpoint yet, or only the first one half-written: then `onNote` hears why it starts over).
 * Throws TRM_ERR_INVALID_CHECKPOINT, with advice, when checkpoints exist but none is complete.
 */
export async function loadResumePoint(dir: string, config: TrmConfig, onNote: (message: string) => void = () => {}): Promise<ResumePoint | null> {
  const notes: string[] = [];
  const stale = cleanStaleTemps(dir);
  if (stale.length) notes.push(`removed ${stale.length} temp file(s) left by an interrupted write (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''})`);
  const { current, prev } = slots(dir);
  const anyManifest = fs.existsSync(current.manifest) || fs.existsSync(prev.manifest);
  const done = (r: ResumePoint | null): ResumePoint | null => {
    const note = notes.length ? notes.join('; ') : null;
    if (note) onNote(note);
    return r ? { ...r, note } : r;
  };
  const load = async (s: Slot): Promise<ResumePoint> => {
    const checkpoint = await loadCheckpoint(s.raw, { config });
    const state = await loadTrainingState(s.raw);
    return { checkpoint, state, file: s.raw, note: null };
  };

  const whyCurrent = checkSlot(current, !anyManifest);
  if (whyCurrent === null) return done(await load(current));
  const whyPrev = fs.existsSync(prev.manifest) ? checkSlot(prev, false) : 'there is no previous checkpoint';
  if (whyPrev === null) {
    const r = await load(prev);
    notes.push(`the newest checkpoint in ${dir} is incomplete (${whyCurrent}); resuming from the previous complete checkpoint, step ${r.state.step}`);
    return done(r);
  }
  if (!fs.existsSync(current.raw) && !fs.existsSync(current.optim) && !anyManifest) return done(null);
  if (!anyManifest && fs.existsSync(current.raw) && !fs.existsSync(current.optim)) {
    // Only the first checkpoint's weights were written: there is no earlier state to lose.
    notes.push(`${dir} holds no complete checkpoint (${whyCurrent}); starting from step 0`);
    return done(null);
  }
  throw new TrmError(
    'TRM_ERR_INVALID_CHECKPOINT',
    `${dir} holds no complete checkpoint to resume from: ${whyCurrent}; previous checkpoint: ${whyPrev}. ` +
      `Restore the files from a backup, or delete ${RAW_FILE}, ${path.basename(current.optim)} and ${MANIFEST_FILE} (and raw.prev.*) to start over`,
    { path: dir, reason: whyCurrent, previous: whyPrev },
  );
}

/**
 * What `dir` holds to resume from, without loading it: the step and the weights file, from the
 * newest manifest (or, for a directory written before manifests, the weights' own metadata).
 * null when there is nothing to resume from. A cheap look for messages ("resuming from step 30");
 * {@link loadResumePoint} still checks the files and decides.
 */
export function peekResumePoint(dir: string): { step: number; file: string } | null {
  const { current, prev } = slots(dir);
  for (const s of [current, prev]) {
    if (!fs.existsSync(s.manifest)) continue;
    try {
      const m = JSON.parse(fs.readFileSync(s.manifest, 'utf8')) as Partial<Manifest>;
      if (typeof m.step === 'number' && Number.isInteger(m.step) && m.step >= 0 && fs.existsSync(s.raw)) return { step: m.step, file: s.raw };
    } catch {
      // An unreadable manifest: loadResumePoint reports it.
    }
  }
  if (!fs.existsSync(current.raw)) return null;
  try {
    const step = Number(readSafetensorsFileSync(current.raw).metadata.step);
    return Number.isInteger(step) && step >= 0 ? { step, file: current.raw } : null;
  } catch {
    return null;
  }
}
