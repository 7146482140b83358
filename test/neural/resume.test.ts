/**
 * Issue #13 items 7, 8 and 11, and the safetensors checksum: resume points are one atomic unit
 * (both files, then a manifest); a kill at any point between the writes resumes from the last
 * complete pair and says so; stale temp files go; legacy directories still resume; a flipped byte
 * in a file we wrote is refused; config keys are never read through the prototype.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TrmError } from '../../src/errors.js';
import { expectedParamShapes, loadCheckpoint, saveCheckpoint, saveTrainingState } from '../../src/neural/checkpoint.js';
import { configFromReference } from '../../src/neural/config.js';
import { loadResumePoint, MANIFEST_FILE, saveResumePoint } from '../../src/neural/resume.js';
import { DATA_SHA256_KEY, readSafetensors, writeSafetensors, writeSafetensorsFile } from '../../src/neural/safetensors.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const config = configFromReference({
  batch_size: 2, seq_len: 4, num_puzzle_identifiers: 2, vocab_size: 3, H_cycles: 1, L_cycles: 1, L_layers: 1,
  hidden_size: 8, expansion: 1, num_heads: 2, halt_max_steps: 2, halt_exploration_prob: 0, puzzle_emb_ndim: 8,
  puzzle_emb_len: 1, pos_encodings: 'rope', mlp_t: false,
});

/** A model whose every weight is `v` (so the step a file came from can be read off its weights). */
function modelAt(v: number) {
  const params = new Map<string, tf.Variable>();
  for (const [n, s] of expectedParamShapes(config)) params.set(n, tf.variable(tf.fill(s, v)));
  return { config, params };
}

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'trm-resume-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const weight = (r: { checkpoint: { tensors: Map<string, { data: Float32Array | Int32Array }> } }) => r.checkpoint.tensors.get('inner.H_init')!.data[0];

describe('resume points (issue #13 items 7, 8)', () => {
  it('saves both files and a manifest; resumes from them', async () => {
    const dir = tmp();
    saveResumePoint(dir, modelAt(10), { step: 10 });
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_FILE, 'raw.optim.safetensors', 'raw.safetensors']);
    const m = JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { step: number; files: Record<string, { step: number; sha256: string }> };
    expect(m.step).toBe(10);
    expect(m.files.weights!.step).toBe(10);
    expect(m.files.state!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const notes: string[] = [];
    const r = (await loadResumePoint(dir, config, (n) => notes.push(n)))!;
    expect(r.state.step).toBe(10);
    expect(weight(r)).toBe(10);
    expect(notes).toEqual([]);
  });

  it('7: a kill after the first raw write (no training state yet) starts over and says so, instead of ENOENT', async () => {
    const dir = tmp();
    saveCheckpoint(path.join(dir, 'raw.safetensors'), modelAt(5), { step: '5' });
    const notes: string[] = [];
    expect(await loadResumePoint(dir, config, (n) => notes.push(n))).toBeNull();
    expect(notes.join()).toMatch(/raw\.optim\.safetensors is missing .*starting from step 0/);
  });

  it('8: a kill between the raw and optim writes of a later checkpoint falls back to the last complete pair and says so', async () => {
    const dir = tmp();
    saveResumePoint(dir, modelAt(10), { step: 10 });
    saveResumePoint(dir, modelAt(12), { step: 12 });
    // The next checkpoint (step 15) cut short after its raw weights, as saveResumePoint would
    // leave it: the complete step-12 pair kept as raw.prev.*, then the new weights written.
    for (const [from, to] of [['raw.safetensors', 'raw.prev.safetensors'], ['raw.optim.safetensors', 'raw.prev.optim.safetensors'], [MANIFEST_FILE, 'raw.prev.manifest.json']]) {
      rmSync(path.join(dir, to), { force: true });
      linkSync(path.join(dir, from), path.join(dir, to));
    }
    saveCheckpoint(path.join(dir, 'raw.safetensors'), modelAt(15), { kind: 'raw-weights', step: '15' });
    const notes: string[] = [];
    const r = (await loadResumePoint(dir, config, (n) => notes.push(n)))!;
    expect(r.state.step).toBe(12);
    expect(weight(r)).toBe(12);
    expect(notes.join()).toMatch(/raw\.safetensors is at step 15 but raw\.optim\.safetensors is at step 12.*resuming from the previous complete checkpoint, step 12/);

    // Both files of step 15 written, manifest not yet: still the previous pair.
    saveTrainingState(path.join(dir, 'raw.safetensors'), { step: 15 });
    const r2 = (await loadResumePoint(dir, config))!;
    expect(r2.state.step).toBe(12);
  });

  it('a corrupt current pair also falls back; when nothing is complete, the error says what to do', async () => {
    const dir = tmp();
    saveResumePoint(dir, modelAt(1), { step: 1 });
    saveResumePoint(dir, modelAt(2), { step: 2 });
    const raw = path.join(dir, 'raw.safetensors');
    const bytes = readFileSync(raw);
    bytes[bytes.length - 1]! ^= 0xff;
    writeFileSync(raw, bytes);
    const r = (await loadResumePoint(dir, config))!;
    expect(r.state.step).toBe(1);
    unlinkSync(path.join(dir, 'raw.prev.optim.safetensors'));
    const err = await loadResumePoint(dir, config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrmError);
    expect((err as TrmError).code).toBe('TRM_ERR_INVALID_CHECKPOINT');
    expect((err as TrmError).message).toMatch(/no complete checkpoint to resume from.*delete raw\.safetensors/);
  });

  it('a legacy directory (no manifest) resumes when its files agree, and is refused when they do not', async () => {
    const dir = tmp();
    saveCheckpoint(path.join(dir, 'raw.safetensors'), modelAt(7), { step: '7' });
    saveTrainingState(path.join(dir, 'raw.safetensors'), { step: 7 });
    expect((await loadResumePoint(dir, config))!.state.step).toBe(7);
    saveCheckpoint(path.join(dir, 'raw.safetensors'), modelAt(9), { step: '9' });
    await expect(loadResumePoint(dir, config)).rejects.toThrow(/raw\.safetensors is at step 9 but raw\.optim\.safetensors is at step 7/);
  });

  it('an empty directory has nothing to resume; stale temp files are removed and reported', async () => {
    const dir = tmp();
    expect(await loadResumePoint(dir, config)).toBeNull();
    saveResumePoint(dir, modelAt(3), { step: 3 });
    writeFileSync(path.join(dir, '.raw.safetensors.123.deadbeef.tmp'), 'x');
    writeFileSync(path.join(dir, 'heldout.jsonl.tmp-99'), 'x');
    const notes: string[] = [];
    expect((await loadResumePoint(dir, config, (n) => notes.push(n)))!.state.step).toBe(3);
    expect(existsSync(path.join(dir, '.raw.safetensors.123.deadbeef.tmp'))).toBe(false);
    expect(existsSync(path.join(dir, 'heldout.jsonl.tmp-99'))).toBe(false);
    expect(notes.join()).toMatch(/removed 2 temp file/);
  });
});

describe('safetensors data checksum', () => {
  const tensors = { a: { dtype: 'F32' as const, shape: [3], data: new Float32Array([1, 2, 3]) } };

  it('is written into __metadata__ and verified on read (kept out of the returned metadata)', () => {
    const bytes = writeSafetensors(tensors, { note: 'x' });
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true)))));
    expect(header.__metadata__[DATA_SHA256_KEY]).toMatch(/^[0-9a-f]{64}$/);
    const f = readSafetensors(bytes);
    expect(f.metadata).toEqual({ note: 'x' });
    expect(f.checksumVerified).toBe(true);
  });

  it('refuses a flipped byte in the data of a file we wrote', async () => {
    const dir = tmp();
    const file = path.join(dir, 'm.safetensors');
    saveCheckpoint(file, modelAt(0.5));
    const bytes = readFileSync(file);
    bytes[bytes.length - 3]! ^= 0x01;
    writeFileSync(file, bytes);
    await expect(loadCheckpoint(file)).rejects.toThrow(/data checksum mismatch/);
  });

  it('is not required: a file without it (another tool) reads as before', () => {
    const bytes = writeSafetensors(tensors);
    const len = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len)));
    delete header.__metadata__;
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + 12);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(bytes.subarray(8 + len), 8 + json.length);
    const f = readSafetensors(out);
    expect(f.checksumVerified).toBe(false);
    expect([...f.tensors.get('a')!.data]).toEqual([1, 2, 3]);
  });
});

describe('own-property lookups (issue #13 item 11)', () => {
  it('a config key such as "constructor" is unknown, not a prototype member', async () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const err = (() => {
        try {
          configFromReference(JSON.parse(`{"${key}": 1}`));
        } catch (e) {
          return e as TrmError;
        }
      })();
      expect(err?.code).toBe('TRM_ERR_INVALID_CONFIG');
      expect(err?.message).toMatch(new RegExp(`key "${key}" is unknown`));
      expect(err?.message).not.toMatch(/native code/);
    }
    // Through a checkpoint's metadata, as the repro.
    const dir = tmp();
    const file = path.join(dir, 'c.safetensors');
    writeSafetensorsFile(file, { x: { dtype: 'F32', shape: [1], data: new Float32Array(1) } }, { config: '{"constructor": 1}' });
    await expect(loadCheckpoint(file)).rejects.toThrow(/"constructor" is unknown/);
  });

  it('a dtype named like a prototype member is unsupported, not NaN bytes', () => {
    const header = new TextEncoder().encode(JSON.stringify({ t: { dtype: 'constructor', shape: [1], data_offsets: [0, 4] } }));
    const out = new Uint8Array(8 + header.length + 4);
    new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
    out.set(header, 8);
    expect(() => readSafetensors(out)).toThrow(/unsupported dtype "constructor"/);
  });
});
