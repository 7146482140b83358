import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/plugins/arc/types.js';
import { primitiveByName, searchArcPrograms, solveArcProgram, type Primitive } from '../../../src/symbolic/arc/index.js';
import { dihedral } from '../../../src/plugins/arc/augment.js';

const crop = (g: Grid): Grid => primitiveByName('crop')!.apply(g)!;
const pick = (...names: string[]): Primitive[] => names.map((n) => primitiveByName(n)!);

/** Output = the non-background part of the input, cropped, then mirrored left-right (depth 2: flip_h ∘ crop). */
function cropFlipTask(): ArcTask {
  const inputs: Grid[] = [
    [[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 0, 0], [0, 0, 0, 0]],
    [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 4, 4, 5], [0, 0, 6, 0, 0]],
    [[7, 8, 0], [0, 9, 0], [0, 0, 0]],
  ];
  const f = (g: Grid): Grid => dihedral(crop(g), 4);
  return {
    train: inputs.map((input) => ({ input, output: f(input) })),
    test: [{ input: [[0, 0, 0], [0, 2, 6], [0, 0, 1]], output: [[6, 2], [1, 0]] }],
  };
}

describe('program search', () => {
  it('finds a known depth-2 program and prints it right-to-left', () => {
    const task = cropFlipTask();
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 2 });
    expect(r.verification).toBe('demonstrations');
    expect(r.programs[0]!.text).toMatch(/^(flip_h ∘ crop|crop ∘ flip_h)$/);
    expect(r.attempts[0]![0]).toEqual(task.test[0]!.output);
  });

  it('dedupe explores fewer states than the naive search', () => {
    const task = cropFlipTask();
    const prims = pick('rot90', 'rot180', 'rot270', 'flip_h', 'flip_v', 'transpose', 'crop');
    const opts = { timeoutMs: 10_000, maxDepth: 3, primitives: prims, wantPredictions: 99 };
    const deduped = searchArcPrograms(task, opts);
    const naive = searchArcPrograms(task, { ...opts, noDedupe: true });
    expect(deduped.stats.exhausted && naive.stats.exhausted).toBe(true);
    expect(deduped.stats.duplicates).toBeGreaterThan(0);
    expect(deduped.stats.states).toBeLessThan(naive.stats.states);
    // The dihedral group has 8 elements: deduped states stay small while naive grows as 7^depth.
    expect(deduped.stats.states).toBeLessThan(60);
  });

  it('an inferred shape rule rejects programs whose test output has the wrong shape', () => {
    // Demonstrations: output = input (same shape, 2 pairs); a program equal on the demos but
    // changing the test's shape is rejected by the same-shape rule.
    const task: ArcTask = {
      train: [
        { input: [[1, 2], [3, 4]], output: [[1, 2], [3, 4]] },
        { input: [[5, 6, 7]], output: [[5, 6, 7]] },
      ],
      test: [{ input: [[1, 1], [2, 2]] }],
    };
    // `compress` is the identity on the demonstrations (no repeated lines) but shrinks the test input.
    const withRules = searchArcPrograms(task, { primitives: pick('compress'), maxDepth: 1, wantPredictions: 99, timeoutMs: 5000 });
    const noRules = searchArcPrograms(task, { primitives: pick('compress'), maxDepth: 1, wantPredictions: 99, timeoutMs: 5000, noRules: true });
    expect(noRules.programs.some((p) => p.steps.includes('compress'))).toBe(true);
    expect(withRules.programs.some((p) => p.steps.includes('compress'))).toBe(false);
    expect(withRules.stats.ruleRejected).toBeGreaterThan(0);
  });

  it('ranks the simplest program first and returns two distinct predictions', () => {
    // Square inputs that are symmetric under transpose but not rot90: both `transpose ∘ flip_h`-like
    // and simpler programs can fit; the simplest ranks first.
    const task: ArcTask = {
      train: [
        { input: [[1, 2], [3, 4]], output: [[2, 1], [4, 3]] },
        { input: [[5, 0, 6], [7, 0, 8], [0, 0, 9]], output: [[6, 0, 5], [8, 0, 7], [9, 0, 0]] },
      ],
      test: [{ input: [[1, 0], [0, 2]] }],
    };
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 2 });
    expect(r.programs[0]!.text).toBe('flip_h');
    for (let i = 1; i < r.programs.length; i++) expect(r.programs[i]!.cost).toBeGreaterThanOrEqual(r.programs[i - 1]!.cost);
    expect(r.attempts[0]![0]).toEqual([[0, 1], [2, 0]]);
    if (r.attempts[0]!.length === 2) expect(r.attempts[0]![1]).not.toEqual(r.attempts[0]![0]);
  });

  it('a program that fits only some demonstrations is never returned', () => {
    // Pair 1 is a flip, pair 2 is a rotation: no single dihedral transform fits both.
    const task: ArcTask = {
      train: [
        { input: [[1, 2, 3]], output: [[3, 2, 1]] },
        { input: [[1, 2], [3, 4]], output: [[2, 4], [1, 3]] },
      ],
      test: [{ input: [[5, 6]] }],
    };
    const prims = pick('rot90', 'rot180', 'rot270', 'flip_h', 'flip_v', 'transpose');
    const r = searchArcPrograms(task, { primitives: prims, maxDepth: 1, timeoutMs: 5000 });
    expect(r.programs.filter((p) => p.steps.length === 1)).toEqual([]);
    const s = solveArcProgram({ ...task, train: [task.train[0]!, task.train[1]!] }, { timeoutMs: 2000, maxDepth: 1 });
    for (const p of s.programs) expect(p.text).not.toMatch(/^(flip_h|rot90)$/);
  });

  it('a tiny timeout returns promptly with timedOut', () => {
    const task = cropFlipTask();
    const hard: ArcTask = { ...task, train: task.train.map((p) => ({ ...p, output: [[9]] })) };
    const t0 = performance.now();
    const r = solveArcProgram(hard, { timeoutMs: 5, maxDepth: 4 });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.stats.timedOut).toBe(true);
    expect(r.attempts[0]!.length).toBeGreaterThanOrEqual(1);
  });

  it('an aborted signal stops the search', () => {
    const ac = new AbortController();
    ac.abort();
    const r = solveArcProgram(cropFlipTask(), { timeoutMs: 10_000, signal: ac.signal });
    expect(r.stats.aborted).toBe(true);
  });
});

describe('verification semantics', () => {
  it('a fit longer than MAX_VERIFIED_STEPS primitives gives attempts but is not verified', async () => {
    const { MAX_VERIFIED_STEPS } = await import('../../../src/symbolic/arc/index.js');
    expect(MAX_VERIFIED_STEPS).toBe(2);
    // flip_h ∘ crop ∘ upscale2 … built so the simplest fit needs 3 primitives: crop, flip, upscale.
    const task = cropFlipTask();
    const up = (g: Grid): Grid => primitiveByName('upscale2')!.apply(g)!;
    const deep: ArcTask = { train: task.train.map((p) => ({ input: p.input, output: up(p.output) })), test: [{ input: task.test[0]!.input }] };
    const r = solveArcProgram(deep, { timeoutMs: 8000, maxDepth: 3 });
    expect(r.programs.length).toBeGreaterThan(0);
    expect(r.programs[0]!.text.split('∘').length).toBe(3);
    expect(r.attempts[0]![0]).toEqual(up(task.test[0]!.output!));
    expect(r.verification).toBe('none');
  });
});
