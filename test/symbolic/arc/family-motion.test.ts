/**
 * The relative-motion and border-line families of the `motion` helper (motion-relative.ts,
 * border-line.ts): for each, one hand-made task that only it solves (the answer's program is the
 * family's, the answer is right, and verified where it should be), and inputs it must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 20_000, maxDepth: 1, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;
const fit = (t: ArcTask, name = 'moverel') => learner(name).fit(t.train.map((p) => p.input), t.train.map((p) => p.output));

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

describe('borderline (a border line chosen by orientation): primitives/border-line.ts', () => {
  // Wide content gets a line of 1s along the top, tall content one along the left.
  const line = (g: Grid, side: 'top' | 'left'): Grid => g.map((row, r) => row.map((v, c) => ((side === 'top' ? r : c) === 0 ? 1 : v)));
  const wide = (h: number, w: number, r: number, v: number) => draw(h, w, [[r, 2, 2, 5, v]]);
  const tall = (h: number, w: number, c: number, v: number) => draw(h, w, [[2, c, 5, 2, v]]);
  const task: ArcTask = {
    train: [
      { input: wide(8, 9, 4, 3), output: line(wide(8, 9, 4, 3), 'top') },
      { input: tall(9, 8, 4, 5), output: line(tall(9, 8, 4, 5), 'left') },
      { input: wide(7, 8, 3, 6), output: line(wide(7, 8, 3, 6), 'top') },
      { input: tall(8, 7, 3, 2), output: line(tall(8, 7, 3, 2), 'left') },
    ],
    test: [{ input: tall(9, 9, 5, 4) }],
  };

  it('solves "a line on top when the content is wide, on the left when it is tall", verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^borderline\{box:h=top\/v=left/);
    expect(r.attempts[0]![0]).toEqual(line(tall(9, 9, 5, 4), 'left'));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a test input whose content is square (neither wide nor tall)', () => {
    const f = fit(task, 'borderline');
    expect(f).not.toBeNull();
    expect(f!.apply(draw(8, 8, [[2, 2, 3, 3, 4]]))).toBeNull();
  });

  it('refuses demonstrations that show only one orientation', () => {
    expect(fit({ train: [task.train[0]!, task.train[2]!], test: [] }, 'borderline')).toBeNull();
  });
});

describe('restack (objects laid out again in another order): primitives/restack.ts', () => {
  // Squares in a column, sorted from small (top) to large (bottom), one empty row between them.
  const stack = (w: number, sizes: [number, number][]): Grid => {
    const rects: [number, number, number, number, number][] = [];
    let r = 1;
    for (const [n, v] of sizes) { rects.push([r, 1, n, n, v]); r += n + 1; }
    return draw(r + 1, w, rects);
  };
  const task: ArcTask = {
    train: [
      { input: stack(6, [[3, 2], [1, 4], [2, 5]]), output: stack(6, [[1, 4], [2, 5], [3, 2]]) },
      { input: stack(7, [[4, 1], [2, 3]]), output: stack(7, [[2, 3], [4, 1]]) },
      { input: stack(6, [[2, 6], [3, 7], [1, 8]]), output: stack(6, [[1, 8], [2, 6], [3, 7]]) },
    ],
    test: [{ input: stack(7, [[4, 9], [2, 3], [3, 2], [1, 5]]) }],
  };

  it('solves "sort the squares by size, smallest on top", verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('restack{v,asc}');
    expect(r.attempts[0]![0]).toEqual(stack(7, [[1, 5], [2, 3], [3, 2], [4, 9]]));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a test input with two objects of one size', () => {
    const f = fit(task, 'restack');
    expect(f).not.toBeNull();
    expect(f!.apply(stack(6, [[2, 1], [1, 3], [2, 4]]))).toBeNull();
  });
});

describe('centremark (a dot in the middle of every outline): primitives/centre-mark.ts', () => {
  /** A square outline [top, left, side, colour], with its middle dot when `dot`. */
  const rings = (h: number, w: number, rs: [number, number, number, number][], dot: boolean): Grid => {
    const g = draw(h, w, rs.map(([t, l, n, v]): [number, number, number, number, number] => [t, l, n, n, v]));
    for (const [t, l, n] of rs) {
      for (let r = t + 1; r < t + n - 1; r++) for (let c = l + 1; c < l + n - 1; c++) g[r]![c] = 0;
      if (dot) g[t + (n - 1) / 2]![l + (n - 1) / 2] = g[t]![l]!;
    }
    return g;
  };
  const pair = (h: number, w: number, rs: [number, number, number, number][]) => ({ input: rings(h, w, rs, false), output: rings(h, w, rs, true) });
  const task: ArcTask = {
    train: [pair(8, 8, [[1, 1, 5, 3]]), pair(10, 10, [[0, 0, 3, 4], [4, 4, 5, 6]])],
    test: [{ input: rings(12, 12, [[1, 1, 7, 2], [2, 9, 3, 8]], false) }],
  };

  it('solves "a dot of the outline\'s colour in its middle" for unseen colours and sizes, verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('centremark{own}');
    expect(r.attempts[0]![0]).toEqual(rings(12, 12, [[1, 1, 7, 2], [2, 9, 3, 8]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a test input with an outline of even side (no middle cell)', () => {
    const f = fit(task, 'centremark');
    expect(f).not.toBeNull();
    expect(f!.apply(rings(10, 10, [[1, 1, 4, 2]], false))).toBeNull();
  });
});

describe('dotline (dotted lines made solid): primitives/dotted-line.ts', () => {
  /** A grid with dotted rows and columns [index, colour]; solid (row lines on top) when `solid`. */
  const lines = (h: number, w: number, rows: [number, number][], cols: [number, number][], solid: boolean): Grid => {
    const g = draw(h, w, []);
    for (const [c, v] of cols) for (let r = solid ? 0 : 1; r < h; r += solid ? 1 : 2) g[r]![c] = v;
    for (const [r, v] of rows) for (let c = 0; c < w; c += solid ? 1 : 2) g[r]![c] = v;
    return g;
  };
  const pair = (h: number, w: number, rows: [number, number][], cols: [number, number][]) => ({ input: lines(h, w, rows, cols, false), output: lines(h, w, rows, cols, true) });
  const task: ArcTask = {
    train: [pair(7, 7, [[2, 3]], [[5, 2]]), pair(8, 6, [[4, 1]], [[3, 6]]), pair(6, 8, [[0, 4]], [[1, 5]])],
    test: [{ input: lines(9, 9, [[6, 8]], [[3, 7], [7, 2]], false) }],
  };

  it('solves "dotted lines become solid, rows on top" for unseen colours, verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('dotline{rows}');
    expect(r.attempts[0]![0]).toEqual(lines(9, 9, [[6, 8]], [[3, 7], [7, 2]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a crossing on the test when the demonstrations showed none', () => {
    const f = fit({ train: [pair(7, 7, [[2, 3]], []), pair(8, 6, [], [[3, 6]])], test: [] }, 'dotline');
    expect(f).not.toBeNull();
    expect(f!.apply(lines(9, 9, [[6, 8]], [[3, 7]], false))).toBeNull();
  });
});

describe('orientfall (gravity whose side follows the orientation): primitives/orient-gravity.ts', () => {
  // Horizontal bars slide right, vertical bars fall down.
  const task: ArcTask = {
    train: [
      { input: draw(6, 8, [[1, 1, 1, 3, 2], [4, 2, 1, 4, 2]]), output: draw(6, 8, [[1, 5, 1, 3, 2], [4, 4, 1, 4, 2]]) },
      { input: draw(8, 6, [[1, 1, 3, 1, 3], [0, 4, 4, 1, 3]]), output: draw(8, 6, [[5, 1, 3, 1, 3], [4, 4, 4, 1, 3]]) },
      { input: draw(7, 7, [[2, 0, 1, 4, 5]]), output: draw(7, 7, [[2, 3, 1, 4, 5]]) },
      { input: draw(7, 7, [[1, 3, 4, 1, 6]]), output: draw(7, 7, [[3, 3, 4, 1, 6]]) },
    ],
    test: [{ input: draw(9, 9, [[0, 2, 3, 1, 4], [2, 6, 5, 1, 4]]) }],
  };

  it('solves "horizontal bars slide right, vertical ones fall down", verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^orientfall\{/);
    expect(r.attempts[0]![0]).toEqual(draw(9, 9, [[6, 2, 3, 1, 4], [4, 6, 5, 1, 4]]));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a test input that is neither horizontal nor vertical', () => {
    const f = fit(task, 'orientfall');
    expect(f).not.toBeNull();
    expect(f!.apply(draw(8, 8, [[2, 2, 3, 3, 7]]))).toBeNull();
  });
});

describe('boxoutline (broken frames closed): primitives/box-outline.ts', () => {
  /** The rim of [top, left, height, width] in colour v, with the cells `gaps` left out. */
  const frame = (h: number, w: number, [t, l, fh, fw, v]: [number, number, number, number, number], gaps: [number, number][]): Grid => {
    const g = draw(h, w, [[t, l, fh, fw, v]]);
    for (let r = t + 1; r < t + fh - 1; r++) for (let c = l + 1; c < l + fw - 1; c++) g[r]![c] = 0;
    for (const [r, c] of gaps) g[r]![c] = 0;
    return g;
  };
  const pair = (h: number, w: number, f: [number, number, number, number, number], gaps: [number, number][]) => ({ input: frame(h, w, f, gaps), output: frame(h, w, f, []) });
  const task: ArcTask = {
    train: [pair(8, 8, [1, 1, 5, 6, 4], [[1, 3], [3, 1], [5, 4]]), pair(9, 7, [0, 2, 7, 4, 6], [[2, 5], [6, 3], [4, 2]])],
    test: [{ input: frame(10, 10, [2, 1, 6, 7, 3], [[2, 3], [2, 4], [4, 7], [7, 2]]) }],
  };

  it('solves "close each broken frame" for an unseen colour, verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('boxoutline');
    expect(r.attempts[0]![0]).toEqual(frame(10, 10, [2, 1, 6, 7, 3], []));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a test input whose colour spans a box without an inside', () => {
    const f = fit(task, 'boxoutline');
    expect(f).not.toBeNull();
    expect(f!.apply(draw(6, 6, [[2, 0, 2, 1, 5], [2, 4, 2, 1, 5]]))).toBeNull();
  });
});
