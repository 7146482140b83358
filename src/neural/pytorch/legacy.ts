/**
 * The pre-1.6 (non-zip) `torch.save` format, still met in older published checkpoints.
 *
 * The file is a run of pickles followed by raw data:
 *   1. the magic number 0x1950a86a20f9469cfc6c (a LONG1),
 *   2. the protocol version, 1001,
 *   3. sys info `{'protocol_version', 'little_endian', 'type_sizes'}`,
 *   4. the object, with storages as six-field persistent ids,
 *   5. the list of storage keys, in the order their data follows,
 * then, for each key, an 8-byte little-endian element count and that many elements.
 * The first three and the fifth pickle may hold plain values only; the fourth is read with the
 * torch allow-list. Counts are checked against the persistent ids and the bytes that remain.
 * (The even older tar-based format is not read.)
 */
import { PLAIN_HOOKS, PyDict, PyList, describeValue, unpickle, type PyValue } from './pickle.js';
import { TorchPickleHooks } from './torch-pickle.js';
import { invalidCheckpoint } from '../../errors.js';
import { type Limits } from './limits.js';

const MAGIC = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;

/** `\x80\x02\x8a\x0a` + the magic number's 10 bytes: how a protocol-2 legacy file begins. */
const MAGIC_PREFIX = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

/** Whether the bytes begin with the legacy magic pickle (protocol 2 to 5, with or without a FRAME). */
export function hasLegacyMagic(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 14 || bytes[0] !== 0x80 || bytes[1]! < 2 || bytes[1]! > 5) return false;
  let p = 2;
  if (bytes[p] === 0x95) p += 9; // FRAME + 8-byte length (protocol 4+)
  if (bytes.byteLength < p + 12) return false;
  for (let i = 2; i < MAGIC_PREFIX.length; i++) if (bytes[p + i - 2] !== MAGIC_PREFIX[i]) return false;
  return true;
}

export interface LegacyContents {
  readonly root: PyValue;
  readonly hooks: TorchPickleHooks;
  /** Raw bytes of every storage, by key (exactly numel · element size). */
  readonly storages: Map<string, Uint8Array>;
}

export function readLegacy(bytes: Uint8Array, limits: Limits): LegacyContents {
  const magic = unpickle(bytes, 0, PLAIN_HOOKS, limits, 'legacy magic number');
  if (magic.value !== MAGIC) throw invalidCheckpoint(`not a torch legacy file: magic number is ${describeValue(magic.value)}`);
  const proto = unpickle(bytes, magic.end, PLAIN_HOOKS, limits, 'legacy protocol version');
  if (proto.value !== PROTOCOL_VERSION) throw invalidCheckpoint(`legacy protocol version is ${describeValue(proto.value)}, expected ${PROTOCOL_VERSION}`);
  const sys = unpickle(bytes, proto.end, PLAIN_HOOKS, limits, 'legacy sys info');
  if (!(sys.value instanceof PyDict)) throw invalidCheckpoint(`legacy sys info is ${describeValue(sys.value)}, expected a dict`);
  if (sys.value.get('little_endian') !== true) throw invalidCheckpoint('legacy checkpoint was written on a big-endian machine; only little-endian files are read');

  const hooks = new TorchPickleHooks(true);
  const obj = unpickle(bytes, sys.end, hooks, limits, 'legacy object pickle');
  const keysP = unpickle(bytes, obj.end, PLAIN_HOOKS, limits, 'legacy storage key list');
  if (!(keysP.value instanceof PyList) || !keysP.value.items.every((k) => typeof k === 'string')) {
    throw invalidCheckpoint(`legacy storage key list is ${describeValue(keysP.value)}, expected a list of strings`);
  }

  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const storages = new Map<string, Uint8Array>();
  let pos = keysP.end;
  for (const k of keysP.value.items as string[]) {
    const ref = hooks.storages.get(k);
    if (!ref) throw invalidCheckpoint(`legacy storage "${k}" is listed but no tensor refers to it`, { key: k });
    if (storages.has(k)) throw invalidCheckpoint(`legacy storage "${k}" is listed twice`, { key: k });
    if (bytes.byteLength - pos < 8) throw invalidCheckpoint(`legacy storage "${k}": file ends at offset ${pos} before its element count`, { key: k, offset: pos });
    const n = dv.getBigInt64(pos, true);
    if (n !== BigInt(ref.numel)) {
      throw invalidCheckpoint(`legacy storage "${k}" holds ${n} elements but its persistent id says ${ref.numel}`, { key: k, offset: pos });
    }
    pos += 8;
    const len = ref.numel * ref.info.size;
    if (len > bytes.byteLength - pos) {
      throw invalidCheckpoint(`legacy storage "${k}" needs ${len} bytes at offset ${pos} but the file has ${bytes.byteLength - pos} left`, { key: k, offset: pos });
    }
    storages.set(k, bytes.subarray(pos, pos + len));
    pos += len;
  }
  if (pos !== bytes.byteLength) throw invalidCheckpoint(`legacy file has ${bytes.byteLength - pos} unexpected bytes after the last storage (offset ${pos})`, { offset: pos });
  for (const k of hooks.storages.keys()) {
    if (!storages.has(k)) throw invalidCheckpoint(`legacy storage "${k}" is referenced by a tensor but missing from the storage key list`, { key: k });
  }
  return { root: obj.value, hooks, storages };
}
