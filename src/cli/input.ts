/**
 * How the CLI turns an argument into task input: `-` reads stdin, an existing file path reads the
 * file, anything else is the input itself. Text that looks like JSON (starts with `{` or `[`) is
 * parsed as JSON, so `task.json` files and `[[5,3,0,…]]` grids both work; other text is passed
 * to the plugin as a string (an 81-char Sudoku, maze rows).
 */
import fs from 'node:fs';
import { TrmError } from '../errors.js';

export function readInputArg(arg: string | undefined): unknown {
  if (arg === undefined) throw new TrmError('TRM_ERR_INVALID_INPUT', 'no input given: pass the puzzle, a file path, or - for stdin');
  let text: string;
  if (arg === '-') {
    text = fs.readFileSync(0, 'utf8');
  } else if (looksLikePath(arg) && fs.existsSync(arg)) {
    try {
      const st = fs.statSync(arg);
      if (!st.isFile()) throw new TrmError('TRM_ERR_IO', `${arg} is not a file`);
      if (st.size > 64 * 1024 * 1024) throw new TrmError('TRM_ERR_INVALID_INPUT', `${arg} is ${st.size} bytes; inputs over 64 MiB are refused`);
      text = fs.readFileSync(arg, 'utf8');
    } catch (e) {
      if (e instanceof TrmError) throw e;
      throw new TrmError('TRM_ERR_IO', `cannot read ${arg}: ${(e as Error).message}`);
    }
  } else {
    text = arg;
  }
  return textToInput(text);
}

function looksLikePath(arg: string): boolean {
  return arg.length < 4096 && !arg.includes('\n');
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
