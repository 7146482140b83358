/**
 * The primitive families added from the failure taxonomy (docs/arc.md): for each, one hand-made
 * task that only it solves (the answer's program is the family's, and the answer is right), and
 * one task it must not solve (its learner or primitive refuses).
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, primitiveByName, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 60_000, maxDepth: 2, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;

describe('sight (line drawing): primitives/sight.ts', () => {
  // Marks on the top row and the right column; every crossing of a marked column and a marked row becomes 2.
  const marks = (n: number, cols: number[], rows: number[], cross: boolean): Grid => {
    const g = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const c of cols) g[0]![c] = 5;
    for (const r of rows) g[r]![n - 1] = 5;
    if (cross) for (const r of rows) for (const c of cols) g[r]![c] = 2;
    return g;
  };
  const pair = (n: number, cols: number[], rows: number[]) => ({ input: marks(n, cols, rows, false), output: marks(n, cols, rows, true) });
  const task: ArcTask = { train: [pair(6, [0, 2], [2, 4]), pair(7, [1, 3, 4], [3, 5]), pair(6, [1], [1, 3, 4])], test: [{ input: marks(7, [0, 2, 4], [2, 3, 6], false) }] };

  it('solves crossings of sight lines (sight.bg4), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^sight\.bg4\[/);
    expect(r.attempts[0]![0]).toEqual(marks(7, [0, 2, 4], [2, 3, 6], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a task where a non-background cell changes colour', () => {
    const t = { train: [{ input: [[1, 0], [0, 0]], output: [[2, 0], [0, 0]] }] };
    expect(learner('sight.bg4').fit(t.train.map((p) => p.input), t.train.map((p) => p.output))).toBeNull();
  });
});

describe('regions (fill enclosed areas): primitives/regions.ts', () => {
  // Holes of one cell become 6, holes of four cells 7, whatever the frame's colour.
  const task: ArcTask = {
    train: [
      { input: [[1, 1, 1, 0, 0, 0, 0, 0], [1, 0, 1, 0, 1, 1, 1, 1], [1, 1, 1, 0, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0, 1], [0, 0, 0, 0, 1, 1, 1, 1]], output: [[1, 1, 1, 0, 0, 0, 0, 0], [1, 6, 1, 0, 1, 1, 1, 1], [1, 1, 1, 0, 1, 7, 7, 1], [0, 0, 0, 0, 1, 7, 7, 1], [0, 0, 0, 0, 1, 1, 1, 1]] },
      { input: [[0, 0, 0, 0, 0, 0], [0, 5, 5, 5, 5, 0], [0, 5, 0, 0, 5, 0], [0, 5, 0, 0, 5, 0], [0, 5, 5, 5, 5, 0], [0, 0, 0, 0, 0, 0]], output: [[0, 0, 0, 0, 0, 0], [0, 5, 5, 5, 5, 0], [0, 5, 7, 7, 5, 0], [0, 5, 7, 7, 5, 0], [0, 5, 5, 5, 5, 0], [0, 0, 0, 0, 0, 0]] },
      { input: [[2, 2, 2, 0, 0], [2, 0, 2, 0, 0], [2, 2, 2, 0, 0], [0, 0, 0, 0, 0]], output: [[2, 2, 2, 0, 0], [2, 6, 2, 0, 0], [2, 2, 2, 0, 0], [0, 0, 0, 0, 0]] },
    ],
    test: [{ input: [[0, 0, 0, 0, 0, 0, 0, 0], [8, 8, 8, 8, 0, 3, 3, 3], [8, 0, 0, 8, 0, 3, 0, 3], [8, 0, 0, 8, 0, 3, 3, 3], [8, 8, 8, 8, 0, 0, 0, 0]] }],
  };

  it('fills holes by their size (region.holesize), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^region\.holesize\[/);
    expect(r.attempts[0]![0]).toEqual([[0, 0, 0, 0, 0, 0, 0, 0], [8, 8, 8, 8, 0, 3, 3, 3], [8, 7, 7, 8, 0, 3, 6, 3], [8, 7, 7, 8, 0, 3, 3, 3], [8, 8, 8, 8, 0, 0, 0, 0]]);
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a hole size the demonstrations never showed (no guess)', () => {
    const fitted = learner('region.holesize').fit(task.train.map((p) => p.input), task.train.map((p) => p.output))!;
    expect(fitted).not.toBeNull();
    // A 2-cell hole: never shown.
    expect(fitted.apply([[4, 4, 4, 4], [4, 0, 0, 4], [4, 4, 4, 4]])).toBeNull();
  });
});

describe('for each object (per-object transforms): primitives/foreach.ts', () => {
  const task: ArcTask = {
    train: [
      { input: [[0, 0, 0, 0, 0, 0, 0], [0, 1, 2, 0, 0, 0, 0], [0, 1, 0, 0, 3, 3, 4], [0, 0, 0, 0, 0, 0, 0]], output: [[0, 0, 0, 0, 0, 0, 0], [0, 2, 1, 0, 0, 0, 0], [0, 0, 1, 0, 4, 3, 3], [0, 0, 0, 0, 0, 0, 0]] },
      { input: [[5, 6, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 7, 7, 8], [0, 0, 7, 0, 0]], output: [[6, 5, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 8, 7, 7], [0, 0, 0, 0, 7]] },
      { input: [[0, 0, 0, 0], [0, 9, 1, 0], [0, 9, 0, 0], [0, 0, 0, 0]], output: [[0, 0, 0, 0], [0, 1, 9, 0], [0, 0, 9, 0], [0, 0, 0, 0]] },
    ],
    test: [{ input: [[2, 3, 3, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 4, 4, 0], [0, 0, 0, 0, 5, 0]] }],
  };

  it('mirrors every object in place (each_flip_h), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('each_flip_h');
    expect(r.attempts[0]![0]).toEqual([[3, 3, 2, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 4, 4, 0], [0, 0, 0, 5, 0, 0]]);
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a grid whose objects are all symmetric (nothing changes)', () => {
    expect(primitiveByName('each_flip_h')!.apply([[0, 1, 1, 0], [0, 0, 0, 0], [2, 0, 0, 2]])).toBeNull();
  });
});
