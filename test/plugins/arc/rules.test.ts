import { describe, expect, it } from 'vitest';
import { checkRules, inferRules, isCropOf, parseArcTask, RULE_NAMES, type ArcTask, type Grid } from '../../../src/plugins/arc/index.js';
import { trimBackground } from '../../../src/symbolic/arc/grid/rules.js';
import { makeGrid } from './helpers.js';

/** A task from (input, output) shapes; inputs use colours 1–3, outputs colour `outColour`. */
function shapeTask(pairs: [number, number, number, number][], test: [number, number] = [5, 5], outColour = 1): ArcTask {
  return parseArcTask({
    train: pairs.map(([ih, iw, oh, ow]) => ({ input: makeGrid(ih, iw, (r, c) => 1 + ((r + c) % 3)), output: makeGrid(oh, ow, () => outColour) })),
    test: [{ input: makeGrid(test[0], test[1], (r, c) => 1 + ((r + c) % 3)) }],
  });
}

const names = (t: ArcTask): string[] => inferRules(t).map((r) => r.name);
const shapeNames = (t: ArcTask): string[] => inferRules(t).filter((r) => r.kind === 'shape').map((r) => r.name);
const broken = (t: ArcTask, candidate: Grid): string[] => checkRules(inferRules(t), t.test[0]!.input, candidate).map((v) => v.rule);

describe('shape rules: inferred when every pair shows them, and enforced', () => {
  it('same-shape-as-input', () => {
    const t = shapeTask([[3, 3, 3, 3], [2, 4, 2, 4], [6, 1, 6, 1]]);
    expect(shapeNames(t)).toEqual([RULE_NAMES.sameShape]);
    expect(broken(t, makeGrid(5, 5, () => 1))).toEqual([]);
    const vs = checkRules(inferRules(t), t.test[0]!.input, makeGrid(3, 4, () => 1));
    expect(vs).toEqual([{ rule: 'same-shape-as-input', message: 'shape 3×4 breaks rule same-shape-as-input (expected 5×5)' }]);
  });

  it('fixed-shape (inputs vary in both axes, outputs always 2×2 and not cut from the input)', () => {
    const t = shapeTask([[4, 5, 2, 2], [6, 7, 2, 2], [8, 3, 2, 2]], [9, 9], 7);
    expect(shapeNames(t)).toEqual([RULE_NAMES.fixedShape]);
    expect(inferRules(t)[0]!.describe()).toBe('output is always 2×2');
    expect(broken(t, makeGrid(2, 2, () => 7))).toEqual([]);
    expect(broken(t, makeGrid(3, 3, () => 7))).toEqual(['fixed-shape']);
  });

  it('scaled-shape ×2 and ×1/2', () => {
    const up = shapeTask([[2, 3, 4, 6], [3, 3, 6, 6], [1, 4, 2, 8]], [4, 2]);
    expect(shapeNames(up)).toEqual([RULE_NAMES.scaledShape]);
    expect(inferRules(up)[0]!.describe()).toContain('×2 rows, ×2 columns');
    expect(broken(up, makeGrid(8, 4, () => 1))).toEqual([]);
    expect(broken(up, makeGrid(4, 2, () => 1))).toEqual(['scaled-shape']);
    const down = shapeTask([[4, 6, 2, 3], [8, 2, 4, 1]], [6, 10]);
    expect(shapeNames(down)).toEqual([RULE_NAMES.scaledShape]);
    expect(broken(down, makeGrid(3, 5, () => 1))).toEqual([]);
    expect(broken(down, makeGrid(3, 4, () => 1))).toEqual(['scaled-shape']);
  });

  it('scaled-shape with one axis unchanged (×3 rows, ×1 columns)', () => {
    const t = shapeTask([[2, 3, 6, 3], [3, 5, 9, 5]], [4, 4]);
    expect(shapeNames(t)).toEqual([RULE_NAMES.scaledShape]);
    expect(broken(t, makeGrid(12, 4, () => 1))).toEqual([]);
    expect(broken(t, makeGrid(12, 12, () => 1))).toEqual(['scaled-shape']);
  });

  it('transposed-shape', () => {
    const t = shapeTask([[2, 3, 3, 2], [4, 1, 1, 4], [3, 3, 3, 3]], [2, 6]);
    expect(shapeNames(t)).toEqual([RULE_NAMES.transposedShape]);
    expect(broken(t, makeGrid(6, 2, () => 1))).toEqual([]);
    const vs = checkRules(inferRules(t), t.test[0]!.input, makeGrid(2, 6, () => 1));
    expect(vs.map((v) => v.message)).toEqual(['shape 2×6 breaks rule transposed-shape (expected 6×2)']);
  });

  it('offset-shape (+2 rows, +2 columns)', () => {
    const t = shapeTask([[3, 3, 5, 5], [4, 2, 6, 4]], [7, 1]);
    expect(shapeNames(t)).toEqual([RULE_NAMES.offsetShape]);
    expect(broken(t, makeGrid(9, 3, () => 1))).toEqual([]);
    expect(broken(t, makeGrid(9, 4, () => 1))).toEqual(['offset-shape']);
  });

  it('a non-integer expected shape rejects every candidate and says why', () => {
    const down = shapeTask([[4, 6, 2, 3], [8, 2, 4, 1]], [5, 4]);
    const [v] = checkRules(inferRules(down), down.test[0]!.input, makeGrid(2, 2, () => 1));
    expect(v!.message).toBe('shape 2×2 breaks rule scaled-shape (expected 2.50×2, which is not a whole grid)');
  });
});

describe('shape rules are not inferred when the pairs do not single them out', () => {
  it('one training pair gives no shape rule', () => {
    expect(shapeNames(shapeTask([[3, 3, 3, 3]]))).toEqual([]);
  });

  it('identical input shapes: fixed, scaled and offset all fit, so none is inferred', () => {
    // Like task 80af3007: 16×18 → 9×9 every time, then a 17×19 test input.
    expect(shapeNames(shapeTask([[16, 18, 9, 9], [16, 18, 9, 9], [16, 18, 9, 9]]))).toEqual([]);
  });

  it('an axis whose input size never varies does not fix a factor or an offset', () => {
    // Like task 93b4f4b3: widths 12 → 6 could be ×1/2 or −6.
    expect(shapeNames(shapeTask([[10, 12, 10, 6], [13, 12, 13, 6]]))).toEqual([]);
  });

  it('square inputs: transposed is indistinguishable from same-shape, so only same-shape', () => {
    expect(shapeNames(shapeTask([[3, 3, 3, 3], [5, 5, 5, 5]]))).toEqual([RULE_NAMES.sameShape]);
  });

  it('no fixed-shape when outputs are cut out of their inputs (size decided by content)', () => {
    const big = (h: number, w: number): Grid => makeGrid(h, w, (r, c) => (r * 5 + c * 3 + r * c) % 10);
    const pairs = [[6, 7], [8, 9], [10, 7]].map(([h, w]) => {
      const input = big(h!, w!);
      return { input, output: input.slice(1, 3).map((row) => row.slice(2, 4)) };
    });
    const t = parseArcTask({ train: pairs, test: [{ input: big(9, 9) }] });
    expect(t.train.every((p) => isCropOf(p.input, p.output))).toBe(true);
    expect(shapeNames(t)).toEqual([]);
    // The same outputs, not taken from the input, do give fixed-shape.
    const t2 = parseArcTask({ train: pairs.map((p) => ({ input: p.input, output: [[1, 1], [1, 1]] })), test: t.test });
    expect(t2.train.some((p) => isCropOf(p.input, p.output))).toBe(false);
    expect(shapeNames(t2)).toEqual([RULE_NAMES.fixedShape]);
  });

  it('isCropOf and trimBackground', () => {
    const g = [[1, 2, 3], [4, 5, 6]];
    expect(isCropOf(g, [[5, 6]])).toBe(true);
    expect(isCropOf(g, [[2], [5]])).toBe(true);
    expect(isCropOf(g, [[6, 5]])).toBe(false);
    expect(isCropOf(g, [[1, 2, 3, 4]])).toBe(false);
    expect(trimBackground([[0, 0, 0], [0, 3, 0], [0, 4, 0], [0, 0, 0]])).toEqual([[3], [4]]);
    expect(trimBackground([[0, 0], [0, 0]])).toBeNull();
    expect(trimBackground([[1]])).toEqual([[1]]);
  });
});

describe('colour rules', () => {
  const t = parseArcTask({
    train: [
      { input: [[1, 2], [2, 1]], output: [[2, 1], [1, 2]] },
      { input: [[3, 3], [1, 3]], output: [[1, 1], [3, 3]] },
    ],
    test: [{ input: [[4, 1], [1, 4]] }],
  });

  it('infers colours-known and colours-from-input when every output uses only its input colours', () => {
    expect(names(t)).toEqual(expect.arrayContaining([RULE_NAMES.coloursKnown, RULE_NAMES.coloursFromInput]));
  });

  it('colours-known: only colours of train outputs or the test input', () => {
    const vs = checkRules(inferRules(t), t.test[0]!.input, [[4, 1], [1, 7]]);
    expect(vs.map((v) => v.rule)).toEqual(['colours-known', 'colours-from-input']);
    expect(vs[0]!.message).toBe('colour 7 breaks rule colours-known (allowed: 1, 2, 3, 4)');
  });

  it('colours-from-input: colour 2 is known from training but not in this test input', () => {
    const vs = checkRules(inferRules(t), t.test[0]!.input, [[4, 1], [1, 2]]);
    expect(vs.map((v) => v.rule)).toEqual(['colours-from-input']);
    expect(vs[0]!.message).toContain('colour 2 breaks rule colours-from-input');
  });

  it('background 0 is always allowed by colours-from-input', () => {
    const withZero = parseArcTask({ ...t, train: [...t.train, { input: [[5, 5], [5, 5]], output: [[0, 5], [5, 0]] }] });
    expect(names(withZero)).toContain(RULE_NAMES.coloursFromInput);
    expect(checkRules(inferRules(withZero), withZero.test[0]!.input, [[0, 4], [1, 0]])).toEqual([]);
  });

  it('colours-from-input is not inferred when some output brings a new colour', () => {
    const t2 = parseArcTask({ ...t, train: [...t.train, { input: [[5, 5], [5, 5]], output: [[6, 5], [5, 5]] }] });
    expect(names(t2)).not.toContain(RULE_NAMES.coloursFromInput);
    expect(checkRules(inferRules(t2), t2.test[0]!.input, [[6, 4], [1, 2]])).toEqual([]);
  });

  it('every rule describes itself in one line', () => {
    for (const r of inferRules(t)) {
      expect(r.describe().length).toBeGreaterThan(10);
      expect(r.describe()).not.toContain('\n');
    }
  });
});
