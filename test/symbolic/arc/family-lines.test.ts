/**
 * The line-drawing and fill families of the `lines` helper (rays.ts, elbow.ts, boxfill.ts, halo.ts):
 * for each, one hand-made task that only it solves (the answer's program is the family's, the answer
 * is right, and verified where it should be), and one task it must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 20_000, maxDepth: 1, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;
const blank = (h: number, w: number): Grid => Array.from({ length: h }, () => new Array<number>(w).fill(0));
const fit = (name: string, t: ArcTask) => learner(name).fit(t.train.map((p) => p.input), t.train.map((p) => p.output));

describe('rays (line drawing): primitives/rays.ts', () => {
  // Every pixel shoots a ray up and to the right, in its own colour, stopping at the edge.
  const draw = (h: number, w: number, px: [number, number, number][], rays: boolean): Grid => {
    const g = blank(h, w);
    for (const [r, c, v] of px) {
      g[r]![c] = v;
      if (rays) for (let y = r - 1, x = c + 1; y >= 0 && x < w; y--, x++) g[y]![x] = v;
    }
    return g;
  };
  const pair = (h: number, w: number, px: [number, number, number][]) => ({ input: draw(h, w, px, false), output: draw(h, w, px, true) });
  const task: ArcTask = {
    train: [pair(6, 6, [[5, 0, 1], [4, 3, 2]]), pair(7, 5, [[6, 1, 3], [3, 0, 1]]), pair(6, 7, [[5, 2, 2], [2, 1, 3]])],
    // Colour 6 was never shown: a per-cell table has no entry for it, the ray rule does.
    test: [{ input: draw(7, 7, [[6, 0, 6], [6, 4, 1]], false) }],
  };

  it('solves "every pixel shoots a diagonal ray in its colour" for an unseen colour (rays.any), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^rays\.any\.[a-z.]*\{UR\}/);
    expect(r.attempts[0]![0]).toEqual(draw(7, 7, [[6, 0, 6], [6, 4, 1]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('per-colour rays refuse a source colour the demonstrations never showed', () => {
    const f = fit('rays8.wall', task);
    expect(f).not.toBeNull();
    expect(f!.apply(task.test[0]!.input)).toBeNull();
  });

  it('refuses a task whose output changes a non-background cell', () => {
    const t: ArcTask = { train: [{ input: [[1, 0], [0, 0]], output: [[2, 2], [0, 0]] }], test: [] };
    expect(fit('rays.any.wall', t)).toBeNull();
  });
});
