/**
 * Safetensors files on disk: reading (the format's checks live in safetensors-format.ts, shared
 * with the browser) and writing, atomically, with the data checksum.
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
import { openSync, closeSync, fsyncSync, writeSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { TrmError, invalidCheckpoint } from '../errors.js';
import { openRegularFile, readRange } from '../util/read-bounded.js';
import {
  DATA_SHA256_KEY, HOST_LITTLE_ENDIAN, checkDataChecksum, decodeTensors, headerLength, parseHeader,
  readSafetensors as readSafetensorsWith, type SafeTensor, type SafetensorsFile,
} from './safetensors-format.js';

export { DATA_SHA256_KEY, MAX_HEADER_BYTES, readSafetensorsAsync, type SafeDType, type SafeTensor, type SafetensorsFile } from './safetensors-format.js';

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parse a safetensors buffer. Throws TRM_ERR_INVALID_CHECKPOINT naming the tensor and the problem
 * for anything the spec forbids (see safetensors-format.ts), and for a data checksum mismatch.
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  return readSafetensorsWith(bytes, sha256Hex);
}

/** Largest safetensors file read (the file size is checked before any byte is read). */
export const MAX_SAFETENSORS_FILE_BYTES = 4 * 2 ** 30;

/**
 * Read and parse a safetensors file in the order the format allows checking it: stat (a regular
 * file within {@link MAX_SAFETENSORS_FILE_BYTES}), the 8-byte length, the header JSON — all of it
 * checked, tensor offsets included, against the file size — and only then the data buffer, which
 * the tensors cover exactly. A device, FIFO or directory is TRM_ERR_INVALID_INPUT naming the path;
 * a file whose first bytes are not a safetensors header costs 8 bytes of reading, not its size.
 */
export function readSafetensorsFileSync(file: string): SafetensorsFile {
  const { fd, size } = openRegularFile(file, MAX_SAFETENSORS_FILE_BYTES, 'safetensors checkpoint', 'TRM_ERR_INVALID_CHECKPOINT');
  try {
    return withPath(file, () => {
      const headerLen = headerLength(readRange(fd, 0, Math.min(8, size), file), size);
      const h = parseHeader(readRange(fd, 8, headerLen, file), size);
      const data = readRange(fd, h.dataStart, size - h.dataStart, file);
      if (h.recorded !== undefined) checkDataChecksum(h.recorded, sha256Hex(data));
      return decodeTensors(h, data);
    });
  } finally {
    closeSync(fd);
  }
}

/** Read and parse a safetensors file (see {@link readSafetensorsFileSync}; the reads are small and few, so they run synchronously). */
export async function readSafetensorsFile(file: string): Promise<SafetensorsFile> {
  return readSafetensorsFileSync(file);
}

/** Prefix a checkpoint error's message with the file it came from. */
function withPath<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrmError && e.code === 'TRM_ERR_INVALID_CHECKPOINT') {
      throw new TrmError(e.code, `${file}: ${e.message}`, { ...e.details, path: file }, { cause: e });
    }
    throw e;
  }
}

/** What {@link writeSafetensors} accepts: a Map or a plain object of tensors. */
export type TensorsInput = Map<string, SafeTensor> | Record<string, SafeTensor>;

/**
 * Serialise tensors (F32/I32) and string metadata to safetensors bytes. Tensors are laid out
 * sorted by name; the JSON header is padded with spaces to a multiple of 8 so the data buffer
 * starts 8-byte aligned (as the spec recommends). Throws TRM_ERR_INVALID_INPUT when a tensor's
 * data does not match its dtype or shape.
 */
export function writeSafetensors(tensors: TensorsInput, metadata?: Record<string, string>): Uint8Array {
  const list = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // No prototype: a tensor named "__proto__" must become a key, not replace the prototype.
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const meta: [string, string][] = [];
  for (const [k, v] of Object.entries(metadata ?? {})) {
    if (typeof v !== 'string') throw new TrmError('TRM_ERR_INVALID_INPUT', `metadata "${k}" is ${typeof v}, expected a string`, { key: k });
    if (k !== DATA_SHA256_KEY) meta.push([k, v]);
  }
  let offset = 0;
  for (const [name, t] of list) {
    if (name === '__metadata__') throw new TrmError('TRM_ERR_INVALID_INPUT', 'a tensor cannot be named "__metadata__"');
    if (t.dtype !== 'F32' && t.dtype !== 'I32') {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `tensor "${name}": cannot write dtype ${String(t.dtype)} (only F32 and I32)`, { tensor: name });
    }
    const wantCtor = t.dtype === 'F32' ? Float32Array : Int32Array;
    if (!(t.data instanceof wantCtor)) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `tensor "${name}": dtype ${t.dtype} needs a ${wantCtor.name}, got ${t.data?.constructor?.name}`, { tensor: name });
    }
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `tensor "${name}": shape ${JSON.stringify(t.shape)} must be non-negative integers`, { tensor: name });
    }
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.data.length) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `tensor "${name}": shape [${t.shape.join(', ')}] has ${n} elements but data has ${t.data.length}`, { tensor: name });
    }
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + n * 4] };
    offset += n * 4;
  }
  // The data buffer first, so its checksum can go into the header.
  const data = new Uint8Array(offset);
  const dv = new DataView(data.buffer);
  let pos = 0;
  for (const [, t] of list) {
    if (HOST_LITTLE_ENDIAN) {
      data.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    } else if (t.data instanceof Float32Array) {
      for (let i = 0; i < t.data.length; i++) dv.setFloat32(pos + i * 4, t.data[i]!, true);
    } else {
      for (let i = 0; i < t.data.length; i++) dv.setInt32(pos + i * 4, t.data[i]!, true);
    }
    pos += t.data.byteLength;
  }
  meta.push([DATA_SHA256_KEY, sha256Hex(data)]);
  // The metadata goes first in the header (as before); fromEntries keeps keys like "__proto__" own.
  const full: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  full.__metadata__ = Object.fromEntries(meta);
  for (const k of Object.keys(header)) full[k] = header[k];
  const json = new TextEncoder().encode(JSON.stringify(full));
  const padded = Math.ceil(json.byteLength / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.byteLength, 8 + padded);
  out.set(data, 8 + padded);
  return out;
}

/**
 * Write bytes to `file` atomically: a temp file in the same directory, fsync, rename over the
 * target. A reader never sees a half-written file, and a failed write leaves no temp file behind.
 * Throws TRM_ERR_IO naming the path on failure.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) {
      try { closeSync(fd); } catch { /* already failing; the original error matters */ }
    }
    try { unlinkSync(tmp); } catch { /* temp file was never created */ }
    throw new TrmError('TRM_ERR_IO', `cannot write ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
  // Persist the rename itself; not every platform lets a directory be fsynced, so best effort.
  try {
    const dfd = openSync(dir, 'r');
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch { /* best effort */ }
}

/** Serialise (see {@link writeSafetensors}) and write atomically (see {@link writeFileAtomic}). */
export function writeSafetensorsFile(file: string, tensors: TensorsInput, metadata?: Record<string, string>): void {
  writeFileAtomic(file, writeSafetensors(tensors, metadata));
}
