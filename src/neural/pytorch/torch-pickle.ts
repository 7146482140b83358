/**
 * The torch side of unpickling: the global allow-list, the meaning of the few allowed callables,
 * and storages as persistent ids. Nothing is imported or executed; a REDUCE on an allowed global is
 * interpreted here, and any other global is refused by name.
 *
 * Allowed (everything `torch.save(model.state_dict())` writes, from PyTorch 1.x to 2.x):
 *   - `collections.OrderedDict`                   the state dict container
 *   - `torch._utils._rebuild_tensor_v2`          (storage, offset, size, stride, requires_grad, hooks[, metadata])
 *   - `torch._utils._rebuild_parameter`          (tensor, requires_grad, hooks): nn.Parameter values
 *   - `torch.<T>Storage` for the ten dtypes in dtypes.ts, only as the type field of a persistent id
 * Nothing else is needed by the fixtures or by reference TRM/HRM checkpoints, so nothing else
 * (not even the older `_rebuild_tensor` or `torch.device`) is on the list.
 *
 * Persistent ids are `('storage', <StorageType>, key, location, numel)`; the legacy format adds a
 * sixth field, `view_metadata`: None, or `(view_key, offset, size)` for a storage that is a slice
 * of the storage under `key`. Tensors are kept as unresolved {@link TensorRef}s; their data is read
 * later, once the caller knows the tensor's name and has the storage bytes.
 */
import { PyDict, PyGlobal, PyList, PyOpaque, PyTuple, describeValue, type PickleHooks, type PyValue } from './pickle.js';
import { STORAGE_TYPES, type DTypeInfo } from './dtypes.js';
import { invalidCheckpoint } from '../../errors.js';

const ORDERED_DICT = 'collections.OrderedDict';
const REBUILD_TENSOR_V2 = 'torch._utils._rebuild_tensor_v2';
const REBUILD_PARAMETER = 'torch._utils._rebuild_parameter';

/** Every global a torch checkpoint may name. */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  ORDERED_DICT,
  REBUILD_TENSOR_V2,
  REBUILD_PARAMETER,
  ...Object.keys(STORAGE_TYPES).map((s) => `torch.${s}`),
]);

/** A storage named by a persistent id. */
export class StorageRef extends PyOpaque {
  constructor(
    readonly info: DTypeInfo,
    /** The key its bytes are stored under (`data/<key>`, or the legacy raw-storage key). */
    readonly key: string,
    readonly numel: number,
    /** Legacy views only: this storage is elements [offset, offset + numel) of the storage `key`. */
    readonly view?: { readonly offset: number; readonly viewKey: string },
  ) {
    super();
  }
  describe(): string {
    return `${this.info.dtype} storage "${this.key}"`;
  }
}

/** A tensor as `_rebuild_tensor_v2` describes it; resolved against storage bytes later. */
export class TensorRef extends PyOpaque {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: readonly number[],
    readonly stride: readonly number[],
  ) {
    super();
  }
  describe(): string {
    return `tensor of shape [${this.size.join(', ')}]`;
  }
}

function nonNegInt(v: PyValue | undefined, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw invalidCheckpoint(`${what} is ${describeValue(v)}, expected a non-negative integer`);
  return v;
}

function intTuple(v: PyValue | undefined, what: string): number[] {
  if (!(v instanceof PyTuple)) throw invalidCheckpoint(`${what} is ${describeValue(v)}, expected a tuple of integers`);
  if (v.items.length > 64) throw invalidCheckpoint(`${what} has ${v.items.length} dimensions (at most 64)`);
  return v.items.map((x, i) => nonNegInt(x, `${what}[${i}]`));
}

/**
 * Hooks for a torch pickle. `legacy` accepts the six-field persistent ids of the pre-1.6 format.
 * After unpickling, {@link storages} lists every storage the pickle referenced, by key.
 */
export class TorchPickleHooks implements PickleHooks {
  readonly storages = new Map<string, StorageRef>();

  constructor(private readonly legacy: boolean) {}

  findGlobal(module: string, name: string): PyValue {
    const q = `${module}.${name}`;
    if (!ALLOWED_GLOBALS.has(q)) {
      const shown = q.length > 120 ? `${q.slice(0, 120)}…` : q;
      throw invalidCheckpoint(`global ${shown} is not allowed in a checkpoint (the reader never runs code; it accepts only ${[...ALLOWED_GLOBALS].slice(0, 3).join(', ')} and torch.<Type>Storage)`, { global: shown });
    }
    return new PyGlobal(module, name);
  }

  call(fn: PyValue, args: PyTuple, opcode: 'REDUCE' | 'NEWOBJ'): PyValue {
    if (!(fn instanceof PyGlobal)) throw invalidCheckpoint(`${opcode} on ${describeValue(fn)}, which is not a callable global`);
    const a = args.items;
    switch (fn.qualified) {
      case ORDERED_DICT: {
        const d = new PyDict(true);
        if (a.length === 0) return d;
        const src = a[0];
        if (a.length === 1 && (src instanceof PyList || src instanceof PyTuple)) {
          for (const pair of src.items) {
            if (!(pair instanceof PyTuple) || pair.items.length !== 2) throw invalidCheckpoint(`OrderedDict(...) item is ${describeValue(pair)}, expected a (key, value) pair`);
            d.set(pair.items[0]!, pair.items[1]!);
          }
          return d;
        }
        throw invalidCheckpoint(`OrderedDict called with ${a.length} argument(s) of unsupported form`);
      }
      case REBUILD_TENSOR_V2: {
        if (opcode !== 'REDUCE') break;
        if (a.length < 6 || a.length > 7) throw invalidCheckpoint(`_rebuild_tensor_v2 got ${a.length} arguments, expected 6 or 7`);
        const storage = a[0];
        if (!(storage instanceof StorageRef)) throw invalidCheckpoint(`_rebuild_tensor_v2 storage is ${describeValue(storage)}, expected a storage persistent id`);
        const offset = nonNegInt(a[1], '_rebuild_tensor_v2 storage_offset');
        const size = intTuple(a[2], '_rebuild_tensor_v2 size');
        const stride = intTuple(a[3], '_rebuild_tensor_v2 stride');
        if (size.length !== stride.length) throw invalidCheckpoint(`_rebuild_tensor_v2 size has ${size.length} dimensions but stride has ${stride.length}`);
        if (typeof a[4] !== 'boolean') throw invalidCheckpoint(`_rebuild_tensor_v2 requires_grad is ${describeValue(a[4])}, expected a bool`);
        return new TensorRef(storage, offset, size, stride);
      }
      case REBUILD_PARAMETER: {
        if (opcode !== 'REDUCE') break;
        if (a.length !== 3 || !(a[0] instanceof TensorRef)) throw invalidCheckpoint(`_rebuild_parameter got (${a.map(describeValue).join(', ')}), expected (tensor, requires_grad, hooks)`);
        return a[0];
      }
      default:
        break;
    }
    throw invalidCheckpoint(`${opcode} on global ${fn.qualified} is not supported`, { global: fn.qualified });
  }

  build(obj: PyValue, state: PyValue): PyValue {
    // state_dict() pickles its `_metadata` attribute as BUILD state of the OrderedDict.
    if (obj instanceof PyDict) {
      obj.state = state;
      return obj;
    }
    throw invalidCheckpoint(`BUILD on ${describeValue(obj)} is not supported`);
  }

  persistentLoad(pid: PyValue): PyValue {
    const want = this.legacy ? 6 : 5;
    if (!(pid instanceof PyTuple) || pid.items.length !== want || pid.items[0] !== 'storage') {
      throw invalidCheckpoint(`persistent id ${describeValue(pid)} is not ('storage', type, key, location, numel${this.legacy ? ', view_metadata' : ''})`);
    }
    const [, type, key, location, numelV, viewMeta] = pid.items;
    if (!(type instanceof PyGlobal) || type.module !== 'torch' || !(type.name in STORAGE_TYPES)) {
      throw invalidCheckpoint(`persistent id storage type is ${describeValue(type)}, expected torch.<Type>Storage`);
    }
    if (typeof key !== 'string' || key.length === 0 || key.length > 256) throw invalidCheckpoint(`persistent id key is ${describeValue(key)}, expected a short string`);
    if (typeof location !== 'string') throw invalidCheckpoint(`storage "${key}" location is ${describeValue(location)}, expected a string`);
    const numel = nonNegInt(numelV, `storage "${key}" numel`);
    const info = STORAGE_TYPES[type.name]!;
    const root = this.remember(new StorageRef(info, key, numel));
    if (viewMeta === undefined || viewMeta === null) return root;
    if (!(viewMeta instanceof PyTuple) || viewMeta.items.length !== 3 || typeof viewMeta.items[0] !== 'string') {
      throw invalidCheckpoint(`storage "${key}" view metadata is ${describeValue(viewMeta)}, expected (view_key, offset, size)`);
    }
    const viewKey = viewMeta.items[0];
    const offset = nonNegInt(viewMeta.items[1], `storage view "${viewKey}" offset`);
    const size = nonNegInt(viewMeta.items[2], `storage view "${viewKey}" size`);
    if (offset + size > numel) throw invalidCheckpoint(`storage view "${viewKey}" (offset ${offset}, size ${size}) runs past storage "${key}" of ${numel} elements`);
    return new StorageRef(info, key, size, { offset, viewKey });
  }

  private remember(ref: StorageRef): StorageRef {
    const prev = this.storages.get(ref.key);
    if (!prev) {
      this.storages.set(ref.key, ref);
      return ref;
    }
    if (prev.info !== ref.info || prev.numel !== ref.numel) {
      throw invalidCheckpoint(`storage "${ref.key}" is named twice with different types or sizes (${prev.info.dtype}×${prev.numel} vs ${ref.info.dtype}×${ref.numel})`, { key: ref.key });
    }
    return prev;
  }
}
