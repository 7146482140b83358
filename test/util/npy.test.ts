/**
 * The .npy writer and reader against the format spec (numpy.lib.format, version 1.0) and against
 * files numpy itself wrote (test/fixtures/npy/, numpy 1.24.2):
 *
 *   import numpy as np
 *   np.save('u1-3x4.npy', (np.arange(12, dtype=np.uint8) * 7 % 251).reshape(3, 4))
 *   np.save('i4-vector.npy', np.array([0, 1, -5, 2**31 - 1, -2**31], dtype=np.int32))
 *   np.save('i4-2x3.npy', np.array([[1, -100, 3], [400000, 5, -6]], dtype=np.int32))
 *   np.save('i4-empty.npy', np.zeros((0, 81), dtype=np.int32))
 *   np.save('f4-unsupported.npy', np.zeros(3, dtype=np.float32))
 *   np.save('i4-fortran.npy', np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)))
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrmError } from '../../src/errors.js';
import { NpyWriter, parseNpy, readNpy, writeNpy } from '../../src/util/npy.js';
import { createRng } from '../../src/util/rng.js';
import { FIXTURES_DIR } from '../support/fixtures.js';

const FIX = path.join(FIXTURES_DIR, 'npy');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trm-npy-'));

describe('NpyWriter', () => {
  it('writes the version 1.0 header the spec describes: magic, version, HEADER_LEN, dict, 64-byte alignment', () => {
    const f = path.join(tmp(), 'a.npy');
    const w = new NpyWriter(f, 'int32', 3);
    w.push([1, -100, 3]);
    w.push(Int32Array.from([400000, 5, -6]));
    w.close();
    const b = fs.readFileSync(f);
    expect([...b.subarray(0, 6)]).toEqual([0x93, ...Buffer.from('NUMPY')]);
    expect([b[6], b[7]]).toEqual([1, 0]);
    const hlen = b.readUInt16LE(8);
    expect((10 + hlen) % 64).toBe(0);
    const header = b.subarray(10, 10 + hlen).toString('latin1');
    expect(header.startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }")).toBe(true);
    expect(header.endsWith('\n')).toBe(true);
    expect(header.slice(0, -1).trimEnd()).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }");
    // Little-endian int32, C order.
    expect(b.subarray(10 + hlen).equals(Buffer.from(Int32Array.from([1, -100, 3, 400000, 5, -6]).buffer))).toBe(true);
  });

  it('produces the same bytes numpy.save does', () => {
    const dir = tmp();
    writeNpy(path.join(dir, 'u1.npy'), 'uint8', Array.from({ length: 12 }, (_, i) => (i * 7) % 251), [3, 4]);
    writeNpy(path.join(dir, 'i4.npy'), 'int32', [1, -100, 3, 400000, 5, -6], [2, 3]);
    writeNpy(path.join(dir, 'v.npy'), 'int32', [0, 1, -5, 2 ** 31 - 1, -(2 ** 31)]);
    writeNpy(path.join(dir, 'e.npy'), 'int32', [], [0, 81]);
    expect(fs.readFileSync(path.join(dir, 'u1.npy')).equals(fs.readFileSync(path.join(FIX, 'u1-3x4.npy')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'i4.npy')).equals(fs.readFileSync(path.join(FIX, 'i4-2x3.npy')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'v.npy')).equals(fs.readFileSync(path.join(FIX, 'i4-vector.npy')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'e.npy')).equals(fs.readFileSync(path.join(FIX, 'i4-empty.npy')))).toBe(true);
  });

  it('streams rows through a small buffer and patches the row count at close', () => {
    const f = path.join(tmp(), 's.npy');
    const w = new NpyWriter(f, 'uint8', 81, 200); // buffer of 2 rows: many flushes
    const rng = createRng(3);
    const rows: number[][] = [];
    for (let r = 0; r < 1001; r++) {
      const row = Array.from({ length: 81 }, () => rng.int(256));
      rows.push(row);
      w.push(row);
    }
    // Until close the header says 0 rows, so the half-written file is refused rather than misread.
    expect(() => readNpy(f)).toThrow(/shape \(0, 81\) needs 0 data bytes/);
    w.close();
    const a = readNpy(f);
    expect(a.shape).toEqual([1001, 81]);
    expect(a.headerBytes).toBe(128);
    expect([...a.data]).toEqual(rows.flat());
  });

  it('refuses a value that would wrap, naming the row and column', () => {
    const w = new NpyWriter(path.join(tmp(), 'x.npy'), 'uint8', 2);
    w.push([0, 255]);
    expect(() => w.push([3, 256])).toThrow(/row 1, column 1 is 256, outside uint8/);
    expect(() => w.push([-1, 0])).toThrow(TrmError);
    w.abort();
  });
});

describe('readNpy', () => {
  it('reads what numpy wrote', () => {
    const u = readNpy(path.join(FIX, 'u1-3x4.npy'));
    expect(u).toMatchObject({ dtype: 'uint8', shape: [3, 4] });
    expect([...u.data]).toEqual(Array.from({ length: 12 }, (_, i) => (i * 7) % 251));
    const v = readNpy(path.join(FIX, 'i4-vector.npy'));
    expect(v).toMatchObject({ dtype: 'int32', shape: [5] });
    expect([...v.data]).toEqual([0, 1, -5, 2 ** 31 - 1, -(2 ** 31)]);
    expect(readNpy(path.join(FIX, 'i4-empty.npy')).shape).toEqual([0, 81]);
  });

  it('refuses other dtypes and Fortran order with TRM_ERR_INVALID_INPUT', () => {
    expect(() => readNpy(path.join(FIX, 'f4-unsupported.npy'))).toThrow(/dtype <f4/);
    expect(() => readNpy(path.join(FIX, 'i4-fortran.npy'))).toThrow(/Fortran order/);
  });

  it('every mutation of a valid file is read correctly or refused with TRM_ERR_INVALID_INPUT, never anything else', () => {
    const good = fs.readFileSync(path.join(FIX, 'i4-2x3.npy'));
    const rng = createRng(11);
    let refused = 0;
    for (let trial = 0; trial < 600; trial++) {
      const b = Buffer.from(good);
      const kind = trial % 3;
      let mutated: Buffer = b;
      if (kind === 0) mutated = b.subarray(0, rng.int(b.length)); // truncation
      else if (kind === 1) for (let k = 0; k < 1 + rng.int(3); k++) b[rng.int(128)] = rng.int(256); // header bytes
      else mutated = Buffer.concat([b, Buffer.alloc(1 + rng.int(8))]); // trailing bytes
      try {
        const a = parseNpy(mutated);
        expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1));
      } catch (e) {
        expect(e).toBeInstanceOf(TrmError);
        expect((e as TrmError).code).toBe('TRM_ERR_INVALID_INPUT');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(400);
  });

  it('refuses a file over the size bound before reading it', () => {
    expect(() => readNpy(path.join(FIX, 'u1-3x4.npy'), 64)).toThrow(/over the 64-byte limit/);
  });
});
