/**
 * NumPy `.npy` files (format version 1.0, little-endian, C order): a streaming writer whose row
 * count is known only at the end, and a bounded reader for checking what was written.
 *
 * The format (numpy.lib.format): the magic `\x93NUMPY`, the version bytes 1 0, a little-endian
 * uint16 HEADER_LEN, then HEADER_LEN bytes of ASCII — a Python dict literal
 * `{'descr': '<i4', 'fortran_order': False, 'shape': (N, S), }` padded with spaces and ending in
 * '\n' so that the data starts at a multiple of 64 bytes — then the raw elements.
 *
 * Streaming: the writer reserves a fixed-size header (room for any shape up to 2^53 rows),
 * appends rows through a bounded buffer, and on `close()` rewrites the header in place with the
 * final shape, padded to the same length. numpy reads the header by HEADER_LEN, so the padding is
 * invisible to it. Memory is the buffer, never the file.
 *
 * No maintained npm package writes .npy incrementally (npyjs and numpy-parser only parse), so
 * this is a small hand-written writer, checked byte for byte against the spec in its test.
 */
import fs from 'node:fs';
import { TrmError } from '../errors.js';

/** Element types we write and read: numpy's `|u1` (uint8) and `<i4` (int32). */
export type NpyDtype = 'uint8' | 'int32';

const DESCR: Record<NpyDtype, string> = { uint8: '|u1', int32: '<i4' };
const ITEMSIZE: Record<NpyDtype, number> = { uint8: 1, int32: 4 };
const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
/** Bytes before the header text: magic (6) + version (2) + HEADER_LEN (2). */
const PREAMBLE = 10;
/** Total header size the writer reserves (preamble + text), a multiple of 64. */
const RESERVED = 128;

/** The header text of an array: the dict, padded with spaces and a final '\n' to `total − PREAMBLE` bytes. */
function headerText(dtype: NpyDtype, shape: readonly number[], total: number): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${dims}, }`;
  const len = total - PREAMBLE;
  if (dict.length + 1 > len) throw new TrmError('TRM_ERR_INTERNAL', `npy header for shape ${dims} does not fit ${len} bytes`);
  return dict + ' '.repeat(len - dict.length - 1) + '\n';
}

/** The full header (preamble + text) of `total` bytes. */
function headerBytes(dtype: NpyDtype, shape: readonly number[], total = RESERVED): Buffer {
  const text = headerText(dtype, shape, total);
  const out = Buffer.alloc(total);
  MAGIC.copy(out, 0);
  out[6] = 1; // major
  out[7] = 0; // minor
  out.writeUInt16LE(total - PREAMBLE, 8);
  out.write(text, PREAMBLE, 'latin1');
  return out;
}

/**
 * Writes a 2-D (rows × rowLength) or 1-D (rowLength 0: a vector) array row by row. `close()` must
 * be called: until then the header says 0 rows. Values are checked against the dtype's range (a
 * value that would wrap is an error naming the row, never silent corruption).
 */
export class NpyWriter {
  private readonly fd: number;
  private readonly buf: Buffer;
  private used = 0;
  private count = 0;
  private closed = false;
  private readonly lo: number;
  private readonly hi: number;

  /** `rowLength` elements per row; 0 makes a 1-D array written one element per `push`. */
  constructor(readonly file: string, readonly dtype: NpyDtype, readonly rowLength: number, bufferBytes = 1 << 20) {
    if (!Number.isInteger(rowLength) || rowLength < 0) throw new TrmError('TRM_ERR_INTERNAL', `npy row length must be an integer ≥ 0, got ${rowLength}`);
    [this.lo, this.hi] = dtype === 'uint8' ? [0, 255] : [-(2 ** 31), 2 ** 31 - 1];
    const rowBytes = Math.max(1, rowLength) * ITEMSIZE[dtype];
    this.buf = Buffer.alloc(Math.max(bufferBytes - (bufferBytes % rowBytes), rowBytes));
    try {
      this.fd = fs.openSync(file, 'w');
      fs.writeSync(this.fd, headerBytes(dtype, this.shape()));
    } catch (e) {
      throw new TrmError('TRM_ERR_IO', `cannot write ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
    }
  }

  /** Rows written so far. */
  get rows(): number {
    return this.count;
  }

  private shape(): number[] {
    return this.rowLength === 0 ? [this.count] : [this.count, this.rowLength];
  }

  /** Appends one row (`rowLength` values), or one element of a 1-D array. */
  push(row: ArrayLike<number> | number): void {
    if (this.closed) throw new TrmError('TRM_ERR_INTERNAL', `npy writer for ${this.file} is closed`);
    const values: ArrayLike<number> = typeof row === 'number' ? [row] : row;
    const n = Math.max(1, this.rowLength);
    if (values.length !== n) throw new TrmError('TRM_ERR_INTERNAL', `${this.file}: row ${this.count} has ${values.length} values, expected ${n}`);
    const size = ITEMSIZE[this.dtype];
    if (this.used + n * size > this.buf.length) this.flush();
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < this.lo || v > this.hi) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `${this.file}: row ${this.count}, column ${i} is ${v}, outside ${this.dtype} [${this.lo}, ${this.hi}]`, { row: this.count, column: i, value: v });
      }
      if (size === 1) this.buf[this.used] = v;
      else this.buf.writeInt32LE(v, this.used);
      this.used += size;
    }
    this.count++;
  }

  private flush(): void {
    let off = 0;
    while (off < this.used) off += fs.writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }

  /** Flushes, writes the final shape into the header, closes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
      fs.writeSync(this.fd, headerBytes(this.dtype, this.shape()), 0, RESERVED, 0);
    } finally {
      fs.closeSync(this.fd);
    }
  }

  /** Closes without caring about the contents (after an error; the caller removes the file). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** Writes a whole small array at once (indices, identifiers). */
export function writeNpy(file: string, dtype: NpyDtype, data: ArrayLike<number>, shape: readonly number[] = [data.length]): void {
  const rowLength = shape.length === 1 ? 0 : shape[1]!;
  const w = new NpyWriter(file, dtype, rowLength);
  try {
    if (rowLength === 0) for (let i = 0; i < data.length; i++) w.push(data[i]!);
    else for (let r = 0; r < shape[0]!; r++) w.push(Array.prototype.slice.call(data, r * rowLength, (r + 1) * rowLength) as number[]);
    w.close();
  } catch (e) {
    w.abort();
    throw e;
  }
}

export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: number[];
  /** The elements in C order. */
  readonly data: Uint8Array | Int32Array;
  /** Bytes before the data (preamble + header text). */
  readonly headerBytes: number;
}

const bad = (file: string, why: string): TrmError => new TrmError('TRM_ERR_INVALID_INPUT', `${file} is not a .npy file we read: ${why}`, { path: file });

/**
 * Reads a `.npy` file of dtype `|u1`/`<u1` or `<i4`, C order, version 1.0 or 2.0, at most
 * `maxBytes` long. Everything is checked before it is trusted: magic, version, header length,
 * the header dict against an allow-list, and that the file holds exactly the elements the shape
 * says. Errors are TRM_ERR_INVALID_INPUT naming the file and the reason.
 */
export function readNpy(file: string, maxBytes = 1 << 30): NpyArray {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) throw bad(file, `it is ${size} bytes, over the ${maxBytes}-byte limit`);
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof TrmError) throw e;
    throw new TrmError('TRM_ERR_IO', `cannot read ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
  return parseNpy(bytes, file);
}

/** Parses `.npy` bytes (see {@link readNpy}); `file` only names the source in errors. */
export function parseNpy(bytes: Uint8Array, file = '<npy>'): NpyArray {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < PREAMBLE || !b.subarray(0, 6).equals(MAGIC)) throw bad(file, 'no \\x93NUMPY magic');
  const major = b[6]!;
  if (major !== 1 && major !== 2) throw bad(file, `format version ${major}.${b[7]} (1.0 and 2.0 are read)`);
  const lenBytes = major === 1 ? 2 : 4;
  if (b.length < 8 + lenBytes) throw bad(file, 'truncated header length');
  const hlen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = 8 + lenBytes + hlen;
  if (hlen > 65536 || start > b.length) throw bad(file, `header length ${hlen} runs past the file (${b.length} bytes)`);
  const text = b.subarray(8 + lenBytes, start).toString('latin1');
  // The one dict form numpy writes: these three keys, any order, nothing else.
  const m = /^\{\s*(.*?)\s*,?\s*\}\s*$/s.exec(text.trimEnd());
  if (!m) throw bad(file, 'header is not a dict');
  const fields = new Map<string, string>();
  for (const part of m[1]!.matchAll(/'(descr|fortran_order|shape)'\s*:\s*('[^']*'|True|False|\([^)]*\))/g)) fields.set(part[1]!, part[2]!);
  const stripped = m[1]!.replace(/'(descr|fortran_order|shape)'\s*:\s*('[^']*'|True|False|\([^)]*\))/g, '').replace(/[\s,]/g, '');
  if (stripped !== '' || fields.size !== 3) throw bad(file, `header dict must hold exactly descr, fortran_order and shape, got ${JSON.stringify(text.trim())}`);
  const descr = fields.get('descr')!.slice(1, -1);
  const dtype: NpyDtype | undefined = descr === '|u1' || descr === '<u1' ? 'uint8' : descr === '<i4' ? 'int32' : undefined;
  if (!dtype) throw bad(file, `dtype ${descr} (only |u1 and <i4 are read)`);
  if (fields.get('fortran_order') !== 'False') throw bad(file, 'Fortran order (only C order is read)');
  const dimsText = fields.get('shape')!.slice(1, -1).trim();
  const shape = dimsText === '' ? [] : dimsText.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => {
    if (!/^\d{1,15}$/.test(s)) throw bad(file, `shape entry "${s}" is not a non-negative integer`);
    return Number(s);
  });
  const count = shape.reduce((a, d) => a * d, 1);
  const need = count * ITEMSIZE[dtype];
  if (b.length - start !== need) throw bad(file, `shape (${shape.join(', ')}) needs ${need} data bytes, the file has ${b.length - start}`);
  const raw = b.subarray(start);
  let data: Uint8Array | Int32Array;
  if (dtype === 'uint8') data = new Uint8Array(raw);
  else {
    data = new Int32Array(count);
    for (let i = 0; i < count; i++) data[i] = raw.readInt32LE(i * 4);
  }
  return { dtype, shape, data, headerBytes: start };
}
