/**
 * The relative-motion family of the `motion` helper (motion-relative.ts): one hand-made task that
 * only it solves (the answer's program is the family's and the answer is right), and inputs it
 * must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 20_000, maxDepth: 1, validate: verifyArc });
const learner = ARC_LEARNERS.find((l) => l.name === 'moverel')!;
const fit = (t: ArcTask) => learner.fit(t.train.map((p) => p.input), t.train.map((p) => p.output));

/** A grid with filled rectangles [top, left, height, width, colour]. */
const draw = (h: number, w: number, rects: [number, number, number, number, number][]): Grid => {
  const g = Array.from({ length: h }, () => new Array<number>(w).fill(0));
  for (const [t, l, rh, rw, v] of rects) for (let r = t; r < t + rh; r++) for (let c = l; c < l + rw; c++) g[r]![c] = v;
  return g;
};

describe('moverel (relative motion): primitives/motion-relative.ts', () => {
  // A small square slides until it touches the big bar, whichever side the bar is on; colours change per pair.
  const task: ArcTask = {
    train: [
      { input: draw(8, 8, [[0, 2, 2, 2, 3], [6, 0, 2, 8, 5]]), output: draw(8, 8, [[4, 2, 2, 2, 3], [6, 0, 2, 8, 5]]) },
      { input: draw(8, 8, [[3, 0, 2, 2, 4], [0, 7, 8, 1, 6]]), output: draw(8, 8, [[3, 5, 2, 2, 4], [0, 7, 8, 1, 6]]) },
      { input: draw(8, 9, [[6, 5, 2, 2, 1], [0, 0, 2, 9, 2]]), output: draw(8, 9, [[2, 5, 2, 2, 1], [0, 0, 2, 9, 2]]) },
    ],
    test: [{ input: draw(9, 8, [[4, 6, 2, 2, 7], [0, 0, 9, 2, 8]]) }],
  };

  it('solves "the small shape slides until it touches the larger one" for an unseen side and colours', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('moverel{approach:any}');
    expect(r.attempts[0]![0]).toEqual(draw(9, 8, [[4, 2, 2, 2, 7], [0, 0, 9, 2, 8]]));
  });

  it('refuses a test input where two larger objects are met at the same distance', () => {
    const f = fit(task);
    expect(f).not.toBeNull();
    expect(f!.apply(draw(9, 9, [[4, 4, 1, 1, 7], [0, 0, 9, 2, 8], [0, 7, 9, 2, 8]]))).toBeNull();
  });

  it('refuses a task in which nothing moves in some pair', () => {
    const t: ArcTask = { train: [task.train[0]!, { input: task.train[1]!.output, output: task.train[1]!.output }], test: [] };
    expect(fit(t)).toBeNull();
  });

  it('answers a test input on which nothing moves unchanged, with no support (never verified)', () => {
    const f = fit(task)!;
    const still = draw(8, 8, [[4, 2, 2, 2, 3], [6, 0, 2, 8, 5]]);
    expect(f.apply(still)).toEqual(still);
    expect(f.support!(still)).toBe(0);
  });
});
