import { describe, expect, it } from 'vitest';
import { composeTransforms, sampleComposite } from '../../../src/plugins/contract.js';
import { createRng } from '../../../src/util/rng.js';
import {
  ARC_AUGMENTATIONS,
  arcColourPermutation,
  arcDihedral,
  colourPermutationTransform,
  createArcTranslation,
  cropTopLeft,
  dihedral,
  DIHEDRAL_INVERSE,
  dihedralTransform,
  parseArcTask,
  SAMPLE_ROTATE,
  SAMPLE_SOLUTIONS,
  translateGrid,
  translationTransform,
  verifyArc,
  type ArcAnswer,
  type ArcTask,
  type Grid,
} from '../../../src/plugins/arc/index.js';
import { makeGrid } from './helpers.js';

const G: Grid = [[1, 2], [3, 4]];
const task: ArcTask = parseArcTask({
  id: 't',
  train: [
    { input: makeGrid(3, 5), output: makeGrid(2, 4, (r, c) => (r + c) % 10) },
    { input: makeGrid(1, 7), output: makeGrid(6, 2) },
  ],
  test: [{ input: makeGrid(4, 3), output: makeGrid(5, 5) }, { input: makeGrid(2, 9) }],
});
const answer: ArcAnswer = { attempts: [[makeGrid(5, 5), makeGrid(2, 3)], [makeGrid(7, 1)]] };

describe('dihedral', () => {
  it('matches numpy semantics for each of the 8 transforms', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => dihedral(G, k))).toEqual([
      [[1, 2], [3, 4]],
      [[2, 4], [1, 3]], // np.rot90 (counter-clockwise)
      [[4, 3], [2, 1]],
      [[3, 1], [4, 2]],
      [[2, 1], [4, 3]], // fliplr
      [[3, 4], [1, 2]], // flipud
      [[1, 3], [2, 4]], // transpose
      [[4, 2], [3, 1]], // anti-transpose
    ]);
  });

  it('DIHEDRAL_INVERSE undoes every transform on non-square grids', () => {
    const g = makeGrid(3, 7);
    for (let k = 0; k < 8; k++) expect(dihedral(dihedral(g, k), DIHEDRAL_INVERSE[k]!)).toEqual(g);
    expect(dihedral(g, 1)).toHaveLength(7);
  });

  it('transforms every grid of the task and every attempt; inverseAnswer is exact', () => {
    for (let k = 0; k < 8; k++) {
      const t = dihedralTransform(k);
      const p = t.puzzle(task);
      expect(p.id).toBe('t');
      expect(p.train[1]!.output).toEqual(dihedral(task.train[1]!.output, k));
      expect(p.test[0]!.output).toEqual(dihedral(task.test[0]!.output!, k));
      expect(p.test[1]!.output).toBeUndefined();
      expect(t.inverseAnswer(t.answer(answer))).toEqual(answer);
    }
  });
});

describe('colour permutation', () => {
  it('keeps 0, permutes 1–9, and inverts exactly', () => {
    const rng = createRng(3);
    for (let i = 0; i < 20; i++) {
      const t = arcColourPermutation.sample(rng);
      const perm = t.id.replace('colours:', '').split('').map(Number);
      expect(perm[0]).toBe(0);
      expect([...perm].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const p = t.puzzle(task);
      expect(p.train[0]!.input).toEqual(task.train[0]!.input.map((row) => row.map((c) => perm[c])));
      expect(t.inverseAnswer(t.answer(answer))).toEqual(answer);
    }
  });

  it('a fixed permutation maps as given', () => {
    const t = colourPermutationTransform([0, 2, 3, 4, 5, 6, 7, 8, 9, 1]);
    expect(t.answer({ attempts: [[[[0, 1, 9]]]] })).toEqual({ attempts: [[[[0, 2, 1]]]] });
  });
});

describe('translation', () => {
  it('translateGrid pads 0 on top and left; cropTopLeft undoes it', () => {
    expect(translateGrid(G, 1, 2)).toEqual([[0, 0, 0, 0], [0, 0, 1, 2], [0, 0, 3, 4]]);
    expect(cropTopLeft(translateGrid(G, 1, 2), 1, 2)).toEqual(G);
    expect(cropTopLeft([[5]], 3, 3)).toEqual([[5]]); // never below 1×1
  });

  it('shifts every grid by the same amount and keeps all within 30×30', () => {
    const t = translationTransform(25, 2);
    const p = t.puzzle(task);
    // Largest height in the task is 6, so room is 24 rows and 25 % 25 = 0; largest width 9 → room 21, 2 % 22 = 2.
    expect(p.train[1]!.output).toEqual(translateGrid(task.train[1]!.output, 0, 2));
    expect(p.test[0]!.input).toEqual(translateGrid(task.test[0]!.input, 0, 2));
    const t2 = translationTransform(5, 3);
    const p2 = t2.puzzle(task);
    expect(p2.test[1]!.input).toEqual(translateGrid(task.test[1]!.input, 5, 3));
    expect(t2.answer(answer).attempts[1]![0]).toEqual(translateGrid(answer.attempts[1]![0]!, 5, 3));
    expect(t2.inverseAnswer(t2.answer(answer))).toEqual(answer);
  });

  it('a 30×30 grid leaves no room: the shift is 0', () => {
    const big = parseArcTask({ train: [{ input: makeGrid(30, 30), output: [[1]] }], test: [{ input: [[2]] }] });
    const t = translationTransform(7, 9);
    expect(t.puzzle(big)).toEqual(big);
  });

  it('every sampled shift keeps every grid within 30×30', () => {
    const aug = createArcTranslation();
    const rng = createRng(11);
    for (let i = 0; i < 50; i++) {
      const p = aug.sample(rng).puzzle(task);
      for (const g of [...p.train.flatMap((q) => [q.input, q.output]), ...p.test.map((q) => q.input)]) {
        expect(g.length).toBeLessThanOrEqual(30);
        expect(g[0]!.length).toBeLessThanOrEqual(30);
      }
    }
  });
});

describe('composites', () => {
  it('sampleComposite of all families round-trips answers and keeps the input untouched', () => {
    const before = JSON.stringify(task);
    const rng = createRng(5);
    for (let i = 0; i < 40; i++) {
      const t = sampleComposite(ARC_AUGMENTATIONS, rng);
      t.puzzle(task);
      expect(t.inverseAnswer(t.answer(answer))).toEqual(answer);
    }
    expect(JSON.stringify(task)).toBe(before);
  });

  it('an augmented true solution passes verify on the augmented task (sample task)', () => {
    const sample = parseArcTask(SAMPLE_ROTATE);
    const truth: ArcAnswer = { attempts: [SAMPLE_SOLUTIONS['6150a2bd']!] };
    const rng = createRng(9);
    for (let i = 0; i < 30; i++) {
      const t = sampleComposite(ARC_AUGMENTATIONS, rng);
      const v = verifyArc(t.puzzle(sample), t.answer(truth));
      expect(v.violations, t.id).toEqual([]);
    }
  });

  it('dihedral then its inverse is the identity on a task', () => {
    const rng = createRng(1);
    const t = arcDihedral.sample(rng);
    const k = ['identity', 'rot90', 'rot180', 'rot270', 'flip-lr', 'flip-ud', 'transpose', 'anti-transpose'].indexOf(t.id.split(':')[1]!);
    const both = composeTransforms([t, dihedralTransform(DIHEDRAL_INVERSE[k]!)]);
    expect(both.puzzle(task)).toEqual(task);
  });
});
