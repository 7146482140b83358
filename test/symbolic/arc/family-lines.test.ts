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
    const f = fit('rays8.line', task);
    expect(f).not.toBeNull();
    expect(f!.apply(task.test[0]!.input)).toBeNull();
  });

  it('refuses a task whose output changes a non-background cell', () => {
    const t: ArcTask = { train: [{ input: [[1, 0], [0, 0]], output: [[2, 2], [0, 0]] }], test: [] };
    expect(fit('rays.any.line', t)).toBeNull();
  });
});

describe('halo (stencils around pixels): primitives/halo.ts', () => {
  // Around every 1 a plus of 7s, around every 2 a diagonal cross of 4s; 5 is inert.
  const draw = (h: number, w: number, px: [number, number, number][], halo: boolean): Grid => {
    const g = blank(h, w);
    for (const [r, c, v] of px) g[r]![c] = v;
    if (halo) for (const [r, c, v] of px) {
      const offs = v === 1 ? [[-1, 0], [1, 0], [0, -1], [0, 1]] : v === 2 ? [[-1, -1], [-1, 1], [1, -1], [1, 1]] : [];
      for (const [dr, dc] of offs) if (g[r + dr!]?.[c + dc!] === 0) g[r + dr!]![c + dc!] = v === 1 ? 7 : 4;
    }
    return g;
  };
  const pair = (h: number, w: number, px: [number, number, number][]) => ({ input: draw(h, w, px, false), output: draw(h, w, px, true) });
  const task: ArcTask = {
    train: [pair(7, 7, [[1, 1, 1], [4, 4, 2], [6, 0, 5]]), pair(8, 7, [[2, 4, 2], [6, 1, 1], [0, 6, 5]]), pair(7, 8, [[3, 3, 1], [5, 6, 2], [0, 0, 5]])],
    test: [{ input: draw(9, 9, [[1, 6, 1], [4, 1, 2], [7, 5, 1], [8, 8, 5], [3, 4, 2]], false) }],
  };

  it('solves "a plus around every 1, an x around every 2" (halo3), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('halo3{1:+→7,2:x→4,5:-}');
    expect(r.attempts[0]![0]).toEqual(draw(9, 9, [[1, 6, 1], [4, 1, 2], [7, 5, 1], [8, 8, 5], [3, 4, 2]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a source colour the demonstrations never showed', () => {
    const f = fit('halo3', task)!;
    expect(f.apply(draw(5, 5, [[2, 2, 3]], false))).toBeNull();
  });
});

describe('boxfill (fill a bounding box): primitives/boxfill.ts', () => {
  // Two or three pixels of a colour span a rectangle, filled in their colour.
  const draw = (h: number, w: number, px: [number, number, number][], fill: boolean): Grid => {
    const g = blank(h, w);
    const byCol = new Map<number, [number, number][]>();
    for (const [r, c, v] of px) byCol.set(v, [...(byCol.get(v) ?? []), [r, c]]);
    for (const [v, cs] of byCol) {
      const rs = cs.map(([r]) => r), ks = cs.map(([, c]) => c);
      if (fill) for (let r = Math.min(...rs); r <= Math.max(...rs); r++) for (let c = Math.min(...ks); c <= Math.max(...ks); c++) g[r]![c] = v;
      else for (const [r, c] of cs) g[r]![c] = v;
    }
    return g;
  };
  const pair = (h: number, w: number, px: [number, number, number][]) => ({ input: draw(h, w, px, false), output: draw(h, w, px, true) });
  const task: ArcTask = {
    train: [pair(8, 8, [[1, 1, 3], [3, 4, 3], [5, 6, 2], [7, 7, 2]]), pair(8, 9, [[0, 5, 4], [2, 8, 4], [5, 0, 3], [7, 2, 3]]), pair(9, 8, [[1, 1, 6], [2, 3, 6], [6, 2, 1], [8, 6, 1]])],
    test: [{ input: draw(9, 9, [[0, 0, 7], [2, 4, 7], [5, 5, 8], [8, 8, 8]], false) }],
  };

  it('solves "two pixels span a rectangle in their colour" for unseen colours (boxfill.colour), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('boxfill.colour{same}');
    expect(r.attempts[0]![0]).toEqual(draw(9, 9, [[0, 0, 7], [2, 4, 7], [5, 5, 8], [8, 8, 8]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses when the filled cells of one box disagree', () => {
    const t: ArcTask = { train: [{ input: [[1, 0, 0], [0, 0, 1]], output: [[1, 2, 3], [3, 3, 1]] }], test: [] };
    expect(fit('boxfill.colour', t)).toBeNull();
  });
});

describe('elbow (L-shaped line between two pixels): primitives/elbow.ts', () => {
  // The 8 goes down its column to the 2's row, then across to the 2, in 4.
  const draw = (h: number, w: number, a: [number, number], b: [number, number], line: boolean): Grid => {
    const g = blank(h, w);
    if (line) {
      for (let r = Math.min(a[0], b[0]); r <= Math.max(a[0], b[0]); r++) g[r]![a[1]] = 4;
      for (let c = Math.min(a[1], b[1]); c <= Math.max(a[1], b[1]); c++) g[b[0]]![c] = 4;
    }
    g[a[0]]![a[1]] = 8;
    g[b[0]]![b[1]] = 2;
    return g;
  };
  const pair = (h: number, w: number, a: [number, number], b: [number, number]) => ({ input: draw(h, w, a, b, false), output: draw(h, w, a, b, true) });
  const task: ArcTask = {
    train: [pair(8, 8, [1, 1], [6, 5]), pair(9, 7, [7, 5], [2, 1]), pair(7, 9, [0, 7], [5, 2])],
    test: [{ input: draw(10, 10, [8, 2], [1, 8], false) }],
  };

  it('solves "join the 8 to the 2 by an L, vertical leg first" (elbow), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^elbow\{/);
    expect(r.attempts[0]![0]).toEqual(draw(10, 10, [8, 2], [1, 8], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a test grid with two 8s', () => {
    const f = fit('elbow', task)!;
    const g = draw(10, 10, [8, 2], [1, 8], false);
    g[0]![0] = 8;
    expect(f.apply(g)).toBeNull();
  });
});
