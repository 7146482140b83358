/**
 * The selection / summary / scale / swap families (issue #19, taxonomy categories crop-selection,
 * summarise, counting-size, scale-tile): for each file, one hand-made task that only it solves (the
 * answer's program is the family's, the answer is right, verified) and one it must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, primitiveByName, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';
import { majority, separatorCells } from '../../../src/symbolic/arc/primitives/consensus.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 60_000, maxDepth: 2, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;
const P = (name: string) => primitiveByName(name)!;

describe('select: primitives/select.ts', () => {
  // A frame of colour f around a 2×2 window, with scattered noise outside; the frame colour changes per pair.
  const framed = (f: number, inside: Grid, noise: number): Grid => {
    const g = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
    for (let r = 2; r <= 5; r++) for (let c = 1; c <= 4; c++) g[r]![c] = r === 2 || r === 5 || c === 1 || c === 4 ? f : inside[r - 3]![c - 2]!;
    g[0]![6] = noise;
    g[6]![6] = noise;
    g[0]![0] = noise;
    return g;
  };
  const task: ArcTask = {
    train: [
      { input: framed(3, [[1, 2], [0, 1]], 5), output: [[1, 2], [0, 1]] },
      { input: framed(4, [[6, 6], [2, 0]], 1), output: [[6, 6], [2, 0]] },
      { input: framed(8, [[0, 7], [7, 7]], 2), output: [[0, 7], [7, 7]] },
    ],
    test: [{ input: framed(9, [[5, 0], [3, 5]], 6), output: [[5, 0], [3, 5]] }],
  };

  it('crops the framed window (window), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('window');
    expect(r.attempts[0]![0]).toEqual([[5, 0], [3, 5]]);
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a grid with two framed windows (which one is a guess)', () => {
    const g = framed(3, [[1, 2], [0, 1]], 0);
    g.push([4, 4, 4, 0, 0, 0, 0], [4, 0, 4, 0, 0, 0, 0], [4, 4, 4, 0, 0, 0, 0]);
    expect(P('window').apply(g)).toBeNull();
  });

  it('period: the minimal repeating tile, or null', () => {
    expect(P('period').apply([[1, 2, 1, 2], [3, 4, 3, 4], [1, 2, 1, 2]])).toEqual([[1, 2], [3, 4]]);
    expect(P('period').apply([[1, 2], [3, 4]])).toBeNull();
  });

  it('pick: learns the rule that singles the output object out, and refuses a tie', () => {
    // The top-most object is the output, whatever its size.
    const xs: Grid[] = [
      [[0, 2, 0, 0], [0, 0, 0, 0], [3, 3, 0, 0], [3, 3, 0, 0]],
      [[0, 0, 0, 0], [0, 0, 4, 4], [0, 0, 0, 0], [1, 0, 0, 0]],
    ];
    const ys: Grid[] = [[[2]], [[4, 4]]];
    const f = learner('pick').fit(xs, ys)!;
    expect(f.text).toMatch(/^pick\.(min\.top|max\.bottom)/);
    expect(f.apply([[0, 0, 0], [5, 5, 5], [0, 0, 0], [0, 6, 0]])).toEqual([[5, 5, 5]]);
    // Two objects on the top row: no single answer.
    expect(f.apply([[5, 0, 6], [0, 0, 0]])).toBeNull();
  });
});

describe('summary: primitives/summary.ts and consensus.ts', () => {
  // The colours, most frequent first, as a column.
  const task: ArcTask = {
    train: [
      { input: [[1, 1, 1, 0], [0, 2, 2, 0], [3, 0, 0, 0]], output: [[1], [2], [3]] },
      { input: [[4, 0, 0, 0], [6, 6, 0, 4], [6, 6, 6, 0]], output: [[6], [4]] },
      { input: [[0, 8, 0], [8, 8, 5], [9, 9, 9], [9, 9, 0]], output: [[9], [8], [5]] },
    ],
    test: [{ input: [[7, 7, 0, 2], [7, 7, 0, 0], [3, 0, 3, 0]], output: [[7], [3], [2]] }],
  };

  it('lists colours by count (colourlistv), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('colourlistv');
    expect(r.attempts[0]![0]).toEqual([[7], [3], [2]]);
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a tie in counts (the order would be a guess)', () => {
    expect(P('colourlistv').apply([[1, 1, 0], [2, 2, 0]])).toBeNull();
  });

  it('blockvote: one cell per separator cell, its majority colour', () => {
    const g = [[1, 1, 5, 0, 0], [1, 2, 5, 3, 0], [5, 5, 5, 5, 5], [0, 0, 5, 4, 4], [0, 0, 5, 0, 4]];
    expect(P('blockvote').apply(g)).toEqual([[1, 3], [0, 4]]);
    expect(majority([1, 2])).toBeNull();
    expect(separatorCells([[1, 2], [3, 4]])).toBeNull();
  });

  it('countbar: a count shown by two pairs only answers but is not verified (ConceptARC Count8)', () => {
    // The number of objects, as a column of 2s.
    const xs: Grid[] = [
      [[1, 0, 3], [0, 0, 0], [4, 0, 0]],
      [[1, 0, 3, 0, 5], [0, 0, 0, 0, 0], [4, 0, 6, 0, 0]],
      [[0, 0], [0, 7]],
    ];
    const ys: Grid[] = [[[2], [2], [2]], [[2], [2], [2], [2], [2]], [[2]]];
    const two = learner('countbar').fit(xs.slice(0, 2), ys.slice(0, 2))!;
    const three = learner('countbar').fit(xs, ys)!;
    expect(two.text).toBe('countbar.col.objects(2)');
    expect(two.apply([[5, 0], [0, 6]])).toEqual([[2], [2]]);
    expect(two.support!([[5, 0], [0, 6]])).toBe(1);
    expect(three.support!([[5, 0], [0, 6]])).toBe(3);
  });

  it('classify: a verdict table whose entries each need two pairs, refusing an unseen value', () => {
    const sym: Grid = [[1, 0, 1], [0, 1, 0]], asym: Grid = [[1, 1, 0], [0, 0, 1]];
    const xs = [sym, asym, [[2, 0, 2], [2, 0, 2]], [[0, 2, 2], [2, 2, 0]]];
    const ys: Grid[] = [[[1]], [[7]], [[1]], [[7]]];
    const f = learner('classify').fit(xs, ys)!;
    expect(f.text).toBe('classify.sym[2]');
    expect(f.apply([[3, 3, 0], [0, 0, 3]])).toEqual([[7]]);
    expect(f.support!([[3, 3, 0], [0, 0, 3]])).toBe(2);
    // A grid on another background (no 0): refused.
    expect(f.apply([[3, 3, 4], [4, 3, 3]])).toBeNull();
  });
});

describe('scale: primitives/scale.ts', () => {
  // Each cell becomes a k×k block, k = number of colours.
  const task: ArcTask = {
    train: [
      { input: [[1, 0], [0, 2]], output: [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 2, 2], [0, 0, 2, 2]] },
      { input: [[3, 4], [5, 0]], output: [[3, 3, 3, 4, 4, 4], [3, 3, 3, 4, 4, 4], [3, 3, 3, 4, 4, 4], [5, 5, 5, 0, 0, 0], [5, 5, 5, 0, 0, 0], [5, 5, 5, 0, 0, 0]] },
      { input: [[6, 0], [0, 7]], output: [[6, 6, 0, 0], [6, 6, 0, 0], [0, 0, 7, 7], [0, 0, 7, 7]] },
      { input: [[0, 2], [3, 4]], output: [[0, 0, 0, 2, 2, 2], [0, 0, 0, 2, 2, 2], [0, 0, 0, 2, 2, 2], [3, 3, 3, 4, 4, 4], [3, 3, 3, 4, 4, 4], [3, 3, 3, 4, 4, 4]] },
    ],
    test: [{ input: [[8, 0, 9]], output: [[8, 8, 0, 0, 9, 9], [8, 8, 0, 0, 9, 9]] }],
  };

  it('upscales by the number of colours (scalecountc), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('scalecountc');
    expect(r.attempts[0]![0]).toEqual(task.test[0]!.output);
    expect(r.verification).toBe('demonstrations');
  });

  it('grow: continues the repeating row to twice the width, refusing a colour no pair showed', () => {
    const xs: Grid[] = [[[0, 0, 0], [2, 3, 2]], [[1, 2, 2, 1]], [[0, 0, 0, 0], [3, 3, 1, 3]]];
    const ys: Grid[] = [[[0, 0, 0, 0, 0, 0], [2, 3, 2, 3, 2, 3]], [[1, 2, 2, 1, 2, 2, 1, 2]], [[0, 0, 0, 0, 0, 0, 0, 0], [3, 3, 1, 3, 3, 1, 3, 3]]];
    const f = learner('grow').fit(xs, ys)!;
    expect(f.text).toBe('grow[1nx2n]');
    expect(f.apply([[2, 1, 1, 2, 1]])).toEqual([[2, 1, 1, 2, 1, 1, 2, 1, 1, 2]]);
    expect(f.apply([[2, 7, 2, 7]])).toBeNull();
  });

  it('refuses a one-colour grid (factor 1 is no scaling)', () => {
    expect(P('scalecountc').apply([[1, 0], [0, 1]])).toBeNull();
    expect(P('fractalc').apply([[2, 0], [0, 3]])).toEqual([[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 3]]);
  });
});

describe('swap: primitives/swap.ts', () => {
  // The two colours exchange, whatever they are (a fixed colour map cannot learn this).
  const task: ArcTask = {
    train: [
      { input: [[1, 1, 2], [0, 2, 0]], output: [[2, 2, 1], [0, 1, 0]] },
      { input: [[3, 0], [4, 4], [3, 0]], output: [[4, 0], [3, 3], [4, 0]] },
      { input: [[5, 6, 6, 0]], output: [[6, 5, 5, 0]] },
    ],
    test: [{ input: [[7, 8], [8, 8], [0, 7]], output: [[8, 7], [7, 7], [0, 8]] }],
  };

  it('swaps the two colours (swap), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('swap');
    expect(r.attempts[0]![0]).toEqual([[8, 7], [7, 7], [0, 8]]);
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a grid of three colours', () => {
    expect(P('swap').apply([[0, 1, 2, 3]])).toBeNull();
    expect(P('swaph').apply([[1, 2, 3]])).toEqual([[3, 2, 1]]);
  });
});
