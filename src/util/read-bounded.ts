/**
 * Reading user-supplied files with the checks done before any byte is read: the path must be a
 * regular file (a directory, FIFO, socket or device such as /dev/zero is TRM_ERR_INVALID_INPUT
 * naming the path — reading one would hang or never end), and its size must be within the
 * reader's limit. The file is opened non-blocking, so even opening a FIFO cannot hang, and the
 * checks run on the opened descriptor (fstat), so the file checked is the file read.
 * One definition for every such file: configs, identifier lists, sidecars, checkpoints.
 */
import fs from 'node:fs';
import { TrmError, type TrmErrorCode } from '../errors.js';

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** An open regular file: its descriptor and size (close it with `fs.closeSync(fd)`). */
export interface OpenedFile {
  fd: number;
  size: number;
}

/**
 * Opens `file` for reading after checking, on the descriptor, that it is a regular file of at most
 * `maxBytes` bytes. Throws TRM_ERR_IO (cannot open), TRM_ERR_INVALID_INPUT (not a regular file)
 * or `tooLarge` (over the limit), each naming the path.
 */
export function openRegularFile(file: string, maxBytes: number, what: string, tooLarge: TrmErrorCode): OpenedFile {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot read ${what} ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} is ${kindOf(st)}, not a regular file: give the path of a ${what} file`, { path: file });
    }
    if (st.size > maxBytes) throw new TrmError(tooLarge, `${file} is ${st.size} bytes, over the ${maxBytes}-byte limit for ${what} files`, { path: file, size: st.size, limit: maxBytes });
    return { fd, size: st.size };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Reads `length` bytes at `position` of an open file; fewer only if the file shrank (then TRM_ERR_IO). */
export function readRange(fd: number, position: number, length: number, file: string): Uint8Array {
  const out = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    let n: number;
    try {
      n = fs.readSync(fd, out, got, length - got, position + got);
    } catch (e) {
      throw new TrmError('TRM_ERR_IO', `cannot read ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
    }
    if (n === 0) throw new TrmError('TRM_ERR_IO', `${file} ended after ${position + got} bytes while ${position + length} were expected (was it changed while being read?)`, { path: file });
    got += n;
  }
  return out;
}

/** The whole of a regular file of at most `maxBytes` bytes (checked before reading). */
export function readFileBounded(file: string, maxBytes: number, what: string, tooLarge: TrmErrorCode): Uint8Array {
  const { fd, size } = openRegularFile(file, maxBytes, what, tooLarge);
  try {
    return readRange(fd, 0, size, file);
  } finally {
    fs.closeSync(fd);
  }
}

/** A small text file (a config, an identifier list, a sidecar), bounded the same way, as UTF-8. */
export function readTextBounded(file: string, maxBytes: number, what: string, tooLarge: TrmErrorCode): string {
  return Buffer.from(readFileBounded(file, maxBytes, what, tooLarge)).toString('utf8');
}

/** The first `n` bytes of a regular file (fewer if it is shorter), e.g. to sniff its format. */
export function readHead(file: string, n: number, what: string): Uint8Array {
  const { fd, size } = openRegularFile(file, Number.MAX_SAFE_INTEGER, what, 'TRM_ERR_PAYLOAD_TOO_LARGE');
  try {
    return readRange(fd, 0, Math.min(n, size), file);
  } finally {
    fs.closeSync(fd);
  }
}
