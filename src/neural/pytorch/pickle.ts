/**
 * A restricted pickle reader: the subset of Python's pickle virtual machine (protocols 2 to 5)
 * that `torch.save` state dicts use, and nothing that can run code.
 *
 * Python's own unpickler imports any module and calls any callable a file names, which is why
 * `torch.load` of an untrusted file is remote code execution. Here, GLOBAL / STACK_GLOBAL resolve
 * names only through `hooks.findGlobal` (the caller's allow-list; it throws for anything else),
 * and REDUCE / NEWOBJ / BUILD / BINPERSID hand plain data to the caller's hooks, which interpret
 * it in TypeScript. Opcodes that need an importer or an extension registry (INST, OBJ, EXT*),
 * out-of-band buffers and unknown opcodes are errors naming the opcode byte and its offset.
 *
 * The machine is iterative (no recursion), and every resource a file can ask for is bounded:
 * opcodes executed, stack plus marks, memo entries, string/bytes lengths (each also checked
 * against the bytes that remain before anything is allocated). Python's "mark stack" semantics
 * are kept: a value below the current MARK cannot be popped.
 */
import { TrmError, invalidCheckpoint } from '../../errors.js';
import { type Limits } from './limits.js';

/** A Python tuple. */
export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** A Python list, set or frozenset (sets keep insertion order; nothing here needs hashing them). */
export class PyList {
  constructor(readonly items: PyValue[], readonly kind: 'list' | 'set' | 'frozenset' = 'list') {}
}

/** A Python dict or `collections.OrderedDict` (both keep insertion order). */
export class PyDict {
  private readonly index = new Map<unknown, number>();
  readonly keys: PyValue[] = [];
  readonly values: PyValue[] = [];
  /** State given by BUILD (a state dict's `_metadata`); kept, never interpreted. */
  state: PyValue | undefined;
  constructor(readonly ordered: boolean) {}

  get size(): number {
    return this.keys.length;
  }

  set(key: PyValue, value: PyValue): void {
    if (key instanceof PyList || key instanceof PyDict) throw invalidCheckpoint(`unhashable ${key instanceof PyDict ? 'dict' : key.kind} used as a dict key`);
    const i = this.index.get(key);
    if (i === undefined) {
      this.index.set(key, this.keys.length);
      this.keys.push(key);
      this.values.push(value);
    } else {
      this.values[i] = value;
    }
  }

  get(key: PyValue): PyValue | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.values[i];
  }

  has(key: PyValue): boolean {
    return this.index.has(key);
  }
}

/** A global the caller's allow-list resolved (`module.name`); only the caller gives it meaning. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A value the hooks built (a storage, a tensor); the VM only moves it around. */
export abstract class PyOpaque {
  abstract describe(): string;
}

export type PyValue = null | boolean | number | bigint | string | Uint8Array | PyTuple | PyList | PyDict | PyGlobal | PyOpaque;

/** What the caller decides: which globals exist, what calling them means, what a persistent id is. */
export interface PickleHooks {
  /** Resolve `module.name`; throw for anything not on the allow-list. */
  findGlobal(module: string, name: string): PyValue;
  /** REDUCE / NEWOBJ: `callable(*args)`, interpreted, never executed. */
  call(callable: PyValue, args: PyTuple, opcode: 'REDUCE' | 'NEWOBJ'): PyValue;
  /** BUILD: apply `state` to `obj`; return the object that replaces it on the stack. */
  build(obj: PyValue, state: PyValue): PyValue;
  /** BINPERSID: the object a persistent id stands for. */
  persistentLoad(pid: PyValue): PyValue;
}

/** Hooks for pickles that must hold plain data only: no globals, no persistent ids. */
export const PLAIN_HOOKS: PickleHooks = {
  findGlobal(module, name) {
    throw invalidCheckpoint(`global ${module}.${name} is not allowed here (this pickle may hold plain values only)`, { global: `${module}.${name}` });
  },
  call() {
    throw invalidCheckpoint('REDUCE/NEWOBJ is not allowed here (this pickle may hold plain values only)');
  },
  build() {
    throw invalidCheckpoint('BUILD is not allowed here (this pickle may hold plain values only)');
  },
  persistentLoad() {
    throw invalidCheckpoint('persistent ids are not allowed here (this pickle may hold plain values only)');
  },
};

/** Result of {@link unpickle}: the value and the offset just after its STOP opcode. */
export interface Unpickled {
  readonly value: PyValue;
  readonly end: number;
}

/** Opcodes we know but refuse, so the message can name them. */
const REFUSED: Record<number, string> = {
  0x69: 'INST', 0x6f: 'OBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x50: 'PERSID',
  0x53: 'STRING', 0x56: 'UNICODE', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

const MAX_LINE = 256;
const MAX_LONG_BYTES = 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Python int → number when it is a safe integer, else bigint (exact either way). */
function normInt(v: bigint): number | bigint {
  return v >= SAFE_MIN && v <= SAFE_MAX ? Number(v) : v;
}

function hex(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/** Short description of a value for error messages (never recursive). */
export function describeValue(v: PyValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return `int/float ${String(v)}`;
  if (typeof v === 'string') return `str ${JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v)}`;
  if (v instanceof Uint8Array) return `bytes of length ${v.byteLength}`;
  if (v instanceof PyTuple) return `tuple of ${v.items.length}`;
  if (v instanceof PyList) return `${v.kind} of ${v.items.length}`;
  if (v instanceof PyDict) return `${v.ordered ? 'OrderedDict' : 'dict'} of ${v.size}`;
  if (v instanceof PyGlobal) return `global ${v.qualified}`;
  return v.describe();
}

/**
 * Run the pickle that starts at `start` in `bytes` (a label such as "data.pkl" names it in
 * errors) up to its STOP opcode. Throws TRM_ERR_INVALID_CHECKPOINT naming the problem and the
 * byte offset for a malformed or disallowed pickle.
 */
export function unpickle(bytes: Uint8Array, start: number, hooks: PickleHooks, limits: Limits, label = 'pickle'): Unpickled {
  const end = Math.min(bytes.byteLength, start + limits.maxPickleBytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: PyValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyValue>();
  let pos = start;
  let op = 0;
  let opPos = start;
  let ops = 0;

  const atOpcode = (msg: string, details?: Record<string, unknown>): TrmError =>
    invalidCheckpoint(`${label}: ${msg} (opcode ${hex(op)} at offset ${opPos})`, { offset: opPos, opcode: op, ...details });

  const need = (n: number, what: string): void => {
    if (n > end - pos) {
      throw atOpcode(`${what} needs ${n} bytes but only ${end - pos} remain${end < bytes.byteLength ? ` within the ${limits.maxPickleBytes}-byte pickle limit` : ''}`);
    }
  };
  const u8 = (): number => { need(1, 'argument'); return bytes[pos++]!; };
  const u16 = (): number => { need(2, 'argument'); const v = dv.getUint16(pos, true); pos += 2; return v; };
  const u32 = (): number => { need(4, 'argument'); const v = dv.getUint32(pos, true); pos += 4; return v; };
  const i32 = (): number => { need(4, 'argument'); const v = dv.getInt32(pos, true); pos += 4; return v; };
  const u64 = (): number => {
    need(8, 'argument');
    const v = dv.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw atOpcode(`length ${v} is impossibly large`);
    return Number(v);
  };
  const take = (n: number, what: string): Uint8Array => {
    if (n > limits.maxStringBytes) throw atOpcode(`${what} of ${n} bytes exceeds the ${limits.maxStringBytes}-byte limit (option maxStringBytes)`);
    need(n, what);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const text = (n: number, what: string): string => {
    const raw = take(n, what);
    try {
      return utf8.decode(raw);
    } catch {
      throw atOpcode(`${what} is not valid UTF-8`);
    }
  };
  const line = (what: string): string => {
    const stop = Math.min(end, pos + MAX_LINE + 1);
    let i = pos;
    while (i < stop && bytes[i] !== 0x0a) i++;
    if (i >= stop) throw atOpcode(`${what} is not a newline-terminated line of at most ${MAX_LINE} bytes`);
    const raw = bytes.subarray(pos, i);
    pos = i + 1;
    try {
      return utf8.decode(raw);
    } catch {
      throw atOpcode(`${what} is not valid UTF-8`);
    }
  };
  const longLE = (raw: Uint8Array): number | bigint => {
    if (raw.byteLength === 0) return 0;
    let v = 0n;
    for (let i = raw.byteLength - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[i]!);
    if (raw[raw.byteLength - 1]! & 0x80) v -= 1n << BigInt(raw.byteLength * 8);
    return normInt(v);
  };

  const base = (): number => (marks.length ? marks[marks.length - 1]! : 0);
  const push = (v: PyValue): void => {
    if (stack.length + marks.length >= limits.maxStack) throw atOpcode(`stack exceeds ${limits.maxStack} entries (option maxStack)`);
    stack.push(v);
  };
  const pop = (): PyValue => {
    if (stack.length <= base()) throw atOpcode('stack underflow');
    return stack.pop()!;
  };
  const top = (): PyValue => {
    if (stack.length <= base()) throw atOpcode('stack underflow');
    return stack[stack.length - 1]!;
  };
  const popMark = (): PyValue[] => {
    if (!marks.length) throw atOpcode('no MARK to pop to');
    const m = marks.pop()!;
    return stack.splice(m);
  };
  const put = (key: number): void => {
    if (!memo.has(key) && memo.size >= limits.maxMemo) throw atOpcode(`memo exceeds ${limits.maxMemo} entries (option maxMemo)`);
    memo.set(key, top());
  };
  const get = (key: number): void => {
    if (!memo.has(key)) throw atOpcode(`memo key ${key} is not defined`, { memoKey: key });
    push(memo.get(key)!);
  };
  const lineInt = (what: string): number => {
    const s = line(what);
    if (!/^-?\d{1,15}$/.test(s)) throw atOpcode(`${what} ${JSON.stringify(s.slice(0, 20))} is not a decimal integer`);
    return Number(s);
  };
  const memoKey = (what: string): number => {
    const k = lineInt(what);
    if (k < 0) throw atOpcode(`${what} ${k} is negative`);
    return k;
  };
  const list = (what: string): PyList => {
    const t = top();
    if (!(t instanceof PyList) || t.kind !== 'list') throw atOpcode(`${what} target is ${describeValue(t)}, expected a list`);
    return t;
  };
  const dict = (what: string): PyDict => {
    const t = top();
    if (!(t instanceof PyDict)) throw atOpcode(`${what} target is ${describeValue(t)}, expected a dict`);
    return t;
  };
  const tupleArg = (v: PyValue, what: string): PyTuple => {
    if (!(v instanceof PyTuple)) throw atOpcode(`${what} arguments are ${describeValue(v)}, expected a tuple`);
    return v;
  };
  /** Call a hook; its errors get this opcode's offset appended. */
  const hook = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof TrmError && e.code === 'TRM_ERR_INVALID_CHECKPOINT' && e.details?.offset === undefined) {
        throw new TrmError(e.code, `${label}: ${e.message} (opcode ${hex(op)} at offset ${opPos})`, { ...e.details, offset: opPos }, { cause: e });
      }
      throw e;
    }
  };
  const setItems = (d: PyDict, items: PyValue[]): void => {
    if (items.length % 2) throw atOpcode(`odd number of items (${items.length}) for a dict`);
    for (let i = 0; i < items.length; i += 2) hook(() => d.set(items[i]!, items[i + 1]!));
  };

  for (;;) {
    if (pos >= end) {
      opPos = pos;
      throw invalidCheckpoint(`${label}: ended at offset ${pos} without a STOP opcode${end < bytes.byteLength ? ` (pickle limit ${limits.maxPickleBytes} bytes)` : ''}`, { offset: pos });
    }
    if (++ops > limits.maxOps) throw invalidCheckpoint(`${label}: more than ${limits.maxOps} opcodes (option maxOps)`, { offset: pos });
    opPos = pos;
    op = bytes[pos++]!;
    switch (op) {
      // --- framing and control
      case 0x80: { // PROTO
        const v = u8();
        if (v < 2 || v > 5) throw atOpcode(`pickle protocol ${v} is not supported (2 to 5 are)`);
        break;
      }
      case 0x95: { // FRAME: a size hint; only checked to lie within the data
        const n = u64();
        if (n > end - pos) throw atOpcode(`frame of ${n} bytes runs past the end (${end - pos} remain)`);
        break;
      }
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        if (stack.length + marks.length >= limits.maxStack) throw atOpcode(`stack exceeds ${limits.maxStack} entries (option maxStack)`);
        marks.push(stack.length);
        break;
      case 0x30: // POP
        if (stack.length > base()) stack.pop();
        else popMark();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        push(top());
        break;

      // --- constants and numbers
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break; // NEWTRUE
      case 0x89: push(false); break; // NEWFALSE
      case 0x4a: push(i32()); break; // BININT
      case 0x4b: push(u8()); break; // BININT1
      case 0x4d: push(u16()); break; // BININT2
      case 0x8a: push(longLE(take(u8(), 'LONG1'))); break; // LONG1
      case 0x8b: { // LONG4
        const n = i32();
        if (n < 0 || n > MAX_LONG_BYTES) throw atOpcode(`LONG4 of ${n} bytes (at most ${MAX_LONG_BYTES} are read)`);
        push(longLE(take(n, 'LONG4')));
        break;
      }
      case 0x49: { // INT (text)
        const s = line('INT');
        if (s === '01' || s === '00') push(s === '01');
        else if (/^-?\d{1,300}$/.test(s)) push(normInt(BigInt(s)));
        else throw atOpcode(`INT argument ${JSON.stringify(s.slice(0, 20))} is not a decimal integer`);
        break;
      }
      case 0x4c: { // LONG (text)
        const s = line('LONG').replace(/L$/, '');
        if (!/^-?\d{1,300}$/.test(s)) throw atOpcode(`LONG argument ${JSON.stringify(s.slice(0, 20))} is not a decimal integer`);
        push(normInt(BigInt(s)));
        break;
      }
      case 0x47: { // BINFLOAT (big-endian)
        need(8, 'BINFLOAT');
        push(dv.getFloat64(pos, false));
        pos += 8;
        break;
      }
      case 0x46: { // FLOAT (text)
        const s = line('FLOAT').trim();
        const special: Record<string, number> = { nan: NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
        const v = special[s.toLowerCase()] ?? Number(s);
        if (s === '' || (Number.isNaN(v) && !/^-?nan$/i.test(s))) throw atOpcode(`FLOAT argument ${JSON.stringify(s.slice(0, 20))} is not a number`);
        push(v);
        break;
      }

      // --- strings and bytes
      case 0x58: push(text(u32(), 'BINUNICODE')); break;
      case 0x8c: push(text(u8(), 'SHORT_BINUNICODE')); break;
      case 0x8d: push(text(u64(), 'BINUNICODE8')); break;
      case 0x54: { // BINSTRING (Python 2 str; torch.load decodes it as UTF-8)
        const n = i32();
        if (n < 0) throw atOpcode(`BINSTRING length ${n} is negative`);
        push(text(n, 'BINSTRING'));
        break;
      }
      case 0x55: push(text(u8(), 'SHORT_BINSTRING')); break;
      case 0x42: push(take(u32(), 'BINBYTES').slice()); break;
      case 0x43: push(take(u8(), 'SHORT_BINBYTES').slice()); break;
      case 0x8e: push(take(u64(), 'BINBYTES8').slice()); break;
      case 0x96: push(take(u64(), 'BYTEARRAY8').slice()); break;

      // --- containers
      case 0x7d: push(new PyDict(false)); break; // EMPTY_DICT
      case 0x5d: push(new PyList([])); break; // EMPTY_LIST
      case 0x29: push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x8f: push(new PyList([], 'set')); break; // EMPTY_SET
      case 0x74: push(new PyTuple(popMark())); break; // TUPLE
      case 0x85: push(new PyTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); push(new PyTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); push(new PyTuple([a, b, c])); break; } // TUPLE3
      case 0x6c: push(new PyList(popMark())); break; // LIST
      case 0x91: push(new PyList(popMark(), 'frozenset')); break; // FROZENSET
      case 0x64: { // DICT
        const items = popMark();
        const d = new PyDict(false);
        setItems(d, items);
        push(d);
        break;
      }
      case 0x61: { const v = pop(); list('APPEND').items.push(v); break; } // APPEND
      case 0x65: { const items = popMark(); const l = list('APPENDS'); for (const v of items) l.items.push(v); break; } // APPENDS
      case 0x90: { // ADDITEMS
        const items = popMark();
        const t = top();
        if (!(t instanceof PyList) || t.kind !== 'set') throw atOpcode(`ADDITEMS target is ${describeValue(t)}, expected a set`);
        for (const v of items) t.items.push(v);
        break;
      }
      case 0x73: { const v = pop(); const k = pop(); const d = dict('SETITEM'); hook(() => d.set(k, v)); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(dict('SETITEMS'), items); break; } // SETITEMS

      // --- memo
      case 0x71: put(u8()); break; // BINPUT
      case 0x72: put(u32()); break; // LONG_BINPUT
      case 0x94: put(memo.size); break; // MEMOIZE
      case 0x70: put(memoKey('PUT')); break; // PUT
      case 0x68: get(u8()); break; // BINGET
      case 0x6a: get(u32()); break; // LONG_BINGET
      case 0x67: get(memoKey('GET')); break; // GET

      // --- globals, calls, persistent ids: all decided by the hooks
      case 0x63: { // GLOBAL
        const module = line('GLOBAL module');
        const name = line('GLOBAL name');
        push(hook(() => hooks.findGlobal(module, name)));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') {
          throw atOpcode(`STACK_GLOBAL needs two strings, got ${describeValue(module)} and ${describeValue(name)}`);
        }
        push(hook(() => hooks.findGlobal(module, name)));
        break;
      }
      case 0x52: { // REDUCE
        const args = tupleArg(pop(), 'REDUCE');
        const fn = pop();
        push(hook(() => hooks.call(fn, args, 'REDUCE')));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = tupleArg(pop(), 'NEWOBJ');
        const cls = pop();
        push(hook(() => hooks.call(cls, args, 'NEWOBJ')));
        break;
      }
      case 0x92: { // NEWOBJ_EX
        const kwargs = pop();
        const args = tupleArg(pop(), 'NEWOBJ_EX');
        const cls = pop();
        if (!(kwargs instanceof PyDict) || kwargs.size) throw atOpcode(`NEWOBJ_EX keyword arguments (${describeValue(kwargs)}) are not supported`);
        push(hook(() => hooks.call(cls, args, 'NEWOBJ')));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const obj = pop();
        push(hook(() => hooks.build(obj, state)));
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        push(hook(() => hooks.persistentLoad(pid)));
        break;
      }

      default: {
        const name = REFUSED[op];
        throw atOpcode(name ? `opcode ${name} is not supported` : `unknown opcode`);
      }
    }
  }
}
