import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { arcSplitFiles, loadArcDataset, SAMPLE_ROTATE, SAMPLE_SOLUTIONS } from '../../../src/plugins/arc/index.js';
import { expectTrmError } from './helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'trm-arc-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, value: unknown): void => writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
const { id: _id, ...rotate } = SAMPLE_ROTATE;

describe('loadArcDataset', () => {
  it('loads challenges and fills test outputs from solutions', () => {
    write('arc-agi_training_challenges.json', { '6150a2bd': rotate });
    write('arc-agi_training_solutions.json', SAMPLE_SOLUTIONS);
    const ds = loadArcDataset(dir, 'training');
    expect(ds.map((e) => e.id)).toEqual(['6150a2bd']);
    expect(ds[0]!.task.id).toBe('6150a2bd');
    expect(ds[0]!.task.test[0]!.output).toEqual(SAMPLE_SOLUTIONS['6150a2bd']![0]);
  });

  it('a missing solutions file leaves test outputs unknown', () => {
    write('arc-agi_concept_challenges.json', { a: rotate });
    expect(loadArcDataset(dir, 'concept')[0]!.task.test[0]!.output).toBeUndefined();
  });

  it('a missing challenges file is TRM_ERR_IO naming the path', () => {
    const missing = path.join(dir, 'nope');
    expectTrmError(() => loadArcDataset(missing, 'evaluation'), 'TRM_ERR_IO', arcSplitFiles(missing, 'evaluation').challenges);
  });

  it('malformed content names the file, task and grid', () => {
    write('arc-agi_evaluation_challenges.json', '{not json');
    expectTrmError(() => loadArcDataset(dir, 'evaluation'), 'TRM_ERR_INVALID_INPUT', 'arc-agi_evaluation_challenges.json is not valid JSON');
    write('arc-agi_evaluation_challenges.json', []);
    expectTrmError(() => loadArcDataset(dir, 'evaluation'), 'TRM_ERR_INVALID_INPUT', 'must hold an object keyed by task id, got an array');
    write('arc-agi_evaluation_challenges.json', { bad1: { train: [{ input: [[1]], output: [[1, 2], [3]] }], test: [{ input: [[1]] }] } });
    expectTrmError(() => loadArcDataset(dir, 'evaluation'), 'TRM_ERR_INVALID_INPUT', 'task bad1: train[0].output row 1 has 1 cells, expected 2');
    write('arc-agi_evaluation_challenges.json', { x: rotate });
    write('arc-agi_evaluation_solutions.json', { x: [[[1]], [[2]]] });
    expectTrmError(() => loadArcDataset(dir, 'evaluation'), 'TRM_ERR_INVALID_INPUT', 'task x has 2 solution grid(s), expected 1');
    write('arc-agi_evaluation_solutions.json', { x: [[[1, 12]]] });
    expectTrmError(() => loadArcDataset(dir, 'evaluation'), 'TRM_ERR_INVALID_INPUT', 'task x: colour 12 at solutions[0][0][1]');
  });

  it('an unknown split is TRM_ERR_INVALID_OPTIONS', () => {
    expectTrmError(() => loadArcDataset(dir, 'test' as never), 'TRM_ERR_INVALID_OPTIONS', 'unknown ARC split "test"');
  });
});
