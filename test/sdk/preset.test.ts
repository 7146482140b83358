/** Presets: by shipped name or by file path; malformed files are errors that name the file, never "no preset". */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrmError } from '../../src/errors.js';
import { loadPreset } from '../../src/sdk/train.js';
import { createSdk } from '../../src/sdk/sdk.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isTrmError(e) ? `${e.code}: ${e.message}` : `not a TrmError: ${String(e)}`;
  }
  return 'no error';
}

describe('presets', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-preset-'));
  it('loads a shipped preset by name', () => {
    expect(loadPreset('sudoku-4x4').model).toBeDefined();
  });
  it('loads a preset from a file path', () => {
    const f = path.join(dir, 'mine.json');
    fs.writeFileSync(f, JSON.stringify({ model: { hiddenSize: 16 }, train: { steps: 3 } }));
    expect(loadPreset('sudoku-4x4', f).model).toEqual({ hiddenSize: 16 });
  });
  it('a malformed preset file is TRM_ERR_INVALID_CONFIG naming the file', () => {
    const f = path.join(dir, 'broken.json');
    fs.writeFileSync(f, '{"model": ');
    expect(codeOf(() => loadPreset('sudoku-4x4', f))).toMatch(/^TRM_ERR_INVALID_CONFIG: .*broken\.json is not valid JSON/);
    fs.writeFileSync(f, '[1, 2]');
    expect(codeOf(() => loadPreset('sudoku-4x4', f))).toMatch(/^TRM_ERR_INVALID_CONFIG: .*must hold a JSON object/);
    fs.writeFileSync(f, '{"model": 3}');
    expect(codeOf(() => loadPreset('sudoku-4x4', f))).toMatch(/^TRM_ERR_INVALID_CONFIG: .*"model" must be an object/);
  });
  it('a missing preset is TRM_ERR_INVALID_OPTIONS saying where it looked', () => {
    expect(codeOf(() => loadPreset('sudoku-4x4', 'nope'))).toMatch(/^TRM_ERR_INVALID_OPTIONS: no preset "nope" .*looked for/);
    expect(codeOf(() => loadPreset('sudoku-4x4', path.join(dir, 'absent.json')))).toMatch(/^TRM_ERR_INVALID_OPTIONS: no preset/);
  });
});

describe('no generator has its own code', () => {
  it('generate on a task without a generator is TRM_ERR_NO_GENERATOR', () => {
    const sdk = createSdk({ models: 'none' });
    expect(codeOf(() => sdk.generate('arc', { n: 1 }))).toMatch(/^TRM_ERR_NO_GENERATOR: task "arc" has no puzzle generator/);
  });
});
