/**
 * `evaluateTask` (trm-sdk eval): rates per strategy, independently re-verified, and the share of
 * answer cells that match the known solution.
 */
import { describe, expect, it } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { evaluateTask } from '../../src/sdk/evaluate-task.js';

describe('evaluateTask', () => {
  it('reports verified rates and cell accuracy for neural-only and hybrid on generated 4×4 puzzles', async () => {
    const sdk = createSdk();
    const r = await evaluateTask(sdk, 'sudoku-4x4', { n: 12, seed: 7, strategies: ['neural-only', 'hybrid'] });
    expect(r.puzzles).toBe('generated');
    const [neural, hybrid] = r.strategies;
    expect(neural!.strategy).toBe('neural-only');
    expect(hybrid!.verified).toBe(12);
    expect(hybrid!.falselyVerified).toBe(0);
    // Generated puzzles have one solution: a verified answer is the solution, cell for cell.
    expect(hybrid!.cellAccuracy).toBe(1);
    // The shipped 4×4 model solves all 12 (seed 7) alone, in one step each; its answers are the solutions.
    expect(neural!.verified).toBe(12);
    expect(neural!.falselyVerified).toBe(0);
    expect(neural!.bySource).toEqual({ neural: 12 });
    expect(neural!.cellAccuracy).toBe(1);
  });

  it('without a model it runs symbolic-only, whose answers are the solution cell for cell', async () => {
    const sdk = createSdk({ models: 'none' });
    const r = await evaluateTask(sdk, 'sudoku-4x4', { n: 5, seed: 8 });
    expect(r.strategies.map((s) => s.strategy)).toEqual(['symbolic-only']);
    expect(r.strategies[0]!.cellAccuracy).toBe(1);
  });
});
