/** Issue #23, D3 at the SDK: generate's numbers are finite safe integers, or TRM_ERR_INVALID_INPUT naming them. */
import { describe, expect, it } from 'vitest';
import { TrmError } from '../../src/errors.js';
import { createSdk } from '../../src/sdk/sdk.js';

const sdk = createSdk();

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof TrmError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
}

describe('sdk.generate numbers (issue #23, D3)', () => {
  it('seed, size and n: 1e400, -1, 1.5, NaN and Infinity are refused, naming the field', () => {
    for (const v of [1e400, -1, 1.5, NaN, Infinity]) {
      expect(codeOf(() => sdk.generate('sudoku', { seed: v })), `seed ${v}`).toMatch(/^TRM_ERR_INVALID_INPUT: seed /);
      if (v !== -1) expect(codeOf(() => sdk.generate('maze', { size: v })), `size ${v}`).toMatch(/^TRM_ERR_INVALID_INPUT: size /);
      expect(codeOf(() => sdk.generate('sudoku', { n: v })), `n ${v}`).toMatch(/^TRM_ERR_INVALID_INPUT: n /);
    }
    // A negative size is the task's to judge (the maze plugin: 5–30).
    expect(codeOf(() => sdk.generate('maze', { size: -1 }))).toMatch(/^TRM_ERR_INVALID_OPTIONS: size must be an integer from 5 to 30/);
    // seed=1e400 used to give the puzzle of seed 0; a good seed still reproduces its puzzle.
    expect(sdk.generate('sudoku', { seed: 5 })).toEqual(sdk.generate('sudoku', { seed: 5 }));
  });
});
