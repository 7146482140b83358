/**
 * `trm-sdk export-dataset` / `export-config` on the command line: built-ins and a user plugin
 * module (--plugin), and each bad request ending in its TRM_ERR_* code and exit status.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCaptured, type CliRun } from './run-captured.js';
import { readNpy } from '../../src/util/npy.js';

const run = (args: string[]): Promise<CliRun> => runCaptured(args);

afterEach(() => vi.restoreAllMocks());
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'trm-cli-export-'));
const LATIN = fileURLToPath(new URL('../../dist/examples/latin-square.js', import.meta.url));

describe('trm-sdk export-dataset', () => {
  it('exports a built-in task and prints the summary', async () => {
    const out = path.join(tmp(), 'd');
    const r = await run(['export-dataset', 'sudoku-4x4', '--out', out, '--n-train', '12', '--n-test', '2', '--augment', '1', '--seed', '3', '--json']);
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as { train: { rows: number; groups: number }; test: { rows: number } };
    expect(s.train).toMatchObject({ rows: 24, groups: 12 });
    expect(s.test.rows).toBe(2);
    expect(readNpy(path.join(out, 'train', 'all__labels.npy')).shape).toEqual([24, 16]);
  });

  it('exports a user plugin given with --plugin', async () => {
    if (!fs.existsSync(LATIN)) throw new Error(`${LATIN} missing: run npm run build (npm ci does)`);
    const out = path.join(tmp(), 'latin');
    const r = await run(['--plugin', LATIN, 'export-dataset', 'latin-square', '--out', out, '--n-train', '8', '--n-test', '2']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/exported latin-square .*\n {2}train: 8 rows, 8 puzzles, 8 groups/);
    expect(readNpy(path.join(out, 'train', 'all__inputs.npy')).shape).toEqual([8, 25]);
  });

  it('an unknown task: TRM_ERR_UNKNOWN_TASK, exit 1', async () => {
    const r = await run(['export-dataset', 'nope', '--out', path.join(tmp(), 'x')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/TRM_ERR_UNKNOWN_TASK/);
  });

  it('a plugin without a generator and no --from: TRM_ERR_NO_GENERATOR naming --from', async () => {
    const dir = tmp();
    const mod = path.join(dir, 'nogen.mjs');
    fs.writeFileSync(mod, `import { latinSquare } from ${JSON.stringify(LATIN)};\nconst p = { ...latinSquare, name: 'latin-nogen' };\ndelete p.generate;\nexport default p;\n`);
    const r = await run(['--plugin', mod, 'export-dataset', 'latin-nogen', '--out', path.join(dir, 'x')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/TRM_ERR_NO_GENERATOR: task "latin-nogen" has no puzzle generator: pass a file of examples \(--from/);
  });

  it('a non-empty --out without --force, and --n-train 0: TRM_ERR_INVALID_OPTIONS, exit 2', async () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, 'keep.txt'), 'x');
    const r = await run(['export-dataset', 'sudoku-4x4', '--out', out, '--n-train', '4', '--n-test', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/TRM_ERR_INVALID_OPTIONS: --out .* is not empty .*--force/);
    const z = await run(['export-dataset', 'sudoku-4x4', '--out', path.join(tmp(), 'z'), '--n-train', '0']);
    expect(z.code).toBe(2);
    expect(z.err).toMatch(/TRM_ERR_INVALID_OPTIONS: nTrain must be an integer in \[1, 1000000000\], got 0/);
  });
});

describe('trm-sdk export-config', () => {
  it('prints the torchrun command with the Hydra overrides and the differences, and writes all_config.yaml', async () => {
    const out = path.join(tmp(), 'cfg');
    const ovFile = path.join(out, 'overrides.txt');
    fs.mkdirSync(out);
    const r = await run(['export-config', 'maze-11x11', '--out', out, '--overrides', ovFile]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/torchrun --nproc-per-node 8 pretrain.py \\\n {2}arch=trm \\/);
    expect(r.out).toMatch(/arch\.hidden_size=64 \\/);
    expect(r.out).toMatch(/AdamATan2/);
    expect(r.out).toMatch(/'data_paths=\[data\/maze-11x11\]' \\/); // shell-quoted on the printed line
    expect(fs.readFileSync(path.join(out, 'all_config.yaml'), 'utf8')).toMatch(/global_batch_size: 32/);
    // The overrides file holds them as Hydra receives them: one per line, no shell quoting.
    const lines = fs.readFileSync(ovFile, 'utf8').trim().split('\n');
    expect(lines).toContain('data_paths=[data/maze-11x11]');
    expect(lines).toContain('arch.hidden_size=64');
    expect(lines.every((l) => !l.startsWith("'"))).toBe(true);
  });
});
