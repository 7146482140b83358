/**
 * Reading a small user-supplied text file (a config, an identifier list, a sidecar) with a size
 * bound checked before the read: too large → `tooLarge` code naming the limit; unreadable →
 * TRM_ERR_IO naming the file. One definition for every such file.
 */
import fs from 'node:fs';
import { TrmError, type TrmErrorCode } from '../errors.js';

export function readTextBounded(file: string, maxBytes: number, what: string, tooLarge: TrmErrorCode): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot read ${what} ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
  if (size > maxBytes) throw new TrmError(tooLarge, `${file} is ${size} bytes, over the ${maxBytes}-byte limit for ${what} files`, { path: file, limit: maxBytes });
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot read ${what} ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
}
