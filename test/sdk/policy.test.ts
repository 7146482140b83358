/**
 * The cost-aware hybrid: a shipped model runs first only where its measured verified rate earns
 * it (tasks/<task>/model.json); neural-first keeps the old order; contradictions are found before
 * any neural step.
 */
import { describe, expect, it } from 'vitest';
import { isTrmError } from '../../src/errors.js';
import { createSdk } from '../../src/sdk/sdk.js';

const EASY9 = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';

describe('which solver goes first', () => {
  const sdk = createSdk();

  it('hybrid on 9×9: the shipped model (0% by itself, model.json) does not run before the solver', async () => {
    let steps = 0;
    const r = await sdk.solve('sudoku', EASY9, { onStep: () => void steps++ });
    expect(r.source).toBe('symbolic');
    expect(r.steps).toBe(0);
    expect(steps).toBe(0);
    expect(r.verified).toBe(true);
  });

  it('neural-first on 9×9 runs the model first, as before', async () => {
    const r = await sdk.solve('sudoku', EASY9, { strategy: 'neural-first', maxSteps: 2 });
    expect(r.steps).toBeGreaterThan(0);
    expect(r.verified).toBe(true);
  });

  it('hybrid on 4×4: the shipped model (100% by itself) runs first', async () => {
    const r = await sdk.solve('sudoku-4x4', '1.3..........4.2');
    expect(r.source).toBe('neural');
    expect(r.steps).toBe(1);
  });

  it('contradictory givens are TRM_ERR_UNSATISFIABLE before any neural step, even neural-only', async () => {
    let steps = 0;
    let err: unknown;
    try {
      await sdk.solve('sudoku-4x4', '11..............', { strategy: 'neural-only', onStep: () => void steps++ });
    } catch (e) {
      err = e;
    }
    expect(isTrmError(err) && err.code).toBe('TRM_ERR_UNSATISFIABLE');
    expect(steps).toBe(0);
  });
});
