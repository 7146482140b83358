/**
 * The families of the `part` helper (hole-shape.ts, stamp-corner.ts, gap-tile.ts): for each, one
 * hand-made task that it solves (the answer's program is the family's, the answer right and
 * verified), and one input or task it must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, primitiveByName, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 20_000, maxDepth: 1, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;
const P = (name: string) => primitiveByName(name)!;
const blank = (h: number, w: number, v = 0): Grid => Array.from({ length: h }, () => new Array<number>(w).fill(v));

describe('hole-shape: primitives/hole-shape.ts', () => {
  // Hollow rectangles [top, left, height, width, colour]; filled: lying holes 7, standing holes 3.
  const draw = (rects: [number, number, number, number, number][], fill: boolean): Grid => {
    const g = blank(12, 12);
    for (const [t, l, h, w, k] of rects) for (let r = t; r < t + h; r++) for (let c = l; c < l + w; c++) {
      const rim = r === t || c === l || r === t + h - 1 || c === l + w - 1;
      g[r]![c] = rim ? k : fill ? (w > h ? 7 : 3) : 0;
    }
    return g;
  };
  const pair = (rects: [number, number, number, number, number][]) => ({ input: draw(rects, false), output: draw(rects, true) });
  const task: ArcTask = {
    train: [
      pair([[0, 0, 3, 6, 2], [5, 1, 6, 3, 4]]),
      pair([[1, 5, 7, 4, 1], [0, 0, 4, 5, 2]]),
      pair([[6, 0, 3, 8, 4], [0, 8, 5, 3, 1]]),
    ],
    // A colour (5) and sizes the demonstrations never showed: the hole's orientation decides.
    test: [{ input: draw([[0, 0, 4, 9, 5], [5, 6, 7, 4, 2]], false) }],
  };

  it('fills lying holes with one colour and standing holes with another (region.holeaspect), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/region\.holeaspect/);
    expect(r.attempts[0]![0]).toEqual(draw([[0, 0, 4, 9, 5], [5, 6, 7, 4, 2]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a hole shape the demonstrations never showed (a square hole)', () => {
    const f = learner('region.holeaspect').fit(task.train.map((p) => p.input), task.train.map((p) => p.output))!;
    expect(f).not.toBeNull();
    expect(f.apply(draw([[0, 0, 5, 5, 2]], false))).toBeNull();
  });
});

describe('stamp-corner: primitives/stamp-corner.ts', () => {
  // A template (a 2×3 block with a different-coloured cell) and dots of its colour; each dot becomes the copy's top-left cell.
  const draw = (dots: [number, number][], stamped: boolean): Grid => {
    const g = blank(10, 10);
    const tpl = [[4, 4, 4], [4, 6, 4]];
    const put = (r0: number, c0: number) => tpl.forEach((row, r) => row.forEach((v, c) => { g[r0 + r]![c0 + c] = v; }));
    put(0, 0);
    for (const [r, c] of dots) stamped ? put(r, c) : (g[r]![c] = 4);
    return g;
  };
  const pair = (dots: [number, number][]) => ({ input: draw(dots, false), output: draw(dots, true) });
  const task: ArcTask = {
    train: [pair([[4, 4]]), pair([[7, 1], [3, 6]]), pair([[0, 6], [8, 5]])],
    test: [{ input: draw([[5, 2], [2, 7]], false) }],
  };

  it('copies the template with its top-left corner on each dot (objstamptl), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('objstamptl');
    expect(r.attempts[0]![0]).toEqual(draw([[5, 2], [2, 7]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a dot with two templates of its colour, and a copy that would leave the grid', () => {
    const two = draw([[5, 2]], false);
    two[8]![0] = 4;
    two[8]![1] = 4;
    expect(P('objstamptl').apply(two)).toBeNull();
    expect(P('objstamptl').apply(draw([[9, 9]], false))).toBeNull();
  });
});

describe('gap-tile: primitives/gap-tile.ts', () => {
  const pic = (h: number, w: number, k: number): Grid => blank(h, w, k).map((row, r) => row.map((v, c) => ((r + c) % 3 ? v : 0)));
  const gapped = (p: Grid, n: number, down: boolean): Grid => {
    const h = p.length, w = p[0]!.length;
    const g = blank(down ? n * h + n - 1 : h, down ? w : n * w + n - 1);
    for (let i = 0; i < n; i++) p.forEach((row, r) => row.forEach((v, c) => { g[down ? i * (h + 1) + r : r]![down ? c : i * (w + 1) + c] = v; }));
    return g;
  };

  it('doubles a grid along its shorter side with a gap (gapdouble), verified', () => {
    const pair = (g: Grid) => ({ input: g, output: gapped(g, 2, g.length < g[0]!.length) });
    const task: ArcTask = {
      train: [pair(pic(2, 5, 3)), pair(pic(6, 3, 4)), pair(pic(3, 4, 2))],
      test: [{ input: pic(7, 2, 6) }],
    };
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('gapdouble');
    expect(r.attempts[0]![0]).toEqual(gapped(pic(7, 2, 6), 2, false));
    expect(r.verification).toBe('demonstrations');
  });

  it('gapdouble refuses a square grid', () => {
    expect(P('gapdouble').apply(pic(3, 3, 2))).toBeNull();
  });

  // A solid picture with a count bar of colour 1: right of its top row, or below its left column.
  const withBar = (p: Grid, n: number, down: boolean): Grid => {
    const h = p.length, w = p[0]!.length;
    const g = blank(down ? h + n : h, down ? w : w + n);
    p.forEach((row, r) => row.forEach((v, c) => { g[r]![c] = v; }));
    for (let i = 0; i < n; i++) down ? (g[h + i]![0] = 1) : (g[0]![w + i] = 1);
    return g;
  };
  const solid = (h: number, w: number, k: number): Grid => blank(h, w, k).map((row, r) => row.map((v, c) => (r === 1 && c === 1 ? 5 : v)));

  it('repeats the picture once more than its count bar is long (gaprepeat), verified', () => {
    const pair = (p: Grid, n: number, down: boolean) => ({ input: withBar(p, n, down), output: gapped(p, n + 1, down) });
    const task: ArcTask = {
      train: [pair(solid(3, 3, 4), 1, false), pair(solid(3, 4, 2), 2, true), pair(solid(4, 3, 6), 3, false)],
      test: [{ input: withBar(solid(3, 5, 8), 2, true) }],
    };
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('gaprepeat');
    expect(r.attempts[0]![0]).toEqual(gapped(solid(3, 5, 8), 3, true));
    expect(r.verification).toBe('demonstrations');
  });

  it('gaprepeat refuses a picture holding a 0, and a grid with no count bar', () => {
    const holed = withBar(solid(3, 3, 4), 2, false);
    holed[2]![2] = 0;
    expect(P('gaprepeat').apply(holed)).toBeNull();
    expect(P('gaprepeat').apply(solid(3, 3, 4))).toBeNull();
  });
});

describe('hole-fit: primitives/hole-fit.ts', () => {
  // A hollow frame of colour 8 with an empty h×w hole, and a picture of exactly that size elsewhere.
  const draw = (pic: Grid, fr: [number, number], at: [number, number], filled: boolean): Grid => {
    const g = blank(12, 12), h = pic.length, w = pic[0]!.length;
    for (let r = 0; r < h + 2; r++) for (let c = 0; c < w + 2; c++) g[fr[0] + r]![fr[1] + c] = 8;
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) g[fr[0] + 1 + r]![fr[1] + 1 + c] = filled ? pic[r]![c]! : 0;
    pic.forEach((row, r) => row.forEach((v, c) => { g[at[0] + r]![at[1] + c] = v; }));
    return g;
  };
  const pair = (pic: Grid, fr: [number, number], at: [number, number]) => ({ input: draw(pic, fr, at, false), output: draw(pic, fr, at, true) });
  const task: ArcTask = {
    train: [
      pair([[2, 2, 2], [2, 4, 2]], [6, 5], [0, 0]),
      pair([[0, 3, 0], [3, 1, 3], [0, 3, 0]], [0, 6], [7, 1]),
      pair([[6, 6], [6, 6], [1, 6]], [1, 1], [8, 8]),
    ],
    test: [{ input: draw([[5, 0, 5, 5], [5, 7, 7, 5]], [7, 6], [1, 1], false) }],
  };

  it('copies the picture into the empty frame of its size (holefit), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('holefit');
    expect(r.attempts[0]![0]).toEqual(draw([[5, 0, 5, 5], [5, 7, 7, 5]], [7, 6], [1, 1], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses two pictures that both fit the hole', () => {
    const g = draw([[2, 2], [2, 4]], [6, 5], [0, 0], false);
    g[0]![8] = 3;
    g[0]![9] = 3;
    g[1]![8] = 3;
    g[1]![9] = 3;
    expect(P('holefit').apply(g)).toBeNull();
  });
});

describe('twin-extra: primitives/twin-extra.ts', () => {
  // Blocks of colour 1; the first has a roof of colour 2 (offset above it), which the others gain.
  const draw = (blocks: [number, number][], roofs: boolean): Grid => {
    const g = blank(12, 12);
    blocks.forEach(([r0, c0], i) => {
      for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) g[r0 + r]![c0 + c] = 1;
      if (i === 0 || roofs) { g[r0 - 1]![c0 + 1] = 2; g[r0 - 1]![c0 + 2] = 2; g[r0 - 2]![c0 + 2] = 2; }
    });
    return g;
  };
  const pair = (blocks: [number, number][]) => ({ input: draw(blocks, false), output: draw(blocks, true) });
  const task: ArcTask = {
    train: [pair([[2, 0], [7, 6]]), pair([[8, 1], [3, 7]]), pair([[3, 3], [8, 0], [8, 7]])],
    test: [{ input: draw([[5, 7], [2, 0], [9, 2]], false) }],
  };

  it('adds the part one object has to its twins (twinextra), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('twinextra');
    expect(r.attempts[0]![0]).toEqual(draw([[5, 7], [2, 0], [9, 2]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses twins that are not alike', () => {
    const g = draw([[2, 0], [7, 6]], false);
    g[9]![6] = 3;
    expect(P('twinextra').apply(g)).toBeNull();
  });
});

describe('nesting: primitives/nesting.ts', () => {
  // An outer ring and an inner ring (colours per pair); dots of colour 6 survive only inside the inner ring.
  const ring = (g: Grid, t: number, l: number, h: number, w: number, k: number) => {
    for (let r = t; r < t + h; r++) for (let c = l; c < l + w; c++) if (r === t || c === l || r === t + h - 1 || c === l + w - 1) g[r]![c] = k;
  };
  const draw = (outer: number, inner: number, dots: [number, number][], erase: boolean): Grid => {
    const g = blank(12, 12);
    ring(g, 1, 1, 10, 10, outer);
    ring(g, 3, 3, 6, 6, inner);
    for (const [r, c] of dots) {
      const inside = r > 3 && r < 8 && c > 3 && c < 8;
      g[r]![c] = erase && !inside ? 0 : 6;
    }
    return g;
  };
  const pair = (o: number, i: number, dots: [number, number][]) => ({ input: draw(o, i, dots, false), output: draw(o, i, dots, true) });
  const task: ArcTask = {
    train: [pair(1, 3, [[5, 5], [2, 7]]), pair(2, 4, [[9, 2], [6, 4], [0, 11]]), pair(3, 1, [[4, 6], [2, 2], [11, 5]])],
    // Ring colours never shown together, dots at new places.
    test: [{ input: draw(7, 2, [[7, 7], [9, 9], [11, 0]], false) }],
  };

  it('keeps the dots inside two rings and erases the others (nest.depth), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^nest\.depth\(6\)/);
    expect(r.attempts[0]![0]).toEqual(draw(7, 2, [[7, 7], [9, 9], [11, 0]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a depth the demonstrations never showed', () => {
    const f = learner('nest.depth').fit(task.train.map((p) => p.input), task.train.map((p) => p.output))!;
    const g = draw(7, 2, [[5, 5]], false);
    ring(g, 4, 4, 4, 4, 5);
    expect(f.apply(g)).toBeNull();
  });
});

describe('centre-between: primitives/centre-between.ts', () => {
  // Two walls of colour 3 (rows), a dot of colour k between them; the dot moves to the middle row.
  const draw = (h: number, w: number, walls: [number, number], dot: [number, number, number], centred: boolean): Grid => {
    const g = blank(h, w);
    for (const r of walls) g[r]!.fill(3);
    g[centred ? (walls[0] + walls[1]) / 2 : dot[0]]![dot[1]] = dot[2];
    return g;
  };
  const pair = (h: number, w: number, walls: [number, number], dot: [number, number, number]) => ({ input: draw(h, w, walls, dot, false), output: draw(h, w, walls, dot, true) });
  const task: ArcTask = {
    train: [pair(8, 6, [1, 7], [2, 3, 4]), pair(9, 5, [0, 6], [5, 1, 2]), pair(10, 7, [2, 8], [7, 6, 8])],
    test: [{ input: draw(12, 8, [1, 11], [9, 2, 5], false) }],
  };

  it('moves the dot halfway between the walls (centrebetween), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('centrebetween');
    expect(r.attempts[0]![0]).toEqual(draw(12, 8, [1, 11], [9, 2, 5], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a gap with no exact middle and a dot outside the walls', () => {
    expect(P('centrebetween').apply(draw(9, 6, [1, 6], [2, 3, 4], false))).toBeNull();
    expect(P('centrebetween').apply(draw(9, 6, [1, 5], [7, 3, 4], false))).toBeNull();
  });
});

describe('crossings: primitives/crossings.ts', () => {
  // Full-width bars of colour b on rows; vertical lines of colour v; a line on top shows at its crossings.
  const draw = (h: number, w: number, b: number, bars: number[], v: number, lines: [number, boolean][], dropped: boolean): Grid => {
    const g = blank(h, w);
    for (const r of bars) g[r]!.fill(b);
    for (const [c, top] of lines) {
      if (dropped && !top) continue;
      for (let r = 0; r < h; r++) if (!bars.includes(r) || top) g[r]![c] = v;
    }
    return g;
  };
  const pair = (h: number, w: number, b: number, bars: number[], v: number, lines: [number, boolean][]) =>
    ({ input: draw(h, w, b, bars, v, lines, false), output: draw(h, w, b, bars, v, lines, true) });
  const task: ArcTask = {
    train: [
      pair(7, 7, 3, [1, 4], 2, [[1, true], [3, false], [5, false]]),
      pair(8, 6, 1, [3], 4, [[0, false], [4, true]]),
      pair(6, 8, 6, [2, 3], 9, [[2, false], [6, false], [7, true]]),
    ],
    test: [{ input: draw(9, 9, 5, [2, 6], 8, [[1, true], [4, false], [7, false]], false) }],
  };

  it('removes the lines that pass under the bars (dropunder), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('dropunder');
    expect(r.attempts[0]![0]).toEqual(draw(9, 9, 5, [2, 6], 8, [[1, true], [4, false], [7, false]], true));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a piece that ends at a bar (it does not pass under it)', () => {
    const g = blank(7, 7);
    g[3]!.fill(3);
    for (let r = 0; r < 3; r++) g[r]![2] = 2;
    expect(P('dropunder').apply(g)).toBeNull();
  });
});

describe('half-match: primitives/half-match.ts', () => {
  // Two 5×5 halves cut by a column of 5; right-half shapes that differ from the left's are erased.
  const half = (shapes: [number, number, number, number, number][]): Grid => {
    const g = blank(6, 5);
    for (const [t, l, h, w, k] of shapes) for (let r = t; r < t + h; r++) for (let c = l; c < l + w; c++) g[r]![c] = k;
    return g;
  };
  const join = (a: Grid, b: Grid): Grid => a.map((row, r) => [...row, 5, ...b[r]!]);
  const pair = (a: [number, number, number, number, number][], b: [number, number, number, number, number][], same: boolean[]) =>
    ({ input: join(half(a), half(b)), output: join(half(a), half(b.filter((_, i) => same[i]))) });
  const task: ArcTask = {
    train: [
      pair([[0, 0, 2, 2, 2], [3, 2, 3, 2, 3]], [[0, 0, 2, 2, 2], [3, 2, 3, 3, 3]], [true, false]),
      pair([[1, 1, 3, 3, 4]], [[1, 1, 3, 3, 6]], [false]),
      pair([[0, 3, 2, 2, 1], [4, 0, 2, 3, 8]], [[0, 3, 2, 2, 1], [4, 0, 2, 3, 8]], [true, true]),
    ],
    test: [{ input: join(half([[2, 2, 2, 2, 7], [0, 0, 1, 1, 3]]), half([[2, 2, 2, 2, 7], [0, 0, 1, 2, 3]])) }],
  };

  it('erases the right-half shapes the left half does not have (halfkeep), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('halfkeep');
    expect(r.attempts[0]![0]).toEqual(join(half([[2, 2, 2, 2, 7], [0, 0, 1, 1, 3]]), half([[2, 2, 2, 2, 7]])));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses halves of unequal size', () => {
    const g = join(half([[0, 0, 2, 2, 2]]), half([[0, 0, 2, 2, 2]])).map((row) => [...row, 0]);
    expect(P('halfkeep').apply(g)).toBeNull();
  });
});

describe('rect-denoise: primitives/rect-denoise.ts', () => {
  // Solid rectangles [top, left, height, width, colour] on 0, and noise dots of colour n on and beside them.
  const draw = (rects: [number, number, number, number, number][], dots: [number, number][], n: number): Grid => {
    const g = blank(10, 10);
    for (const [t, l, h, w, k] of rects) for (let r = t; r < t + h; r++) for (let c = l; c < l + w; c++) g[r]![c] = k;
    for (const [r, c] of dots) g[r]![c] = n;
    return g;
  };
  const pair = (rects: [number, number, number, number, number][], dots: [number, number][], n: number) => ({ input: draw(rects, dots, n), output: draw(rects, [], 0) });
  const task: ArcTask = {
    train: [
      pair([[1, 1, 4, 5, 2]], [[2, 2], [0, 7], [8, 3], [4, 5]], 5),
      pair([[5, 2, 3, 6, 3], [0, 0, 2, 3, 4]], [[6, 4], [9, 9], [1, 1], [3, 8]], 8),
      pair([[2, 4, 6, 4, 7]], [[0, 0], [3, 5], [7, 7], [5, 1], [9, 5]], 1),
      pair([[0, 5, 3, 5, 6], [6, 0, 4, 4, 9]], [[1, 6], [8, 2], [4, 4], [7, 8]], 3),
    ],
    test: [{ input: draw([[3, 3, 5, 6, 4]], [[4, 4], [6, 7], [1, 1], [9, 0]], 2) }],
  };

  it('redraws the rectangles without the noise dots (rectdenoise), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('rectdenoise');
    expect(r.attempts[0]![0]).toEqual(draw([[3, 3, 5, 6, 4]], [], 0));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a colour that has both dots and a larger piece', () => {
    expect(P('rectdenoise').apply(draw([[1, 1, 4, 5, 2]], [[8, 8]], 2))).toBeNull();
  });
});
