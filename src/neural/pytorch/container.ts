/**
 * Where the state dict sits in an unpickled checkpoint, and what else the file holds.
 *
 * Accepted shapes: a bare state dict (`OrderedDict` or dict of name → tensor), or a dict whose
 * `model` or `state_dict` entry is that state dict (`{'model': sd, 'step': 100, 'config': {...}}`,
 * as many training scripts save). Beside a wrapped state dict, entries holding plain values (None,
 * bool, int, float, str, and lists/tuples/string-keyed dicts of those) come back as metadata.
 *
 * Choice for anything else: it is skipped, with a note in `skipped`, rather than an error. A state
 * dict may legitimately hold non-tensor extras (`_extra_state`, a version int) and a wrapper may
 * hold optimizer state we have no use for; the model loader, which knows which tensors it needs,
 * is the one to fail on a missing or misshapen tensor.
 */
import { PyDict, PyList, PyTuple, describeValue, type PyValue } from './pickle.js';
import { TensorRef } from './torch-pickle.js';
import { invalidCheckpoint } from '../../errors.js';

/** A plain value found beside the state dict (JSON-compatible; a Python int beyond 2^53 becomes a decimal string). */
export type MetadataValue = null | boolean | number | string | MetadataValue[] | { [key: string]: MetadataValue };

/** An entry the reader did not return as a tensor or as metadata, and why. */
export interface SkippedEntry {
  readonly name: string;
  readonly reason: string;
}

export interface StateDictLocation {
  /** State dict entries that are tensors, in file order, under their stored names. */
  readonly tensors: [string, TensorRef][];
  /** `'model'` / `'state_dict'` when the state dict was found under that key; null for a bare one. */
  readonly stateDictKey: 'model' | 'state_dict' | null;
  readonly metadata: Record<string, MetadataValue>;
  readonly skipped: SkippedEntry[];
}

const hasTensor = (d: PyDict): boolean => d.values.some((v) => v instanceof TensorRef);

/** Most values visited per metadata entry: shared sub-objects (a memo DAG doubling at each level) would otherwise make the copy exponential. */
const MAX_PLAIN_NODES = 100_000;

/**
 * A plain value, or undefined when it (or something inside it) is not plain, nests deeper than
 * `depth` (cycles included) or has more than MAX_PLAIN_NODES values in all.
 */
export function toPlain(v: PyValue, depth: number, budget = { left: MAX_PLAIN_NODES }): MetadataValue | undefined {
  if (--budget.left < 0) return undefined;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return v.toString();
  if (depth <= 0) return undefined;
  if (v instanceof PyTuple || (v instanceof PyList && v.kind === 'list')) {
    const out: MetadataValue[] = [];
    for (const x of v.items) {
      const p = toPlain(x, depth - 1, budget);
      if (p === undefined) return undefined;
      out.push(p);
    }
    return out;
  }
  if (v instanceof PyDict) {
    const pairs: [string, MetadataValue][] = [];
    for (let i = 0; i < v.size; i++) {
      const k = v.keys[i];
      if (typeof k !== 'string') return undefined;
      const p = toPlain(v.values[i]!, depth - 1, budget);
      if (p === undefined) return undefined;
      pairs.push([k, p]);
    }
    // fromEntries defines own properties: a key "__proto__" stays a key.
    return Object.fromEntries(pairs);
  }
  return undefined;
}

const keyName = (k: PyValue): string => (typeof k === 'string' ? k : `<${describeValue(k)}>`);

export function locateStateDict(root: PyValue, maxDepth: number): StateDictLocation {
  if (!(root instanceof PyDict)) {
    throw invalidCheckpoint(`checkpoint holds ${describeValue(root)}, expected a state dict (a dict of tensors) or a dict with one under "model" or "state_dict"`);
  }
  let sd = root;
  let stateDictKey: 'model' | 'state_dict' | null = null;
  const metadataPairs: [string, MetadataValue][] = [];
  const skipped: SkippedEntry[] = [];
  if (!hasTensor(root)) {
    for (const k of ['model', 'state_dict'] as const) {
      const v = root.get(k);
      if (v instanceof PyDict && hasTensor(v)) {
        sd = v;
        stateDictKey = k;
        break;
      }
    }
    if (stateDictKey === null) {
      const keys = root.keys.slice(0, 8).map(keyName).join(', ');
      throw invalidCheckpoint(`checkpoint holds no tensors: the top-level dict (keys: ${keys || 'none'}) is not a state dict and has no state dict under "model" or "state_dict"`);
    }
    for (let i = 0; i < root.size; i++) {
      const k = root.keys[i]!;
      if (k === stateDictKey) continue;
      const p = typeof k === 'string' ? toPlain(root.values[i]!, maxDepth) : undefined;
      if (p === undefined) skipped.push({ name: keyName(k), reason: `top-level entry ${describeValue(root.values[i]!)} is not a plain value (or is too large or deeply nested)` });
      else metadataPairs.push([k as string, p]);
    }
  }
  const tensors: [string, TensorRef][] = [];
  for (let i = 0; i < sd.size; i++) {
    const k = sd.keys[i]!;
    const v = sd.values[i]!;
    if (typeof k !== 'string') skipped.push({ name: keyName(k), reason: 'state dict key is not a string' });
    else if (v instanceof TensorRef) tensors.push([k, v]);
    else skipped.push({ name: k, reason: `not a tensor (${describeValue(v)})` });
  }
  return { tensors, stateDictKey, metadata: Object.fromEntries(metadataPairs), skipped };
}
