/**
 * The restricted pickle VM, opcode family by opcode family, on hand-written pickles; then the
 * torch layer (allow-list, tensors, dtypes, containers) on hand-built zips.
 */
import { describe, it, expect } from 'vitest';
import { zipSync } from 'fflate';
import {
  PLAIN_HOOKS,
  PyDict,
  PyGlobal,
  PyList,
  PyTuple,
  unpickle,
  type PyValue,
} from '../../src/neural/pytorch/pickle.js';
import { TorchPickleHooks } from '../../src/neural/pytorch/torch-pickle.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/neural/pytorch/limits.js';
import { halfToFloat, bf16ToFloat } from '../../src/neural/pytorch/dtypes.js';
import { isTorchCheckpoint, readTorchCheckpoint } from '../../src/neural/pytorch/index.js';
import { TrmError } from '../../src/errors.js';
import {
  OP, ascii, bytes, expectInvalid, f32bytes, glob, int, sstr, str, stateDictPickle, torchZip, u16, u32, u64, type Part,
} from './pytorch-helpers.js';

const run = (...parts: Part[]): PyValue => unpickle(bytes(OP.PROTO, 2, ...parts, OP.STOP), 0, PLAIN_HOOKS, DEFAULT_LIMITS).value;
const runTorch = (...parts: Part[]): PyValue => unpickle(bytes(OP.PROTO, 2, ...parts, OP.STOP), 0, new TorchPickleHooks(false), DEFAULT_LIMITS).value;
const items = (v: PyValue): readonly PyValue[] => {
  if (v instanceof PyTuple || v instanceof PyList) return v.items;
  throw new Error(`not a sequence: ${String(v)}`);
};

describe('pickle: numbers and constants', () => {
  it('NONE, NEWTRUE, NEWFALSE', () => {
    expect(run(OP.NONE)).toBeNull();
    expect(run(OP.NEWTRUE)).toBe(true);
    expect(run(OP.NEWFALSE)).toBe(false);
  });

  it('BININT (signed), BININT1, BININT2', () => {
    expect(run(OP.BININT, u32(-5 >>> 0))).toBe(-5);
    expect(run(OP.BININT, u32(0x7fffffff))).toBe(0x7fffffff);
    expect(run(OP.BININT1, 255)).toBe(255);
    expect(run(OP.BININT2, u16(65535))).toBe(65535);
  });

  it('LONG1 / LONG4: two\'s complement little-endian, bigint beyond 2^53', () => {
    expect(run(OP.LONG1, 0)).toBe(0);
    expect(run(OP.LONG1, 1, 0xff)).toBe(-1);
    expect(run(OP.LONG1, 2, 0x00, 0x80)).toBe(-32768);
    expect(run(OP.LONG1, 8, u64(2n ** 62n))).toBe(2n ** 62n);
    expect(run(OP.LONG1, 8, u64(2n ** 64n - 3n))).toBe(-3);
    expect(run(OP.LONG4, u32(3), 1, 2, 3)).toBe(0x030201);
    expectInvalid(() => run(OP.LONG4, u32(0xffffffff)), /LONG4 of -1 bytes/);
  });

  it('text INT / LONG, including the protocol-0 booleans', () => {
    expect(run(OP.INT, ascii('-42\n'))).toBe(-42);
    expect(run(OP.INT, ascii('01\n'))).toBe(true);
    expect(run(OP.LONG, ascii('123456789012345678901L\n'))).toBe(123456789012345678901n);
    expectInvalid(() => run(OP.INT, ascii('4x\n')), /not a decimal integer/);
  });

  it('BINFLOAT (big-endian double) and text FLOAT', () => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, -1.5e-300, false);
    expect(run(OP.BINFLOAT, b)).toBe(-1.5e-300);
    expect(run(OP.FLOAT, ascii('2.25\n'))).toBe(2.25);
    expect(run(OP.FLOAT, ascii('-inf\n'))).toBe(-Infinity);
  });
});

describe('pickle: strings and bytes', () => {
  it('BINUNICODE, SHORT_BINUNICODE, BINUNICODE8 decode UTF-8', () => {
    const snow = Array.from(new TextEncoder().encode('☃x'));
    expect(run(OP.BINUNICODE, u32(snow.length), snow)).toBe('☃x');
    expect(run(OP.SHORT_BINUNICODE, 2, ascii('hi'))).toBe('hi');
    expect(run(OP.BINUNICODE8, u64(3n), ascii('abc'))).toBe('abc');
    expectInvalid(() => run(OP.SHORT_BINUNICODE, 2, 0xc3, 0x28), /not valid UTF-8/);
  });

  it('BINSTRING / SHORT_BINSTRING (Python 2 str, read as UTF-8)', () => {
    expect(run(OP.BINSTRING, u32(3), ascii('cpu'))).toBe('cpu');
    expect(run(OP.SHORT_BINSTRING, 1, ascii('0'))).toBe('0');
    expectInvalid(() => run(OP.BINSTRING, u32(0xfffffffe)), /BINSTRING length -2 is negative/);
  });

  it('BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8 give copies', () => {
    for (const v of [run(OP.BINBYTES, u32(2), 1, 2), run(OP.SHORT_BINBYTES, 2, 1, 2), run(OP.BINBYTES8, u64(2n), 1, 2), run(OP.BYTEARRAY8, u64(2n), 1, 2)]) {
      expect(v).toBeInstanceOf(Uint8Array);
      expect(Array.from(v as Uint8Array)).toEqual([1, 2]);
    }
  });

  it('a declared length past the end, or over maxStringBytes, is refused before allocating', () => {
    expectInvalid(() => run(OP.BINUNICODE, u32(1000), ascii('ab')), /BINUNICODE needs 1000 bytes but only \d+ remain/);
    expectInvalid(() => run(OP.BINUNICODE8, u64(2n ** 60n)), /exceeds the \d+-byte limit|impossibly large/);
    expectInvalid(() => run(OP.BINUNICODE8, u64(2n ** 63n)), /impossibly large/);
    const small = resolveLimits({ maxStringBytes: 4 });
    expectInvalid(() => unpickle(bytes(OP.PROTO, 2, sstr('hello'), OP.STOP), 0, PLAIN_HOOKS, small), /5 bytes exceeds the 4-byte limit/);
  });
});

describe('pickle: containers', () => {
  it('EMPTY_LIST + APPEND / APPENDS, LIST', () => {
    expect(items(run(OP.EMPTY_LIST, int(1), OP.APPEND, OP.MARK, int(2), int(3), OP.APPENDS))).toEqual([1, 2, 3]);
    expect(items(run(OP.MARK, int(7), OP.NONE, OP.LIST))).toEqual([7, null]);
    expectInvalid(() => run(OP.EMPTY_DICT, int(1), OP.APPEND), /APPEND target is dict of 0, expected a list/);
  });

  it('EMPTY_TUPLE, TUPLE1/2/3, TUPLE', () => {
    expect(items(run(OP.EMPTY_TUPLE))).toEqual([]);
    expect(items(run(int(1), OP.TUPLE1))).toEqual([1]);
    expect(items(run(int(1), int(2), OP.TUPLE2))).toEqual([1, 2]);
    expect(items(run(int(1), int(2), int(3), OP.TUPLE3))).toEqual([1, 2, 3]);
    expect(items(run(OP.MARK, int(1), int(2), int(3), int(4), OP.TUPLE))).toEqual([1, 2, 3, 4]);
  });

  it('EMPTY_DICT + SETITEM / SETITEMS, DICT; insertion order kept, duplicate keys overwrite', () => {
    const d = run(OP.EMPTY_DICT, sstr('b'), int(1), OP.SETITEM, OP.MARK, sstr('a'), int(2), sstr('b'), int(3), OP.SETITEMS) as PyDict;
    expect(d).toBeInstanceOf(PyDict);
    expect(d.keys).toEqual(['b', 'a']);
    expect(d.values).toEqual([3, 2]);
    const d2 = run(OP.MARK, int(1), sstr('x'), OP.DICT) as PyDict;
    expect(d2.get(1)).toBe('x');
    expectInvalid(() => run(OP.MARK, int(1), OP.DICT), /odd number of items/);
    expectInvalid(() => run(OP.EMPTY_DICT, OP.EMPTY_LIST, int(1), OP.SETITEM), /unhashable list used as a dict key/);
  });

  it('EMPTY_SET + ADDITEMS, FROZENSET', () => {
    const s = run(OP.EMPTY_SET, OP.MARK, int(1), int(2), OP.ADDITEMS) as PyList;
    expect(s.kind).toBe('set');
    expect(s.items).toEqual([1, 2]);
    expect((run(OP.MARK, int(5), OP.FROZENSET) as PyList).kind).toBe('frozenset');
  });

  it('stack ops: POP, POP_MARK, DUP; no popping below a MARK', () => {
    expect(run(int(1), int(2), OP.POP)).toBe(1);
    expect(run(int(1), OP.MARK, int(2), int(3), OP.POP_MARK)).toBe(1);
    expect(items(run(int(4), OP.DUP, OP.TUPLE2))).toEqual([4, 4]);
    expectInvalid(() => run(int(1), OP.MARK, OP.TUPLE2), /stack underflow/);
    expectInvalid(() => run(OP.POP_MARK), /no MARK to pop to/);
    expectInvalid(() => run(OP.TUPLE1), /stack underflow/);
  });
});

describe('pickle: memo', () => {
  it('BINPUT/BINGET, LONG_BINPUT/LONG_BINGET, PUT/GET and MEMOIZE share one object', () => {
    const t = run(OP.EMPTY_LIST, OP.BINPUT, 3, OP.BINGET, 3, OP.TUPLE2) as PyTuple;
    expect(t.items[0]).toBe(t.items[1]);
    const t2 = run(OP.EMPTY_DICT, OP.LONG_BINPUT, u32(70000), OP.LONG_BINGET, u32(70000), OP.TUPLE2) as PyTuple;
    expect(t2.items[0]).toBe(t2.items[1]);
    const t3 = run(OP.EMPTY_DICT, OP.PUT, ascii('9\n'), OP.GET, ascii('9\n'), OP.TUPLE2) as PyTuple;
    expect(t3.items[0]).toBe(t3.items[1]);
    // MEMOIZE stores under the memo's current size: 0, then 1.
    expect(items(run(OP.MARK, sstr('a'), OP.MEMOIZE, sstr('b'), OP.MEMOIZE, OP.BINGET, 1, OP.BINGET, 0, OP.TUPLE))).toEqual(['a', 'b', 'b', 'a']);
  });

  it('an undefined memo key is an error naming it; a cycle is built, not followed', () => {
    expectInvalid(() => run(OP.BINGET, 7), /memo key 7 is not defined.*offset 2/);
    const l = run(OP.EMPTY_LIST, OP.BINPUT, 0, OP.BINGET, 0, OP.APPEND) as PyList;
    expect(l.items[0]).toBe(l);
  });

  it('memo size is bounded (option maxMemo)', () => {
    const limits = resolveLimits({ maxMemo: 2 });
    expectInvalid(() => unpickle(bytes(OP.PROTO, 2, OP.NONE, OP.BINPUT, 0, OP.BINPUT, 1, OP.BINPUT, 2, OP.STOP), 0, PLAIN_HOOKS, limits), /memo exceeds 2 entries/);
  });
});

describe('pickle: protocols, framing, control', () => {
  it('protocol 4/5 with FRAME, SHORT_BINUNICODE, MEMOIZE and STACK_GLOBAL', () => {
    for (const proto of [4, 5]) {
      const body = [OP.EMPTY_DICT, OP.MEMOIZE, ...sstr('k'), OP.MEMOIZE, ...sstr('collections'), ...sstr('OrderedDict'), OP.STACK_GLOBAL, OP.EMPTY_TUPLE, OP.REDUCE, OP.SETITEM, OP.STOP];
      const p = bytes(OP.PROTO, proto, OP.FRAME, u64(BigInt(body.length)), body);
      const d = unpickle(p, 0, new TorchPickleHooks(false), DEFAULT_LIMITS).value as PyDict;
      expect(d.get('k')).toBeInstanceOf(PyDict);
      expect((d.get('k') as PyDict).ordered).toBe(true);
    }
  });

  it('a FRAME longer than the data, or a protocol outside 2..5, is refused', () => {
    expectInvalid(() => unpickle(bytes(OP.PROTO, 4, OP.FRAME, u64(100n), OP.NONE, OP.STOP), 0, PLAIN_HOOKS, DEFAULT_LIMITS), /frame of 100 bytes runs past the end/);
    expectInvalid(() => unpickle(bytes(OP.PROTO, 6, OP.NONE, OP.STOP), 0, PLAIN_HOOKS, DEFAULT_LIMITS), /protocol 6 is not supported/);
  });

  it('unknown and refused opcodes name the byte and the offset', () => {
    expectInvalid(() => run(OP.NONE, 0xff), /unknown opcode \(opcode 0xff at offset 3\)/);
    expectInvalid(() => run(OP.INST, ascii('os\nsystem\n')), /opcode INST is not supported \(opcode 0x69 at offset 2\)/);
    expectInvalid(() => run(0x82, 1), /EXT1/);
  });

  it('a pickle without STOP ends in an error, not a read past the end', () => {
    expectInvalid(() => unpickle(bytes(OP.PROTO, 2, OP.NONE), 0, PLAIN_HOOKS, DEFAULT_LIMITS), /ended at offset 3 without a STOP/);
    expectInvalid(() => unpickle(bytes(OP.PROTO, 2, OP.BININT), 0, PLAIN_HOOKS, DEFAULT_LIMITS), /needs 4 bytes but only 0 remain/);
  });

  it('ops and stack are bounded (options maxOps, maxStack)', () => {
    const many = bytes(OP.PROTO, 2, new Array<number>(1000).fill(OP.NONE), OP.STOP);
    expectInvalid(() => unpickle(many, 0, PLAIN_HOOKS, resolveLimits({ maxOps: 100 })), /more than 100 opcodes/);
    expectInvalid(() => unpickle(many, 0, PLAIN_HOOKS, resolveLimits({ maxStack: 100 })), /stack exceeds 100 entries/);
    const marks = bytes(OP.PROTO, 2, new Array<number>(1000).fill(OP.MARK), OP.STOP);
    expectInvalid(() => unpickle(marks, 0, PLAIN_HOOKS, resolveLimits({ maxStack: 100 })), /stack exceeds 100 entries/);
  });

  it('deep nesting neither recurses in the VM nor breaks metadata', () => {
    const deep = bytes(OP.PROTO, 2, OP.NONE, new Array<number>(100_000).fill(OP.TUPLE1), OP.STOP);
    expect(unpickle(deep, 0, PLAIN_HOOKS, DEFAULT_LIMITS).value).toBeInstanceOf(PyTuple);
  });
});

describe('pickle: globals are an allow-list, never imported', () => {
  it('GLOBAL os.system / posix.system and STACK_GLOBAL builtins.eval are refused by name', () => {
    expectInvalid(() => runTorch(glob('os', 'system'), str('echo pwned'), OP.TUPLE1, OP.REDUCE), /global os\.system is not allowed/);
    expectInvalid(() => runTorch(glob('posix', 'system')), /global posix\.system is not allowed/);
    expectInvalid(() => runTorch(sstr('builtins'), sstr('eval'), OP.STACK_GLOBAL), /global builtins\.eval is not allowed/);
    expectInvalid(() => runTorch(glob('torch._utils', '_rebuild_tensor')), /global torch\._utils\._rebuild_tensor is not allowed/);
    // Plain-value pickles allow no global at all.
    expectInvalid(() => run(glob('collections', 'OrderedDict')), /plain values only/);
  });

  it('allowed globals resolve to inert names; calling a storage type is refused', () => {
    const g = runTorch(glob('torch', 'FloatStorage'));
    expect(g).toBeInstanceOf(PyGlobal);
    expectInvalid(() => runTorch(glob('torch', 'FloatStorage'), OP.EMPTY_TUPLE, OP.REDUCE), /REDUCE on global torch\.FloatStorage is not supported/);
    expectInvalid(() => runTorch(int(3), OP.EMPTY_TUPLE, OP.REDUCE), /REDUCE on int\/float 3, which is not a callable global/);
  });

  it('OrderedDict via REDUCE with pairs, via NEWOBJ, and BUILD keeping state_dict _metadata', () => {
    const d = runTorch(glob('collections', 'OrderedDict'), OP.MARK, OP.EMPTY_LIST, sstr('a'), int(1), OP.TUPLE2, OP.APPEND, OP.TUPLE, OP.REDUCE) as PyDict;
    expect(d.get('a')).toBe(1);
    const n = runTorch(glob('collections', 'OrderedDict'), OP.EMPTY_TUPLE, OP.NEWOBJ) as PyDict;
    expect(n.ordered).toBe(true);
    const b = runTorch(glob('collections', 'OrderedDict'), OP.EMPTY_TUPLE, OP.REDUCE, OP.EMPTY_DICT, sstr('_metadata'), OP.NONE, OP.SETITEM, OP.BUILD) as PyDict;
    expect((b.state as PyDict).has('_metadata')).toBe(true);
    expectInvalid(() => runTorch(int(1), OP.EMPTY_DICT, OP.BUILD), /BUILD on int\/float 1 is not supported/);
  });
});

// ---------------------------------------------------------------- torch layer on hand-built zips

const F = (name: string, key: string, numel: number, size: number[], extra: Partial<{ storage: string; offset: number; stride: number[]; parameter: boolean }> = {}) =>
  ({ name, key, numel, size, storage: 'FloatStorage', ...extra });

describe('torch checkpoints built by hand', () => {
  it('any top folder name; OrderedDict state dict with parameters, BUILD _metadata, non-tensor entries skipped', () => {
    const extra = [...str('version'), ...int(3)];
    const pkl = stateDictPickle([F('w', '0', 6, [2, 3], { parameter: true }), F('b', '1', 2, [2])], { ordered: true, extra });
    const zip = torchZip('my model_v2', pkl, { 0: f32bytes([1, 2, 3, 4, 5, 6]), 1: f32bytes([-1, 0.5]) }, 6);
    expect(isTorchCheckpoint(zip)).toBe(true);
    const ck = readTorchCheckpoint(zip);
    expect(ck.format).toBe('zip');
    expect([...ck.tensors.keys()]).toEqual(['w', 'b']);
    expect(Array.from(ck.tensors.get('w')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ck.tensors.get('w')!.shape).toEqual([2, 3]);
    expect(ck.skipped).toEqual([{ name: 'version', reason: 'not a tensor (int/float 3)' }]);
  });

  it('wrapped under "state_dict": plain siblings become metadata, others are skipped', () => {
    const sd = stateDictPickle([F('w', '0', 1, [1])]).slice(2, -1); // the dict without PROTO/STOP
    const pkl = bytes(OP.PROTO, 2, OP.EMPTY_DICT, OP.MARK,
      str('state_dict'), sd,
      str('epoch'), int(7),
      str('big'), OP.LONG1, 9, u64(0n), 1,
      str('names'), OP.MARK, sstr('a'), OP.NONE, OP.NEWTRUE, OP.TUPLE,
      str('raw'), OP.SHORT_BINBYTES, 1, 0,
      OP.SETITEMS, OP.STOP);
    const ck = readTorchCheckpoint(torchZip('x', pkl, { 0: f32bytes([9]) }));
    expect(ck.stateDictKey).toBe('state_dict');
    expect(ck.metadata).toEqual({ epoch: 7, big: (2n ** 64n).toString(), names: ['a', null, true] });
    expect(ck.skipped).toEqual([{ name: 'raw', reason: 'top-level entry bytes of length 1 is not a plain value (or is too large or deeply nested)' }]);
  });

  it('a file holding no state dict is refused with the keys it has', () => {
    const pkl = bytes(OP.PROTO, 2, OP.EMPTY_DICT, str('step'), int(1), OP.SETITEM, OP.STOP);
    expectInvalid(() => readTorchCheckpoint(torchZip('x', pkl, {})), /no tensors: the top-level dict \(keys: step\)/);
    expectInvalid(() => readTorchCheckpoint(torchZip('x', bytes(OP.PROTO, 2, OP.NONE, OP.STOP), {})), /checkpoint holds None, expected a state dict/);
  });

  it('dtypes: f16 (subnormal, inf, NaN, -0), bf16, f64, int8/16/32/64, uint8, bool', () => {
    const h = new Uint16Array([0x0001, 0x03ff, 0x3c00, 0x7c00, 0xfc00, 0x7e00, 0x8000, 0x7bff]);
    const bf = new Uint16Array([0x3f80, 0xc040, 0x7f80, 0x0001]);
    const f64 = new Float64Array([0.1, -2]);
    const i64 = new BigInt64Array([-2147483648n, 2147483647n, -1n]);
    const i16 = new Int16Array([-32768, 5]);
    const i8 = new Int8Array([-128, 127]);
    const i32 = new Int32Array([-7, 8]);
    const u8 = new Uint8Array([0, 255]);
    const b = new Uint8Array([0, 1, 2]);
    const buf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const specs = [
      F('h', 'h', 8, [8], { storage: 'HalfStorage' }), F('bf', 'bf', 4, [4], { storage: 'BFloat16Storage' }),
      F('d', 'd', 2, [2], { storage: 'DoubleStorage' }), F('l', 'l', 3, [3], { storage: 'LongStorage' }),
      F('s', 's', 2, [2], { storage: 'ShortStorage' }), F('c', 'c', 2, [2], { storage: 'CharStorage' }),
      F('i', 'i', 2, [2], { storage: 'IntStorage' }), F('u', 'u', 2, [2], { storage: 'ByteStorage' }),
      F('b', 'b', 3, [3], { storage: 'BoolStorage' }),
    ];
    const ck = readTorchCheckpoint(torchZip('t', stateDictPickle(specs), {
      h: buf(h), bf: buf(bf), d: buf(f64), l: buf(i64), s: buf(i16), c: buf(i8), i: buf(i32), u: u8, b,
    }));
    const v = (n: string): number[] => Array.from(ck.tensors.get(n)!.data);
    expect(v('h')).toEqual([2 ** -24, 1023 * 2 ** -24, 1, Infinity, -Infinity, NaN, -0, 65504]);
    expect(Object.is(v('h')[6], -0)).toBe(true);
    expect(v('bf')).toEqual([1, -3, Infinity, bf16ToFloat(1)]);
    expect(bf16ToFloat(1)).toBeGreaterThan(0);
    expect(v('d')).toEqual([Math.fround(0.1), -2]);
    expect(v('l')).toEqual([-2147483648, 2147483647, -1]);
    expect(v('s')).toEqual([-32768, 5]);
    expect(v('c')).toEqual([-128, 127]);
    expect(v('i')).toEqual([-7, 8]);
    expect(v('u')).toEqual([0, 255]);
    expect(v('b')).toEqual([0, 1, 1]);
    for (const n of ['l', 's', 'c', 'i', 'u', 'b']) expect(ck.tensors.get(n)!.dtype).toBe('I32');
    for (const n of ['h', 'bf', 'd']) expect(ck.tensors.get(n)!.dtype).toBe('F32');
    expect(halfToFloat(0x0200)).toBe(2 ** -15);
  });

  it('an int64 outside int32 is refused naming the tensor', () => {
    const l = new BigInt64Array([1n, 2n ** 31n]);
    const zip = torchZip('t', stateDictPickle([F('ids', '0', 2, [2], { storage: 'LongStorage' })]), { 0: new Uint8Array(l.buffer) });
    expectInvalid(() => readTorchCheckpoint(zip), /tensor "ids": int64 value 2147483648 \(storage element 1\) does not fit in int32/);
  });

  it('views outside the storage, a size/stride mismatch, and byte-size disagreements are refused', () => {
    const rec = { 0: f32bytes([1, 2, 3, 4]) };
    expectInvalid(() => readTorchCheckpoint(torchZip('t', stateDictPickle([F('w', '0', 4, [2, 2], { offset: 1 })]), rec)), /tensor "w": view \(offset 1, size \[2, 2\], stride \[2, 1\]\) reaches element 4 of a storage of 4 elements/);
    expectInvalid(() => readTorchCheckpoint(torchZip('t', stateDictPickle([F('w', '0', 4, [2, 2], { stride: [1] })]), rec)), /size has 2 dimensions but stride has 1/);
    expectInvalid(() => readTorchCheckpoint(torchZip('t', stateDictPickle([F('w', '0', 5, [5])]), rec)), /tensor "w": storage "0" \(t\/data\/0\) is 16 bytes, but 5 float32 elements need 20/);
    expectInvalid(() => readTorchCheckpoint(torchZip('t', stateDictPickle([F('w', '7', 4, [4])]), rec)), /storage "7" is missing: the archive has no entry t\/data\/7/);
  });

  it('stride-0 views cannot expand past maxBytes', () => {
    const zip = torchZip('t', stateDictPickle([F('w', '0', 1, [100000, 100000], { stride: [0, 0] })]), { 0: f32bytes([1]) });
    expectInvalid(() => readTorchCheckpoint(zip), /past the \d+-byte limit/);
    const ok = readTorchCheckpoint(torchZip('t', stateDictPickle([F('w', '0', 1, [2, 3], { stride: [0, 0] })]), { 0: f32bytes([5]) }));
    expect(Array.from(ok.tensors.get('w')!.data)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('zip: no data.pkl, two data.pkl, ".." and absolute names, a too-large declared size are refused', () => {
    const pkl = stateDictPickle([F('w', '0', 1, [1])]);
    expectInvalid(() => readTorchCheckpoint(zipSync({ 'a/other': new Uint8Array(1) })), /no "<folder>\/data\.pkl"/);
    expectInvalid(() => readTorchCheckpoint(zipSync({ 'a/data.pkl': pkl, 'b/data.pkl': pkl })), /2 data\.pkl entries/);
    expectInvalid(() => readTorchCheckpoint(zipSync({ 'a/data.pkl': pkl, 'a/../../etc/passwd': new Uint8Array(1) })), /has a "\.\." path segment/);
    expectInvalid(() => readTorchCheckpoint(zipSync({ 'a/data.pkl': pkl, '/etc/passwd': new Uint8Array(1) })), /absolute path/);
    const zip = torchZip('t', pkl, { 0: f32bytes([1]) });
    expectInvalid(() => readTorchCheckpoint(zip, { maxBytes: 50 }), /over the 50-byte limit|declare more than 50/);
    // A central directory entry claiming ~4 GiB uncompressed is refused before anything is inflated.
    const forged = zip.slice();
    const dv = new DataView(forged.buffer);
    for (let i = 0; i + 4 <= forged.length; i++) if (dv.getUint32(i, true) === 0x02014b50) dv.setUint32(i + 24, 0xfffffff0, true);
    expectInvalid(() => readTorchCheckpoint(forged), /declares 4294967280 bytes from \d+ compressed bytes, more than deflate can produce/);
    // A well-formed deflate bomb: 2 MB of zeros in a few KB is refused by the declared total.
    const bomb = torchZip('t', stateDictPickle([F('z', '0', 1 << 19, [1 << 19])]), { 0: new Uint8Array(2 << 20) }, 6);
    expect(bomb.byteLength).toBeLessThan(20_000);
    expectInvalid(() => readTorchCheckpoint(bomb, { maxBytes: 1_000_000 }), /zip entries declare more than 1000000 uncompressed bytes \(at "t\/data\/0"; option maxBytes\)/);
    expect(readTorchCheckpoint(bomb).tensors.get('z')!.data.length).toBe(1 << 19);
  });

  it('bad options are TRM_ERR_INVALID_OPTIONS', () => {
    expect(() => readTorchCheckpoint(new Uint8Array(4), { maxBytes: -1 })).toThrow(TrmError);
    try { readTorchCheckpoint(new Uint8Array(4), { maxOps: 1.5 }); } catch (e) { expect((e as TrmError).code).toBe('TRM_ERR_INVALID_OPTIONS'); }
  });

  it('bytes that are neither zip nor legacy pickle are refused, naming what they start with', () => {
    expectInvalid(() => readTorchCheckpoint(Uint8Array.from([1, 2, 3])), /not a PyTorch checkpoint.*begins 01 02 03/);
    expect(isTorchCheckpoint(new Uint8Array(0))).toBe(false);
  });
});
