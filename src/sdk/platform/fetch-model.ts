/**
 * Models by URL: fetch the file (bounded), check its SHA-256, parse and check the checkpoint, and
 * (in the browser) turn it into a tfjs TaskModel on the backend the caller started. Uses only `fetch` and `crypto.subtle`, which browsers and
 * Node 20 both have, so the same code (and the same errors) serve the page and Node.
 */
import { TrmError } from '../../errors.js';
import { checkpointFromSafetensors } from '../../neural/checkpoint-read.js';
import { readSafetensorsAsync } from '../../neural/safetensors-format.js';
import type { LoadedCheckpoint } from '../../neural/checkpoint-types.js';

/** Larger than any model we ship (the 9×9 one is under 1 MB) by far, small enough not to exhaust a tab. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/** SHA-256 of `bytes`, lowercase hex, through Web Crypto (a secure context in browsers: https or localhost). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: { digest(a: string, d: Uint8Array): Promise<ArrayBuffer> } } }).crypto?.subtle;
  if (!subtle) {
    throw new TrmError('TRM_ERR_MODEL_CHECKSUM', 'cannot check the model\'s SHA-256: Web Crypto (crypto.subtle) is missing; browsers offer it only to secure contexts (https:// or http://localhost)');
  }
  const digest = await subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The bytes at `url`: TRM_ERR_MODEL_FETCH for a network error, a status other than 200, or a file
 * over {@link MAX_MODEL_BYTES}; TRM_ERR_MODEL_CHECKSUM when `sha256` is given and does not match.
 */
export async function fetchModelBytes(url: URL, sha256?: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new TrmError('TRM_ERR_MODEL_FETCH', `cannot fetch model ${url.href}: ${(e as Error).message}`, { url: url.href }, { cause: e });
  }
  if (res.status !== 200) {
    throw new TrmError('TRM_ERR_MODEL_FETCH', `cannot fetch model ${url.href}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`, { url: url.href, status: res.status });
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_MODEL_BYTES) throw tooLarge(url, declared);
  // Read in chunks so a server that lies about (or omits) its length cannot make us buffer more than the cap.
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_MODEL_BYTES) {
        await reader.cancel();
        throw tooLarge(url, total);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  if (sha256 !== undefined) {
    const actual = await sha256Hex(bytes);
    if (actual !== sha256.toLowerCase()) {
      throw new TrmError('TRM_ERR_MODEL_CHECKSUM', `model ${url.href} has SHA-256 ${actual.slice(0, 16)}…, expected ${sha256.slice(0, 16)}… (a corrupt or substituted file)`, { url: url.href, expected: sha256, actual });
    }
  }
  return bytes;
}

function tooLarge(url: URL, n: number): TrmError {
  return new TrmError('TRM_ERR_MODEL_FETCH', `model ${url.href} is ${n} bytes or more, over the ${MAX_MODEL_BYTES}-byte limit`, { url: url.href, bytes: n });
}

/**
 * A safetensors checkpoint's bytes, parsed and checked against its config. The file's own data
 * checksum (`__metadata__.data_sha256`) is checked here: a mismatch is TRM_ERR_INVALID_CHECKPOINT
 * saying so, as when Node reads the file from disk.
 */
export async function checkpointFromBytes(bytes: Uint8Array, where: string): Promise<LoadedCheckpoint> {
  try {
    return checkpointFromSafetensors(await readSafetensorsAsync(bytes, sha256Hex));
  } catch (e) {
    if (e instanceof TrmError && e.code === 'TRM_ERR_INVALID_CHECKPOINT') {
      throw new TrmError(e.code, `${where}: ${e.message}`, { ...e.details, url: where }, { cause: e });
    }
    throw e;
  }
}

/** A checked checkpoint as a tfjs TaskModel on the backend already active (`backend` names it). */
export { tfjsTaskModel } from '../tfjs-task-model.js';
