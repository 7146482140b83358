import { describe, expect, it } from 'vitest';
import { IGNORE_LABEL_ID } from '../../../src/plugins/contract.js';
import {
  ARC_TOKENS,
  decodeArc,
  decodeGrid,
  encodeArc,
  encodeGrid,
  encodeLabelGrid,
  encodeTrainPairs,
  parseArcTask,
  SAMPLE_RECOLOUR,
  type Grid,
} from '../../../src/plugins/arc/index.js';
import { makeGrid } from './helpers.js';

const S = 30;
const SIZES: [number, number][] = [[1, 1], [1, 30], [30, 1], [3, 3], [2, 7], [13, 4], [29, 29], [29, 30], [30, 29], [30, 30]];

describe('ARC token spec', () => {
  it('is the TRM paper encoding: 900 tokens, vocab 12, pad 0, one puzzle identifier', () => {
    expect(ARC_TOKENS).toEqual({ seqLen: 900, vocabSize: 12, padId: 0, numPuzzleIdentifiers: 1 });
  });
});

describe('encodeGrid / decodeGrid', () => {
  it.each(SIZES)('round-trips a %i×%i grid', (h, w) => {
    const g = makeGrid(h, w, (r, c) => (r * 31 + c * 17 + h) % 10);
    const row = encodeGrid(g);
    expect(row).toHaveLength(ARC_TOKENS.seqLen);
    for (const id of row) expect(id >= 0 && id < ARC_TOKENS.vocabSize).toBe(true);
    expect(decodeGrid(row)).toEqual(g);
  });

  it('writes colours as c+2 at the top-left, end markers right of and below the grid, pad elsewhere', () => {
    const g: Grid = [[0, 9, 5], [1, 2, 3]];
    const row = encodeGrid(g);
    const at = (r: number, c: number): number => row[r * S + c]!;
    expect([at(0, 0), at(0, 1), at(0, 2), at(1, 0), at(1, 1), at(1, 2)]).toEqual([2, 11, 7, 3, 4, 5]);
    expect([at(0, 3), at(1, 3)]).toEqual([1, 1]); // column w, rows 0..h-1
    expect([at(2, 0), at(2, 1), at(2, 2)]).toEqual([1, 1, 1]); // row h, columns 0..w-1
    expect(at(2, 3)).toBe(0); // the corner stays pad, as in the reference
    const counts = [0, 0, 0];
    for (const id of row) counts[Math.min(id, 2)]!++;
    expect(counts).toEqual([900 - 6 - 5, 5, 6]);
  });

  it('puts no marker on a side that reaches 30', () => {
    const row = encodeGrid(makeGrid(30, 30));
    expect(row.every((id) => id >= 2)).toBe(true);
    const tall = encodeGrid(makeGrid(30, 4));
    expect(Array.from({ length: 30 }, (_, r) => tall[r * S + 4])).toEqual(new Array(30).fill(1));
    expect(tall.filter((id) => id === 1)).toHaveLength(30);
  });

  it('labels use IGNORE_LABEL_ID for pad and keep markers and colours', () => {
    const g = makeGrid(4, 5);
    const enc = encodeGrid(g), lab = encodeLabelGrid(g);
    for (let i = 0; i < 900; i++) expect(lab[i]).toBe(enc[i] === 0 ? IGNORE_LABEL_ID : enc[i]);
  });
});

describe('decodeGrid never throws and reads the extent from the prediction', () => {
  it('all pad decodes to [[0]]', () => {
    expect(decodeGrid(new Int32Array(900))).toEqual([[0]]);
  });

  it('width from row 0, height from column 0, non-colour ids inside read as 0', () => {
    const row = encodeGrid(makeGrid(4, 6, () => 5));
    row[2 * S + 3] = 1; // a stray marker inside the grid
    row[1 * S + 1] = 0; // a stray pad inside the grid
    const g = decodeGrid(row);
    expect(g).toHaveLength(4);
    expect(g[0]).toHaveLength(6);
    expect(g[2]![3]).toBe(0);
    expect(g[1]![1]).toBe(0);
    expect(g[3]![5]).toBe(5);
  });

  it('tolerates out-of-range ids, short and empty rows', () => {
    const row = new Int32Array(900).fill(99);
    row[0] = 4;
    expect(decodeGrid(row)).toEqual([[2]]);
    expect(decodeGrid(new Int32Array(0))).toEqual([[0]]);
    expect(decodeGrid([2, 3, 4])).toEqual([[0, 1, 2]]);
    expect(decodeGrid(new Int32Array(900).fill(-5))).toEqual([[0]]);
  });

  it('a random row decodes to a valid grid', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 20; k++) {
      const row = Int32Array.from({ length: 900 }, () => Math.floor(rnd() * 14) - 1);
      const g = decodeGrid(row);
      expect(g.length).toBeGreaterThanOrEqual(1);
      expect(g.every((r) => r.length === g[0]!.length && r.every((v) => Number.isInteger(v) && v >= 0 && v <= 9))).toBe(true);
    }
  });
});

describe('encodeArc / decodeArc', () => {
  const task = parseArcTask({
    train: [{ input: makeGrid(2, 2), output: makeGrid(3, 3) }],
    test: [{ input: makeGrid(5, 4) }, { input: makeGrid(1, 1), output: makeGrid(2, 2) }],
  });

  it('one row per test input, puzzle identifier 0, labels from the answer first attempt', () => {
    const answer = { attempts: [[makeGrid(6, 6), makeGrid(1, 1)], [makeGrid(7, 2)]] };
    const enc = encodeArc(task, answer);
    expect(enc.inputs).toHaveLength(2);
    expect(enc.puzzleIdentifiers).toEqual([0, 0]);
    expect(decodeGrid(enc.inputs[0]!)).toEqual(makeGrid(5, 4));
    expect(enc.labels!.map((l) => decodeGrid(l.map((x) => (x === IGNORE_LABEL_ID ? 0 : x))))).toEqual([makeGrid(6, 6), makeGrid(7, 2)]);
  });

  it('without an answer, labels come from known test outputs (all-IGNORE where unknown)', () => {
    const enc = encodeArc(task);
    expect(enc.labels![0]!.every((x) => x === IGNORE_LABEL_ID)).toBe(true);
    expect(enc.labels![1]).toEqual(encodeLabelGrid(makeGrid(2, 2)));
    const noOutputs = parseArcTask({ train: task.train, test: [{ input: [[1]] }] });
    expect(encodeArc(noOutputs).labels).toBeUndefined();
  });

  it('decodeArc(encode(answer)) gives back the first attempts; missing rows become [[0]]', () => {
    const answer = { attempts: [[makeGrid(30, 30)], [makeGrid(1, 1)]] };
    const enc = encodeArc(task, answer);
    const rows = enc.labels!.map((l) => l.map((x) => (x === IGNORE_LABEL_ID ? 0 : x)));
    expect(decodeArc(rows, task)).toEqual(answer);
    expect(decodeArc([rows[0]!], task).attempts[1]).toEqual([[[0]]]);
  });

  it('encodeTrainPairs gives one labelled row per demonstration', () => {
    const t = parseArcTask(SAMPLE_RECOLOUR);
    const enc = encodeTrainPairs(t);
    expect(enc.inputs).toHaveLength(4);
    expect(decodeGrid(enc.inputs[2]!)).toEqual(t.train[2]!.input);
    expect(enc.labels[3]).toEqual(encodeLabelGrid(t.train[3]!.output));
  });
});
