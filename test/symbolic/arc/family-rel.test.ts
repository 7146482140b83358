/**
 * The relational object map (helper "rel"): primitives/object-relations.ts. One hand-made task that
 * only it solves (the answer's program is the family's, the answer right and verified), one it must
 * refuse, and one whose test grid the relation leaves as it is.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 20_000, maxDepth: 2, validate: verifyArc });
const fit = (name: string, t: ArcTask) => ARC_LEARNERS.find((l) => l.name === name)!.fit(t.train.map((p) => p.input), t.train.map((p) => p.output));

/** An h×w background grid with the given [row, col, colour] cells. */
const grid = (h: number, w: number, cells: readonly (readonly [number, number, number])[]): Grid => {
  const g = Array.from({ length: h }, () => new Array<number>(w).fill(0));
  for (const [r, c, v] of cells) g[r]![c] = v;
  return g;
};
const rect = (r0: number, c0: number, h: number, w: number, v: number): [number, number, number][] => {
  const out: [number, number, number][] = [];
  for (let r = r0; r < r0 + h; r++) for (let c = c0; c < c0 + w; c++) out.push([r, c, v]);
  return out;
};
/** A full-width separator row of colour 5. */
const line = (r: number, w: number) => rect(r, 0, 1, w, 5);

describe('object-relations (each object → action by its relation): primitives/object-relations.ts', () => {
  // The top-most object is deleted; all objects look alike, so only their relation tells them apart.
  const sq = (r: number, c: number) => rect(r, c, 2, 2, 3);
  const task: ArcTask = {
    train: [
      { input: grid(10, 10, [...sq(1, 6), ...sq(4, 1), ...sq(7, 4)]), output: grid(10, 10, [...sq(4, 1), ...sq(7, 4)]) },
      { input: grid(9, 10, [...sq(5, 0), ...sq(2, 3), ...sq(6, 7)]), output: grid(9, 10, [...sq(5, 0), ...sq(6, 7)]) },
      { input: grid(10, 9, [...sq(7, 0), ...sq(3, 6), ...sq(0, 3)]), output: grid(10, 9, [...sq(7, 0), ...sq(3, 6)]) },
    ],
    test: [{ input: grid(10, 10, [...sq(6, 0), ...sq(2, 7), ...sq(4, 4)]) }],
  };

  it('deletes the top-most object (objrel8.vext), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^objrel8\.vext\{lo:delete\}$/);
    expect(r.attempts[0]![0]).toEqual(grid(10, 10, [...sq(6, 0), ...sq(4, 4)]));
    expect(r.verification).toBe('demonstrations');
  });

  it('reads separator lines, dashed too (objrel8.side)', () => {
    // Everything below the (dashed) line goes; the same shapes and colours lie above it.
    const dashed = (r: number, w: number): [number, number, number][] => Array.from({ length: Math.ceil(w / 2) }, (_, i) => [r, 2 * i, 5]);
    const t: ArcTask = {
      train: [
        { input: grid(9, 9, [...rect(0, 1, 2, 2, 3), ...rect(1, 5, 1, 3, 4), ...line(3, 9), ...rect(5, 1, 2, 2, 3), ...rect(7, 5, 1, 3, 4)]), output: grid(9, 9, [...rect(0, 1, 2, 2, 3), ...rect(1, 5, 1, 3, 4), ...line(3, 9)]) },
        { input: grid(8, 9, [...rect(0, 6, 1, 3, 4), ...dashed(2, 9), ...rect(6, 4, 1, 3, 4)]), output: grid(8, 9, [...rect(0, 6, 1, 3, 4), ...dashed(2, 9)]) },
      ],
      test: [{ input: grid(9, 10, [...rect(0, 6, 2, 2, 3), ...line(4, 10), ...rect(6, 1, 2, 2, 3)]) }],
    };
    const f = fit('objrel8', t)!;
    expect(f.text).toBe('objrel8.side{1.0:delete}');
    expect(f.apply(t.test[0]!.input)).toEqual(grid(9, 10, [...rect(0, 6, 2, 2, 3), ...line(4, 10)]));
  });

  it('keeps a test grid whole when no object is the odd one out (objrel8.shapedup)', () => {
    // Objects whose shape occurs once are deleted; the test's shapes all come in pairs.
    const t: ArcTask = {
      train: [
        { input: grid(6, 8, [...rect(0, 0, 2, 2, 3), ...rect(0, 4, 2, 2, 4), ...rect(4, 0, 1, 3, 6)]), output: grid(6, 8, [...rect(0, 0, 2, 2, 3), ...rect(0, 4, 2, 2, 4)]) },
        { input: grid(6, 8, [...rect(0, 0, 1, 3, 2), ...rect(3, 4, 1, 3, 2), ...rect(3, 0, 3, 1, 4)]), output: grid(6, 8, [...rect(0, 0, 1, 3, 2), ...rect(3, 4, 1, 3, 2)]) },
      ],
      test: [{ input: grid(6, 8, [...rect(0, 0, 2, 1, 7), ...rect(3, 5, 2, 1, 8)]) }],
    };
    const f = fit('objrel8', t)!;
    expect(f.text).toBe('objrel8.shapedup{uniq:delete}');
    expect(f.apply(t.test[0]!.input)).toEqual(t.test[0]!.input);
  });

  it('refuses objects that move', () => {
    const t: ArcTask = {
      train: [{ input: grid(6, 6, [...rect(0, 0, 1, 2, 3), ...rect(4, 4, 1, 1, 2)]), output: grid(6, 6, [...rect(2, 0, 1, 2, 3), ...rect(4, 4, 1, 1, 2)]) }],
      test: [],
    };
    expect(fit('objrel8', t)).toBeNull();
    
  });
});
