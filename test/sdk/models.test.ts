/** Models add, never replace; sdk.loadModel loads now; a checkpoint for another task's tokens is refused naming both sides. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrmError } from '../../src/errors.js';
import { shippedModelPath } from '../../src/sdk/paths.js';
import { createSdk } from '../../src/sdk/sdk.js';

describe('models', () => {
  const s4 = shippedModelPath('sudoku-4x4')!;
  const s6 = shippedModelPath('sudoku-6x6')!;

  it('a models map adds to the shipped models instead of dropping them', () => {
    const sdk = createSdk({ models: { 'sudoku-6x6': s6 } });
    expect(sdk.modelFor('sudoku')).not.toBeNull();
    expect(sdk.modelFor('sudoku-4x4')).not.toBeNull();
    expect(sdk.modelFor('sudoku-6x6')).toContain(path.basename(path.dirname(s6)));
    const only = createSdk({ models: { 'sudoku-6x6': s6 }, shippedModels: false });
    expect(only.modelFor('sudoku')).toBeNull();
    expect(only.modelFor('sudoku-6x6')).not.toBeNull();
  });

  it('loadModel loads and attaches a checkpoint now', async () => {
    const sdk = createSdk({ models: 'none' });
    expect(sdk.modelFor('sudoku-4x4')).toBeNull();
    const m = await sdk.loadModel('sudoku-4x4', s4);
    expect(sdk.modelFor('sudoku-4x4')).toBe(m.id);
    const r = await sdk.solve('sudoku-4x4', '1.3..........4.2', { strategy: 'neural-only' });
    expect(r.source).toBe('neural');
  });

  it('a checkpoint whose tokens do not match the task is TRM_ERR_INVALID_CHECKPOINT naming both sides', async () => {
    const sdk = createSdk({ models: 'none' });
    let err: unknown;
    try {
      await sdk.loadModel('sudoku-4x4', s6);
    } catch (e) {
      err = e;
    }
    expect(isTrmError(err) && err.code).toBe('TRM_ERR_INVALID_CHECKPOINT');
    expect((err as Error).message).toMatch(/checkpoint vocab 8, task sudoku-4x4 expects 6; checkpoint sequence length 36, task sudoku-4x4 expects 16/);
    expect(sdk.modelFor('sudoku-4x4')).toBeNull();
  });
});
