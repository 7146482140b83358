import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  readSafetensors,
  readSafetensorsFile,
  writeSafetensors,
  writeSafetensorsFile,
  MAX_HEADER_BYTES,
  type SafeTensor,
} from '../../src/neural/safetensors.js';
import { TrmError } from '../../src/errors.js';
import { goldenDir } from '../support/fixtures.js';

const GOLDEN = goldenDir();

/** Build a safetensors buffer from a raw header object and a raw data buffer (no validation). */
function build(header: unknown, data: Uint8Array = new Uint8Array(0), headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function expectInvalid(bytes: Uint8Array, pattern: RegExp): void {
  let err: unknown;
  try {
    readSafetensors(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TrmError);
  expect((err as TrmError).code).toBe('TRM_ERR_INVALID_CHECKPOINT');
  expect((err as TrmError).message).toMatch(pattern);
}

const f32 = (shape: number[], values: number[]): SafeTensor => ({ dtype: 'F32', shape, data: Float32Array.from(values) });
const i32 = (shape: number[], values: number[]): SafeTensor => ({ dtype: 'I32', shape, data: Int32Array.from(values) });

describe('safetensors round trip', () => {
  it('writes and reads back F32/I32 tensors, scalars, empty tensors and metadata', () => {
    const tensors = new Map<string, SafeTensor>([
      ['b.weight', f32([2, 3], [1, -2.5, 3.25, Math.fround(0.1), -0, 1e-30])],
      ['a.ids', i32([4], [0, -1, 2147483647, -2147483648])],
      ['scalar', f32([], [42])],
      ['empty', f32([0, 5], [])],
    ]);
    const bytes = writeSafetensors(tensors, { config: '{"x":1}', format: 'trm-reference' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLen % 8).toBe(0);
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ config: '{"x":1}', format: 'trm-reference' });
    expect([...back.tensors.keys()].sort()).toEqual(['a.ids', 'b.weight', 'empty', 'scalar']);
    for (const [name, t] of tensors) {
      const r = back.tensors.get(name)!;
      expect(r.dtype).toBe(t.dtype);
      expect(r.shape).toEqual(t.shape);
      expect(r.data.constructor).toBe(t.data.constructor);
      expect(Array.from(r.data)).toEqual(Array.from(t.data));
    }
    // Sorted by name in the data buffer: a.ids comes first.
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
    expect(header['a.ids'].data_offsets).toEqual([0, 16]);
  });

  it('reads tensors whose data starts at an unaligned offset', () => {
    const data = new Uint8Array(12 + 8);
    const dv = new DataView(data.buffer);
    dv.setFloat32(0, 1.5, true);
    dv.setFloat32(4, -2, true);
    dv.setFloat32(8, 3, true);
    dv.setInt32(12, 7, true);
    dv.setInt32(16, -9, true);
    // Header length 5 mod 8 makes every tensor unaligned.
    const header = { x: { dtype: 'F32', shape: [3], data_offsets: [0, 12] }, y: { dtype: 'I32', shape: [2], data_offsets: [12, 20] } };
    let text = JSON.stringify(header);
    while ((text.length + 8) % 4 === 0) text += ' ';
    const r = readSafetensors(build(null, data, text));
    expect(Array.from(r.tensors.get('x')!.data)).toEqual([1.5, -2, 3]);
    expect(Array.from(r.tensors.get('y')!.data)).toEqual([7, -9]);
  });

  it('converts F64, F16, BF16 to F32 and I64, U8, BOOL to I32', () => {
    const data = new Uint8Array(16 + 4 + 4 + 16 + 2 + 1);
    const dv = new DataView(data.buffer);
    dv.setFloat64(0, 0.5, true);
    dv.setFloat64(8, -3.75, true);
    dv.setUint16(16, 0x3c00, true); // 1.0 in half
    dv.setUint16(18, 0xc100, true); // -2.5 in half
    dv.setUint16(20, 0x3f80, true); // 1.0 in bfloat16
    dv.setUint16(22, 0xc040, true); // -3.0 in bfloat16
    dv.setBigInt64(24, -5n, true);
    dv.setBigInt64(32, 123456n, true);
    data[40] = 200;
    data[41] = 255;
    data[42] = 1;
    const header = {
      d: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
      h: { dtype: 'F16', shape: [2], data_offsets: [16, 20] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [20, 24] },
      l: { dtype: 'I64', shape: [2], data_offsets: [24, 40] },
      u: { dtype: 'U8', shape: [2], data_offsets: [40, 42] },
      o: { dtype: 'BOOL', shape: [1], data_offsets: [42, 43] },
    };
    const r = readSafetensors(build(header, data));
    expect(r.tensors.get('d')).toMatchObject({ dtype: 'F32' });
    expect(Array.from(r.tensors.get('d')!.data)).toEqual([0.5, -3.75]);
    expect(Array.from(r.tensors.get('h')!.data)).toEqual([1, -2.5]);
    expect(Array.from(r.tensors.get('b')!.data)).toEqual([1, -3]);
    expect(r.tensors.get('l')).toMatchObject({ dtype: 'I32' });
    expect(Array.from(r.tensors.get('l')!.data)).toEqual([-5, 123456]);
    expect(Array.from(r.tensors.get('u')!.data)).toEqual([200, 255]);
    expect(Array.from(r.tensors.get('o')!.data)).toEqual([1]);
  });

  it('rejects I64 values that do not fit in int32', () => {
    const data = new Uint8Array(8);
    new DataView(data.buffer).setBigInt64(0, 1n << 40n, true);
    expectInvalid(build({ big: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, data), /"big".*does not fit in int32/);
  });
});

describe(`golden files (${GOLDEN})`, () => {
  // Named, not counted: a missing golden file fails here instead of silently dropping its tests below.
  const NAMES = ['trm-attn-rope', 'trm-mlp-t', 'trm-attn-learned', 'hrm-attn-rope', 'hrm-attn-learned'];
  const files = NAMES.flatMap((n) => [`${n}.checkpoint.safetensors`, `${n}.expected.safetensors`]);
  it('finds every golden file (TRM and HRM, checkpoint and expected outputs)', () => {
    const present = new Set(readdirSync(GOLDEN));
    expect(files.filter((f) => !present.has(f))).toEqual([]);
  });
  for (const f of files) {
    it(`reads ${f} and re-writes it to identical tensors`, async () => {
      const r = await readSafetensorsFile(path.join(GOLDEN, f));
      expect(r.tensors.size).toBeGreaterThan(10);
      expect(typeof r.metadata.config).toBe('string');
      expect(JSON.parse(r.metadata.config!).hidden_size).toBe(32);
      for (const [name, t] of r.tensors) {
        expect(t.data.length, name).toBe(t.shape.reduce((a, b) => a * b, 1));
        if (t.dtype === 'F32') expect(Array.from(t.data as Float32Array).every(Number.isFinite), name).toBe(true);
      }
      const again = readSafetensors(writeSafetensors(r.tensors, r.metadata));
      expect(again.metadata).toEqual(r.metadata);
      for (const [name, t] of r.tensors) {
        const u = again.tensors.get(name)!;
        expect(u.shape).toEqual(t.shape);
        expect(Buffer.from(u.data.buffer).equals(Buffer.from(t.data.buffer)), name).toBe(true);
      }
    });
  }
  it('matches an independent parse of one golden tensor', () => {
    const bytes = readFileSync(path.join(GOLDEN, 'trm-mlp-t.checkpoint.safetensors'));
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
    const [b] = header['inner.q_head.bias'].data_offsets;
    const expected = [bytes.readFloatLE(8 + n + b), bytes.readFloatLE(8 + n + b + 4)];
    const r = readSafetensors(bytes);
    expect(Array.from(r.tensors.get('inner.q_head.bias')!.data)).toEqual(expected);
  });
});

describe('malformed files are rejected with TRM_ERR_INVALID_CHECKPOINT', () => {
  const four = new Uint8Array(16);
  const ok = (extra: Record<string, unknown> = {}) => ({ t: { dtype: 'F32', shape: [4], data_offsets: [0, 16] }, ...extra });

  it('accepts the well-formed baseline used below', () => {
    expect(readSafetensors(build(ok(), four)).tensors.get('t')!.shape).toEqual([4]);
  });
  it('file shorter than 8 bytes', () => expectInvalid(new Uint8Array(5), /shorter than the 8-byte/));
  it('header length larger than the file', () => {
    const b = build(ok(), four);
    new DataView(b.buffer).setBigUint64(0, BigInt(b.length), true);
    expectInvalid(b, /runs past the end of the file/);
  });
  it('absurd header length (> 100 MB)', () => {
    const b = build(ok(), four);
    new DataView(b.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES + 1), true);
    expectInvalid(b, /exceeds the/);
    new DataView(b.buffer).setBigUint64(0, 0xffffffffffffffffn, true);
    expectInvalid(b, /exceeds the/);
  });
  it('header not JSON', () => expectInvalid(build(null, four, '{"t": nope'), /not valid UTF-8 JSON/));
  it('header not an object', () => {
    expectInvalid(build([1, 2]), /not a JSON object/);
    expectInvalid(build(null, new Uint8Array(0), 'null'), /not a JSON object/);
  });
  it('entry not an object', () => expectInvalid(build({ t: 3 }), /"t": header entry is not an object/));
  it('missing dtype / shape / data_offsets', () => {
    expectInvalid(build({ t: { shape: [4], data_offsets: [0, 16] } }, four), /"t": missing "dtype"/);
    expectInvalid(build({ t: { dtype: 'F32', data_offsets: [0, 16] } }, four), /"t": missing "shape"/);
    expectInvalid(build({ t: { dtype: 'F32', shape: [4] } }, four), /"t": missing "data_offsets"/);
  });
  it('unknown dtype', () => expectInvalid(build({ t: { dtype: 'F8_E4M3', shape: [16], data_offsets: [0, 16] } }, four), /"t": unsupported dtype "F8_E4M3"/));
  it('negative or non-integer shape', () => {
    expectInvalid(build({ t: { dtype: 'F32', shape: [-4], data_offsets: [0, 16] } }, four), /"t": shape \[-4\]/);
    expectInvalid(build({ t: { dtype: 'F32', shape: [1.5], data_offsets: [0, 16] } }, four), /"t": shape/);
    expectInvalid(build({ t: { dtype: 'F32', shape: '4', data_offsets: [0, 16] } }, four), /"t": shape/);
  });
  it('offsets out of range, reversed or malformed', () => {
    expectInvalid(build({ t: { dtype: 'F32', shape: [4], data_offsets: [0, 20] } }, four), /"t".*run past the data buffer/);
    expectInvalid(build({ t: { dtype: 'F32', shape: [0], data_offsets: [16, 0] } }, four), /"t".*reversed/);
    expectInvalid(build({ t: { dtype: 'F32', shape: [4], data_offsets: [-1, 15] } }, four), /"t": data_offsets/);
    expectInvalid(build({ t: { dtype: 'F32', shape: [4], data_offsets: [0] } }, four), /"t": data_offsets/);
  });
  it('byte length different from product(shape) * itemsize', () => {
    expectInvalid(build({ t: { dtype: 'F32', shape: [3], data_offsets: [0, 16] } }, four), /"t": 16 data bytes, but shape \[3\] of F32 needs 12/);
    expectInvalid(build({ t: { dtype: 'I64', shape: [4], data_offsets: [0, 16] } }, four), /needs 32/);
  });
  it('overlapping tensors', () => {
    const h = { a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] }, b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } };
    expectInvalid(build(h, four), /"b" overlaps tensor "a"/);
  });
  it('gaps between tensors and trailing bytes', () => {
    const h = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } };
    expectInvalid(build(h, four), /gap of 4 bytes before tensor "b"/);
    expectInvalid(build({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, four), /gap .* before tensor "a"/);
    expectInvalid(build({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] } }, four), /4 bytes after the last tensor "a"/);
  });
  it('metadata values that are not strings, or metadata that is not an object', () => {
    expectInvalid(build(ok({ __metadata__: { step: 3 } }), four), /__metadata__\.step is number, expected a string/);
    expectInvalid(build(ok({ __metadata__: 'x' }), four), /__metadata__ is not an object/);
  });
  it('never crashes on random garbage', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const good = writeSafetensors({ w: f32([2, 2], [1, 2, 3, 4]), i: i32([1], [5]) }, { k: 'v' });
    for (let trial = 0; trial < 300; trial++) {
      const b = good.slice(0, Math.floor(rnd() * good.length) + 1);
      const flips = Math.floor(rnd() * 4);
      for (let k = 0; k < flips; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      try {
        readSafetensors(b);
      } catch (e) {
        expect(e).toBeInstanceOf(TrmError);
        expect((e as TrmError).code).toBe('TRM_ERR_INVALID_CHECKPOINT');
      }
    }
  });
});

describe('writeSafetensors input checks', () => {
  it('rejects data that does not match the shape or dtype', () => {
    expect(() => writeSafetensors({ t: f32([3], [1, 2]) })).toThrow(/shape \[3\] has 3 elements but data has 2/);
    expect(() => writeSafetensors({ t: { dtype: 'F32', shape: [1], data: new Int32Array(1) } })).toThrow(/needs a Float32Array/);
  });
});

describe('writeSafetensorsFile', () => {
  it('writes atomically and leaves no temp file behind', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trm-st-'));
    try {
      const file = path.join(dir, 'm.safetensors');
      writeSafetensorsFile(file, { a: f32([2], [1, 2]) });
      writeSafetensorsFile(file, { a: f32([2], [3, 4]) }); // overwrite via rename
      expect(readdirSync(dir)).toEqual(['m.safetensors']);
      expect(Array.from(readSafetensors(readFileSync(file)).tensors.get('a')!.data)).toEqual([3, 4]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with TRM_ERR_IO naming the path and leaves nothing when the directory is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trm-st-'));
    try {
      const file = path.join(dir, 'missing', 'm.safetensors');
      let err: unknown;
      try {
        writeSafetensorsFile(file, { a: f32([1], [1]) });
      } catch (e) {
        err = e;
      }
      expect((err as TrmError).code).toBe('TRM_ERR_IO');
      expect((err as TrmError).message).toContain(file);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the old file intact and no temp file when the target cannot be replaced', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trm-st-'));
    try {
      // Renaming a file over a non-empty directory fails after the temp file was fully written.
      const target = path.join(dir, 'occupied');
      writeSafetensorsFile(path.join(target + '-sibling'), { a: f32([1], [1]) });
      mkdirSync(target);
      writeFileSync(path.join(target, 'keep'), 'x');
      expect(() => writeSafetensorsFile(target, { a: f32([1], [2]) })).toThrow(TrmError);
      expect(readdirSync(dir).sort()).toEqual(['occupied', 'occupied-sibling']);
      expect(readdirSync(target)).toEqual(['keep']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('readSafetensorsFile reports TRM_ERR_IO for a missing file', async () => {
    await expect(readSafetensorsFile('/nonexistent/x.safetensors')).rejects.toMatchObject({ code: 'TRM_ERR_IO' });
  });
});
