/**
 * Materialise a torch tensor view: `size`, `stride` and `storage_offset` (all in elements) over a
 * storage, copied out row-major into a fresh Float32Array/Int32Array.
 *
 * Views share storage in a state dict (a transpose, a row or column slice, a 0-d tensor), so the
 * strides must be honoured rather than assumed contiguous. Every number comes from the file, so
 * all arithmetic stays in safe integers and the largest element the view touches is checked to lie
 * inside the storage before any read; the caller has checked the output against its byte budget.
 */
import { invalidCheckpoint } from '../../errors.js';
import { elementReader, type DTypeInfo } from './dtypes.js';

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Elements of a shape, or throws naming the tensor when it is not a safe integer. */
export function shapeNumel(name: string, shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) throw invalidCheckpoint(`tensor "${name}": shape [${shape.join(', ')}] has too many elements`, { tensor: name });
  }
  return n;
}

/**
 * Copy the view out of `storage` (exactly `storageNumel · info.size` bytes). Throws
 * TRM_ERR_INVALID_CHECKPOINT naming the tensor when the view reaches outside the storage.
 */
export function gatherView(
  name: string,
  info: DTypeInfo,
  storage: Uint8Array,
  storageNumel: number,
  offset: number,
  size: readonly number[],
  stride: readonly number[],
): Float32Array | Int32Array {
  const count = shapeNumel(name, size);
  const out = info.to === 'F32' ? new Float32Array(count) : new Int32Array(count);
  if (count === 0) return out;

  let last = offset; // largest storage element the view touches (strides are non-negative)
  for (let d = 0; d < size.length; d++) {
    last += (size[d]! - 1) * stride[d]!;
    if (!Number.isSafeInteger(last)) throw invalidCheckpoint(`tensor "${name}": view extent overflows`, { tensor: name });
  }
  if (last >= storageNumel) {
    throw invalidCheckpoint(
      `tensor "${name}": view (offset ${offset}, size [${size.join(', ')}], stride [${stride.join(', ')}]) reaches element ${last} of a storage of ${storageNumel} elements`,
      { tensor: name, offset, size: [...size], stride: [...stride], storageNumel },
    );
  }

  // Contiguous row-major views are one block copy (or one decode loop).
  let contiguous = true;
  for (let d = size.length - 1, expect = 1; d >= 0; d--) {
    if (size[d]! !== 1 && stride[d]! !== expect) { contiguous = false; break; }
    expect *= size[d]!;
  }
  const dv = new DataView(storage.buffer, storage.byteOffset, storage.byteLength);
  if (contiguous && HOST_LITTLE_ENDIAN && (info.dtype === 'float32' || info.dtype === 'int32')) {
    new Uint8Array(out.buffer).set(storage.subarray(offset * 4, (offset + count) * 4));
    return out;
  }
  const read = elementReader(info.dtype, name);
  if (contiguous) {
    for (let i = 0; i < count; i++) out[i] = read(dv, offset + i);
    return out;
  }

  // General strided walk: an odometer over all dimensions but the last, inner loop on the last.
  const nd = size.length;
  const inner = size[nd - 1]!;
  const innerStride = stride[nd - 1]!;
  const idx = new Array<number>(Math.max(0, nd - 1)).fill(0);
  let base = offset;
  let o = 0;
  for (;;) {
    for (let j = 0, s = base; j < inner; j++, s += innerStride) out[o++] = read(dv, s);
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]!++;
      base += stride[d]!;
      if (idx[d]! < size[d]!) break;
      base -= stride[d]! * size[d]!;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return out;
}
