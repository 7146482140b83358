import { describe, it, expect } from 'vitest';
import { PluginRegistry, validatePlugin } from '../../src/sdk/registry.js';
import { TrmError } from '../../src/errors.js';
import { latinSquare } from '../../examples/latin-square.js';
import type { AnyTaskPlugin } from '../../src/plugins/contract.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof TrmError ? e.code : `not a TrmError: ${String(e)}`;
  }
  return undefined;
}

describe('PluginRegistry', () => {
  it('registers and resolves a plugin by name', () => {
    const reg = new PluginRegistry();
    reg.register(latinSquare);
    expect(reg.get('latin-square')).toBe(latinSquare);
    expect(reg.all()).toEqual([latinSquare]);
    expect(reg.names()).toEqual(['latin-square']);
  });

  it('rejects a duplicate name with TRM_ERR_DUPLICATE_PLUGIN', () => {
    const reg = new PluginRegistry();
    reg.register(latinSquare);
    expect(code(() => reg.register({ ...latinSquare }))).toBe('TRM_ERR_DUPLICATE_PLUGIN');
  });

  it('rejects an unknown task with TRM_ERR_UNKNOWN_TASK naming the known ones', () => {
    const reg = new PluginRegistry();
    reg.register(latinSquare);
    try {
      reg.get('sodoku');
      expect.unreachable();
    } catch (e) {
      expect((e as TrmError).code).toBe('TRM_ERR_UNKNOWN_TASK');
      expect((e as TrmError).status).toBe(404);
      expect((e as TrmError).message).toContain('latin-square');
    }
  });

  it.each([
    ['an SDK range that excludes this version', { sdkVersion: '^2.0.0' }, 'supports trm-sdk ^2.0.0'],
    ['a bad name', { name: 'Latin Square' }, 'name must match'],
    ['a bad version', { version: 'one' }, 'not a semver version'],
    ['a missing verify()', { verify: undefined }, 'missing method verify()'],
    ['bad tokens', { tokens: { seqLen: 0, vocabSize: 6, padId: 0, numPuzzleIdentifiers: 1 } }, 'tokens must give'],
  ])('rejects %s with TRM_ERR_INCOMPATIBLE_PLUGIN', (_label, patch, message) => {
    const bad = { ...latinSquare, ...patch } as AnyTaskPlugin;
    try {
      validatePlugin(bad);
      expect.unreachable();
    } catch (e) {
      expect((e as TrmError).code).toBe('TRM_ERR_INCOMPATIBLE_PLUGIN');
      expect((e as TrmError).message).toContain(message);
    }
  });
});
