/**
 * Pattern completion (taxonomy: pattern-completion): for each new primitive file, one hand-made task
 * that only it solves (the answer's program uses it, the answer is right, verified where it should
 * be) and one grid it must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';
import { symFill, symShape, SYMSHAPE_GROUPS } from '../../../src/symbolic/arc/primitives/symmetry.js';
import { retile, skewRepair } from '../../../src/symbolic/arc/primitives/periodic.js';
import { bounce } from '../../../src/symbolic/arc/primitives/bounce.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 60_000, maxDepth: 2, validate: verifyArc });

/** Deterministic pseudo-random numbers (a small LCG), so the tasks are fixed. */
const rng = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);

describe('symmetry: primitives/symmetry.ts', () => {
  // A left-right symmetric picture whose axis is off the grid's middle (its first column cut off),
  // with a 2×2 block painted over in 5 (never in the last column, whose mirror image was cut off):
  // the answer is the picture.
  const picture = (seed: number, h: number, half: number): Grid => {
    const rand = rng(seed);
    return Array.from({ length: h }, () => {
      const left = Array.from({ length: half }, () => 1 + Math.floor(rand() * 4));
      return [...left, ...left.slice().reverse()].slice(1);
    });
  };
  const holed = (g: Grid, r: number, c: number): Grid => g.map((row, i) => row.map((v, j) => (i >= r && i < r + 2 && j >= c && j < c + 2 ? 5 : v)));
  const pair = (seed: number, h: number, half: number, r: number, c: number) => {
    const out = picture(seed, h, half);
    return { input: holed(out, r, c), output: out };
  };
  const test = pair(4, 7, 5, 2, 6);
  const task: ArcTask = { train: [pair(1, 6, 4, 1, 0), pair(2, 7, 5, 3, 5), pair(3, 8, 4, 5, 1)], test: [{ input: test.input }] };

  it('fills the hole from an off-centre mirror (symfill(5)), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^symfill\(5\)/);
    expect(r.attempts[0]![0]).toEqual(test.output);
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a grid with no symmetry to fill from', () => {
    const rand = rng(9);
    const g = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => 1 + Math.floor(rand() * 4)));
    g[2]![2] = 5;
    expect(symFill(g, 5)).toBeNull();
  });

  it('symshape refuses a picture that mostly disagrees with every quarter-turn centre', () => {
    const g = [[0, 0, 0, 0, 0, 0], [0, 1, 1, 1, 1, 0], [0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]];
    expect(symShape(g, SYMSHAPE_GROUPS.rot!)).toBeNull();
  });
});

describe('periodic: primitives/periodic.ts', () => {
  // Slanted stripes (colour = (2r + c) mod 5) on a 7×7 grid with unknown 0 cells: no rectangular
  // period fits in a grid this small, a slanted one does.
  const stripes = (): Grid => Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => 1 + ((2 * r + c) % 5)));
  const holes = (seed: number): Grid => {
    const rand = rng(seed);
    return stripes().map((row) => row.map((v) => (rand() < 0.3 ? 0 : v)));
  };
  const task: ArcTask = { train: [1, 2, 3].map((s) => ({ input: holes(s), output: stripes() })), test: [{ input: holes(4) }] };

  it('repairs slanted stripes (skewrepair(0)), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^skewrepair\(0\)/);
    expect(r.attempts[0]![0]).toEqual(stripes());
    expect(r.verification).toBe('demonstrations');
  });

  it('skewrepair refuses known cells that no lattice explains', () => {
    const rand = rng(5);
    const g = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => 1 + Math.floor(rand() * 5)));
    g[0]![0] = 0;
    expect(skewRepair(g, 0)).toBeNull();
  });

  it('retile repaints noise on stripes, and refuses a grid without noise', () => {
    const clean = Array.from({ length: 8 }, (_, r) => Array.from({ length: 8 }, () => (r % 2 ? 3 : 4)));
    const noisy = clean.map((row) => row.slice());
    noisy[1]![2] = 6;
    noisy[4]![5] = 6;
    expect(retile(noisy)).toEqual(clean);
    expect(retile(clean)).toBeNull();
  });
});

describe('bounce: primitives/bounce.ts', () => {
  // One pixel in the bottom-left corner; a diagonal line of its colour zigzags up between the side walls.
  const grid = (h: number, w: number, line: boolean): Grid => {
    const g = Array.from({ length: h }, () => new Array<number>(w).fill(0));
    let c = 0, dc = 1;
    for (let r = h - 1; r >= 0; r--) {
      if (r === h - 1 || line) g[r]![c] = 2;
      if (c + dc < 0 || c + dc >= w) dc = -dc;
      c += dc;
    }
    return g;
  };
  const task: ArcTask = {
    train: [[10, 2], [9, 3], [10, 4]].map(([h, w]) => ({ input: grid(h!, w!, false), output: grid(h!, w!, true) })),
    test: [{ input: grid(12, 5, false) }],
  };

  it('draws the bouncing line (bounce), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^bounce/);
    expect(r.attempts[0]![0]).toEqual(grid(12, 5, true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a pixel off the corners, or two pixels', () => {
    const g = grid(6, 4, false);
    expect(bounce([[0, 0, 0], [0, 0, 0], [0, 2, 0]])).toBeNull();
    g[0]![3] = 2;
    expect(bounce(g)).toBeNull();
  });
});
