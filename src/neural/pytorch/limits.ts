/**
 * Limits and the error helper shared by the PyTorch checkpoint reader.
 *
 * A `.pt` file is hostile input: its zip directory declares sizes, its pickle declares string
 * lengths, container sizes and tensor shapes, and all of them can lie. Every one of those numbers
 * is checked against a bound here before anything is allocated or looped over, so a crafted file
 * ends in `TRM_ERR_INVALID_CHECKPOINT`, not in an out-of-memory crash or a hang.
 */
import { TrmError } from '../../errors.js';

/** Options of the reader; every field has a default that fits any real TRM/HRM checkpoint. */
export interface TorchReadOptions {
  /**
   * Bound on the file size, on the sum of the uncompressed sizes the zip directory declares,
   * and on the bytes of decoded tensors (each element becomes 4 bytes). Default 4 GiB.
   */
  readonly maxBytes?: number;
  /** Most zip entries read from the central directory. Default 65 536. */
  readonly maxEntries?: number;
  /** Largest pickle (`data.pkl`, or the whole legacy file's pickles). Default 256 MiB. */
  readonly maxPickleBytes?: number;
  /** Most pickle opcodes executed. Default 50 million. */
  readonly maxOps?: number;
  /** Most values on the pickle stack plus pending marks. Default 1 million. */
  readonly maxStack?: number;
  /** Most memo entries. Default 1 million. */
  readonly maxMemo?: number;
  /** Longest string or bytes object in a pickle. Default 64 MiB. */
  readonly maxStringBytes?: number;
  /** Deepest nesting followed when turning pickled values into metadata. Default 32. */
  readonly maxDepth?: number;
}

export type Limits = Required<TorchReadOptions>;

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxBytes: 4 * 1024 ** 3,
  maxEntries: 65_536,
  maxPickleBytes: 256 * 1024 ** 2,
  maxOps: 50_000_000,
  maxStack: 1_000_000,
  maxMemo: 1_000_000,
  maxStringBytes: 64 * 1024 ** 2,
  maxDepth: 32,
});

/** Merge user options over the defaults; an option that is not a positive integer is refused. */
export function resolveLimits(opts: TorchReadOptions = {}): Limits {
  if (opts === null || typeof opts !== 'object') {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `PyTorch reader options must be an object, got ${opts === null ? 'null' : typeof opts}`);
  }
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(opts)) {
    if (v === undefined) continue;
    if (!(k in DEFAULT_LIMITS)) {
      throw new TrmError('TRM_ERR_INVALID_OPTIONS', `unknown PyTorch reader option "${k}" (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`, { option: k });
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
      throw new TrmError('TRM_ERR_INVALID_OPTIONS', `PyTorch reader option ${k} must be a positive integer, got ${String(v)}`, { option: k });
    }
    out[k] = v;
  }
  return out as Limits;
}
