/**
 * The budget of a solve that names none: the SDK's `defaultTimeoutMs`, else the plugin's own
 * (ARC: 10 s, so a default `solve('arc', task)` answers within 10 s), else 30 s. Observed as the
 * `timeoutMs` the plugin's program search is handed (never as a wall-clock assertion).
 */
import { describe, expect, it } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { arcPlugin } from '../../src/plugins/arc/plugin.js';
import { latinSquare } from '../../examples/latin-square.js';
import { validatePlugin } from '../../src/sdk/registry.js';
import { TrmError } from '../../src/errors.js';
import type { AnyTaskPlugin } from '../../src/plugins/contract.js';

/** A latin-square task with no symbolic solver, whose program search records its budget and finds nothing. */
function probe(defaultTimeoutMs?: number): { plugin: AnyTaskPlugin; seen: number[] } {
  const seen: number[] = [];
  const { solveSymbolic: _omit, ...rest } = latinSquare as AnyTaskPlugin;
  const plugin: AnyTaskPlugin = {
    ...rest,
    name: 'budget-probe',
    ...(defaultTimeoutMs !== undefined ? { defaultTimeoutMs } : {}),
    searchPrograms: (_p: unknown, o: { timeoutMs: number }) => {
      seen.push(o.timeoutMs);
      return { answer: null, program: null, programs: [], verification: 'none', stats: {} };
    },
  };
  return { plugin, seen };
}

const solveOnce = async (sdkTimeout: number | undefined, pluginTimeout: number | undefined, callTimeout?: number): Promise<number> => {
  const { plugin, seen } = probe(pluginTimeout);
  const sdk = createSdk({ builtins: false, plugins: [plugin], models: 'none', ...(sdkTimeout !== undefined ? { defaultTimeoutMs: sdkTimeout } : {}) });
  await sdk.solve('budget-probe', latinSquare.samples![0], { strategy: 'symbolic-only', ...(callTimeout !== undefined ? { timeoutMs: callTimeout } : {}) }).catch(() => undefined);
  expect(seen).toHaveLength(1);
  return seen[0]!;
};

describe('default solve budget', () => {
  it('is the plugin’s own when neither the call nor the SDK names one', async () => {
    const t = await solveOnce(undefined, 4000);
    expect(t).toBeLessThanOrEqual(4000);
    expect(t).toBeGreaterThan(3000);
  });

  it('the SDK option beats the plugin’s, and the call beats both', async () => {
    const sdkWins = await solveOnce(20_000, 4000);
    expect(sdkWins).toBeGreaterThan(19_000);
    const callWins = await solveOnce(20_000, 4000, 2000);
    expect(callWins).toBeLessThanOrEqual(2000);
    expect(callWins).toBeGreaterThan(1000);
  });

  it('is 30 s with no default anywhere', async () => {
    const t = await solveOnce(undefined, undefined);
    expect(t).toBeGreaterThan(29_000);
    expect(t).toBeLessThanOrEqual(30_000);
  });

  it('ARC’s is 10 s, and a plugin default out of range is refused at registration', () => {
    expect(arcPlugin.defaultTimeoutMs).toBe(10_000);
    for (const bad of [0, -5, 1.5, 4_000_000, Number.NaN]) {
      try {
        validatePlugin({ ...(latinSquare as AnyTaskPlugin), defaultTimeoutMs: bad });
        expect.unreachable(`defaultTimeoutMs ${bad} was accepted`);
      } catch (e) {
        expect((e as TrmError).code).toBe('TRM_ERR_INCOMPATIBLE_PLUGIN');
        expect((e as TrmError).message).toContain('defaultTimeoutMs must be an integer from 1 to 3600000 ms');
      }
    }
  });
});
