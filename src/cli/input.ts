/**
 * How the CLI turns an argument into task input: `-` reads stdin, an existing file path reads the
 * file, anything else is the input itself. Text that looks like JSON (starts with `{` or `[`) is
 * parsed as JSON, so `task.json` files and `[[5,3,0,…]]` grids both work; other text is passed
 * to the plugin as a string (an 81-char Sudoku, maze rows).
 *
 * An argument that looks like a path (it has a path separator or a known file extension) but
 * names no file is "file not found", not puzzle text. Files and stdin are capped at 64 MiB
 * (TRM_ERR_PAYLOAD_TOO_LARGE), stdin as it is read, so `- < /dev/zero` stops at the cap.
 */
import fs from 'node:fs';
import { TrmError } from '../errors.js';

/** Largest input the CLI reads from a file or stdin. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Extensions that make an argument a file name rather than puzzle text. */
const FILE_EXTENSIONS = /\.(txt|json|jsonl|ndjson|csv|tsv|maze|sudoku|sdk|puz|dat|in|text)$/i;

function tooLarge(what: string, size: string): TrmError {
  return new TrmError('TRM_ERR_PAYLOAD_TOO_LARGE', `${what} is ${size}; inputs over 64 MiB are refused`, { limit: MAX_INPUT_BYTES });
}

/** Reads stdin to the end, refusing more than `limit` bytes without reading further. */
export function readStdinCapped(fd = 0, limit = MAX_INPUT_BYTES): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(1 << 16);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a moment and read again.
        Atomics.wait(nap, 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw new TrmError('TRM_ERR_IO', `cannot read stdin: ${(e as Error).message}`);
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw tooLarge('stdin', `more than ${limit} bytes`);
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function readInputArg(arg: string | undefined): unknown {
  if (arg === undefined) throw new TrmError('TRM_ERR_INVALID_INPUT', 'no input given: pass the puzzle, a file path, or - for stdin');
  let text: string;
  if (arg === '-') {
    text = readStdinCapped();
  } else if (couldBePath(arg) && fs.existsSync(arg)) {
    try {
      const st = fs.statSync(arg);
      if (!st.isFile()) throw new TrmError('TRM_ERR_IO', `${arg} is not a file`, { path: arg });
      if (st.size > MAX_INPUT_BYTES) throw tooLarge(arg, `${st.size} bytes`);
      text = fs.readFileSync(arg, 'utf8');
    } catch (e) {
      if (e instanceof TrmError) throw e;
      throw new TrmError('TRM_ERR_IO', `cannot read ${arg}: ${(e as Error).message}`, { path: arg });
    }
  } else if (looksLikePath(arg)) {
    throw new TrmError('TRM_ERR_IO', `file not found: ${arg}`, { path: arg });
  } else {
    text = arg;
  }
  return textToInput(text);
}

/** Short enough and single-line: worth asking the file system about. */
function couldBePath(arg: string): boolean {
  return arg.length < 4096 && !arg.includes('\n');
}

/** Meant as a file name: a path separator or a known extension, and not inline JSON or puzzle text. */
export function looksLikePath(arg: string): boolean {
  const t = arg.trim();
  if (!couldBePath(arg) || t.startsWith('{') || t.startsWith('[')) return false;
  return t.includes('/') || t.includes('\\') || FILE_EXTENSIONS.test(t);
}

export function textToInput(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch (e) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `input looks like JSON but does not parse: ${(e as Error).message}`);
    }
  }
  return text;
}
