import { describe, it, expect } from 'vitest';
import { ERROR_CATALOGUE, TrmError, toTrmError } from '../../src/errors.js';
import { SDK_VERSION } from '../../src/version.js';
import pkg from '../../package.json' with { type: 'json' };

describe('error catalogue', () => {
  it('every code is TRM_ERR_* with an HTTP status in 400..599', () => {
    for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^TRM_ERR_[A-Z_]+$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('serialises to the REST error shape', () => {
    const e = new TrmError('TRM_ERR_INVALID_INPUT', 'row 3 has 10 cells, expected 9', { row: 3 });
    expect(e.status).toBe(400);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ error: { code: 'TRM_ERR_INVALID_INPUT', message: 'row 3 has 10 cells, expected 9', details: { row: 3 } } });
  });

  it('wraps foreign errors as TRM_ERR_INTERNAL keeping the cause', () => {
    const cause = new RangeError('boom');
    const e = toTrmError(cause);
    expect(e.code).toBe('TRM_ERR_INTERNAL');
    expect(e.cause).toBe(cause);
  });

  it('SDK_VERSION equals package.json version', () => {
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
