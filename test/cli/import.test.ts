/**
 * `trm-sdk import` end to end on the PyTorch fixtures: import → inspect → solve neural-only with
 * the imported model on a task whose token interface matches (sudoku-4x4: vocab 6, 16 cells),
 * and `createSdk({ models })` with the PyTorch file directly. The golden weights are random, so
 * the answer must come back unverified — what is asserted is that the model ran. Plugins from a
 * module (--plugin) are covered too. The fixtures are test/fixtures/golden.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as toYaml } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCaptured, type CliRun } from './run-captured.js';
import { readSafetensorsFileSync } from '../../src/neural/safetensors.js';
import { createSdk } from '../../src/sdk/sdk.js';
import { golden } from '../support/fixtures.js';


const run = (args: string[]): Promise<CliRun> => runCaptured(args);
afterEach(() => vi.restoreAllMocks());

/** The reference TRM's step_200 file in a run folder with its all_config.yaml. */
function trmRun(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-import-'));
  const meta = readSafetensorsFileSync(golden('trm-attn-rope.checkpoint.safetensors')).metadata;
  const arch = JSON.parse(meta.config!) as Record<string, unknown>;
  for (const k of ['seq_len', 'vocab_size', 'num_puzzle_identifiers', 'batch_size']) delete arch[k];
  fs.writeFileSync(path.join(dir, 'all_config.yaml'), toYaml({ arch: { ...arch, name: 'recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1' }, global_batch_size: 3 }));
  fs.copyFileSync(golden('pytorch', 'trm-attn-rope.step_200'), path.join(dir, 'step_200'));
  return path.join(dir, 'step_200');
}

describe('trm-sdk import', () => {
  it('import → inspect → solve --model with strategy neural-only', async () => {
    const file = trmRun();
    const out = path.join(path.dirname(file), 'imported');
    const imp = await run(['import', file, '--task', 'sudoku-4x4', '--out', out, '--json']);
    expect(imp.code, imp.err).toBe(0);
    const r = JSON.parse(imp.out) as { parameterCount: number; provenance: { sha256: string; architecture: string } };
    expect(r.provenance.architecture).toBe('trm');
    expect(r.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    const card = fs.readFileSync(path.join(out, 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain(r.provenance.sha256);
    expect(card).toContain('step_200');

    const ins = await run(['inspect', path.join(out, 'model.safetensors'), '--json']);
    expect(ins.code, ins.err).toBe(0);
    const info = JSON.parse(ins.out) as { parameterCount: number; config: { architecture: string; seqLen: number }; metadata: Record<string, string> };
    expect(info.parameterCount).toBe(r.parameterCount);
    expect(info.config.seqLen).toBe(16);
    expect(info.metadata.source_sha256).toBe(r.provenance.sha256);

    const solved = await run(['solve', 'sudoku-4x4', '1.3..........4.2', '--model', path.join(out, 'model.safetensors'), '--strategy', 'neural-only', '--json']);
    const res = JSON.parse(solved.out) as { steps: number; model: string; source: string; verified: boolean };
    expect(res.steps).toBe(4); // random golden weights: all 4 steps run, nothing verifies
    expect(res.source).toBe('unverified');
    expect(res.verified).toBe(false);
    expect(solved.code).toBe(3);
  });

  it('createSdk({ models }) takes the PyTorch file directly, all_config.yaml read from beside it', async () => {
    const sdk = createSdk({ models: { 'sudoku-4x4': trmRun() }, backend: 'cpu' });
    const r = await sdk.solve('sudoku-4x4', '1.3..........4.2', { strategy: 'neural-only' });
    expect(r.model).toContain('step_200');
    expect(r.steps).toBe(4);
  });

  it('a task whose tokens do not match is refused naming both sides', async () => {
    const r = await run(['import', trmRun(), '--task', 'sudoku', '--out', fs.mkdtempSync(path.join(os.tmpdir(), 'trm-import-'))]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/TRM_ERR_INVALID_CHECKPOINT: .*checkpoint vocab 6, task sudoku expects 11/);
  });
});

describe('--plugin', () => {
  it('registers the plugins a module exports, on any command', async () => {
    const mod = fileURLToPath(new URL('../../dist/examples/latin-square.js', import.meta.url));
    if (!fs.existsSync(mod)) throw new Error(`${mod} missing: run npm run build (npm ci does)`);
    const r = await run(['--plugin', mod, 'solve', 'latin-square', '[[1,0,0,0,5],[0,0,5,0,0],[0,0,0,5,0],[0,5,0,0,0],[5,0,0,0,4]]', '--strategy', 'symbolic-only', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).verified).toBe(true);
    const after = await run(['tasks', '--plugin', mod]);
    expect(after.out).toContain('latin-square');
  });

  it('a module without a plugin is a clear error', async () => {
    const mod = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trm-plugin-')), 'empty.mjs');
    fs.writeFileSync(mod, 'export const x = 1;\n');
    const r = await run(['--plugin', mod, 'tasks']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/TRM_ERR_INCOMPATIBLE_PLUGIN: plugin module .* exports no task plugin/);
  });
});
