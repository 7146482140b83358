import { describe, expect, it } from 'vitest';
import { Cell, hardMinPathLength, mazeEquals, mazePlugin, maze11Plugin, minPathLengthFor, type Maze } from '../../../src/plugins/maze/index.js';
import { countShortestPaths, shortestDistance } from '../../../src/symbolic/maze-bfs.js';
import { createRng } from '../../../src/util/rng.js';
import { TrmError } from '../../../src/errors.js';

function shortest(m: Maze): number {
  const passable = Uint8Array.from(m.cells, (v) => (v === Cell.WALL ? 0 : 1));
  return shortestDistance({ rows: m.rows, cols: m.cols, passable }, m.cells.indexOf(Cell.START), m.cells.indexOf(Cell.GOAL));
}

describe('maze generate', () => {
  it('documents its minimum lengths: longer than 110 at 30×30 (as Maze-Hard), 15 at 11×11', () => {
    expect(hardMinPathLength(30)).toBe(111);
    expect(hardMinPathLength(11)).toBe(15);
    expect(minPathLengthFor('medium', 30)).toBe(56);
  });

  it('makes a 30×30 Maze-Hard-like maze whose answer verifies and whose shortest path is > 110', () => {
    const ex = mazePlugin.generate(createRng(123));
    expect([ex.puzzle.rows, ex.puzzle.cols]).toEqual([30, 30]);
    expect(mazePlugin.verify(ex.puzzle, ex.answer)).toEqual({ ok: true, violations: [] });
    expect(shortest(ex.puzzle)).toBe(ex.difficulty);
    expect(ex.difficulty).toBeGreaterThan(110);
    // The puzzle text form round-trips through parse (exactly one S and G, no o).
    expect(mazeEquals(mazePlugin.parse(mazePlugin.formatPuzzle(ex.puzzle)), ex.puzzle)).toBe(true);
    // The border is wall.
    for (let i = 0; i < 30; i++) {
      expect(ex.puzzle.cells[i]).toBe(Cell.WALL);
      expect(ex.puzzle.cells[29 * 30 + i]).toBe(Cell.WALL);
      expect(ex.puzzle.cells[i * 30]).toBe(Cell.WALL);
      expect(ex.puzzle.cells[i * 30 + 29]).toBe(Cell.WALL);
    }
  });

  it('makes 11×11 mazes meeting their minimum, has loops, and is deterministic per seed', () => {
    const rng = createRng(77);
    let multi = 0;
    for (let k = 0; k < 20; k++) {
      const ex = maze11Plugin.generate(rng);
      expect(maze11Plugin.verify(ex.puzzle, ex.answer).ok).toBe(true);
      expect(ex.difficulty).toBeGreaterThanOrEqual(15);
      expect(shortest(ex.puzzle)).toBe(ex.difficulty);
      if (maze11Plugin.solveSymbolic(ex.puzzle, { limit: 2 }).count === 2) multi++;
    }
    expect(multi).toBeGreaterThan(0); // loops do create alternative shortest paths sometimes
    const a = maze11Plugin.generate(createRng(5));
    const b = maze11Plugin.generate(createRng(5));
    expect(mazeEquals(a.puzzle, b.puzzle)).toBe(true);
  });

  it('honours size, minPathLength, difficulty and uniquePath', () => {
    const rng = createRng(8);
    const ex = mazePlugin.generate(rng, { size: 15, minPathLength: 40, uniquePath: true });
    expect([ex.puzzle.rows, ex.puzzle.cols]).toEqual([15, 15]);
    expect(ex.difficulty).toBeGreaterThanOrEqual(40);
    const passable = Uint8Array.from(ex.puzzle.cells, (v) => (v === Cell.WALL ? 0 : 1));
    const c = countShortestPaths({ rows: 15, cols: 15, passable }, ex.puzzle.cells.indexOf(Cell.START), ex.puzzle.cells.indexOf(Cell.GOAL), 2);
    expect(c.count).toBe(1);
    const easy = maze11Plugin.generate(rng, { difficulty: 'easy' });
    expect(easy.difficulty).toBeGreaterThanOrEqual(minPathLengthFor('easy', 11));
    expect(maze11Plugin.verify(easy.puzzle, easy.answer).ok).toBe(true);
  });

  it('rejects bad options with TRM_ERR_INVALID_OPTIONS', () => {
    const rng = createRng(1);
    for (const opts of [{ size: 4 }, { size: 12 }, { size: 7.5 }, { difficulty: 'extreme' }, { minPathLength: 0 }, { minPathLength: 82 }, { loopFraction: 2 }]) {
      let err: unknown;
      try {
        maze11Plugin.generate(rng, opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TrmError);
      expect((err as TrmError).code).toBe('TRM_ERR_INVALID_OPTIONS');
    }
    // Feasible in principle but not for this generator: gives up with a clear message.
    expect(() => maze11Plugin.generate(rng, { minPathLength: 80 })).toThrow(/could not generate a 11×11 maze/);
  });
});
