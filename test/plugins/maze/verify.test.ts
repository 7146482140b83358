import { describe, expect, it } from 'vitest';
import { Cell, mazePlugin, verifyMaze, type Maze } from '../../../src/plugins/maze/index.js';
import { createRng } from '../../../src/util/rng.js';

// S at (2,2), G at (4,5) (1-based). Shortest: down, down, right ×3 = 5 moves; the loop round the
// top and right side is 11 moves.
const LOOP = ['#########', '#S      #', '# ##### #', '#   G   #', '#########'];
const SOLVED = ['#########', '#S      #', '#o##### #', '#oooG   #', '#########'];
const LONGER = ['#########', '#Soooooo#', '# #####o#', '#   Gooo#', '#########'];

const puzzle = mazePlugin.parse(LOOP);
const answer = (rows: string[]): Maze => mazePlugin.parseAnswer(rows, puzzle);
const rules = (a: Maze, p: Maze = puzzle): string[] => verifyMaze(p, a).violations.map((v) => v.rule);

function edit(rows: string[], r: number, c: number, ch: string): string[] {
  const out = [...rows];
  out[r] = out[r]!.slice(0, c) + ch + out[r]!.slice(c + 1);
  return out;
}

describe('maze verify', () => {
  it('accepts the shortest path', () => {
    expect(mazePlugin.verify(puzzle, answer(SOLVED))).toEqual({ ok: true, violations: [] });
  });

  it('accepts a path between adjacent S and G with no o cells', () => {
    const p = mazePlugin.parse(['####', '#SG#', '####']);
    expect(verifyMaze(p, p).ok).toBe(true);
  });

  it('rejects a removed path cell as path-disconnected, saying where', () => {
    const v = verifyMaze(puzzle, answer(edit(SOLVED, 3, 2, ' ')));
    expect(v.ok).toBe(false);
    expect(v.violations.map((x) => x.rule)).toContain('path-disconnected');
    expect(v.violations.some((x) => x.where?.row === 4 && x.where?.col === 2)).toBe(true);
  });

  it('rejects a branch at the start and a branch in the middle as path-branches', () => {
    expect(rules(answer(edit(SOLVED, 1, 2, 'o')))).toContain('path-branches');
    const open = mazePlugin.parse(['#######', '#S    #', '#     #', '#    G#', '#######']);
    const path = ['#######', '#Soooo#', '#    o#', '#    G#', '#######'];
    expect(verifyMaze(open, mazePlugin.parseAnswer(path, open)).ok).toBe(true);
    const branched = verifyMaze(open, mazePlugin.parseAnswer(edit(path, 2, 3, 'o'), open));
    expect(branched.ok).toBe(false);
    const b = branched.violations.find((x) => x.rule === 'path-branches');
    expect(b?.where).toMatchObject({ row: 2, col: 4 });
  });

  it('rejects a path through a wall as path-on-wall', () => {
    // Through the wall at (3,3): S → (2,3) → (3,3)# → (4,3) → (4,4) → G is also 5 moves.
    const through = ['#########', '#So     #', '# o#### #', '# ooG   #', '#########'];
    const v = verifyMaze(puzzle, answer(through));
    expect(v.ok).toBe(false);
    expect(v.violations.find((x) => x.rule === 'path-on-wall')?.where).toEqual({ row: 3, col: 3 });
  });

  it('rejects a valid but longer path as path-not-shortest, with both lengths', () => {
    const v = verifyMaze(puzzle, answer(LONGER));
    expect(v.violations).toHaveLength(1);
    expect(v.violations[0]!.rule).toBe('path-not-shortest');
    expect(v.violations[0]!.where).toEqual({ length: 11, shortest: 5 });
    expect(v.violations[0]!.message).toBe('the path takes 11 steps but the shortest path from S to G takes 5');
  });

  it('rejects a changed wall and a moved start as cell-changed', () => {
    const wall = verifyMaze(puzzle, answer(edit(SOLVED, 2, 4, ' ')));
    expect(wall.violations.map((x) => x.rule)).toEqual(['cell-changed']);
    expect(wall.violations[0]!.where).toMatchObject({ row: 3, col: 5, expected: '#', found: ' ' });
    const moved = answer(edit(edit(SOLVED, 1, 1, ' '), 1, 2, 'S'));
    const mv = verifyMaze(puzzle, moved).violations.filter((x) => x.rule === 'cell-changed');
    expect(mv.map((x) => x.where)).toEqual([
      expect.objectContaining({ row: 2, col: 2, expected: 'S', found: ' ' }),
      expect.objectContaining({ row: 2, col: 3, expected: ' ', found: 'S' }),
    ]);
  });

  it('rejects an unmarked answer, a separate loop of o cells, and a wrong shape', () => {
    expect(rules(puzzle)).toEqual(['path-disconnected']);
    const open = mazePlugin.parse(['#########', '#S      #', '#       #', '#       #', '#      G#', '#########']);
    const good = ['#########', '#Soooooo#', '#      o#', '#      o#', '#      G#', '#########'];
    expect(verifyMaze(open, mazePlugin.parseAnswer(good, open)).ok).toBe(true);
    // A 2×2 block of o's: every cell touches exactly two others, so only connectivity catches it.
    const island = edit(edit(edit(edit(good, 3, 2, 'o'), 3, 3, 'o'), 4, 2, 'o'), 4, 3, 'o');
    const v = verifyMaze(open, mazePlugin.parseAnswer(island, open));
    expect(v.violations.map((x) => x.rule)).toEqual(['path-disconnected']);
    expect(v.violations[0]!.message).toContain('4 path cells are not connected');
    const wide = mazePlugin.parseAnswer(SOLVED.map((r) => r + '#'), puzzle);
    expect(rules(wide)).toEqual(['shape-mismatch']);
  });

  it('reports an unsolvable puzzle as no-path-possible', () => {
    const p = mazePlugin.parse(['#####', '#S# #', '### #', '#  G#', '#####']);
    expect(rules(p, p)).toEqual(['no-path-possible']);
  });

  it('never throws on well-typed garbage, and caps the listing', () => {
    const rng = createRng(7);
    for (let k = 0; k < 200; k++) {
      const cells = new Uint8Array(puzzle.cells.length);
      for (let i = 0; i < cells.length; i++) cells[i] = rng.next() < 0.1 ? rng.int(256) : rng.int(5);
      const v = verifyMaze(puzzle, { rows: puzzle.rows, cols: puzzle.cols, cells });
      // Random cells (10% of them out of range) never form a valid answer: rejected, with reasons.
      expect(v.ok).toBe(false);
      expect(v.violations.length).toBeGreaterThan(0);
    }
    const allPath = { rows: puzzle.rows, cols: puzzle.cols, cells: new Uint8Array(puzzle.cells.length).fill(Cell.PATH) };
    const v = verifyMaze(puzzle, allPath);
    expect(v.ok).toBe(false);
    expect(v.violations.filter((x) => x.rule === 'path-on-wall').length).toBeLessThanOrEqual(11);
    expect(v.violations.some((x) => x.message.includes('more path-on-wall'))).toBe(true);
    expect(verifyMaze(puzzle, { rows: 5, cols: 9, cells: new Uint8Array(3) }).violations[0]!.rule).toBe('shape-mismatch');
    const noStart = { rows: 2, cols: 2, cells: Uint8Array.from([1, 1, 1, Cell.GOAL]) };
    expect(rules(noStart, noStart)).toEqual(['puzzle-invalid']);
  });
});
