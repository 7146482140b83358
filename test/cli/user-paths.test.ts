/**
 * Names a user in their own project can use: a shipped model by its task (`inspect sudoku-4x4`),
 * absolute model paths from `tasks`, and `--plugin <package>/<file>.js` resolved through the
 * project's node_modules and the package's exports (`trm-sdk/examples/latin-square.js`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured, type CliRun } from './run-captured.js';
import { loadPluginModule, moduleSpecifier } from '../../src/sdk/plugin-module.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const run = (args: string[]): Promise<CliRun> => runCaptured(args);

// A user's project with a plugin package in node_modules that exports one file.
const proj = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-user-'));
const pkg = path.join(proj, 'node_modules', 'my-plugins');
fs.mkdirSync(path.join(pkg, 'lib'), { recursive: true });
fs.writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'my-plugins', type: 'module', exports: { './echo.js': './lib/echo.js' } }));
fs.writeFileSync(
  path.join(pkg, 'lib', 'echo.js'),
  "export default { name: 'echo', version: '0.1.0', sdkVersion: '^0.1.0', description: 'echo', tokens: { vocabSize: 2, seqLen: 1, numPuzzleIdentifiers: 1 }, parse: (x) => x, parseAnswer: (x) => x, format: (x) => x, formatPuzzle: (x) => x, encode: () => ({ inputs: [], puzzleIdentifiers: [] }), decode: () => null, verify: () => ({ ok: true, violations: [] }) };\n",
);
afterAll(() => fs.rmSync(proj, { recursive: true, force: true }));

describe('names that work from a user project', () => {
  it('inspect <task> inspects that task\'s shipped model', async () => {
    const r = await run(['inspect', 'sudoku-4x4']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`checkpoint  ${path.join(ROOT, 'tasks', 'sudoku-4x4', 'model.safetensors')}`);
  });

  it('inspect with a name that is neither a file nor a task says so, with a "did you mean"', async () => {
    const r = await run(['inspect', 'sudoku-4x5']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_IO: no file sudoku-4x5');
    expect(r.err).toContain('and no task of that name (did you mean "sudoku-4x4"?)');
    expect((await run(['inspect', 'arc'])).err).toContain('task "arc" has no model to inspect');
  });

  it('tasks prints absolute model paths that exist, and ARC\'s program search', async () => {
    const r = await run(['tasks']);
    expect(r.code).toBe(0);
    const paths = [...r.out.matchAll(/^\S+ +(?:symbolic|programs| {8}) model (\S+)/gm)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const p of paths) {
      expect(path.isAbsolute(p), p).toBe(true);
      expect(fs.existsSync(p), p).toBe(true);
    }
    expect(r.out).toMatch(/^arc {10}programs no model/m);
  });

  it('--plugin <package>/<file>.js resolves through the project\'s node_modules and exports', async () => {
    expect(moduleSpecifier('my-plugins/echo.js', proj)).toBe(pathToFileURL(path.join(pkg, 'lib', 'echo.js')).href);
    expect((await loadPluginModule('my-plugins/echo.js', proj)).map((p) => p.name)).toEqual(['echo']);
    // A relative path is a path, never a package; a missing one names where it looked.
    expect(() => moduleSpecifier('./my-plugins/echo.js', proj)).toThrow(`plugin module ./my-plugins/echo.js not found (looked for ${path.join(proj, 'my-plugins', 'echo.js')})`);
    expect(() => moduleSpecifier('my-plugins/nope.js', proj)).toThrow(/and for a package path in node_modules/);
  });
});
