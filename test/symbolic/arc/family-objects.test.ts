/**
 * The object families of the second round (issue #19, helper "objects"): for each new file under
 * primitives/, one hand-made task that only it solves (the answer's program is the family's, the
 * answer is right, verified where it should be) and one task it must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';
import { OBJECT_REPLACE } from '../../../src/symbolic/arc/primitives/object-replace.js';
import { OBJECT_STAMP } from '../../../src/symbolic/arc/primitives/object-stamp.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 20_000, maxDepth: 2, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;
const fit = (name: string, t: ArcTask) => learner(name).fit(t.train.map((p) => p.input), t.train.map((p) => p.output));

/** An h×w background grid with the given [row, col, colour] cells. */
const grid = (h: number, w: number, cells: readonly (readonly [number, number, number])[]): Grid => {
  const g = Array.from({ length: h }, () => new Array<number>(w).fill(0));
  for (const [r, c, v] of cells) g[r]![c] = v;
  return g;
};
/** A filled rectangle's cells. */
const rect = (r0: number, c0: number, h: number, w: number, v: number): [number, number, number][] => {
  const out: [number, number, number][] = [];
  for (let r = r0; r < r0 + h; r++) for (let c = c0; c < c0 + w; c++) out.push([r, c, v]);
  return out;
};

describe('motion (objects move toward an anchor): primitives/motion.ts', () => {
  // The red object slides toward the grey block (vertically or sideways) until it touches it.
  const L = (r: number, c: number): [number, number, number][] => [[r, c, 2], [r + 1, c, 2], [r + 1, c + 1, 2]];
  const shifted = (cells: [number, number, number][], dr: number, dc: number) => cells.map(([r, c, v]) => [r + dr, c + dc, v] as [number, number, number]);
  const task: ArcTask = {
    train: [
      { input: grid(8, 8, [...L(0, 2), ...rect(6, 2, 2, 2, 5)]), output: grid(8, 8, [...shifted(L(0, 2), 4, 0), ...rect(6, 2, 2, 2, 5)]) },
      { input: grid(7, 9, [...L(2, 7), ...rect(2, 0, 2, 2, 5)]), output: grid(7, 9, [...shifted(L(2, 7), 0, -5), ...rect(2, 0, 2, 2, 5)]) },
      { input: grid(9, 6, [...L(7, 3), ...rect(1, 3, 2, 3, 5)]), output: grid(9, 6, [...shifted(L(7, 3), -4, 0), ...rect(1, 3, 2, 3, 5)]) },
    ],
    test: [{ input: grid(8, 10, [...L(4, 0), ...rect(3, 8, 3, 2, 5)]) }],
  };

  it('moves each object toward the anchor colour until it touches (move8.colour), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('move8.colour{2:toward5,5:stay}');
    expect(r.attempts[0]![0]).toEqual(grid(8, 10, [...shifted(L(4, 0), 0, 6), ...rect(3, 8, 3, 2, 5)]));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a task whose objects change shape', () => {
    const t: ArcTask = { train: [{ input: grid(4, 4, rect(0, 0, 1, 2, 3)), output: grid(4, 4, rect(2, 0, 2, 2, 3)) }], test: [] };
    expect(fit('move8', t)).toBeNull();
    expect(fit('moveM', t)).toBeNull();
  });
});

describe('object-map (each object → action by a property): primitives/object-map.ts', () => {
  // Objects with a hole are mirrored left-right in place; solid ones are deleted.
  const C = (r: number, c: number, v: number): [number, number, number][] => [[r, c, v], [r, c + 1, v], [r, c + 2, v], [r + 1, c, v], [r + 2, c, v], [r + 2, c + 1, v], [r + 2, c + 2, v], [r + 1, c + 2, v], [r + 3, c, v]];
  const mirrored = (r: number, c: number, v: number): [number, number, number][] => C(r, c, v).map(([y, x, u]) => [y, 2 * c + 2 - x, u]);
  const task: ArcTask = {
    train: [
      { input: grid(10, 10, [...C(0, 0, 3), ...rect(6, 5, 3, 4, 4)]), output: grid(10, 10, mirrored(0, 0, 3)) },
      { input: grid(9, 9, [...C(5, 5, 6), ...rect(0, 0, 1, 3, 6), ...C(0, 4, 2)]), output: grid(9, 9, [...mirrored(5, 5, 6), ...mirrored(0, 4, 2)]) },
      { input: grid(8, 10, [...rect(0, 0, 3, 3, 1), ...C(3, 6, 1), ...rect(6, 1, 2, 1, 5)]), output: grid(8, 10, mirrored(3, 6, 1)) },
    ],
    test: [{ input: grid(10, 10, [...C(1, 1, 8), ...rect(7, 8, 2, 2, 9), ...C(5, 4, 7)]) }],
  };

  it('mirrors the objects with a hole and deletes the rest (objmap8.holes), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text, r.reason).toBe('objmap8.holes{true:fliph,false:delete}');
    expect(r.verification, r.reason).toBe('demonstrations');
    expect(r.attempts[0]![0]).toEqual(grid(10, 10, [...mirrored(1, 1, 8), ...mirrored(5, 4, 7)]));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses when equal objects are treated differently, and leaves a lone object to the whole-grid steps', () => {
    const twins: ArcTask = { train: [{ input: grid(5, 5, [...rect(0, 0, 2, 2, 3), ...rect(3, 3, 2, 2, 3)]), output: grid(5, 5, rect(0, 0, 2, 2, 3)) }], test: [] };
    expect(fit('objmap8', twins)).toBeNull();
    const lone: ArcTask = { train: [{ input: grid(4, 4, C(0, 0, 3)), output: grid(4, 4, mirrored(0, 0, 3)) }], test: [] };
    expect(fit('objmap8', lone)).toBeNull();
  });
});

describe('object-replace (targets become the template): primitives/object-replace.ts', () => {
  // The two-colour bar is the template; each grey bar of its shape becomes a copy; the template stays.
  const T = (r: number, c: number): [number, number, number][] => [[r, c, 2], [r, c + 1, 3], [r + 1, c + 1, 3]];
  const G = (r: number, c: number): [number, number, number][] => [[r, c, 5], [r, c + 1, 5], [r + 1, c + 1, 5]];
  const task: ArcTask = {
    train: [
      { input: grid(6, 6, [...T(0, 0), ...G(3, 3)]), output: grid(6, 6, [...T(0, 0), ...T(3, 3)]) },
      { input: grid(7, 7, [...T(4, 4), ...G(0, 0), ...G(0, 4)]), output: grid(7, 7, [...T(4, 4), ...T(0, 0), ...T(0, 4)]) },
      { input: grid(6, 8, [...T(3, 0), ...G(0, 5), ...rect(4, 5, 1, 1, 5)]), output: grid(6, 8, [...T(3, 0), ...T(0, 5), ...rect(4, 5, 1, 1, 5)]) },
    ],
    test: [{ input: grid(8, 8, [...G(0, 0), ...G(5, 2), ...T(2, 5)]) }],
  };

  it('paints the template over each object of its shape (objreplace), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text, r.reason).toBe('objreplace');
    expect(r.attempts[0]![0]).toEqual(grid(8, 8, [...T(0, 0), ...T(5, 2), ...T(2, 5)]));
    expect(r.verification, r.reason).toBe('demonstrations');
  });

  it('refuses a grid with two templates', () => {
    expect(OBJECT_REPLACE[0]!.apply(grid(6, 6, [...T(0, 0), ...T(3, 3), ...G(0, 4)]))).toBeNull();
  });
});

describe('object-stamp (the template copied onto marker pixels): primitives/object-stamp.ts', () => {
  const plus = (r: number, c: number, v: number): [number, number, number][] => [[r - 1, c, v], [r, c - 1, v], [r, c, v], [r, c + 1, v], [r + 1, c, v]];
  const task: ArcTask = {
    train: [
      { input: grid(8, 8, [...plus(1, 1, 4), [5, 5, 4]]), output: grid(8, 8, [...plus(1, 1, 4), ...plus(5, 5, 4)]) },
      { input: grid(9, 9, [...plus(6, 6, 3), [2, 2, 3], [2, 6, 3]]), output: grid(9, 9, [...plus(6, 6, 3), ...plus(2, 2, 3), ...plus(2, 6, 3)]) },
      { input: grid(8, 10, [...plus(4, 7, 2), [2, 2, 2]]), output: grid(8, 10, [...plus(4, 7, 2), ...plus(2, 2, 2)]) },
    ],
    test: [{ input: grid(10, 10, [...plus(2, 2, 6), [7, 3, 6], [5, 7, 6]]) }],
  };

  it('copies the shape centred on each dot of its colour (objstamp), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text, r.reason).toBe('objstamp');
    expect(r.attempts[0]![0]).toEqual(grid(10, 10, [...plus(2, 2, 6), ...plus(7, 3, 6), ...plus(5, 7, 6)]));
    expect(r.verification, r.reason).toBe('demonstrations');
  });

  it('refuses a template of even width (no centre) and a dot whose colour has two templates', () => {
    expect(OBJECT_STAMP[0]!.apply(grid(6, 6, [...rect(0, 0, 2, 2, 4), [4, 4, 4]]))).toBeNull();
    expect(OBJECT_STAMP[0]!.apply(grid(9, 9, [...plus(1, 1, 4), ...plus(6, 6, 4), [4, 1, 4]]))).toBeNull();
  });
});
