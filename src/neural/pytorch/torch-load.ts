/**
 * Read a `torch.save` checkpoint (`.pt`, `step_N`, `checkpoint`) without Python and without
 * executing anything: the zip format of PyTorch ≥ 1.6 and the legacy pre-1.6 format.
 *
 * Pipeline: sniff the format → extract `data.pkl` and the storages (zip.ts) or split the legacy
 * stream (legacy.ts) → run the pickle with the torch allow-list (pickle.ts, torch-pickle.ts) →
 * locate the state dict (container.ts) → copy every tensor view out of its storage (tensor.ts).
 * Tensors come back as `SafeTensor`s (F32 or I32, see dtypes.ts) under their stored names
 * (`_orig_mod.model.inner.…` stays as is; prefixes are the model loader's business).
 *
 * Every malformed or disallowed file ends in `TRM_ERR_INVALID_CHECKPOINT` naming the problem and
 * where; a file that cannot be read is `TRM_ERR_IO`. Sizes are bounded (see limits.ts), including
 * the total bytes of decoded tensors, since views can make a tiny storage look huge.
 */
import { TrmError, invalidCheckpoint } from '../../errors.js';
import { readFileBounded } from '../../util/read-bounded.js';
import type { SafeTensor } from '../safetensors.js';
import { resolveLimits, type Limits, type TorchReadOptions } from './limits.js';
import { hasZipMagic, readTorchZip, type TorchZip } from './zip.js';
import { hasLegacyMagic, readLegacy } from './legacy.js';
import { unpickle, type PyValue } from './pickle.js';
import { TorchPickleHooks, type StorageRef } from './torch-pickle.js';
import { locateStateDict, type MetadataValue, type SkippedEntry } from './container.js';
import { gatherView, shapeNumel } from './tensor.js';
import type { TorchDType } from './dtypes.js';

/** A tensor as read: a `SafeTensor` plus the dtype it had in the file. */
export interface TorchTensor extends SafeTensor {
  readonly sourceDtype: TorchDType;
}

export interface TorchCheckpoint {
  /** `zip` (PyTorch ≥ 1.6) or `legacy` (the older pickle stream). */
  readonly format: 'zip' | 'legacy';
  /** State dict tensors by stored name, in file order. */
  readonly tensors: Map<string, TorchTensor>;
  /** Plain values beside a wrapped state dict (e.g. `step`, `config`); empty for a bare one. */
  readonly metadata: Record<string, MetadataValue>;
  /** Where the state dict was: under `model`, under `state_dict`, or the whole file (null). */
  readonly stateDictKey: 'model' | 'state_dict' | null;
  /** Entries returned neither as tensors nor as metadata, with the reason. */
  readonly skipped: readonly SkippedEntry[];
}

/**
 * Cheap sniff: a zip (`PK\x03\x04`) or the legacy magic pickle. A safetensors file starts with an
 * 8-byte little-endian header length; it would read as a zip only with a header of exactly
 * 0x04034b50 + k·2^32 bytes (≥ 67 MB of JSON), and never as the legacy magic (its byte 0 would be 0x80
 * and byte 1 ≤ 5, a header over 1 PB, whose top bytes 0x8a 0x0a … exceed the 100 MB header cap).
 */
export function isTorchCheckpoint(bytes: Uint8Array): boolean {
  return hasZipMagic(bytes) || hasLegacyMagic(bytes);
}

function firstBytes(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Parse checkpoint bytes. See the module comment for what is accepted. */
export function readTorchCheckpoint(bytes: Uint8Array, opts?: TorchReadOptions): TorchCheckpoint {
  const limits = resolveLimits(opts);
  if (bytes.byteLength > limits.maxBytes) {
    throw invalidCheckpoint(`checkpoint is ${bytes.byteLength} bytes, over the ${limits.maxBytes}-byte limit (option maxBytes)`, { size: bytes.byteLength });
  }
  let root: PyValue;
  let storageBytes: (ref: StorageRef) => Uint8Array;
  let format: 'zip' | 'legacy';
  let zip: TorchZip | null = null;
  let records = new Map<string, Uint8Array>();
  if (hasZipMagic(bytes)) {
    format = 'zip';
    zip = readTorchZip(bytes, limits);
    const hooks = new TorchPickleHooks(false);
    root = unpickle(zip.pickle, 0, hooks, limits, `${zip.prefix}/data.pkl`).value;
    // Inflated below, once the state dict is located: only the storages its tensors use.
    storageBytes = (ref) => records.get(ref.key)!;
  } else if (hasLegacyMagic(bytes)) {
    format = 'legacy';
    const legacy = readLegacy(bytes, limits);
    root = legacy.root;
    storageBytes = (ref) => legacy.storages.get(ref.key)!; // every referenced key was checked present
  } else {
    throw invalidCheckpoint(`not a PyTorch checkpoint: expected a zip archive (PK\\x03\\x04) or the legacy pickle magic number, file begins ${firstBytes(bytes)}`);
  }

  const loc = locateStateDict(root, limits.maxDepth);
  if (zip) records = inflateReferenced(zip, loc.tensors);
  const tensors = new Map<string, TorchTensor>();
  let budget = limits.maxBytes;
  for (const [name, t] of loc.tensors) {
    const count = shapeNumel(name, t.size);
    if (count * 4 > budget) {
      throw invalidCheckpoint(`tensor "${name}" (shape [${t.size.join(', ')}]) takes the decoded tensors past the ${limits.maxBytes}-byte limit (option maxBytes)`, { tensor: name });
    }
    budget -= count * 4;
    const s = t.storage;
    const out = withTensor(name, () => {
      let data = storageBytes(s);
      if (s.view) data = data.subarray(s.view.offset * s.info.size, (s.view.offset + s.numel) * s.info.size);
      return gatherView(name, s.info, data, s.numel, t.offset, t.size, t.stride);
    });
    tensors.set(name, { dtype: s.info.to, shape: [...t.size], data: out, sourceDtype: s.info.dtype });
  }
  return { format, tensors, metadata: loc.metadata, stateDictKey: loc.stateDictKey, skipped: loc.skipped };
}

/** Inflated bytes allowed per byte the tensors need: views and shared storages may use part of a larger storage, not much more. */
const MAX_INFLATE_RATIO = 4;
/** Slack on top, so small checkpoints with a few views are never refused. */
const INFLATE_SLACK_BYTES = 1 << 20;

/**
 * Inflates only the storages the state dict's tensors reference, after checking, from the zip
 * directory alone, that each exists and declares exactly the bytes its pickled storage needs, and
 * that all of them together stay within {@link MAX_INFLATE_RATIO}× the tensors' own bytes.
 */
function inflateReferenced(zip: TorchZip, tensors: Iterable<[string, { storage: StorageRef; size: readonly number[] }]>): Map<string, Uint8Array> {
  const need = new Map<string, number>();
  let tensorBytes = 0;
  for (const [name, t] of tensors) {
    const ref = t.storage;
    tensorBytes += shapeNumel(name, t.size) * ref.info.size;
    if (need.has(ref.key)) continue;
    const declared = zip.recordSizes.get(ref.key);
    if (declared === undefined) throw invalidCheckpoint(`tensor "${name}": storage "${ref.key}" is missing: the archive has no entry ${zip.prefix}/data/${ref.key}`, { key: ref.key, tensor: name });
    const want = ref.numel * ref.info.size;
    if (declared !== want) {
      throw invalidCheckpoint(`tensor "${name}": storage "${ref.key}" (${zip.prefix}/data/${ref.key}) is ${declared} bytes, but ${ref.numel} ${ref.info.dtype} elements need ${want}`, { key: ref.key, tensor: name });
    }
    need.set(ref.key, want);
  }
  const total = [...need.values()].reduce((a, b) => a + b, 0);
  const cap = tensorBytes * MAX_INFLATE_RATIO + INFLATE_SLACK_BYTES;
  if (total > cap) {
    throw invalidCheckpoint(`the tensors need ${tensorBytes} bytes but their storages would inflate to ${total}, over ${MAX_INFLATE_RATIO}× their need (plus ${INFLATE_SLACK_BYTES} bytes)`, { tensorBytes, storageBytes: total });
  }
  return zip.extract(need.keys());
}

/** Name the tensor in storage errors (their messages name only the storage key). */
function withTensor<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrmError && e.code === 'TRM_ERR_INVALID_CHECKPOINT' && !e.message.includes(`"${name}"`)) {
      throw new TrmError(e.code, `tensor "${name}": ${e.message}`, { ...e.details, tensor: name }, { cause: e });
    }
    throw e;
  }
}

function withPath<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrmError && e.code === 'TRM_ERR_INVALID_CHECKPOINT' && !e.message.startsWith(`${file}: `)) {
      throw new TrmError(e.code, `${file}: ${e.message}`, { ...e.details, path: file }, { cause: e });
    }
    throw e;
  }
}

/** Read and parse a checkpoint file; it is checked to be a regular file within the size limit (option maxBytes) before it is read. */
export async function readTorchCheckpointFile(file: string, opts?: TorchReadOptions): Promise<TorchCheckpoint> {
  return readTorchCheckpointFileSync(file, opts);
}

/** Synchronous twin of {@link readTorchCheckpointFile}. */
export function readTorchCheckpointFileSync(file: string, opts?: TorchReadOptions): TorchCheckpoint {
  const limits = resolveLimits(opts);
  const bytes = readFileBounded(file, limits.maxBytes, 'checkpoint', 'TRM_ERR_INVALID_CHECKPOINT');
  return withPath(file, () => readTorchCheckpoint(bytes, opts));
}
