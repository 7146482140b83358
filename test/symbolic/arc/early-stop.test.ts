/**
 * The search stops when it is done: once a program that would be verified is found, only rivals
 * within the ambiguity margin are searched for. Second attempts are plausible: right shape, not blank,
 * passing the validator. Bounds are counts of programs, never times.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { impliedShape, primitiveByName, searchArcPrograms, solveArcProgram } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';

const fractal = (g: Grid): Grid => primitiveByName('fractal')!.apply(g)!;

/** Like ARC 007bbfb7: each coloured cell of a 3×3 input becomes a copy of the input. */
function fractalTask(): ArcTask {
  const inputs: Grid[] = [
    [[0, 7, 7], [7, 7, 7], [0, 7, 7]],
    [[4, 0, 4], [0, 0, 0], [0, 4, 0]],
    [[0, 0, 0], [0, 0, 2], [2, 0, 2]],
  ];
  return { train: inputs.map((input) => ({ input, output: fractal(input) })), test: [{ input: [[6, 6, 0], [6, 0, 0], [0, 6, 6]] }] };
}

describe('a search that stops when it is done', () => {
  it('a verified one-primitive answer bounds the search to its rivals (cost ≤ 1 + margin): no depth-2 program is tried', () => {
    const task = fractalTask();
    const r = solveArcProgram(task, { timeoutMs: 60_000, maxDepth: 3, validate: verifyArc });
    expect(r.programs[0]!.text).toBe('fractal');
    expect(r.verification).toBe('demonstrations');
    expect(r.stats.costBound).toBeCloseTo(1.5, 6);
    expect(r.stats.timedOut).toBe(false);
    // Everything it tried fits in the exhaustive depth-1 search: nothing deeper was expanded.
    const depth1 = searchArcPrograms(task, { timeoutMs: 60_000, maxDepth: 1, wantPredictions: Infinity });
    expect(r.stats.tried).toBeLessThanOrEqual(depth1.stats.tried);
    expect(r.attempts[0]![0]).toEqual(fractal(task.test[0]!.input));
  });

  it('without an accepted program the bound stays open', () => {
    const r = searchArcPrograms(fractalTask(), { timeoutMs: 60_000, maxDepth: 1, accept: () => false });
    expect(r.stats.costBound).toBeUndefined();
  });
});

describe('second attempts', () => {
  it('impliedShape: the input shape when every pair keeps it; else the one output shape of inputs shaped like this one', () => {
    const keep: ArcTask = { train: [{ input: [[1, 2]], output: [[2, 1]] }], test: [{ input: [[1], [2]] }] };
    expect(impliedShape(keep, [[1], [2], [3]])).toEqual([3, 1]);
    const grow = fractalTask();
    expect(impliedShape(grow, [[1, 2, 3], [4, 5, 6], [7, 8, 9]])).toEqual([9, 9]);
    expect(impliedShape(grow, [[1, 2], [3, 4]])).toBeNull();
    const disagree: ArcTask = { train: [{ input: [[1, 2]], output: [[1]] }, { input: [[3, 4]], output: [[3, 4, 4]] }], test: [] };
    expect(impliedShape(disagree, [[5, 6]])).toBeNull();
  });

  it('a one-pair recolouring never gets a second attempt of another shape (it used to get a crop)', () => {
    const task: ArcTask = { train: [{ input: [[1, 1, 0], [0, 1, 0], [0, 0, 1]], output: [[2, 2, 0], [0, 2, 0], [0, 0, 2]] }], test: [{ input: [[1, 0, 1], [1, 1, 0], [0, 0, 0]] }] };
    const r = solveArcProgram(task, { timeoutMs: 60_000, maxDepth: 2, validate: verifyArc });
    expect(r.attempts[0]![0]).toEqual([[2, 0, 2], [2, 2, 0], [0, 0, 0]]);
    for (const g of r.attempts[0]!) expect([g.length, g[0]!.length]).toEqual([3, 3]);
  });
});

describe('evidence rule', () => {
  const prog = (text: string, cost: number, support: number, out: Grid) => ({ steps: [], learned: text, text, cost, support, predictions: [out] });
  it('verification looks at the best-supported of the programs that agree, not the first found', async () => {
    const { bestSupported } = await import('../../../src/symbolic/arc/index.js');
    const a = prog('a', 2, 1, [[1]]), b = prog('b', 2.3, 3, [[1]]), c = prog('c', 2.1, 5, [[2]]), d = prog('d', 2.9, 9, [[1]]);
    const weakness = (p: { support: number }) => (p.support < 2 ? 'thin' : undefined);
    // c disagrees, d is beyond the ambiguity margin: b stands for the prediction.
    expect(bestSupported([a, c, b, d], a, weakness).text).toBe('b');
    // With nothing better, the first stays.
    expect(bestSupported([a, c], a, weakness).text).toBe('a');
  });
});
