/**
 * fits-but-wrong fixes (ConceptARC): the middle family (primitives/middle.ts), the inside/outside
 * counts of `countbar` (primitives/summary.ts), the chained rules of a learner (Fitted.next, used by
 * `pick`), and the output shape a second attempt must have (index.ts impliedShape). Each: a
 * hand-made task the change solves, and one it must leave alone or refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, impliedShape, primitiveByName, searchArcPrograms, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 60_000, maxDepth: 1, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;
const P = (name: string) => primitiveByName(name)!;

describe('middle: primitives/middle.ts', () => {
  // A staircase of colour c, h rows tall (odd): row r has r + 1 cells; the answer is its middle row.
  const stairs = (h: number, w: number, c: number): Grid => Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, x) => (x <= r ? c : 0)));
  const task: ArcTask = {
    train: [
      { input: stairs(5, 6, 1), output: [[1, 1, 1, 0, 0, 0]] },
      { input: stairs(3, 4, 2), output: [[2, 2, 0, 0]] },
      { input: stairs(7, 7, 4), output: [[4, 4, 4, 4, 0, 0, 0]] },
    ],
    test: [{ input: stairs(9, 5, 6), output: [[6, 6, 6, 6, 6]] }],
  };

  it('answers the middle row (midrow)', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('midrow');
    expect(r.attempts[0]![0]).toEqual([[6, 6, 6, 6, 6]]);
  });

  it('refuses a grid with two middle lines', () => {
    expect(P('midrow').apply(stairs(4, 3, 1))).toBeNull();
    expect(P('midcol').apply(stairs(3, 4, 1))).toBeNull();
    expect(P('midcol').apply(stairs(3, 3, 1))).toEqual([[0], [1], [1]]);
  });
});

describe('countbar: inside / outside counts (primitives/summary.ts)', () => {
  // A 3×3 frame of colour 2 at the top left, `inside` dots in it (at most 1), `outside` dots of colour 1 below it, and an empty frame.
  const scene = (outside: number, withEmptyFrame: boolean): Grid => {
    const g = Array.from({ length: 9 }, () => new Array<number>(9).fill(0));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) if (r !== 1 || c !== 1) g[r]![c] = 2;
    g[1]![1] = 0;
    for (let i = 0; i < outside; i++) g[4 + 2 * (i >> 2)]![2 * (i & 3)] = 1;
    if (withEmptyFrame) for (let r = 0; r < 3; r++) for (let c = 5; c < 8; c++) if (r !== 1 || c !== 6) g[r]![c] = 2;
    return g;
  };
  const bar = (n: number): Grid => Array.from({ length: n }, () => [0]);

  it('counts the dots outside the frames, not the frames (countbar.col.outside)', () => {
    const xs = [scene(3, false), scene(1, true), scene(5, false)];
    const f = learner('countbar').fit(xs, [bar(3), bar(1), bar(5)])!;
    expect(f.text).toBe('countbar.col.outside(0)');
    expect(f.apply(scene(6, true))).toEqual(bar(6));
  });

  it('does not fit a count the outside dots do not give', () => {
    const f = learner('countbar').fit([scene(3, false), scene(1, true), scene(5, false)], [bar(2), bar(1), bar(4)]);
    expect(f?.text ?? '').not.toContain('outside');
  });
});

describe('learner rule chains (Fitted.next) and the second attempt shape', () => {
  // Two objects, one above the other; the output is the lower one. "max top" and "max bottom" both fit.
  // Objects [colour, first row, last row] as vertical bars; the lower one on the right unless `swap`.
  const two = (a: [number, number, number], b: [number, number, number], swap = false): Grid => {
    const g = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
    for (const [c, r0, r1] of [a, b]) for (let r = r0; r <= r1; r++) g[r]![(c === a[0]) !== swap ? 1 : 5] = c;
    return g;
  };
  const col = (c: number, n: number): Grid => Array.from({ length: n }, () => [c]);
  const train = [
    { input: two([3, 0, 1], [4, 3, 5]), output: col(4, 3) },
    { input: two([6, 1, 1], [2, 4, 7], true), output: col(2, 4) },
    { input: two([7, 0, 2], [8, 5, 6]), output: col(8, 2) },
  ];

  it('takes the next rule when the first cannot decide the test, and does not verify it', () => {
    // Both objects start on row 0: "max top" ties, "max bottom" picks the 9.
    const task: ArcTask = { train, test: [{ input: two([5, 0, 1], [9, 0, 4]) }] };
    const found = searchArcPrograms(task, { timeoutMs: 20_000, maxDepth: 0 }).programs.find((p) => p.text.startsWith('pick.'))!;
    expect(found.text).toBe('pick.max.bottom');
    expect(found.fallback).toBe(true);
    expect(found.predictions[0]).toEqual(col(9, 5));
    const r = solveArcProgram(task, { timeoutMs: 20_000, maxDepth: 0, validate: verifyArc });
    expect(r.verification).toBe('none');
  });

  it('keeps the first rule when it decides the test', () => {
    const task: ArcTask = { train, test: [{ input: two([5, 0, 1], [9, 3, 4]) }] };
    const found = searchArcPrograms(task, { timeoutMs: 20_000, maxDepth: 0 }).programs.find((p) => p.text.startsWith('pick.'))!;
    expect(found.text).toBe('pick.max.top');
    expect(found.fallback).toBeUndefined();
  });

  it('impliedShape: none when two pairs with one input shape have different output shapes', () => {
    const g = (h: number, w: number): Grid => Array.from({ length: h }, () => new Array<number>(w).fill(1));
    const varied: ArcTask = { train: [{ input: g(4, 4), output: g(1, 2) }, { input: g(4, 4), output: g(2, 2) }, { input: g(5, 5), output: g(3, 1) }], test: [{ input: g(5, 5) }] };
    expect(impliedShape(varied, g(5, 5))).toBeNull();
    const steady: ArcTask = { train: [{ input: g(4, 4), output: g(1, 2) }, { input: g(4, 4), output: g(1, 2) }, { input: g(5, 5), output: g(3, 1) }], test: [{ input: g(5, 5) }] };
    expect(impliedShape(steady, g(5, 5))).toEqual([3, 1]);
  });
});

describe('divider: primitives/divider.ts', () => {
  // Objects of colour 3 above and below a line of colour `c` at row d (dotted when `dots`); the output wipes below it.
  const scene = (d: number, c: number, dots: boolean): Grid => {
    const g = Array.from({ length: 9 }, () => new Array<number>(8).fill(0));
    g[d]!.forEach((_, x) => { if (!dots || x % 2 === 0) g[d]![x] = c; });
    g[0]![2] = 3;
    g[d + 2]![1] = g[d + 2]![2] = 3;
    g[8]![6] = 3;
    return g;
  };
  const wiped = (g: Grid, d: number): Grid => g.map((row, r) => (r > d ? row.map(() => 0) : row.slice()));
  const task: ArcTask = {
    train: [
      { input: scene(3, 4, false), output: wiped(scene(3, 4, false), 3) },
      { input: scene(5, 2, false), output: wiped(scene(5, 2, false), 5) },
      { input: scene(2, 9, true), output: wiped(scene(2, 9, true), 2) },
    ],
    test: [{ input: scene(4, 6, true), output: wiped(scene(4, 6, true), 4) }],
  };

  it('wipes everything below the one dividing line (clearbelow), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('clearbelow');
    expect(r.attempts[0]![0]).toEqual(wiped(scene(4, 6, true), 4));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a grid with two dividing lines, or none', () => {
    const two = scene(3, 4, false);
    two[6] = new Array<number>(8).fill(5);
    expect(P('clearbelow').apply(two)).toBeNull();
    expect(P('clearbelow').apply([[0, 3, 3, 0, 0, 0], [3, 3, 0, 0, 3, 0], [0, 0, 0, 0, 0, 0]])).toBeNull();
  });

  it('clearleft / clearright / clearabove are the same cut turned', () => {
    const g: Grid = [[1, 0, 5, 0, 2], [0, 0, 5, 2, 0], [0, 0, 5, 0, 0], [0, 1, 5, 0, 0], [0, 0, 5, 0, 0]];
    const side = (keepLeft: boolean): Grid => g.map((row) => row.map((v, c) => (c === 2 || (c < 2) === keepLeft ? v : 0)));
    expect(P('clearright').apply(g)).toEqual(side(true));
    expect(P('clearleft').apply(g)).toEqual(side(false));
    expect(P('clearabove').apply([[1, 1, 0, 0], [6, 6, 6, 6], [0, 2, 0, 0]])).toEqual([[0, 0, 0, 0], [6, 6, 6, 6], [0, 2, 0, 0]]);
  });
});
