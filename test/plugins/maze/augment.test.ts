import { describe, expect, it } from 'vitest';
import {
  DIHEDRAL_INVERSE, DIHEDRAL_NAMES, dihedralAugmentation, dihedralMaze, dihedralTransform, mazeEquals, mazePlugin, maze11Plugin, type Maze,
} from '../../../src/plugins/maze/index.js';
import { sampleComposite } from '../../../src/plugins/contract.js';
import { createRng } from '../../../src/util/rng.js';

// Non-square with a loop, so rotations must swap rows and cols and the shortest path is not forced.
const NON_SQUARE = ['###########', '#S    #   #', '# ### # # #', '# #     # #', '# # ### ###', '#   #    G#', '###########'];

function instances(): { puzzle: Maze; answer: Maze }[] {
  const p = mazePlugin.parse(NON_SQUARE);
  const out = [{ puzzle: p, answer: mazePlugin.solveSymbolic(p).solutions[0]! }];
  const ex = maze11Plugin.generate(createRng(5));
  out.push({ puzzle: ex.puzzle, answer: ex.answer });
  return out;
}

describe('maze dihedral augmentation', () => {
  it('matches numpy orientation on a 2×3 grid (rot90 is counter-clockwise, 7 = fliplr(rot90))', () => {
    const m: Maze = { rows: 2, cols: 3, cells: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const expected: [number, number, number[]][] = [
      [2, 3, [1, 2, 3, 4, 5, 6]],
      [3, 2, [3, 6, 2, 5, 1, 4]], // np.rot90
      [2, 3, [6, 5, 4, 3, 2, 1]],
      [3, 2, [4, 1, 5, 2, 6, 3]], // np.rot90(k=3)
      [2, 3, [3, 2, 1, 6, 5, 4]], // fliplr
      [2, 3, [4, 5, 6, 1, 2, 3]], // flipud
      [3, 2, [1, 4, 2, 5, 3, 6]], // transpose
      [3, 2, [6, 3, 5, 2, 4, 1]], // fliplr(rot90)
    ];
    expected.forEach(([rows, cols, cells], k) => {
      const t = dihedralMaze(m, k);
      expect({ k, rows: t.rows, cols: t.cols, cells: [...t.cells] }).toEqual({ k, rows, cols, cells });
    });
  });

  it('inverts exactly: inverseAnswer(answer(a)) = a for all 8, and the transformed answer verifies', () => {
    for (const { puzzle, answer } of instances()) {
      expect(mazePlugin.verify(puzzle, answer).ok).toBe(true);
      const images = new Set<string>();
      for (let k = 0; k < 8; k++) {
        const t = dihedralTransform(k);
        expect(t.id).toBe(`dihedral:${DIHEDRAL_NAMES[k]}`);
        const tp = t.puzzle(puzzle);
        const ta = t.answer(answer);
        expect(mazeEquals(t.inverseAnswer(ta), answer)).toBe(true);
        expect(mazeEquals(dihedralMaze(tp, DIHEDRAL_INVERSE[k]!), puzzle)).toBe(true);
        expect(mazePlugin.verify(tp, ta)).toEqual({ ok: true, violations: [] });
        const swapped = k === 1 || k === 3 || k === 6 || k === 7;
        expect([tp.rows, tp.cols]).toEqual(swapped ? [puzzle.cols, puzzle.rows] : [puzzle.rows, puzzle.cols]);
        images.add(mazePlugin.formatPuzzle(tp).join('\n'));
      }
      expect(images.size).toBe(8); // these mazes have no symmetry, so all 8 images differ
    }
  });

  it('samples transforms from the rng and composes with sampleComposite', () => {
    const rng = createRng(11);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(dihedralAugmentation.sample(rng).id);
    expect(seen.size).toBe(8);
    const [{ puzzle, answer }] = instances();
    const t = sampleComposite(mazePlugin.augmentations, createRng(3));
    expect(mazeEquals(t.inverseAnswer(t.answer(answer!)), answer!)).toBe(true);
    expect(mazePlugin.verify(t.puzzle(puzzle!), t.answer(answer!)).ok).toBe(true);
  });
});
