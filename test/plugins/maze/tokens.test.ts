import { describe, expect, it } from 'vitest';
import { Cell, mazeEquals, mazePlugin, maze11Plugin } from '../../../src/plugins/maze/index.js';
import { IGNORE_LABEL_ID } from '../../../src/plugins/contract.js';
import { TrmError } from '../../../src/errors.js';
import { createRng } from '../../../src/util/rng.js';

const NON_SQUARE = ['###########', '#S    #   #', '# ### # # #', '# #     # #', '# # ### ###', '#   #    G#', '###########'];

describe('maze tokens', () => {
  it('declares the reference layout: pad 0, ids 1..5, one identifier, maxSize² tokens', () => {
    expect(mazePlugin.tokens).toEqual({ seqLen: 900, vocabSize: 6, padId: 0, numPuzzleIdentifiers: 1 });
    expect(maze11Plugin.tokens).toEqual({ seqLen: 121, vocabSize: 6, padId: 0, numPuzzleIdentifiers: 1 });
  });

  it('lays a smaller maze on the top-left of the canvas: pad / ignore outside, charset ids inside', () => {
    const p = maze11Plugin.parse(NON_SQUARE);
    const a = maze11Plugin.solveSymbolic(p).solutions[0]!;
    const enc = maze11Plugin.encode(p, a);
    expect(enc.inputs).toHaveLength(1);
    expect(enc.puzzleIdentifiers).toEqual([0]);
    const inp = enc.inputs[0]!;
    const lab = enc.labels![0]!;
    expect(inp).toHaveLength(121);
    for (let r = 0; r < 11; r++) {
      for (let c = 0; c < 11; c++) {
        const inside = r < p.rows && c < p.cols;
        const ch = inside ? NON_SQUARE[r]![c]! : '';
        expect(inp[r * 11 + c]).toBe(inside ? '# SGo'.indexOf(ch) + 1 : 0);
        expect(lab[r * 11 + c]).toBe(inside ? a.cells[r * p.cols + c]! + 1 : IGNORE_LABEL_ID);
      }
    }
    expect(lab.filter((x) => x === Cell.PATH + 1).length).toBeGreaterThan(0); // 'o' = id 5
    expect(maze11Plugin.encode(p).labels).toBeUndefined();
  });

  it('round-trips: decode(encode(answer).labels) = answer, on a full 30×30 canvas too', () => {
    const ex = mazePlugin.generate(createRng(9));
    const enc = mazePlugin.encode(ex.puzzle, ex.answer);
    expect(enc.labels![0]!.every((x) => x >= 1 && x <= 5)).toBe(true); // every canvas cell is maze
    expect(mazeEquals(mazePlugin.decode(enc.labels!, ex.puzzle), ex.answer)).toBe(true);
    expect(mazeEquals(mazePlugin.decode(enc.inputs, ex.puzzle), ex.puzzle)).toBe(true);
    const p = maze11Plugin.parse(NON_SQUARE);
    const a = maze11Plugin.solveSymbolic(p).solutions[0]!;
    expect(mazeEquals(maze11Plugin.decode(maze11Plugin.encode(p, a).labels!, p), a)).toBe(true);
  });

  it('decode never throws: bad ids fall back to the puzzle cell', () => {
    const p = maze11Plugin.parse(NON_SQUARE);
    const junk = new Int32Array(121);
    const rng = createRng(1);
    for (let i = 0; i < 121; i++) junk[i] = [0, -100, 6, 99, -1][rng.int(5)]!;
    expect(mazeEquals(maze11Plugin.decode([junk], p), p)).toBe(true);
    expect(mazeEquals(maze11Plugin.decode([], p), p)).toBe(true);
    expect(mazeEquals(maze11Plugin.decode([new Int32Array(3)], p), p)).toBe(true);
    const allPath = new Int32Array(121).fill(5);
    const d = maze11Plugin.decode([allPath], p);
    expect(d.cells.every((v) => v === Cell.PATH)).toBe(true);
    expect(maze11Plugin.verify(p, d).ok).toBe(false);
  });

  it('refuses to encode a maze larger than the canvas', () => {
    const big = mazePlugin.parse(Array.from({ length: 12 }, (_, r) => (r === 1 ? '#SG' + '#'.repeat(9) : '#'.repeat(12))));
    expect(() => maze11Plugin.encode(big)).toThrow(TrmError);
    expect(() => maze11Plugin.encode(big)).toThrow('maze is 12×12; the canvas is 11×11');
  });
});
