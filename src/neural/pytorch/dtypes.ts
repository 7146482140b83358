/**
 * Torch storage types: the allow-listed `torch.<Type>Storage` globals, their element sizes, and
 * how one element of each is decoded from little-endian bytes.
 *
 * In memory we hold what tfjs computes in (as the safetensors reader does): float storages
 * (float32, float64, float16, bfloat16) become Float32Array, every integer and bool storage
 * becomes Int32Array. bool and uint8 go to Int32Array rather than Uint8Array so every tensor is
 * a `SafeTensor` (F32 or I32) the rest of the SDK already accepts; a bool element is 0 or 1
 * (any non-zero byte reads as 1, as torch reads it as True). int64 elements outside the int32
 * range are refused, naming the tensor, rather than wrapped.
 */
import { invalidCheckpoint } from '../../errors.js';

export type TorchDType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export interface DTypeInfo {
  readonly dtype: TorchDType;
  /** Bytes per element in the file. */
  readonly size: number;
  /** What it becomes in memory. */
  readonly to: 'F32' | 'I32';
}

/** `torch.<name>` storage globals → dtype. Only these storages exist for the reader. */
export const STORAGE_TYPES: Readonly<Record<string, DTypeInfo>> = Object.freeze({
  FloatStorage: { dtype: 'float32', size: 4, to: 'F32' },
  DoubleStorage: { dtype: 'float64', size: 8, to: 'F32' },
  HalfStorage: { dtype: 'float16', size: 2, to: 'F32' },
  BFloat16Storage: { dtype: 'bfloat16', size: 2, to: 'F32' },
  LongStorage: { dtype: 'int64', size: 8, to: 'I32' },
  IntStorage: { dtype: 'int32', size: 4, to: 'I32' },
  ShortStorage: { dtype: 'int16', size: 2, to: 'I32' },
  CharStorage: { dtype: 'int8', size: 1, to: 'I32' },
  ByteStorage: { dtype: 'uint8', size: 1, to: 'I32' },
  BoolStorage: { dtype: 'bool', size: 1, to: 'I32' },
});

/** IEEE half → number, exact (subnormals, ±0, ±inf, NaN included). */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

const scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 is the top half of a float32: widening is exact. */
export function bf16ToFloat(b: number): number {
  scratch.setUint32(0, b << 16);
  return scratch.getFloat32(0);
}

/** Element `i` (in elements) of a little-endian storage; `name` names the tensor for int64 errors. */
export type ElementReader = (dv: DataView, i: number) => number;

export function elementReader(dtype: TorchDType, name: string): ElementReader {
  switch (dtype) {
    case 'float32': return (dv, i) => dv.getFloat32(i * 4, true);
    case 'float64': return (dv, i) => dv.getFloat64(i * 8, true);
    case 'float16': return (dv, i) => halfToFloat(dv.getUint16(i * 2, true));
    case 'bfloat16': return (dv, i) => bf16ToFloat(dv.getUint16(i * 2, true));
    case 'int32': return (dv, i) => dv.getInt32(i * 4, true);
    case 'int16': return (dv, i) => dv.getInt16(i * 2, true);
    case 'int8': return (dv, i) => dv.getInt8(i);
    case 'uint8': return (dv, i) => dv.getUint8(i);
    case 'bool': return (dv, i) => (dv.getUint8(i) ? 1 : 0);
    case 'int64': return (dv, i) => {
      const lo = dv.getUint32(i * 8, true);
      const hi = dv.getInt32(i * 8 + 4, true);
      // Fits int32 exactly when the high word is the sign extension of the low word.
      if ((hi === 0 && lo <= 0x7fffffff) || (hi === -1 && lo >= 0x80000000)) return lo | 0;
      const v = dv.getBigInt64(i * 8, true);
      throw invalidCheckpoint(`tensor "${name}": int64 value ${v} (storage element ${i}) does not fit in int32`, { tensor: name, element: i });
    };
  }
}
