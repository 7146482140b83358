/**
 * Hostile-input fuzz of the PyTorch checkpoint reader: seeded, bounded, fast. Every mutated file
 * must either load or throw TrmError TRM_ERR_INVALID_CHECKPOINT, never a TypeError, RangeError or
 * crash, and must not hand back more tensor bytes than the file holds (a few times over).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readTorchCheckpoint, type TorchCheckpoint } from '../../src/neural/pytorch/index.js';
import { TrmError } from '../../src/errors.js';
import { golden } from '../support/fixtures.js';
import {
  OP, bytes, expectInvalid, f32bytes, glob, sstr, str, stateDictPickle, tensorPickle, torchZip, u64, type TensorSpec,
} from './pytorch-helpers.js';


/** mulberry32: a small seeded PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Most bytes a successful load may hand back per byte of its file. Tensors are copied out of the
 * file's storages: f16/bf16 widen to f32 (×2) and a view copies only the elements it covers, so a
 * mutated size or stride that made the reader allocate far more than the file holds (the way a
 * hostile file would stall or exhaust a server) fails here. A bound in bytes, not milliseconds,
 * so it does not depend on the machine's load (measured maximum over these files: 0.99).
 */
const MAX_OUTPUT_PER_INPUT_BYTE = 4;

/** Load `file`; 'ok' or 'invalid'; anything else (or an output out of proportion to the file) fails the test with `label`. */
function outcome(file: Uint8Array, label: string): 'ok' | 'invalid' {
  let ck: TorchCheckpoint;
  try {
    ck = readTorchCheckpoint(file);
  } catch (e) {
    if (!(e instanceof TrmError) || e.code !== 'TRM_ERR_INVALID_CHECKPOINT') {
      throw new Error(`${label}: threw ${(e as Error)?.name} ${(e as TrmError)?.code ?? ''}: ${(e as Error)?.message}`, { cause: e });
    }
    return 'invalid';
  }
  const out = [...ck.tensors.values()].reduce((sum, t) => sum + t.data.byteLength, 0);
  if (out > MAX_OUTPUT_PER_INPUT_BYTE * file.length) throw new Error(`${label}: a ${file.length}-byte file loaded as ${out} bytes of tensors`);
  return 'ok';
}

// A small checkpoint shaped like views.pt: a matrix, its transpose, a column slice, int64, bool, 0-d.
const SPECS: TensorSpec[] = [
  { name: 'a', storage: 'FloatStorage', key: '0', numel: 12, size: [3, 4] },
  { name: 'a_t', storage: 'FloatStorage', key: '0', numel: 12, size: [4, 3], stride: [1, 4] },
  { name: 'a_cols', storage: 'FloatStorage', key: '0', numel: 12, offset: 1, size: [3, 2], stride: [4, 1], parameter: true },
  { name: 'i64', storage: 'LongStorage', key: '1', numel: 3, size: [3] },
  { name: 'b', storage: 'BoolStorage', key: '2', numel: 2, size: [2] },
  { name: 's', storage: 'HalfStorage', key: '3', numel: 1, size: [] },
];
const RECORDS: Record<string, Uint8Array> = {
  0: f32bytes(Array.from({ length: 12 }, (_, i) => i)),
  1: new Uint8Array(new BigInt64Array([5n, -6n, 7n]).buffer),
  2: Uint8Array.from([1, 0]),
  3: Uint8Array.from([0x00, 0x3c]),
};
const PICKLE = stateDictPickle(SPECS, { ordered: true });
const ZIP = torchZip('archive', PICKLE, RECORDS);

function mutate(src: Uint8Array, r: () => number, from = 0, to = src.length): Uint8Array {
  const out = src.slice();
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const i = from + Math.floor(r() * (to - from));
    const kind = r();
    out[i] = kind < 0.4 ? out[i]! ^ (1 << Math.floor(r() * 8)) : kind < 0.7 ? Math.floor(r() * 256) : [0x00, 0xff, 0x7f, 0x80][Math.floor(r() * 4)]!;
  }
  return out;
}

function centralDirectoryStart(zip: Uint8Array): number {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) if (dv.getUint32(i, true) === 0x02014b50) return i;
  throw new Error('no central directory');
}

describe('fuzz: the unmutated base loads', () => {
  it('base checkpoint reads as expected', () => {
    const ck = readTorchCheckpoint(ZIP);
    expect(Array.from(ck.tensors.get('a_t')!.data)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(Array.from(ck.tensors.get('a_cols')!.data)).toEqual([1, 2, 5, 6, 9, 10]);
    expect(Array.from(ck.tensors.get('i64')!.data)).toEqual([5, -6, 7]);
    expect(Array.from(ck.tensors.get('s')!.data)).toEqual([1]);
  });
});

describe('fuzz: mutations end in a load or TRM_ERR_INVALID_CHECKPOINT', () => {
  it('flipped bytes in data.pkl (200 seeded mutations)', () => {
    const r = rng(1);
    const seen = { ok: 0, invalid: 0 };
    for (let k = 0; k < 200; k++) seen[outcome(torchZip('archive', mutate(PICKLE, r), RECORDS), `data.pkl mutation ${k}`)]++;
    expect(seen.invalid).toBeGreaterThan(0);
  });

  it('flipped bytes in the zip central directory (120 seeded mutations)', () => {
    const r = rng(2);
    const cd = centralDirectoryStart(ZIP);
    const seen = { ok: 0, invalid: 0 };
    for (let k = 0; k < 120; k++) seen[outcome(mutate(ZIP, r, cd, ZIP.length), `central directory mutation ${k}`)]++;
    expect(seen.invalid).toBeGreaterThan(0);
  });

  it('flipped bytes anywhere in a deflated archive (80 seeded mutations)', () => {
    const r = rng(3);
    const deflated = torchZip('archive', PICKLE, RECORDS, 6);
    for (let k = 0; k < 80; k++) outcome(mutate(deflated, r), `deflated archive mutation ${k}`);
  });

  it('truncations of the archive and of data.pkl at many lengths', () => {
    for (let n = 0; n < ZIP.length; n += 7) expect(outcome(ZIP.subarray(0, n), `zip truncated to ${n}`)).toBe('invalid');
    for (let n = 0; n < PICKLE.length; n += 3) expect(outcome(torchZip('archive', PICKLE.subarray(0, n), RECORDS), `data.pkl truncated to ${n}`)).toBe('invalid');
  });

  it('fixtures: flipped bytes and truncations of views.pt and the legacy file', () => {
    const r = rng(4);
    const views = readFileSync(golden('pytorch', 'views.pt'));
    for (let k = 0; k < 60; k++) outcome(mutate(views, r), `views.pt mutation ${k}`);
    const legacy = readFileSync(golden('pytorch', 'hrm-attn-rope.legacy.pt'));
    for (let n = 0; n < legacy.length; n += Math.ceil(legacy.length / 40)) expect(outcome(legacy.subarray(0, n), `legacy truncated to ${n}`)).toBe('invalid');
    // Mutations in the legacy pickles (first 3.5 KB) and in the storage headers.
    for (let k = 0; k < 60; k++) outcome(mutate(legacy, r, 0, 3600), `legacy mutation ${k}`);
  });
});

describe('fuzz: hostile files built on purpose', () => {
  const withPickle = (p: Uint8Array, records = RECORDS): Uint8Array => torchZip('archive', p, records);

  it('a pickle naming os.system / builtins.eval / posix.system names the global', () => {
    const osSystem = bytes(OP.PROTO, 2, glob('os', 'system'), str('touch /tmp/pwned'), OP.TUPLE1, OP.REDUCE, OP.STOP);
    expectInvalid(() => readTorchCheckpoint(withPickle(osSystem)), /global os\.system is not allowed/);
    const evalP = bytes(OP.PROTO, 4, sstr('builtins'), sstr('eval'), OP.STACK_GLOBAL, sstr('1+1'), OP.TUPLE1, OP.REDUCE, OP.STOP);
    expectInvalid(() => readTorchCheckpoint(withPickle(evalP)), /global builtins\.eval is not allowed/);
    // Hidden inside an otherwise valid state dict, as a tensor's value.
    const hidden = stateDictPickle(SPECS, { extra: [...str('evil'), ...glob('posix', 'system'), ...str('id'), OP.TUPLE1, OP.REDUCE] });
    expectInvalid(() => readTorchCheckpoint(withPickle(hidden)), /global posix\.system is not allowed/);
  });

  it('a missing storage key is an error naming it', () => {
    const { 1: _dropped, ...rest } = RECORDS;
    expectInvalid(() => readTorchCheckpoint(withPickle(PICKLE, rest)), /tensor "i64": storage "1" is missing: the archive has no entry archive\/data\/1/);
  });

  it('a storage whose byte size disagrees with its numel', () => {
    expectInvalid(() => readTorchCheckpoint(withPickle(PICKLE, { ...RECORDS, 0: f32bytes([1, 2, 3]) })), /storage "0" \(archive\/data\/0\) is 12 bytes, but 12 float32 elements need 48/);
  });

  it('huge declared sizes: numel, shape, LONG1 numel, string length, zip sizes', () => {
    const huge = (t: Partial<TensorSpec>): Uint8Array => withPickle(stateDictPickle([{ ...SPECS[0]!, ...t }]));
    expectInvalid(() => readTorchCheckpoint(huge({ numel: 2 ** 31 - 1 })), /is 48 bytes, but 2147483647 float32 elements need/);
    expectInvalid(() => readTorchCheckpoint(huge({ size: [65536, 65536, 65536], stride: [0, 0, 0] })), /past the \d+-byte limit/);
    expectInvalid(() => readTorchCheckpoint(huge({ size: [2 ** 31, 2 ** 31, 2 ** 31], stride: [0, 0, 0] })), /too many elements|past the|expected a non-negative integer/);
    // numel as an 80-bit LONG1
    const bigNumel = bytes(OP.PROTO, 2, OP.EMPTY_DICT, str('w'), glob('torch._utils', '_rebuild_tensor_v2'), OP.MARK,
      OP.MARK, str('storage'), glob('torch', 'FloatStorage'), str('0'), str('cpu'), OP.LONG1, 10, u64(0n), 0, 1, OP.TUPLE, OP.BINPERSID,
      OP.BININT1, 0, OP.EMPTY_TUPLE, OP.EMPTY_TUPLE, OP.NEWFALSE, OP.NONE, OP.TUPLE, OP.REDUCE, OP.SETITEM, OP.STOP);
    expectInvalid(() => readTorchCheckpoint(withPickle(bigNumel)), /storage "0" numel is int\/float \d+, expected a non-negative integer/);
    // A string claiming 2^40 bytes.
    expectInvalid(() => readTorchCheckpoint(withPickle(bytes(OP.PROTO, 4, OP.BINUNICODE8, u64(2n ** 40n), OP.STOP))), /exceeds the \d+-byte limit/);
    // Every central-directory size field set to 0xffffffff.
    const z = ZIP.slice();
    const dv = new DataView(z.buffer);
    const cd = centralDirectoryStart(z);
    for (let i = cd; i + 4 <= z.length; i++) {
      if (dv.getUint32(i, true) === 0x02014b50) { dv.setUint32(i + 20, 0xffffffff, true); dv.setUint32(i + 24, 0xffffffff, true); }
    }
    expect(outcome(z, 'zip sizes 0xffffffff')).toBe('invalid');
  });

  it('metadata that is a DAG doubling at each of 40 levels (2^40 paths) is skipped quickly, not walked', () => {
    const sd = stateDictPickle(SPECS).slice(2, -1);
    const level = [OP.BINPUT, 0, OP.POP, OP.BINGET, 0, OP.BINGET, 0, OP.TUPLE2]; // x → (x, x)
    const dag = bytes(OP.PROTO, 2, OP.EMPTY_DICT, OP.MARK, str('model'), sd, str('config'), OP.NONE,
      new Array<number[]>(40).fill(level).flat(), OP.SETITEMS, OP.STOP);
    const ck = readTorchCheckpoint(withPickle(dag));
    expect(ck.tensors.size).toBe(SPECS.length);
    expect(ck.metadata).toEqual({});
    expect(ck.skipped.map((e) => e.name)).toEqual(['config']);
  });

  it('many tensors sharing one tiny storage via stride 0 stay within maxBytes', () => {
    const specs = Array.from({ length: 50 }, (_, i): TensorSpec => ({ name: `t${i}`, storage: 'FloatStorage', key: '0', numel: 12, size: [1024, 2048], stride: [0, 0] }));
    const p = bytes(OP.PROTO, 2, OP.EMPTY_DICT, OP.MARK, specs.flatMap((t) => [...str(t.name), ...tensorPickle(t)]), OP.SETITEMS, OP.STOP);
    expectInvalid(() => readTorchCheckpoint(withPickle(p), { maxBytes: 32 * 1024 ** 2 }), /takes the decoded tensors past the 33554432-byte limit/);
  });
});
