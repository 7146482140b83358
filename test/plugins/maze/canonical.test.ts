import { describe, expect, it } from 'vitest';
import { sampleComposite } from '../../../src/plugins/contract.js';
import { dihedralMaze, mazeCanonicalKey, mazePlugin, maze11Plugin, type Maze } from '../../../src/plugins/maze/index.js';
import { createRng } from '../../../src/util/rng.js';

const NON_SQUARE = ['###########', '#S    #   #', '# ### # # #', '# #     # #', '# # ### ###', '#   #    G#', '###########'];

describe('maze canonical key', () => {
  const rng = createRng(77);
  const mazes: Maze[] = [mazePlugin.parse(NON_SQUARE), ...Array.from({ length: 20 }, () => maze11Plugin.generate(rng, { uniquePath: true }).puzzle)];

  it('is the same for all 8 dihedral transforms (square and non-square mazes)', () => {
    for (const m of mazes) {
      const key = maze11Plugin.canonicalKey(m);
      for (let k = 0; k < 8; k++) expect(mazeCanonicalKey(dihedralMaze(m, k))).toBe(key);
    }
  });

  it('is invariant under every augmentation the plugin samples (seeded property test)', () => {
    for (const m of mazes) {
      const key = maze11Plugin.canonicalKey(m);
      for (let i = 0; i < 16; i++) expect(maze11Plugin.canonicalKey(sampleComposite(maze11Plugin.augmentations, rng).puzzle(m))).toBe(key);
    }
  });

  it('differs for mazes that no symmetry maps onto each other', () => {
    const keys = mazes.map((m) => mazeCanonicalKey(m));
    expect(new Set(keys).size).toBe(mazes.length);
    // Moving the goal one cell changes the class.
    const moved = mazePlugin.parse(NON_SQUARE.map((r, i) => (i === 5 ? '#   #   G #' : r)));
    expect(mazeCanonicalKey(moved)).not.toBe(mazeCanonicalKey(mazes[0]!));
    // Swapping S and G is not a symmetry of the square.
    const swapped = mazePlugin.parse(NON_SQUARE.map((r) => r.replace('S', 'x').replace('G', 'S').replace('x', 'G')));
    expect(mazeCanonicalKey(swapped)).not.toBe(mazeCanonicalKey(mazes[0]!));
  });
});
