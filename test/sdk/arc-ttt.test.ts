/**
 * The ARC test-time-training proposer (src/sdk/arc/ttt.ts): encoding and strict decoding, the
 * augmentation round trip, learning a trivial task from scratch, the time budget, abort,
 * determinism from a seed, leave-one-out semantics and the baseModel path. Sized for a loaded
 * 2-core box: the learning test uses a one-layer, one-cycle, one-step variant (the default model
 * needs more steps than a test can afford there; see the bench for the default's figures).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/neural/backend.js';
import { TrmModel } from '../../src/neural/model.js';
import { validateConfig } from '../../src/neural/config.js';
import { createRng } from '../../src/util/rng.js';
import type { ArcTask, Grid } from '../../src/symbolic/arc/grid/types.js';
import {
  arcCanvasSide,
  decodeCanvas,
  encodeCanvas,
  encodeCanvasLabels,
  solveArcByTestTimeTraining,
  tttAugmentations,
  tttConfig,
} from '../../src/sdk/arc/ttt.js';
import { DIHEDRAL_INVERSE, dihedral, permuteColours } from '../../src/plugins/arc/augment.js';

const SMOKE = { lLayers: 1, hCycles: 1, lCycles: 1, haltMaxSteps: 1 } as const;

function randomGrid(seed: number, h = 3, w = 3, colours = 3): Grid {
  const rng = createRng(seed);
  return Array.from({ length: h }, () => Array.from({ length: w }, () => rng.int(colours)));
}

function identityTask(): ArcTask {
  const train = [1, 2, 3].map((s) => {
    const g = randomGrid(s);
    return { input: g, output: g.map((r) => r.slice()) };
  });
  return { train, test: [{ input: randomGrid(99) }] };
}

function wellFormed(g: Grid): boolean {
  return g.length >= 1 && g.length <= 30 && g.every((r) => r.length === g[0]!.length && r.length >= 1 && r.every((c) => Number.isInteger(c) && c >= 0 && c <= 9));
}

beforeAll(async () => {
  process.env.TRM_QUIET = '1';
  await initBackend('wasm');
});

describe('compact canvas encoding', () => {
  it('sizes the canvas from demonstrations and test inputs only', () => {
    const task: ArcTask = { train: [{ input: randomGrid(1, 2, 5), output: randomGrid(2, 4, 3) }], test: [{ input: randomGrid(3, 3, 3), output: randomGrid(4, 9, 9) }] };
    expect(arcCanvasSide(task)).toBe(6);
  });

  it('round-trips grids, including ones that fill the canvas', () => {
    for (const [h, w, D] of [[3, 3, 4], [1, 5, 6], [4, 4, 4], [2, 4, 4], [30, 30, 30]] as const) {
      const g = randomGrid(h * 31 + w, h, w, 10);
      expect(decodeCanvas(encodeCanvas(g, D), D)).toEqual(g);
      const labels = encodeCanvasLabels(g, D);
      expect([...labels].filter((t) => t === -100).length).toBe([...encodeCanvas(g, D)].filter((t) => t === 0).length);
    }
  });

  it('decodes every possible row to a well-formed grid or null', () => {
    const rng = createRng(5);
    for (let i = 0; i < 3000; i++) {
      const D = 1 + rng.int(6);
      // Mostly colours with some markers and pad: the runs and rectangles vary.
      const row = Int32Array.from({ length: D * D }, () => (rng.next() < 0.8 ? 2 + rng.int(10) : rng.int(rng.next() < 0.5 ? 2 : 14)));
      const g = decodeCanvas(row, D);
      if (g !== null) expect(wellFormed(g)).toBe(true);
    }
    expect(decodeCanvas(new Int32Array(3), 4)).toBeNull();
    // A hole inside the rectangle, or a missing end marker, is dropped.
    const row = encodeCanvas([[1, 2], [3, 4]], 4);
    row[5] = 0;
    expect(decodeCanvas(row, 4)).toBeNull();
    const row2 = encodeCanvas([[1, 2], [3, 4]], 4);
    row2[2] = 5;
    expect(decodeCanvas(row2, 4)).toBeNull();
  });

  it('augmentations invert exactly and keep colour 0', () => {
    const augs = tttAugmentations(3, createRng(1));
    expect(augs.length).toBe(24);
    expect(new Set(augs.map((a) => a.id))).toEqual(new Set(Array.from({ length: 24 }, (_, i) => i + 1)));
    const g = randomGrid(7, 3, 5, 10);
    for (const a of augs) {
      expect(a.perm[0]).toBe(0);
      const t = permuteColours(dihedral(g, a.k), a.perm);
      expect(dihedral(permuteColours(t, a.inv), DIHEDRAL_INVERSE[a.k]!)).toEqual(g);
    }
  });
});

describe('solveArcByTestTimeTraining', () => {
  it('learns the identity on 3×3 grids in 30 steps (smoke-sized model; a step count, not a time budget)', async () => {
    const task = identityTask();
    const r = await solveArcByTestTimeTraining(task, { timeoutMs: 600_000, maxSteps: 30, backend: 'wasm', seed: 1, colourPerms: 1, model: SMOKE });
    expect(r.stats.steps).toBe(30);
    expect(r.verification).toBe('none');
    expect(r.looPassed).toBeNull();
    expect(r.stats.backend).toBe('wasm');
    expect(r.stats.seqLen).toBe(16);
    expect(r.attempts).toHaveLength(1);
    expect(r.attempts[0]![0]).toEqual(task.test[0]!.input);
    expect(r.stats.trainExact).toBe(1);
  });

  it('stops on the time budget alone (default model, no maxSteps) with well-formed attempts', async () => {
    // Without maxSteps only the deadline ends the fit (its overrun past the budget is a speed, measured
    // by bench/arc-ttt.ts: "worst overrun"); the first step always runs when time is left.
    const r = await solveArcByTestTimeTraining(identityTask(), { timeoutMs: 4000, backend: 'wasm', seed: 2 });
    expect(r.stats.steps).toBeGreaterThanOrEqual(1);
    for (const list of r.attempts) {
      expect(list.length).toBeLessThanOrEqual(2);
      for (const g of list) expect(wellFormed(g)).toBe(true);
    }
  });

  it('a zero budget still returns (no training step)', async () => {
    const r = await solveArcByTestTimeTraining(identityTask(), { timeoutMs: 0, backend: 'wasm', model: SMOKE, colourPerms: 1 });
    expect(r.stats.steps).toBe(0);
    expect(r.attempts).toHaveLength(1);
  });

  it('aborts through the signal from a timer, within one training step', async () => {
    const ac = new AbortController();
    let last = 0;
    let atAbort = -1;
    const onProgress = (p: { step: number }): void => {
      last = p.step;
      // A timer, not this callback, aborts: it runs only because the training loop yields between steps.
      if (p.step === 2) setTimeout(() => ((atAbort = last), ac.abort()), 0);
    };
    await expect(solveArcByTestTimeTraining(identityTask(), { timeoutMs: 600_000, backend: 'wasm', signal: ac.signal, model: SMOKE, onProgress })).rejects.toMatchObject({ code: 'TRM_ERR_ABORTED' });
    expect(atAbort).toBeGreaterThanOrEqual(2);
    expect(last).toBe(atAbort); // no step after the abort
    await expect(solveArcByTestTimeTraining(identityTask(), { timeoutMs: 1000, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'TRM_ERR_ABORTED' });
  });

  it('is deterministic from the seed (fixed step count)', async () => {
    const task: ArcTask = { ...identityTask(), test: [{ input: randomGrid(50) }, { input: randomGrid(51, 2, 3) }] };
    const run = () => solveArcByTestTimeTraining(task, { timeoutMs: 60_000, backend: 'wasm', seed: 7, maxSteps: 4, model: SMOKE, colourPerms: 1 });
    const a = await run();
    const b = await run();
    expect(a.stats.steps).toBe(4);
    expect(b.stats.steps).toBe(4);
    expect(b.attempts).toEqual(a.attempts);
    expect(b.stats.votesCast).toEqual(a.stats.votesCast);
  });

  it('leave-one-out: one fit per pair, reported; nothing to leave out with one pair', async () => {
    const task = identityTask();
    const r = await solveArcByTestTimeTraining(task, { timeoutMs: 60_000, backend: 'wasm', seed: 3, maxSteps: 2, model: SMOKE, colourPerms: 1, leaveOneOut: true });
    expect(r.verification).toBe('leave-one-out');
    // Two steps (seed 3) do not learn the identity: the first held-out pair is missed, and the
    // check stops there (one LOO fit of 2 steps, not three).
    expect(r.looPassed).toBe(false);
    expect(r.stats.looSteps).toBe(2);
    const one = await solveArcByTestTimeTraining({ train: [task.train[0]!], test: task.test }, { timeoutMs: 60_000, backend: 'wasm', maxSteps: 1, model: SMOKE, colourPerms: 1, leaveOneOut: true });
    expect(one.verification).toBe('leave-one-out');
    expect(one.looPassed).toBeNull();
  });

  it('baseModel: fits a fresh puzzle-embedding table on a square-canvas model and leaves the base untouched', async () => {
    const config = validateConfig({ ...tttConfig(4, 40), ...SMOKE, hiddenSize: 16, numHeads: 2, puzzleEmbNdim: 16 });
    const base = new TrmModel(config, { seed: 11 });
    try {
      const before = new Map([...base.params].map(([n, v]) => [n, (v.dataSync() as Float32Array).slice()] as const));
      const r = await solveArcByTestTimeTraining(identityTask(), { timeoutMs: 60_000, backend: 'wasm', maxSteps: 2, colourPerms: 1, baseModel: { model: base } });
      expect(r.stats.mode).toBe('embedding');
      expect(r.stats.steps).toBe(2);
      expect(r.stats.seqLen).toBe(16);
      for (const [n, v] of base.params) expect(v.dataSync()).toEqual(before.get(n));
      // A task larger than the base canvas, and a non-square canvas, are refused.
      const big: ArcTask = { train: [{ input: randomGrid(1, 5, 5), output: randomGrid(2, 5, 5) }], test: [{ input: randomGrid(3) }] };
      await expect(solveArcByTestTimeTraining(big, { timeoutMs: 1000, backend: 'wasm', baseModel: { model: base } })).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_INPUT' });
    } finally {
      base.dispose();
    }
    const odd = new TrmModel(validateConfig({ ...tttConfig(4, 1), ...SMOKE, seqLen: 15, hiddenSize: 16, puzzleEmbNdim: 16 }), { seed: 1 });
    try {
      await expect(solveArcByTestTimeTraining(identityTask(), { timeoutMs: 1000, backend: 'wasm', baseModel: { model: odd } })).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_OPTIONS' });
    } finally {
      odd.dispose();
    }
  });
});
