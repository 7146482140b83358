/** Shared helpers for the ARC plugin tests. */
import { expect } from 'vitest';
import { isTrmError } from '../../../src/errors.js';
import type { Grid } from '../../../src/plugins/arc/index.js';
import { arcDataDir } from '../../support/fixtures.js';

/** The ARC-AGI data folder, test/fixtures/data/arc (a missing file fails the test that reads it). */
export const ARC_DATA_DIR = arcDataDir();

/** Expects `fn` to throw a TrmError with `code` whose message matches `message`. */
export function expectTrmError(fn: () => unknown, code: string, message: RegExp | string): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a throw').toBeDefined();
  expect(isTrmError(caught), `expected a TrmError, got ${String(caught)}`).toBe(true);
  const err = caught as { code: string; message: string };
  expect(err.code).toBe(code);
  if (typeof message === 'string') expect(err.message).toContain(message);
  else expect(err.message).toMatch(message);
}

/** An h×w grid whose cell (r, c) is f(r, c). */
export function makeGrid(h: number, w: number, f: (r: number, c: number) => number = (r, c) => (r * 7 + c * 3) % 10): Grid {
  return Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => f(r, c)));
}
