/**
 * The PyTorch checkpoint fixtures in test/fixtures/golden/pytorch (see golden/README.md) read back equal to
 * the golden safetensors checkpoints they were saved from, and views.pt's shared-storage views
 * read back element by element.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSafetensorsFile, type SafeTensor } from '../../src/neural/safetensors.js';
import {
  isTorchCheckpoint,
  readTorchCheckpoint,
  readTorchCheckpointFile,
  readTorchCheckpointFileSync,
  type TorchCheckpoint,
} from '../../src/neural/pytorch/index.js';
import { TrmError } from '../../src/errors.js';
import { goldenDir } from '../support/fixtures.js';

const GOLDEN = goldenDir();
const PT = path.join(GOLDEN, 'pytorch');

const FIXTURES = [
  'hrm-attn-rope.step_100',
  'hrm-attn-rope.bf16.step_100',
  'hrm-attn-rope.f16.pt',
  'hrm-attn-rope.nested.pt',
  'hrm-attn-rope.legacy.pt',
  'trm-attn-rope.step_200',
  'views.pt',
];

const strip = (name: string): string => name.replace(/^_orig_mod\./, '').replace(/^model\./, '');

function stripped(ck: TorchCheckpoint): Map<string, SafeTensor> {
  return new Map([...ck.tensors].map(([k, v]) => [strip(k), v]));
}

/** Compare every tensor; `tol(name, expected)` is the allowed absolute error (0 = bit-exact). */
function expectSameTensors(got: Map<string, SafeTensor>, want: Map<string, SafeTensor>, tol: (name: string, x: number) => number): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [name, w] of want) {
    const g = got.get(name)!;
    expect(g.dtype, name).toBe(w.dtype);
    expect(g.shape, name).toEqual(w.shape);
    expect(g.data.length, name).toBe(w.data.length);
    let worst = 0;
    let where = -1;
    for (let i = 0; i < w.data.length; i++) {
      const excess = Math.abs(g.data[i]! - w.data[i]!) - tol(name, w.data[i]!);
      if (!(excess <= worst)) { worst = Number.isNaN(excess) ? Infinity : excess; where = i; }
    }
    expect(where, `${name}[${where}] = ${g.data[where]}, expected ${w.data[where]}`).toBe(-1);
  }
}

const exact = (): number => 0;
const bf16Tol = (_: string, x: number): number => 2 ** -8 * Math.abs(x);
// f16 keeps 11 significant bits (half-ulp 2^-11 relative); below 2^-14 it is subnormal, absolute 2^-25.
const f16Tol = (_: string, x: number): number => 2 ** -11 * Math.abs(x) + 2 ** -24;
// In step_100, H_init / L_init are stored as bfloat16; everything else is float32.
const hrmTol = (name: string, x: number): number => (/\b[HL]_init$/.test(name) ? bf16Tol(name, x) : 0);

describe('PyTorch fixtures load', () => {
  for (const f of FIXTURES) {
    it(`${f} loads and is sniffed as a torch checkpoint`, () => {
      const bytes = readFileSync(path.join(PT, f));
      expect(isTorchCheckpoint(bytes)).toBe(true);
      const ck = readTorchCheckpoint(bytes);
      expect(ck.tensors.size).toBeGreaterThan(0);
      expect(ck.skipped).toEqual([]);
      expect(ck.format).toBe(f.includes('legacy') ? 'legacy' : 'zip');
    });
  }

  it('a safetensors file is not sniffed as a torch checkpoint', () => {
    expect(isTorchCheckpoint(readFileSync(path.join(GOLDEN, 'hrm-attn-rope.checkpoint.safetensors')))).toBe(false);
  });
});

describe('PyTorch fixtures equal the golden safetensors', () => {
  const golden = async (name: string): Promise<Map<string, SafeTensor>> => (await readSafetensorsFile(path.join(GOLDEN, name))).tensors;

  it('hrm-attn-rope.step_100: float32 tensors exact, bf16 H_init/L_init within bf16 precision', async () => {
    const ck = await readTorchCheckpointFile(path.join(PT, 'hrm-attn-rope.step_100'));
    expect([...ck.tensors.keys()].every((k) => k.startsWith('_orig_mod.model.inner.'))).toBe(true);
    expect(ck.stateDictKey).toBeNull();
    expect(ck.tensors.get('_orig_mod.model.inner.H_init')!.sourceDtype).toBe('bfloat16');
    expect(ck.tensors.get('_orig_mod.model.inner.q_head.weight')!.sourceDtype).toBe('float32');
    expectSameTensors(stripped(ck), await golden('hrm-attn-rope.checkpoint.safetensors'), hrmTol);
  });

  it('hrm-attn-rope.bf16.step_100: every tensor within bf16 precision (relative 2^-8)', async () => {
    const ck = await readTorchCheckpointFile(path.join(PT, 'hrm-attn-rope.bf16.step_100'));
    expect([...ck.tensors.values()].every((t) => t.sourceDtype === 'bfloat16')).toBe(true);
    expectSameTensors(stripped(ck), await golden('hrm-attn-rope.checkpoint.safetensors'), bf16Tol);
  });

  it('hrm-attn-rope.f16.pt: no prefix, every tensor within f16 precision', async () => {
    const ck = await readTorchCheckpointFile(path.join(PT, 'hrm-attn-rope.f16.pt'));
    expect([...ck.tensors.keys()].every((k) => k.startsWith('inner.'))).toBe(true);
    expect([...ck.tensors.values()].every((t) => t.sourceDtype === 'float16')).toBe(true);
    expectSameTensors(ck.tensors, await golden('hrm-attn-rope.checkpoint.safetensors'), f16Tol);
  });

  it('hrm-attn-rope.nested.pt: state dict under "model", step and config as metadata', async () => {
    const ck = await readTorchCheckpointFile(path.join(PT, 'hrm-attn-rope.nested.pt'));
    expect(ck.stateDictKey).toBe('model');
    expect(ck.metadata).toEqual({ step: 100, config: { hidden_size: 32 } });
    const first = readTorchCheckpointFileSync(path.join(PT, 'hrm-attn-rope.step_100'));
    expectSameTensors(ck.tensors, first.tensors, exact);
    expectSameTensors(stripped(ck), await golden('hrm-attn-rope.checkpoint.safetensors'), hrmTol);
  });

  it('hrm-attn-rope.legacy.pt (pre-1.6 format) equals step_100', async () => {
    const ck = await readTorchCheckpointFile(path.join(PT, 'hrm-attn-rope.legacy.pt'));
    expect(ck.format).toBe('legacy');
    const first = readTorchCheckpointFileSync(path.join(PT, 'hrm-attn-rope.step_100'));
    expect([...ck.tensors.keys()]).toEqual([...first.tensors.keys()]);
    expectSameTensors(ck.tensors, first.tensors, exact);
    for (const [k, t] of ck.tensors) expect(t.sourceDtype, k).toBe(first.tensors.get(k)!.sourceDtype);
  });

  it('trm-attn-rope.step_200 equals trm-attn-rope.checkpoint.safetensors exactly', async () => {
    const ck = await readTorchCheckpointFile(path.join(PT, 'trm-attn-rope.step_200'));
    expectSameTensors(stripped(ck), await golden('trm-attn-rope.checkpoint.safetensors'), exact);
  });
});

describe('views.pt: tensors sharing one storage', () => {
  it('reads the base matrix, its transpose, row and column slices, int64, bool and a 0-d tensor', () => {
    const ck = readTorchCheckpointFileSync(path.join(PT, 'views.pt'));
    const t = (n: string): SafeTensor => {
      const x = ck.tensors.get(n);
      expect(x, n).toBeDefined();
      return x!;
    };
    // a = arange(24).reshape(4, 6) as float32 (storage of 24 elements, offset 0, stride (6, 1)).
    const a = t('a');
    expect(a.dtype).toBe('F32');
    expect(a.shape).toEqual([4, 6]);
    expect(Array.from(a.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const at = (r: number, c: number): number => a.data[r * 6 + c]!;

    // a_t = a.T: shape (6, 4), stride (1, 6) over the same storage.
    const aT = t('a_t');
    expect(aT.shape).toEqual([6, 4]);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 4; j++) expect(aT.data[i * 4 + j], `a_t[${i}][${j}]`).toBe(at(j, i));

    // a_rows = a[1:3]: offset 6, shape (2, 6).
    const rows = t('a_rows');
    expect(rows.shape).toEqual([2, 6]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 6; j++) expect(rows.data[i * 6 + j], `a_rows[${i}][${j}]`).toBe(at(i + 1, j));

    // a_cols = a[:, 2:5]: offset 2, shape (4, 3), stride (6, 1).
    const cols = t('a_cols');
    expect(cols.shape).toEqual([4, 3]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) expect(cols.data[i * 3 + j], `a_cols[${i}][${j}]`).toBe(at(i, j + 2));

    const i64 = t('i64');
    expect(i64.dtype).toBe('I32');
    expect(i64.shape).toEqual([5]);
    expect(Array.from(i64.data)).toEqual([0, 1, 2, 3, 4]);
    expect(ck.tensors.get('i64')!.sourceDtype).toBe('int64');

    const b = t('b');
    expect(b.dtype).toBe('I32');
    expect(b.shape).toEqual([3]);
    expect(Array.from(b.data)).toEqual([1, 0, 1]);
    expect(ck.tensors.get('b')!.sourceDtype).toBe('bool');

    const s = t('scalar');
    expect(s.dtype).toBe('F32');
    expect(s.shape).toEqual([]);
    expect(Array.from(s.data)).toEqual([3.5]);

    expect([...ck.tensors.keys()]).toEqual(['a', 'a_t', 'a_rows', 'a_cols', 'i64', 'b', 'scalar']);
  });

  it('a missing PyTorch file fails with TRM_ERR_IO', async () => {
    await expect(readTorchCheckpointFile(path.join(PT, 'no-such-file.pt'))).rejects.toMatchObject({ code: 'TRM_ERR_IO' });
    expect(() => readTorchCheckpointFileSync(path.join(PT, 'no-such-file.pt'))).toThrow(TrmError);
  });

  it('a file over maxBytes is refused before it is read', async () => {
    await expect(readTorchCheckpointFile(path.join(PT, 'views.pt'), { maxBytes: 100 })).rejects.toMatchObject({
      code: 'TRM_ERR_INVALID_CHECKPOINT',
      message: expect.stringMatching(/over the 100-byte limit/),
    });
  });
});
