/**
 * The safetensors format, parsed from bytes with no platform dependency (the hash is passed in),
 * so the Node reader (safetensors.ts) and the browser loader share every check.
 *
 * The safetensors file format (https://github.com/huggingface/safetensors), read and written
 * without any dependency, strictly validated.
 *
 * Layout: an 8-byte little-endian u64 N, then N bytes of UTF-8 JSON header
 *   { "<name>": { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, …,
 *     "__metadata__": { "<key>": "<string value>" } }
 * then the data buffer; offsets are relative to the start of the data buffer, little-endian.
 * The format requires the tensors to cover the data buffer exactly: no overlaps, no holes.
 *
 * In memory we hold only two dtypes, F32 and I32, because those are the two tfjs computes in.
 * Files in F64/F16/BF16 are widened/narrowed to F32 and I64/I16/I8/U8/BOOL to I32 when read
 * (I64 values outside the int32 range are rejected rather than wrapped).
 *
 * Every malformed input becomes `TrmError('TRM_ERR_INVALID_CHECKPOINT', …)` naming the tensor
 * and the problem; the reader never reads past the buffer it was given.
 *
 * Integrity: files we write carry `__metadata__.data_sha256`, the SHA-256 (hex) of the data
 * buffer, and the reader checks it when present, so a flipped byte in the weights is refused.
 * Files without it (written by other tools) are read as before: it is never required.
 */
import { invalidCheckpoint } from '../errors.js';

/** The dtypes a tensor has once in memory. */
export type SafeDType = 'F32' | 'I32';

/** One tensor: row-major data of `product(shape)` elements. */
export interface SafeTensor {
  readonly dtype: SafeDType;
  readonly shape: number[];
  readonly data: Float32Array | Int32Array;
}

/** A parsed safetensors file. */
export interface SafetensorsFile {
  /** `__metadata__` (string → string); empty when the file has none. */
  readonly metadata: Record<string, string>;
  /** Tensors by name, in the order of their data offsets in the file. */
  readonly tensors: Map<string, SafeTensor>;
  /** True when the file recorded `__metadata__.data_sha256` and the data matched it (the key itself is not in `metadata`). */
  readonly checksumVerified?: boolean;
}

/** `__metadata__` key holding the SHA-256 (lowercase hex) of the data buffer; written always, checked when present. */
export const DATA_SHA256_KEY = 'data_sha256';

/** The spec caps the header at 100 MB to stop a hostile length from allocating the machine. */
export const MAX_HEADER_BYTES = 100 * 1000 * 1000;

/** Dtypes accepted on read: bytes per element and what they become in memory. */
const READ_DTYPES: Record<string, { size: number; to: SafeDType }> = {
  F32: { size: 4, to: 'F32' },
  F64: { size: 8, to: 'F32' },
  F16: { size: 2, to: 'F32' },
  BF16: { size: 2, to: 'F32' },
  I32: { size: 4, to: 'I32' },
  I64: { size: 8, to: 'I32' },
  I16: { size: 2, to: 'I32' },
  I8: { size: 1, to: 'I32' },
  U8: { size: 1, to: 'I32' },
  BOOL: { size: 1, to: 'I32' },
};

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Product of a shape as a safe integer, or throws when it overflows 2^53. */
function numel(shape: readonly number[], where: string): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) throw invalidCheckpoint(`${where}: shape [${shape.join(', ')}] has too many elements`);
  }
  return n;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24; // subnormal (and ±0)
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Decode `count` elements of `dtype` from `src` (exactly count·size bytes) into an aligned array. */
function decode(name: string, dtype: string, src: Uint8Array, count: number): Float32Array | Int32Array {
  // Copy first: the source offset may not be aligned for a typed-array view.
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  switch (dtype) {
    case 'F32':
    case 'I32': {
      const out = dtype === 'F32' ? new Float32Array(count) : new Int32Array(count);
      if (HOST_LITTLE_ENDIAN) new Uint8Array(out.buffer).set(src);
      else if (out instanceof Float32Array) for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
      else for (let i = 0; i < count; i++) out[i] = dv.getInt32(i * 4, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat64(i * 8, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(dv.getUint16(i * 2, true));
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const bits = new Uint32Array(count);
      for (let i = 0; i < count; i++) bits[i] = dv.getUint16(i * 2, true) << 16;
      return new Float32Array(bits.buffer);
    }
    case 'I64': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = dv.getBigInt64(i * 8, true);
        if (v < -2147483648n || v > 2147483647n) {
          throw invalidCheckpoint(`tensor "${name}": I64 element ${i} = ${v} does not fit in int32`, { tensor: name, index: i });
        }
        out[i] = Number(v);
      }
      return out;
    }
    case 'I16': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getInt16(i * 2, true);
      return out;
    }
    case 'I8': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getInt8(i);
      return out;
    }
    default: {
      // U8 and BOOL
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = src[i]!;
      return out;
    }
  }
}

interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

/** What the header says: where each tensor lies in the data buffer, and the metadata. */
export interface ParsedHeader {
  /** Bytes before the data buffer (8 + header length). */
  dataStart: number;
  entries: HeaderEntry[];
  metadata: Record<string, string>;
  /** `__metadata__.data_sha256`, when the file recorded one. */
  recorded: string | undefined;
}

/** The header length from the first 8 bytes, checked against the cap and the file size. */
export function headerLength(first8: Uint8Array, fileSize: number): number {
  if (fileSize < 8 || first8.byteLength < 8) {
    throw invalidCheckpoint(`file is ${fileSize} bytes, shorter than the 8-byte header length`, { size: fileSize });
  }
  const lenBig = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (lenBig > BigInt(MAX_HEADER_BYTES)) {
    throw invalidCheckpoint(`header length ${lenBig} exceeds the ${MAX_HEADER_BYTES}-byte limit`, { headerLength: lenBig.toString() });
  }
  const headerLen = Number(lenBig);
  if (8 + headerLen > fileSize) {
    throw invalidCheckpoint(`header length ${headerLen} runs past the end of the file (${fileSize} bytes)`, { headerLength: headerLen, size: fileSize });
  }
  return headerLen;
}

/**
 * Parses and checks the header JSON (`headerBytes`, exactly the header) of a file of `fileSize`
 * bytes: every entry, and that the entries cover the data buffer exactly. No tensor data is needed.
 */
export function parseHeader(headerBytes: Uint8Array, fileSize: number): ParsedHeader {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    throw invalidCheckpoint(`header is not valid UTF-8 JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(header)) throw invalidCheckpoint('header is not a JSON object');

  const dataStart = 8 + headerBytes.byteLength;
  const dataLen = fileSize - dataStart;
  const metaPairs: [string, string][] = [];
  const entries: HeaderEntry[] = [];

  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isPlainObject(raw)) throw invalidCheckpoint('__metadata__ is not an object of strings');
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw invalidCheckpoint(`__metadata__.${k} is ${v === null ? 'null' : typeof v}, expected a string`, { key: k });
        metaPairs.push([k, v]);
      }
      continue;
    }
    const where = `tensor "${name}"`;
    if (!isPlainObject(raw)) throw invalidCheckpoint(`${where}: header entry is not an object`, { tensor: name });
    const { dtype, shape, data_offsets: offsets } = raw;
    if (dtype === undefined) throw invalidCheckpoint(`${where}: missing "dtype"`, { tensor: name });
    if (shape === undefined) throw invalidCheckpoint(`${where}: missing "shape"`, { tensor: name });
    if (offsets === undefined) throw invalidCheckpoint(`${where}: missing "data_offsets"`, { tensor: name });
    if (typeof dtype !== 'string' || !Object.hasOwn(READ_DTYPES, dtype)) {
      throw invalidCheckpoint(`${where}: unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(READ_DTYPES).join(', ')})`, { tensor: name, dtype });
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw invalidCheckpoint(`${where}: shape ${JSON.stringify(shape)} must be an array of non-negative integers`, { tensor: name, shape });
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
      throw invalidCheckpoint(`${where}: data_offsets ${JSON.stringify(offsets)} must be two non-negative integers`, { tensor: name, data_offsets: offsets });
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw invalidCheckpoint(`${where}: data_offsets [${begin}, ${end}] are reversed`, { tensor: name, data_offsets: offsets });
    if (end > dataLen) {
      throw invalidCheckpoint(`${where}: data_offsets [${begin}, ${end}] run past the data buffer (${dataLen} bytes)`, { tensor: name, data_offsets: offsets, dataLength: dataLen });
    }
    const count = numel(shape as number[], where);
    const expected = count * READ_DTYPES[dtype]!.size;
    if (end - begin !== expected) {
      throw invalidCheckpoint(`${where}: ${end - begin} data bytes, but shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${expected}`, { tensor: name, bytes: end - begin, expected });
    }
    entries.push({ name, dtype, shape: [...(shape as number[])], begin, end });
  }

  // fromEntries defines own properties, so a key like "__proto__" cannot touch the prototype.
  const metadata: Record<string, string> = Object.fromEntries(metaPairs.filter(([k]) => k !== DATA_SHA256_KEY));
  const recorded = metaPairs.find(([k]) => k === DATA_SHA256_KEY)?.[1];

  // Contiguous, non-overlapping coverage of the whole data buffer.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let prev: string | undefined;
  for (const e of entries) {
    if (e.begin < cursor) throw invalidCheckpoint(`tensor "${e.name}" overlaps tensor "${prev}" (starts at byte ${e.begin}, previous ends at ${cursor})`, { tensor: e.name, other: prev });
    if (e.begin > cursor) throw invalidCheckpoint(`data buffer has a gap of ${e.begin - cursor} bytes before tensor "${e.name}" (bytes ${cursor}..${e.begin})`, { tensor: e.name });
    cursor = e.end;
    prev = e.name;
  }
  if (cursor !== dataLen) {
    throw invalidCheckpoint(`data buffer has ${dataLen - cursor} bytes after the last tensor${prev ? ` "${prev}"` : ''} that no tensor covers`, { dataLength: dataLen, covered: cursor });
  }
  return { dataStart, entries, metadata, recorded };
}

/** Throws TRM_ERR_INVALID_CHECKPOINT when the data buffer's SHA-256 (`actual`) is not the recorded one. */
export function checkDataChecksum(recorded: string, actual: string): void {
  if (recorded.toLowerCase() !== actual) {
    throw invalidCheckpoint(`data checksum mismatch: __metadata__.${DATA_SHA256_KEY} is ${recorded.slice(0, 16)}…, the data hashes to ${actual.slice(0, 16)}… (the file is corrupt or was changed after it was written)`, {
      expected: recorded,
      actual,
    });
  }
}

/** Decodes every tensor from `data` (the whole data buffer); the checksum is checked before this. */
export function decodeTensors(h: ParsedHeader, data: Uint8Array): SafetensorsFile {
  const tensors = new Map<string, SafeTensor>();
  for (const e of h.entries) {
    const count = e.end - e.begin === 0 ? 0 : (e.end - e.begin) / READ_DTYPES[e.dtype]!.size;
    tensors.set(e.name, { dtype: READ_DTYPES[e.dtype]!.to, shape: e.shape, data: decode(e.name, e.dtype, data.subarray(e.begin, e.end), count) });
  }
  return { metadata: h.metadata, tensors, checksumVerified: h.recorded !== undefined };
}

/**
 * Parse a safetensors buffer. Throws TRM_ERR_INVALID_CHECKPOINT naming the tensor and the problem
 * for anything the spec forbids (bad lengths, unknown dtypes, shapes that do not match the byte
 * count, overlapping tensors, holes or trailing bytes in the data buffer, non-string metadata).
 */
export function readSafetensors(bytes: Uint8Array, sha256Hex: (data: Uint8Array) => string): SafetensorsFile {
  const headerLen = headerLength(bytes.subarray(0, 8), bytes.byteLength);
  const h = parseHeader(bytes.subarray(8, 8 + headerLen), bytes.byteLength);
  const data = bytes.subarray(h.dataStart);
  if (h.recorded !== undefined) checkDataChecksum(h.recorded, sha256Hex(data));
  return decodeTensors(h, data);
}

/**
 * {@link readSafetensors} with an asynchronous hash (the browser's `crypto.subtle.digest`): the
 * same checks in the same order, so the same file gives the same error on every platform.
 */
export async function readSafetensorsAsync(bytes: Uint8Array, sha256Hex: (data: Uint8Array) => Promise<string>): Promise<SafetensorsFile> {
  const headerLen = headerLength(bytes.subarray(0, 8), bytes.byteLength);
  const h = parseHeader(bytes.subarray(8, 8 + headerLen), bytes.byteLength);
  const data = bytes.subarray(h.dataStart);
  if (h.recorded !== undefined) checkDataChecksum(h.recorded, await sha256Hex(data));
  return decodeTensors(h, data);
}
