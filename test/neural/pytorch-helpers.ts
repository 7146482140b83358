/**
 * Test helpers: write pickle bytes by hand and wrap them in torch-style zips (fflate's zipSync),
 * so the reader's tests do not need Python.
 */
import { zipSync } from 'fflate';
import { expect } from 'vitest';
import { TrmError } from '../../src/errors.js';

const enc = new TextEncoder();

export type Part = number | readonly number[] | Uint8Array;

/** Concatenate bytes: numbers are single bytes, arrays/Uint8Arrays are spliced in. */
export function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p & 0xff);
    else for (const b of p) out.push(b);
  }
  return Uint8Array.from(out);
}

export const u16 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
export const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
export const u64 = (n: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
export const ascii = (s: string): number[] => Array.from(enc.encode(s));

// Opcodes used by the builders.
export const OP = {
  PROTO: 0x80, FRAME: 0x95, STOP: 0x2e, MARK: 0x28, POP: 0x30, POP_MARK: 0x31, DUP: 0x32,
  NONE: 0x4e, NEWTRUE: 0x88, NEWFALSE: 0x89, BININT: 0x4a, BININT1: 0x4b, BININT2: 0x4d,
  LONG1: 0x8a, LONG4: 0x8b, INT: 0x49, LONG: 0x4c, BINFLOAT: 0x47, FLOAT: 0x46,
  BINUNICODE: 0x58, SHORT_BINUNICODE: 0x8c, BINUNICODE8: 0x8d, BINSTRING: 0x54, SHORT_BINSTRING: 0x55,
  BINBYTES: 0x42, SHORT_BINBYTES: 0x43, BINBYTES8: 0x8e, BYTEARRAY8: 0x96,
  EMPTY_DICT: 0x7d, EMPTY_LIST: 0x5d, EMPTY_TUPLE: 0x29, EMPTY_SET: 0x8f, TUPLE: 0x74, TUPLE1: 0x85,
  TUPLE2: 0x86, TUPLE3: 0x87, LIST: 0x6c, DICT: 0x64, FROZENSET: 0x91, APPEND: 0x61, APPENDS: 0x65,
  ADDITEMS: 0x90, SETITEM: 0x73, SETITEMS: 0x75, BINPUT: 0x71, LONG_BINPUT: 0x72, MEMOIZE: 0x94,
  PUT: 0x70, BINGET: 0x68, LONG_BINGET: 0x6a, GET: 0x67, GLOBAL: 0x63, STACK_GLOBAL: 0x93,
  REDUCE: 0x52, NEWOBJ: 0x81, NEWOBJ_EX: 0x92, BUILD: 0x62, BINPERSID: 0x51, INST: 0x69,
} as const;

/** BINUNICODE string. */
export const str = (s: string): number[] => {
  const b = ascii(s);
  return [OP.BINUNICODE, ...u32(b.length), ...b];
};
/** SHORT_BINUNICODE string. */
export const sstr = (s: string): number[] => {
  const b = ascii(s);
  return [OP.SHORT_BINUNICODE, b.length, ...b];
};
/** A small non-negative int. */
export const int = (n: number): number[] => (n < 256 ? [OP.BININT1, n] : n < 65536 ? [OP.BININT2, ...u16(n)] : [OP.BININT, ...u32(n)]);
/** GLOBAL opcode. */
export const glob = (module: string, name: string): number[] => [OP.GLOBAL, ...ascii(`${module}\n${name}\n`)];
/** (a, b, ...) from int parts. */
export const intTuple = (xs: readonly number[]): number[] =>
  xs.length === 0 ? [OP.EMPTY_TUPLE] : [OP.MARK, ...xs.flatMap(int), OP.TUPLE];

export interface TensorSpec {
  name: string;
  storage: string; // e.g. 'FloatStorage'
  key: string;
  numel: number;
  offset?: number;
  size: number[];
  stride?: number[];
  parameter?: boolean;
}

function rowMajor(size: readonly number[]): number[] {
  const s = new Array<number>(size.length).fill(1);
  for (let d = size.length - 2; d >= 0; d--) s[d] = s[d + 1]! * size[d + 1]!;
  return s;
}

/** One `_rebuild_tensor_v2(...)` REDUCE, as torch 1.13 writes it (no memo). */
export function tensorPickle(t: TensorSpec): number[] {
  const pid = [OP.MARK, ...str('storage'), ...glob('torch', t.storage), ...str(t.key), ...str('cpu'), ...int(t.numel), OP.TUPLE, OP.BINPERSID];
  const hooks = [...glob('collections', 'OrderedDict'), OP.EMPTY_TUPLE, OP.REDUCE];
  const rebuild = [
    ...glob('torch._utils', '_rebuild_tensor_v2'),
    OP.MARK, ...pid, ...int(t.offset ?? 0), ...intTuple(t.size), ...intTuple(t.stride ?? rowMajor(t.size)), OP.NEWFALSE, ...hooks, OP.TUPLE,
    OP.REDUCE,
  ];
  if (!t.parameter) return rebuild;
  return [...glob('torch._utils', '_rebuild_parameter'), OP.MARK, ...rebuild, OP.NEWTRUE, ...hooks, OP.TUPLE, OP.REDUCE];
}

/** A protocol-2 state dict pickle: `{name: tensor, ...}` (OrderedDict when `ordered`). */
export function stateDictPickle(tensors: readonly TensorSpec[], opts: { ordered?: boolean; extra?: number[] } = {}): Uint8Array {
  const head = opts.ordered ? [...glob('collections', 'OrderedDict'), OP.EMPTY_TUPLE, OP.REDUCE] : [OP.EMPTY_DICT];
  return bytes(OP.PROTO, 2, head, OP.MARK, tensors.flatMap((t) => [...str(t.name), ...tensorPickle(t)]), opts.extra ?? [], OP.SETITEMS, OP.STOP);
}

/** A torch-style zip: `<prefix>/data.pkl`, `<prefix>/data/<key>`, `<prefix>/version`, stored uncompressed. */
export function torchZip(prefix: string, pickle: Uint8Array, records: Record<string, Uint8Array>, level: 0 | 6 = 0): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {
    [`${prefix}/data.pkl`]: [pickle, { level }],
  };
  for (const [k, v] of Object.entries(records)) files[`${prefix}/data/${k}`] = [v, { level }];
  files[`${prefix}/version`] = [Uint8Array.from(ascii('3\n')), { level }];
  return zipSync(files);
}

export const f32bytes = (xs: readonly number[]): Uint8Array => new Uint8Array(Float32Array.from(xs).buffer);

/** Run `fn`, expect a TrmError TRM_ERR_INVALID_CHECKPOINT whose message matches. */
export function expectInvalid(fn: () => unknown, pattern?: RegExp): TrmError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a TrmError').toBeInstanceOf(TrmError);
  expect((err as TrmError).code, (err as Error).message).toBe('TRM_ERR_INVALID_CHECKPOINT');
  if (pattern) expect((err as TrmError).message).toMatch(pattern);
  return err as TrmError;
}
