/**
 * The zip container of `torch.save` (PyTorch ≥ 1.6): `<prefix>/data.pkl` describes the object,
 * `<prefix>/data/<key>` hold raw little-endian storages, `<prefix>/version` (and, from 2.x,
 * `<prefix>/byteorder`, `<prefix>/.data/…`) sit beside them. The prefix is the archive name given
 * to `torch.save` and varies from file to file, so it is found, never assumed.
 *
 * Parsing is left to fflate (a maintained zip reader); this file only polices what fflate is
 * handed and what it returns: the directory is read once without extracting anything so names
 * (`..`, absolute paths, duplicates), entry counts and declared sizes are checked before a byte
 * is inflated, and every extracted entry must have exactly its declared size (a deflate stream
 * cannot grow past the buffer fflate is given). Only `data.pkl` (and `byteorder`) are inflated
 * here; storages are inflated later by `extract`, once the pickle has said which ones its tensors
 * use and the caller has checked their declared sizes against the tensors (torch-load.ts), so an
 * entry no tensor needs — or one that claims gigabytes for a small tensor — is never inflated. fflate does not verify CRCs; neither do we, so a
 * flipped bit inside a stored tensor changes a value rather than failing the load.
 */
import { unzipSync } from 'fflate';
import { TrmError, invalidCheckpoint } from '../../errors.js';
import { type Limits } from './limits.js';

/** The entries of a torch zip that the reader needs. */
export interface TorchZip {
  /** The top folder every torch entry sits under (e.g. `archive`, `step_100`). */
  readonly prefix: string;
  /** Bytes of `<prefix>/data.pkl`. */
  readonly pickle: Uint8Array;
  /** Declared (uncompressed) size of every storage entry by key (`<prefix>/data/<key>`), from the directory; nothing inflated. */
  readonly recordSizes: ReadonlyMap<string, number>;
  /** Inflates the storages named (and only those), each checked to hold exactly its declared size. */
  extract(keys: Iterable<string>): Map<string, Uint8Array>;
}

/** `PK\x03\x04`: a local file header, how every non-empty zip begins. */
export function hasZipMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Deflate's best case is about 1032:1 (258-byte matches coded in ~2 bits); more is a lie. */
const MAX_DEFLATE_RATIO = 1032;

interface DirEntry {
  name: string;
  size: number;
  originalSize: number;
  compression: number;
}

function checkName(name: string): void {
  const shown = JSON.stringify(name.length > 200 ? `${name.slice(0, 200)}…` : name);
  if (name.includes('\0')) throw invalidCheckpoint(`zip entry ${shown} has a NUL byte in its name`);
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name)) {
    throw invalidCheckpoint(`zip entry ${shown} has an absolute path`, { entry: name });
  }
  if (name.split(/[/\\]/).some((seg) => seg === '..')) {
    throw invalidCheckpoint(`zip entry ${shown} has a ".." path segment`, { entry: name });
  }
}

/** Run fflate, turning whatever it throws on a malformed archive into our error. */
function runFflate(bytes: Uint8Array, filter: (e: DirEntry) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter });
  } catch (e) {
    if (e instanceof TrmError) throw e;
    throw invalidCheckpoint(`not a readable zip archive: ${(e as Error)?.message ?? String(e)}`);
  }
}

/**
 * Locate and extract the torch entries of a zip. Throws TRM_ERR_INVALID_CHECKPOINT for an archive
 * that is not a torch zip or breaks a limit.
 */
export function readTorchZip(bytes: Uint8Array, limits: Limits): TorchZip {
  // Pass 1: read the central directory only (the filter extracts nothing).
  const dir = new Map<string, DirEntry>();
  let declared = 0;
  runFflate(bytes, (e) => {
    if (dir.size >= limits.maxEntries) {
      throw invalidCheckpoint(`zip directory lists more than ${limits.maxEntries} entries (option maxEntries)`, { maxEntries: limits.maxEntries });
    }
    const name = String(e.name);
    checkName(name);
    if (dir.has(name)) throw invalidCheckpoint(`zip entry "${name}" appears twice`, { entry: name });
    if (!Number.isSafeInteger(e.originalSize) || e.originalSize < 0 || !Number.isSafeInteger(e.size) || e.size < 0) {
      throw invalidCheckpoint(`zip entry "${name}" declares an impossible size (${e.size} compressed, ${e.originalSize} uncompressed)`, { entry: name });
    }
    // Sizes that cannot be true are refused here, before fflate allocates an output buffer for them:
    // compressed data must fit in the archive, and deflate never expands more than ~1032:1.
    if (e.size > bytes.byteLength) {
      throw invalidCheckpoint(`zip entry "${name}" declares ${e.size} compressed bytes but the archive is only ${bytes.byteLength} bytes`, { entry: name });
    }
    if (e.originalSize > e.size * MAX_DEFLATE_RATIO + 1024) {
      throw invalidCheckpoint(`zip entry "${name}" declares ${e.originalSize} bytes from ${e.size} compressed bytes, more than deflate can produce`, { entry: name });
    }
    declared += e.originalSize;
    if (declared > limits.maxBytes) {
      throw invalidCheckpoint(`zip entries declare more than ${limits.maxBytes} uncompressed bytes (at "${name}"; option maxBytes)`, { entry: name, maxBytes: limits.maxBytes });
    }
    dir.set(name, { name, size: e.size, originalSize: e.originalSize, compression: e.compression });
    return false;
  });

  const pickles = [...dir.keys()].filter((n) => /^[^/\\]+\/data\.pkl$/.test(n));
  if (pickles.length === 0) {
    throw invalidCheckpoint('zip archive has no "<folder>/data.pkl" entry: not a torch.save checkpoint');
  }
  if (pickles.length > 1) {
    throw invalidCheckpoint(`zip archive has ${pickles.length} data.pkl entries (${pickles.slice(0, 3).join(', ')}): expected one`);
  }
  const prefix = pickles[0]!.slice(0, -'/data.pkl'.length);
  const pklEntry = dir.get(pickles[0]!)!;
  if (pklEntry.originalSize > limits.maxPickleBytes) {
    throw invalidCheckpoint(`${pickles[0]} is ${pklEntry.originalSize} bytes, over the ${limits.maxPickleBytes}-byte pickle limit (option maxPickleBytes)`);
  }
  const wanted = new Set<string>([pickles[0]!, `${prefix}/byteorder`]);
  const recordPrefix = `${prefix}/data/`;
  for (const [name, e] of dir) {
    if (name.startsWith(recordPrefix) && name.length > recordPrefix.length) wanted.add(name);
    if (!wanted.has(name)) continue;
    if (e.compression !== 0 && e.compression !== 8) {
      throw invalidCheckpoint(`zip entry "${name}" uses compression method ${e.compression} (only stored and deflate are read)`, { entry: name });
    }
    if (e.compression === 0 && e.size !== e.originalSize) {
      throw invalidCheckpoint(`zip entry "${name}" is stored but declares ${e.size} compressed and ${e.originalSize} uncompressed bytes`, { entry: name });
    }
  }

  // Pass 2: extract the pickle and the byte order only; storages wait for the pickle.
  const head = new Set([pickles[0]!, `${prefix}/byteorder`]);
  const files = extractChecked(bytes, dir, head);
  const byteorder = files.get(`${prefix}/byteorder`);
  if (byteorder) {
    const order = new TextDecoder().decode(byteorder).trim();
    if (order !== 'little') {
      throw invalidCheckpoint(`${prefix}/byteorder says "${order.slice(0, 20)}": only little-endian checkpoints are read`);
    }
  }

  const recordSizes = new Map<string, number>();
  for (const name of wanted) if (name.startsWith(recordPrefix)) recordSizes.set(name.slice(recordPrefix.length), dir.get(name)!.originalSize);
  return {
    prefix,
    pickle: files.get(pickles[0]!)!,
    recordSizes,
    extract(keys) {
      const names = new Set<string>();
      for (const k of keys) if (recordSizes.has(k)) names.add(recordPrefix + k);
      const out = new Map<string, Uint8Array>();
      for (const [name, data] of extractChecked(bytes, dir, names)) out.set(name.slice(recordPrefix.length), data);
      return out;
    },
  };
}

/** Inflates the entries `names` (present in `dir`) in one pass; each must hold exactly its declared size. */
function extractChecked(bytes: Uint8Array, dir: Map<string, DirEntry>, names: Set<string>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (names.size === 0) return out;
  const files = runFflate(bytes, (e) => names.has(String(e.name)));
  for (const name of names) {
    const e = dir.get(name);
    if (!e) continue;
    const got = Object.prototype.hasOwnProperty.call(files, name) ? files[name] : undefined;
    if (!got || got.byteLength !== e.originalSize) {
      throw invalidCheckpoint(`zip entry "${name}" holds ${got?.byteLength ?? 0} bytes but its directory entry declares ${e.originalSize} (truncated or corrupt archive)`, { entry: name });
    }
    out.set(name, got);
  }
  return out;
}
