/**
 * A file of examples, one JSON object per line: `{ "puzzle": …, "answer": … }` in the task's own
 * text/JSON forms — what `trm-sdk generate <task> --json` prints and what `heldout.jsonl` holds.
 * Read as a stream (a million-line file is never in memory at once), each line bounded in length
 * and parsed by the plugin, so a bad line fails loudly with its number.
 */
import fs from 'node:fs';
import { TrmError } from '../errors.js';
import type { AnyTaskPlugin, Example } from '../plugins/contract.js';

/** Longest line accepted (an ARC task with 30×30 grids is well under this). */
const MAX_LINE_BYTES = 16 * 2 ** 20;

/** Lines of a file, streamed; a line over MAX_LINE_BYTES is an error naming it. */
async function* lines(file: string): AsyncGenerator<string> {
  let stream: fs.ReadStream;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    stream = fs.createReadStream(file, { encoding: 'utf8' });
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot read ${file}: ${(e as Error).message}`, { path: file }, { cause: e });
  }
  let rest = '';
  let n = 0;
  for await (const chunk of stream) {
    rest += chunk as string;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      n++;
      yield rest.slice(0, nl);
      rest = rest.slice(nl + 1);
    }
    if (rest.length > MAX_LINE_BYTES) {
      stream.destroy();
      throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} line ${n + 1} is longer than ${MAX_LINE_BYTES} bytes`, { path: file, line: n + 1 });
    }
  }
  if (rest.length) yield rest;
}

/** The file's examples in order, parsed with the plugin; blank lines are skipped. */
export async function* readExamplesFile(plugin: AnyTaskPlugin, file: string): AsyncGenerator<Example<unknown, unknown>> {
  let n = 0;
  for await (const line of lines(file)) {
    n++;
    if (!line.trim()) continue;
    let ex: Example<unknown, unknown>;
    try {
      const o = JSON.parse(line) as unknown;
      if (typeof o !== 'object' || o === null || !('puzzle' in o) || !('answer' in o)) throw new Error('expected an object with "puzzle" and "answer"');
      const puzzle = plugin.parse((o as { puzzle: unknown }).puzzle);
      ex = { puzzle, answer: plugin.parseAnswer((o as { answer: unknown }).answer, puzzle) };
      // A wrong answer would train the model on a wrong target: the verifier has the last word.
      const v = plugin.verify(ex.puzzle, ex.answer);
      if (!v.ok) throw new Error(`the answer does not verify: ${v.violations.slice(0, 2).map((x) => x.message).join('; ')}`);
    } catch (e) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `${file} line ${n}: ${(e as Error).message}`, { path: file, line: n });
    }
    yield ex;
  }
}
