/**
 * Training honesty on the command line: --resume with nothing to resume is an error (a mistyped
 * --out), --resume-if-present starts fresh and says so, resuming names the step and checkpoint,
 * --steps at or below the done count trains nothing and keeps the model, the ETA stays blank
 * until it can be estimated. A tiny model on the CPU backend: plumbing, not accuracy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured, type CliRun } from './run-captured.js';
import { EtaGate, formatEta } from '../../src/cli/train-progress.js';
import { createSdk } from '../../src/sdk/sdk.js';
import type { TrainProgress } from '../../src/sdk/train.js';
import { latinSquare } from '../../examples/latin-square.js';

const TINY = {
  model: { hiddenSize: 16, numHeads: 2, expansion: 2, mlpT: true, posEncodings: 'none', lLayers: 1, hCycles: 2, lCycles: 1, haltMaxSteps: 2, puzzleEmbNdim: 0, puzzleEmbLen: 0 },
  train: { batchSize: 8, lr: 1e-3, warmupSteps: 2, emaRate: 0.9, steps: 3 },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-train-cli-'));
const presetFile = path.join(dir, 'tiny.json');
fs.writeFileSync(presetFile, JSON.stringify(TINY));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function train(extra: string[]): Promise<CliRun> {
  const sdkFactory = () => createSdk({ builtins: false, plugins: [latinSquare], models: 'none', backend: 'cpu' });
  return runCaptured(['train', 'latin-square', '--preset', presetFile, '--backend', 'cpu', '--workers', '1', '--eval-size', '4', ...extra], { sdkFactory, errSep: '' });
}

describe('trm-sdk train: resume honesty', () => {
  const run = path.join(dir, 'run');

  it('--resume into a folder with no run is an error that names the folder and the way out', async () => {
    const r = await train(['--out', run, '--resume']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`TRM_ERR_INVALID_OPTIONS: --resume: there is no run to resume in ${run}`);
    expect(r.err).toContain('--resume-if-present');
    expect(fs.existsSync(run)).toBe(false);
  });

  it('--resume-if-present starts fresh and says so; the first progress line has no ETA yet', async () => {
    const r = await train(['--out', run, '--resume-if-present']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`--resume-if-present: no run in ${run} yet, starting from step 0`);
    // Said once, by the CLI (the SDK's own notice for the same case is not repeated).
    expect(r.err).not.toContain('nothing to resume');
    const lines = r.err.split('\n').filter((l) => l.startsWith('[train latin-square] step '));
    expect(lines[0]).toMatch(/^\[train latin-square\] step 1\/3 .* steps\/s$/);
    expect(lines.at(-1)).toMatch(/step 3\/3 .* ETA 0s$/);
  }, 60_000);

  it('--steps at or below the done count trains nothing, says so, exits 0 and keeps the model', async () => {
    const model = path.join(run, 'model.safetensors');
    const before = fs.statSync(model).mtimeMs;
    const r = await train(['--out', run, '--resume', '--steps', '2']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${run} is already at step 3, at or past the 2 steps asked for: nothing to train; the model is ${model}`);
    expect(r.out).toBe(`latin-square: already trained to step 3, model ${model}`);
    expect(fs.statSync(model).mtimeMs).toBe(before);
  }, 60_000);

  it('resuming prints the step and the checkpoint it resumes from', async () => {
    const r = await train(['--out', run, '--resume', '--steps', '5']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`resuming from step 3 of 5 (checkpoint ${path.join(run, 'raw.safetensors')})`);
    expect(r.out).toMatch(/^trained latin-square: \{"steps":5,/);
  }, 60_000);
});

describe('ETA formatting', () => {
  const p = (step: number, totalSteps: number, etaS: number): TrainProgress => ({ step, totalSteps, etaS, loss: 1, trainExact: 0, lr: 0, elapsedS: 1, stepsPerS: 1 });

  it('is blank on the first report, then the estimate', () => {
    const gate = new EtaGate();
    expect(gate.eta(p(1, 100, 0))).toBeNull();
    expect(gate.eta(p(10, 100, 90))).toBe(90);
    expect(formatEta(null)).toBe('');
    expect(formatEta(45.4)).toBe('45s');
    expect(formatEta(245)).toBe('4m 05s');
    expect(formatEta(7380)).toBe('2h 03m');
  });
});
