/**
 * Per-task puzzle embeddings: with the dataset's identifier list, a task id selects its learned
 * embedding row; without it every puzzle uses row 0. Checked on the golden TRM (3 puzzle rows).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrmError } from '../../src/errors.js';
import { readPuzzleIdentifiers } from '../../src/sdk/puzzle-ids.js';
import { loadTaskModel } from '../../src/sdk/load-task-model.js';
import type { ModelStep } from '../../src/sdk/task-model.js';
import { golden } from '../support/fixtures.js';


async function last(it: AsyncIterable<ModelStep>): Promise<ModelStep> {
  let s: ModelStep | undefined;
  for await (const x of it) s = x;
  return s!;
}

describe('identifier lists', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-ids-'));
  it('map names to rows, skipping the blank row', () => {
    const f = path.join(dir, 'identifiers.json');
    fs.writeFileSync(f, JSON.stringify(['<blank>', 'aaa', 'bbb']));
    expect([...readPuzzleIdentifiers(f, 3)]).toEqual([['aaa', 1], ['bbb', 2]]);
  });
  it('a list of another length is refused, naming both counts', () => {
    const f = path.join(dir, 'short.json');
    fs.writeFileSync(f, JSON.stringify(['<blank>', 'aaa']));
    let err: unknown;
    try {
      readPuzzleIdentifiers(f, 3);
    } catch (e) {
      err = e;
    }
    expect(isTrmError(err) && err.message).toMatch(/lists 2 identifiers but the model has 3 puzzle-embedding rows/);
  });
});

describe('a task id selects its embedding row', () => {
  it('same tokens, task "bbb" → row 2: differs from row 0 and equals an explicit id 2', async () => {
    const m = await loadTaskModel(golden('trm-attn-rope.checkpoint.safetensors'), 'golden', 'cpu');
    try {
      m.puzzleIds = new Map([['aaa', 1], ['bbb', 2]]);
      const row = Int32Array.from({ length: 16 }, (_, i) => 1 + (i % 5));
      const blank = await last(m.refine({ inputs: [row], puzzleIdentifiers: [0] }, 2));
      const byTask = await last(m.refine({ inputs: [row], puzzleIdentifiers: [0] }, 2, undefined, { taskId: 'bbb' }));
      const explicit = await last(m.refine({ inputs: [row], puzzleIdentifiers: [2] }, 2));
      const unknown = await last(m.refine({ inputs: [row], puzzleIdentifiers: [0] }, 2, undefined, { taskId: 'zzz' }));
      expect(Array.from(byTask.qHalt)).toEqual(Array.from(explicit.qHalt));
      expect(Array.from(byTask.qHalt)).not.toEqual(Array.from(blank.qHalt));
      expect(Array.from(unknown.qHalt)).toEqual(Array.from(blank.qHalt));
    } finally {
      m.model.dispose();
    }
  });
});
