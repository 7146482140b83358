/**
 * The partition families (taxonomy category "partition": inputs cut into cells by separator lines):
 * for each new file, one hand-made task that only it solves (the answer's program uses it, the
 * answer is right and verified), and one task it must refuse.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { ARC_LEARNERS, primitiveByName, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { lattice } from '../../../src/symbolic/arc/primitives/cells.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const solve = (t: ArcTask) => solveArcProgram(t, { timeoutMs: 60_000, maxDepth: 2, validate: verifyArc });
const learner = (name: string) => ARC_LEARNERS.find((l) => l.name === name)!;

/**
 * A lattice grid: `spec[i][j]` is cell (i, j) as an s×s pattern (null: empty), cells of side `s`
 * separated by one-pixel lines of colour `sep`.
 */
function latticeGrid(spec: (Grid | null)[][], s: number, sep = 5): Grid {
  const R = spec.length, C = spec[0]!.length;
  const g: Grid = Array.from({ length: R * (s + 1) - 1 }, () => new Array<number>(C * (s + 1) - 1).fill(0));
  for (let r = 0; r < g.length; r++) for (let c = 0; c < g[0]!.length; c++) if (r % (s + 1) === s || c % (s + 1) === s) g[r]![c] = sep;
  spec.forEach((row, i) => row.forEach((cell, j) => cell?.forEach((pr, r) => pr.forEach((v, c) => { g[i * (s + 1) + r]![j * (s + 1) + c] = v; }))));
  return g;
}

describe('cell lattices: primitives/cells.ts', () => {
  it('parses unequal cells and ignores a colour that is not only on lines', () => {
    expect(lattice([[0, 5, 0, 0], [5, 5, 5, 5], [0, 5, 1, 0]])).toEqual({ sep: 5, bg: 0, rows: [[0, 1], [2, 3]], cols: [[0, 1], [2, 4]] });
    expect(lattice([[0, 5, 0], [5, 5, 5], [0, 5, 5]])).toBeNull();
  });

  // Two cells of one pattern in a row or column: the empty cells between them take the pattern.
  const A: Grid = [[2, 0], [2, 2]], B: Grid = [[3, 3], [0, 3]];
  const _ = null;
  const pair = (inp: (Grid | null)[][], out: (Grid | null)[][]) => ({ input: latticeGrid(inp, 2), output: latticeGrid(out, 2) });
  const task: ArcTask = {
    train: [
      pair([[A, _, _, A], [_, _, _, _], [B, _, _, _], [_, _, _, _]], [[A, A, A, A], [_, _, _, _], [B, _, _, _], [_, _, _, _]]),
      pair([[_, B, _, _], [_, _, _, A], [_, B, _, _], [_, _, _, A]], [[_, B, _, _], [_, B, _, A], [_, B, _, A], [_, _, _, A]]),
      pair([[A, _, A, _], [_, _, _, _], [_, _, B, _], [_, _, B, _]], [[A, A, A, _], [_, _, _, _], [_, _, B, _], [_, _, B, _]]),
    ],
    test: [{ input: latticeGrid([[_, _, _, _], [B, _, _, B], [_, A, _, _], [_, _, _, A]], 2) }],
  };

  it('joins equal cells along rows and columns (cellconnect), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('cellconnect');
    expect(r.attempts[0]![0]).toEqual(latticeGrid([[_, _, _, _], [B, B, B, B], [_, A, _, _], [_, _, _, A]], 2));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a lattice without two equal cells in a line, and a grid without a lattice', () => {
    const p = primitiveByName('cellconnect')!;
    expect(p.apply(latticeGrid([[A, _, B], [_, _, _]], 2))).toBeNull();
    expect(p.apply([[0, 1, 0], [1, 0, 1], [0, 1, 0]])).toBeNull();
  });
});

describe('cell tables: primitives/cell-tables.ts', () => {
  // One output pixel per cell: 4 where the cell has exactly two pixels, else 0 (the pixels' colour varies; three pixels, the most, give 0, so no rank rule fits).
  const dots = (cells: number[][], colour: number): Grid => {
    const pos: [number, number][] = [[0, 0], [2, 2], [0, 2], [2, 0], [1, 1]];
    return latticeGrid(cells.map((row) => row.map((n) => {
      const g: Grid = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      for (const [r, c] of pos.slice(0, n)) g[r]![c] = colour;
      return g;
    })), 3, 8);
  };
  const mark = (cells: number[][]): Grid => cells.map((row) => row.map((n) => (n === 2 ? 4 : 0)));
  const task: ArcTask = {
    train: [
      { input: dots([[2, 1, 0], [1, 2, 2], [0, 3, 1]], 6), output: mark([[2, 1, 0], [1, 2, 2], [0, 3, 1]]) },
      { input: dots([[1, 1, 2], [0, 2, 1], [2, 0, 1]], 3), output: mark([[1, 1, 2], [0, 2, 1], [2, 0, 1]]) },
      { input: dots([[0, 2, 1], [2, 1, 3], [1, 1, 2]], 7), output: mark([[0, 2, 1], [2, 1, 3], [1, 1, 2]]) },
    ],
    test: [{ input: dots([[1, 2, 2], [1, 0, 1], [2, 1, 0]], 9) }],
  };

  it('marks cells by their pixel count (cells.sum.count), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toMatch(/^cells\.sum\.count\{/);
    expect(r.attempts[0]![0]).toEqual(mark([[1, 2, 2], [1, 0, 1], [2, 1, 0]]));
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a count the demonstrations never showed (no guess)', () => {
    const fitted = learner('cells.sum.count').fit(task.train.map((p) => p.input), task.train.map((p) => p.output))!;
    expect(fitted).not.toBeNull();
    expect(fitted.apply(dots([[4, 1, 0], [1, 0, 1], [2, 1, 0]], 9))).toBeNull();
  });
});

describe('choosing a compartment: primitives/compartments.ts', () => {
  // The answer is the compartment with the most colours (cells of unequal size; the fullest cell is another).
  const task: ArcTask = {
    train: [
      {
        input: [[1, 1, 1, 5, 2, 0, 0], [1, 1, 0, 5, 0, 3, 0], [5, 5, 5, 5, 5, 5, 5], [0, 0, 0, 5, 4, 4, 0], [0, 6, 0, 5, 4, 0, 0]],
        output: [[2, 0, 0], [0, 3, 0]],
      },
      {
        input: [[7, 7, 5, 0, 0, 0], [7, 7, 5, 0, 8, 0], [7, 0, 5, 0, 0, 0], [5, 5, 5, 5, 5, 5], [0, 0, 5, 9, 0, 2], [0, 1, 5, 0, 3, 0]],
        output: [[9, 0, 2], [0, 3, 0]],
      },
      {
        input: [[4, 4, 4, 0, 5, 6], [5, 5, 5, 5, 5, 5], [0, 2, 0, 1, 5, 0], [0, 0, 0, 0, 5, 6], [4, 4, 4, 4, 5, 6]],
        output: [[0, 2, 0, 1], [0, 0, 0, 0], [4, 4, 4, 4]],
      },
    ],
    test: [{ input: [[3, 0, 5, 0, 0, 5, 1], [0, 2, 5, 7, 7, 5, 1], [5, 5, 5, 5, 5, 5, 5], [9, 9, 5, 4, 0, 5, 0]] }],
  };

  it('answers with the most colourful compartment (compartment.rank), verified', () => {
    const r = solve(task);
    expect(r.programs[0]!.text).toBe('compartment.rank.maxcolours');
    expect(r.attempts[0]![0]).toEqual([[3, 0], [0, 2]]);
    expect(r.verification).toBe('demonstrations');
  });

  it('refuses a tie (two compartments just as colourful)', () => {
    const fitted = learner('compartment.rank').fit(task.train.map((p) => p.input), task.train.map((p) => p.output))!;
    expect(fitted.text).toBe('compartment.rank.maxcolours');
    expect(fitted.apply([[3, 0, 5, 0, 0, 5, 1], [0, 2, 5, 7, 6, 5, 1], [5, 5, 5, 5, 5, 5, 5], [9, 9, 5, 4, 0, 5, 0]])).toBeNull();
  });
});
