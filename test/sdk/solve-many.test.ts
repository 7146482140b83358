/** solveMany: one batched model call per step for all open puzzles, per-puzzle results and errors in input order. */
import { describe, expect, it } from 'vitest';
import { TrmError } from '../../src/errors.js';
import { createSdk } from '../../src/sdk/sdk.js';
import type { ModelStep, TaskModel, RefineContext } from '../../src/sdk/task-model.js';
import type { Encoded } from '../../src/plugins/contract.js';
import type { SolveResult } from '../../src/sdk/result.js';

describe('solveMany', () => {
  it('batches the neural stage: one refine call for 30 puzzles, same answers as one-by-one solves', async () => {
    const base = createSdk();
    const real = (await base.model('sudoku-4x4'))!;
    let calls = 0;
    let maxRows = 0;
    const counting: TaskModel = {
      id: real.id,
      backend: real.backend,
      maxSteps: real.maxSteps,
      refine(encoded: Encoded, steps: number, signal?: AbortSignal, context?: RefineContext): AsyncIterable<ModelStep> {
        calls++;
        maxRows = Math.max(maxRows, encoded.inputs.length);
        return real.refine(encoded, steps, signal, context);
      },
    };
    const sdk = createSdk({ models: 'none' });
    sdk.attachModel('sudoku-4x4', counting);
    const plugin = sdk.plugin('sudoku-4x4');
    const puzzles = sdk.generate('sudoku-4x4', { n: 30, seed: 11 }).map((e) => plugin.formatPuzzle(e.puzzle));
    const inputs: unknown[] = [...puzzles.slice(0, 10), '12', ...puzzles.slice(10)];
    const results = await sdk.solveMany('sudoku-4x4', inputs, { strategy: 'neural-only' });
    expect(results).toHaveLength(31);
    expect(calls).toBe(1);
    expect(maxRows).toBe(30);
    const bad = results[10];
    expect(bad).toBeInstanceOf(TrmError);
    expect((bad as TrmError).code).toBe('TRM_ERR_INVALID_INPUT');
    const good = results.filter((r): r is SolveResult<unknown, string> => !(r instanceof TrmError));
    expect(good).toHaveLength(30);
    // The shipped 4×4 model verifies these (in-distribution); each answer equals its single solve.
    for (let i = 0; i < 30; i++) {
      const single = await sdk.solve('sudoku-4x4', puzzles[i]!, { strategy: 'neural-only' });
      expect(good[i]!.formatted).toBe(single.formatted);
      expect(good[i]!.verified).toBe(single.verified);
    }
    expect(good.filter((r) => r.verified).length).toBeGreaterThanOrEqual(28);
  });

  it('runs the remaining stages per puzzle: hybrid fills in what the model did not verify', async () => {
    const sdk = createSdk();
    const plugin = sdk.plugin('sudoku');
    const puzzles = sdk.generate('sudoku', { n: 3, seed: 2 }).map((e) => plugin.formatPuzzle(e.puzzle));
    const results = await sdk.solveMany('sudoku', puzzles, { strategy: 'neural-first', maxSteps: 1 });
    for (const r of results) {
      expect(r).not.toBeInstanceOf(TrmError);
      expect((r as SolveResult).verified).toBe(true);
    }
  });

  it('refuses onStep (step events are per puzzle)', async () => {
    const sdk = createSdk({ models: 'none' });
    await expect(sdk.solveMany('sudoku-4x4', ['1.3..........4.2'], { onStep: () => {} })).rejects.toThrow(/onStep is per puzzle/);
  });
});
