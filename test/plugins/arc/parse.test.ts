import { describe, expect, it } from 'vitest';
import {
  formatArcAnswer,
  formatArcTask,
  formatKaggleAttempts,
  parseArcAnswer,
  parseArcTask,
  SAMPLE_ROTATE,
  type ArcTask,
} from '../../../src/plugins/arc/index.js';
import { expectTrmError, makeGrid } from './helpers.js';

const INVALID = 'TRM_ERR_INVALID_INPUT';
const ok = (): { train: { input: unknown; output: unknown }[]; test: { input: unknown; output?: unknown }[] } => ({
  train: [
    { input: makeGrid(3, 3), output: makeGrid(3, 3) },
    { input: makeGrid(4, 2), output: makeGrid(4, 2) },
    { input: makeGrid(5, 8), output: makeGrid(5, 8) },
  ],
  test: [{ input: makeGrid(6, 6) }],
});

describe('parseArcTask: valid input', () => {
  it('accepts the task object, keeps id and known test outputs, and copies grids', () => {
    const raw = { ...ok(), id: 'abc' };
    raw.test[0]!.output = makeGrid(2, 2);
    const t = parseArcTask(raw);
    expect(t.id).toBe('abc');
    expect(t.train).toHaveLength(3);
    expect(t.test[0]!.output).toEqual(makeGrid(2, 2));
    (raw.train[0]!.input as number[][])[0]![0] = 9;
    expect(t.train[0]!.input[0]![0]).toBe(0); // no aliasing
  });

  it('accepts the same task as a JSON string', () => {
    expect(parseArcTask(JSON.stringify(SAMPLE_ROTATE))).toEqual(parseArcTask(SAMPLE_ROTATE));
  });

  it('accepts 1×1 and 30×30 grids', () => {
    const t = parseArcTask({ train: [{ input: [[0]], output: makeGrid(30, 30) }], test: [{ input: makeGrid(30, 1) }] });
    expect(t.train[0]!.output).toHaveLength(30);
  });

  it('round-trips through formatArcTask', () => {
    const t = parseArcTask({ ...ok(), id: 'x' });
    expect(parseArcTask(formatArcTask(t))).toEqual(t);
  });
});

describe('parseArcTask: every error names what and where', () => {
  it('colour out of range, with its path', () => {
    const raw = ok();
    (raw.test[0]!.input as number[][])[3]![5] = 10;
    expectTrmError(() => parseArcTask(raw), INVALID, 'colour 10 at test[0].input[3][5] is out of range 0–9');
    (raw.test[0]!.input as number[][])[3]![5] = -1;
    expectTrmError(() => parseArcTask(raw), INVALID, 'colour -1 at test[0].input[3][5] is out of range 0–9');
  });

  it('ragged rows', () => {
    const raw = ok();
    raw.train[2]!.output = makeGrid(5, 8).map((row, r) => (r === 4 ? row.slice(0, 7) : row));
    expectTrmError(() => parseArcTask(raw), INVALID, 'train[2].output row 4 has 7 cells, expected 8');
  });

  it('31 rows, 31 columns', () => {
    const raw = ok();
    raw.train[0]!.input = makeGrid(31, 2);
    expectTrmError(() => parseArcTask(raw), INVALID, 'grid train[0].input is 31 rows; the largest is 30');
    raw.train[0]!.input = makeGrid(2, 31);
    expectTrmError(() => parseArcTask(raw), INVALID, 'grid train[0].input is 31 columns; the largest is 30');
  });

  it('empty or missing train / test', () => {
    expectTrmError(() => parseArcTask({ train: [], test: ok().test }), INVALID, 'train must be a non-empty array, got an empty array');
    expectTrmError(() => parseArcTask({ test: ok().test }), INVALID, 'train must be a non-empty array, got nothing');
    expectTrmError(() => parseArcTask({ train: ok().train, test: {} }), INVALID, 'test must be a non-empty array, got an object');
  });

  it('more than 100 pairs or test inputs, in the object and the JSON-text form alike (the contract\'s limit)', () => {
    const pair = { input: makeGrid(2, 2), output: makeGrid(2, 2) };
    const many = { train: Array.from({ length: 101 }, () => pair), test: ok().test };
    expectTrmError(() => parseArcTask(many), INVALID, 'train has 101 entries; at most 100 are allowed');
    expectTrmError(() => parseArcTask(JSON.stringify(many)), INVALID, 'train has 101 entries; at most 100 are allowed');
    expectTrmError(() => parseArcTask({ train: [pair], test: Array.from({ length: 150 }, () => ({ input: makeGrid(2, 2) })) }), INVALID, 'test has 150 entries');
    expect(parseArcTask({ train: Array.from({ length: 100 }, () => pair), test: ok().test }).train).toHaveLength(100);
  });

  it('non-object task, bad JSON text', () => {
    expectTrmError(() => parseArcTask(42), INVALID, 'an ARC task must be an object with "train" and "test" arrays, got a number');
    expectTrmError(() => parseArcTask(null), INVALID, 'got null');
    expectTrmError(() => parseArcTask([ok()]), INVALID, 'got an array');
    expectTrmError(() => parseArcTask('{"train": ['), INVALID, 'the task text is not valid JSON');
    expectTrmError(() => parseArcTask('"just a string"'), INVALID, 'got a string');
  });

  it('pairs that are not objects, or miss input / output', () => {
    const a = ok();
    (a.train as unknown[])[1] = [1, 2];
    expectTrmError(() => parseArcTask(a), INVALID, 'train[1] must be an object with "input" and "output", got an array');
    const b = ok();
    delete (b.train[1] as { output?: unknown }).output;
    expectTrmError(() => parseArcTask(b), INVALID, 'train[1].output is missing');
    const c = ok();
    delete (c.test[0] as { input?: unknown }).input;
    expectTrmError(() => parseArcTask(c), INVALID, 'test[0].input is missing');
  });

  it('grids that are not arrays, empty grids, empty rows, non-array rows', () => {
    const raw = ok();
    raw.train[0]!.input = 'grid';
    expectTrmError(() => parseArcTask(raw), INVALID, 'grid train[0].input must be an array of rows, got a string');
    raw.train[0]!.input = [];
    expectTrmError(() => parseArcTask(raw), INVALID, 'grid train[0].input has no rows');
    raw.train[0]!.input = [[1, 2], []];
    expectTrmError(() => parseArcTask(raw), INVALID, 'train[0].input row 1 is empty');
    raw.train[0]!.input = [[1, 2], 7];
    expectTrmError(() => parseArcTask(raw), INVALID, 'train[0].input row 1 must be an array of colours, got a number');
  });

  it('non-integer and string cells', () => {
    const raw = ok();
    raw.train[1]!.input = [[1, 2.5], [0, 0]];
    expectTrmError(() => parseArcTask(raw), INVALID, 'value 2.5 at train[1].input[0][1] is not an integer');
    raw.train[1]!.input = [[1, 2], [0, '3']];
    expectTrmError(() => parseArcTask(raw), INVALID, 'value "3" at train[1].input[1][1] is a string, expected an integer colour 0–9');
    raw.train[1]!.input = [[1, 2], [null, 3]];
    expectTrmError(() => parseArcTask(raw), INVALID, 'value null at train[1].input[1][0] is null');
    raw.train[1]!.input = [[1, 2], [NaN, 3]];
    expectTrmError(() => parseArcTask(raw), INVALID, 'train[1].input[1][0] is not an integer');
  });

  it('bad test output and bad id', () => {
    const raw = ok();
    raw.test[0]!.output = [[1, 11]];
    expectTrmError(() => parseArcTask(raw), INVALID, 'colour 11 at test[0].output[0][1] is out of range 0–9');
    expectTrmError(() => parseArcTask({ ...ok(), id: 5 }), INVALID, 'id must be a non-empty string');
  });

  it('errors carry the JSON path in details', () => {
    const raw = ok();
    raw.train[2]!.input = [[1], [2, 3]];
    try {
      parseArcTask(raw);
      expect.unreachable();
    } catch (e) {
      expect((e as { details: { path: string } }).details.path).toBe('train[2].input');
    }
  });
});

describe('parseArcAnswer', () => {
  const task: ArcTask = parseArcTask({ ...ok(), test: [{ input: makeGrid(2, 2) }, { input: makeGrid(3, 3) }] });

  it('accepts { attempts }, a bare array, the Kaggle form, and JSON text', () => {
    const attempts = [[makeGrid(2, 2)], [makeGrid(3, 3), makeGrid(1, 1)]];
    const a = parseArcAnswer({ attempts }, task);
    expect(a.attempts).toEqual(attempts);
    expect(parseArcAnswer(attempts, task)).toEqual(a);
    expect(parseArcAnswer(JSON.stringify({ attempts }), task)).toEqual(a);
    const kaggle = [{ attempt_1: makeGrid(2, 2) }, { attempt_1: makeGrid(3, 3), attempt_2: makeGrid(1, 1) }];
    expect(parseArcAnswer(kaggle, task)).toEqual(a);
  });

  it('round-trips through formatArcAnswer and formatKaggleAttempts', () => {
    const a = parseArcAnswer([[makeGrid(2, 2)], [makeGrid(3, 3), makeGrid(1, 1)]], task);
    expect(parseArcAnswer(formatArcAnswer(a), task)).toEqual(a);
    const k = formatKaggleAttempts(a);
    expect(k[0]!.attempt_2).toEqual(k[0]!.attempt_1); // Kaggle needs both; the single attempt repeats
    expect(parseArcAnswer(k, task).attempts[1]).toEqual(a.attempts[1]);
  });

  it('rejects a wrong number of entries, 0 or 3 attempts, bare grids and bad grids with paths', () => {
    expectTrmError(() => parseArcAnswer({ attempts: [[makeGrid(2, 2)]] }, task), INVALID, 'attempts has 1 entries, expected 2 (one per test input)');
    expectTrmError(() => parseArcAnswer([[makeGrid(2, 2)], []], task), INVALID, 'attempts[1] has no attempts');
    const g = makeGrid(2, 2);
    expectTrmError(() => parseArcAnswer([[g], [g, g, g]], task), INVALID, 'attempts[1] has 3 attempts; at most 2');
    expectTrmError(() => parseArcAnswer([g, [g]], task), INVALID, 'attempts[0] is a single grid; wrap it');
    expectTrmError(() => parseArcAnswer([[g], [g, [[1, 2], [3]]]], task), INVALID, 'attempts[1][1] row 1 has 1 cells, expected 2');
    expectTrmError(() => parseArcAnswer([[g], { attempt_1: [[12]] }], task), INVALID, 'colour 12 at attempts[1].attempt_1[0][0]');
    expectTrmError(() => parseArcAnswer({ attempts: 3 }, task), INVALID, 'attempts must be an array');
    expectTrmError(() => parseArcAnswer(7, task), INVALID, 'an ARC answer must be');
    expectTrmError(() => parseArcAnswer('[[', task), INVALID, 'the answer text is not valid JSON');
  });
});
