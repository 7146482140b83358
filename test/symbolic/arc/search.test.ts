import { describe, expect, it, vi } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { primitiveByName, searchArcPrograms, solveArcProgram as solveWith, type SolveArcProgramOptions, type Primitive } from '../../../src/symbolic/arc/index.js';
import { verifyArc } from '../../../src/plugins/arc/verify.js';
import { dihedral } from '../../../src/plugins/arc/augment.js';

/** The solver as the plugin calls it: with the ARC output validator passed in. */
const solveArcProgram = (task: ArcTask, o: SolveArcProgramOptions) => solveWith(task, { validate: verifyArc, ...o });

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
    // A budget that never binds: the outcome must not depend on the machine's load.
    const r = solveArcProgram(task, { timeoutMs: 600_000, maxDepth: 2 });
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

  it('a tiny timeout stops at the first clock check past the deadline, with timedOut', () => {
    const task = cropFlipTask();
    const hard: ArcTask = { ...task, train: task.train.map((p) => ({ ...p, output: [[9]] })) };
    // A clock that advances 1 ms per read, so what the search does within its budget is a count, not a speed.
    let now = 0;
    const appliedAt = new Set<number>();
    const counted = pick('crop', 'flip_h', 'rot90', 'transpose').map((p) => ({ ...p, apply: (g: Grid) => (appliedAt.add(now), p.apply(g)) }));
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => ++now);
    let r: ReturnType<typeof searchArcPrograms>;
    try {
      r = searchArcPrograms(hard, { timeoutMs: 5, maxDepth: 4, primitives: counted });
    } finally {
      clock.mockRestore();
    }
    expect(r.stats.timedOut).toBe(true);
    // Started at 1, deadline 6: one primitive step after each clock read 2…6, none after the read (7) past the deadline.
    expect([...appliedAt]).toEqual([2, 3, 4, 5, 6]);
    // Depth 1 (the four primitives, reads 2…5) completed; depth 2 was cut off after one step.
    expect(r.stats.depth).toBe(1);
    // And the solver still answers something within a tiny real budget.
    expect(solveArcProgram(hard, { timeoutMs: 5, maxDepth: 4 }).attempts[0]!.length).toBeGreaterThanOrEqual(1);
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

describe('leave-one-out, table support and blank outputs', () => {
  // Answer flip_h; rival rot180 agrees with it on a grid that is symmetric top-to-bottom.
  const symmetric: Grid = [[1, 2, 3], [4, 5, 6], [1, 2, 3]];
  const asym1: Grid = [[1, 2], [3, 4]];
  const asym2: Grid = [[5, 6, 0], [0, 7, 8]];
  const flipH = (g: Grid): Grid => g.map((r) => [...r].reverse());
  const prims = pick('flip_h', 'rot180');

  it('leave-one-out fails when a program just as simple fits all pairs but one and misses it', () => {
    const task: ArcTask = {
      train: [symmetric, asym1].map((input) => ({ input, output: flipH(input) })),
      test: [{ input: [[1, 0], [0, 2]] }],
    };
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 1, primitives: prims });
    expect(r.programs[0]!.text).toBe('flip_h');
    expect(r.attempts[0]![0]).toEqual([[0, 1], [2, 0]]);
    expect(r.verification).toBe('none');
    expect(r.reason).toMatch(/leave-one-out fails: without demonstration pair 2, rot180 .* gets pair 2 wrong/);
    expect(r.stats.looTried).toBeGreaterThan(0);
  });

  it('leave-one-out holds when every pair but one still rules the rival out', () => {
    const task: ArcTask = {
      train: [symmetric, asym1, asym2].map((input) => ({ input, output: flipH(input) })),
      test: [{ input: [[1, 0], [0, 2]] }],
    };
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 1, primitives: prims });
    expect(r.reason).toBeUndefined();
    expect(r.verification).toBe('demonstrations');
  });

  it('one demonstration pair is never verified', () => {
    const task: ArcTask = { train: [{ input: asym1, output: flipH(asym1) }], test: [{ input: asym2 }] };
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 1, primitives: pick('flip_h') });
    expect(r.attempts[0]![0]).toEqual(flipH(asym2));
    expect(r.verification).toBe('none');
    expect(r.reason).toMatch(/one demonstration pair cannot be checked/);
  });

  it('the search with maxCost enumerates only programs at most that costly', () => {
    const task: ArcTask = { train: [{ input: symmetric, output: flipH(symmetric) }], test: [{ input: asym1 }] };
    const all = searchArcPrograms(task, { timeoutMs: 5000, maxDepth: 2, wantPredictions: Infinity, maxKept: Infinity });
    const capped = searchArcPrograms(task, { timeoutMs: 5000, maxDepth: 2, wantPredictions: Infinity, maxKept: Infinity, maxCost: 1 });
    expect(capped.programs.length).toBeGreaterThan(0);
    expect(capped.programs.every((p) => p.cost <= 1)).toBe(true);
    expect(all.programs.some((p) => p.cost > 1)).toBe(true);
    expect(capped.stats.tried).toBeLessThan(all.stats.tried);
  });

  it("a local rule's support counts the pairs that showed each changing entry", async () => {
    const { ARC_LEARNERS } = await import('../../../src/symbolic/arc/index.js');
    const cross = ARC_LEARNERS.find((l) => l.name === 'local.cross')!;
    // A 1 next to a 3 becomes 2: "3 on the right" shown by pairs 1 and 3, "3 on the left" by pair 2 only.
    const xs: Grid[] = [[[1, 3]], [[3, 1]], [[1, 3]], [[1, 0]]];
    const ys: Grid[] = [[[2, 3]], [[3, 2]], [[2, 3]], [[1, 0]]];
    const fitted = cross.fit(xs, ys)!;
    expect(fitted.apply([[3, 1]])).toEqual([[3, 2]]);
    expect(fitted.support!([[1, 3]])).toBe(2);
    expect(fitted.support!([[3, 1]])).toBe(1);
    expect(fitted.support!([[1, 0]])).toBe(Infinity); // nothing changes: nothing to support
  });

  it('an answer that needs a local-rule entry only one pair showed is not verified by that rule (evidence rule: a better-supported agreeing rule may verify it)', () => {
    // As above, plus a 1 beside a 5 that stays 1 (so neither a colour map nor a neighbour count fits).
    const train = [
      { input: [[1, 3]], output: [[2, 3]] },
      { input: [[3, 1]], output: [[3, 2]] },
      { input: [[1, 3]], output: [[2, 3]] },
      { input: [[1, 0]], output: [[1, 0]] },
      { input: [[1, 5]], output: [[1, 5]] },
    ];
    const task = { train, test: [{ input: [[3, 1]] }] };
    const found = searchArcPrograms(task, { timeoutMs: 5000, maxDepth: 0, primitives: [], wantPredictions: Infinity });
    const cross = found.programs.find((p) => p.text.startsWith('local.cross'))!;
    expect(cross.support).toBe(1);
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 0, primitives: [] });
    expect(r.programs[0]!.text).toMatch(/^local\.cross/);
    expect(r.attempts[0]![0]).toEqual([[3, 2]]);
    // "A 1 bordered by a 3 becomes 2" (region.holeframe) predicts the same and three pairs showed it: it stands for the answer.
    const agreeing = found.programs.filter((p) => JSON.stringify(p.predictions) === JSON.stringify(cross.predictions) && p.support >= 2);
    expect(agreeing.map((p) => p.text)).toContain(found.programs.find((p) => p.text.startsWith('region.holeframe'))!.text);
    expect(r.verification).toBe('demonstrations');
  });

  it('a colour map needs no second pair per entry: each swap shown once still verifies', () => {
    // The ARC sample 0d3d703e's shape: every pair shows different colour swaps.
    const task: ArcTask = {
      train: [
        { input: [[3, 1, 2]], output: [[4, 5, 6]] },
        { input: [[2, 3, 8]], output: [[6, 4, 9]] },
        { input: [[5, 8, 6]], output: [[1, 9, 2]] },
      ],
      test: [{ input: [[8, 1, 3]] }],
    };
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 0, primitives: [] });
    expect(r.attempts[0]![0]).toEqual([[9, 5, 4]]);
    expect(r.programs[0]!.text).toMatch(/^colormap/);
    expect(r.reason ?? '').not.toMatch(/only one demonstration pair showed/);
  });

  it('a test input blanked to one colour is not verified when no demonstration output is one colour', () => {
    // colormap{5→0}: erase colour 5. The test input has nothing but 5 and 0, so its output is blank.
    const task: ArcTask = {
      train: [
        { input: [[5, 1], [2, 5]], output: [[0, 1], [2, 0]] },
        { input: [[3, 5, 0]], output: [[3, 0, 0]] },
        { input: [[5], [4]], output: [[0], [4]] },
      ],
      test: [{ input: [[5, 5], [5, 0]] }],
    };
    const r = solveArcProgram(task, { timeoutMs: 5000, maxDepth: 0, primitives: [] });
    expect(r.attempts[0]![0]).toEqual([[0, 0], [0, 0]]);
    expect(r.verification).toBe('none');
    expect(r.reason).toMatch(/blanks a test input/);
    // A blank test input may give a blank output: that is no evidence against the program.
    const blankIn = solveArcProgram({ ...task, test: [{ input: [[0, 0], [0, 0]] }] }, { timeoutMs: 5000, maxDepth: 0, primitives: [] });
    expect(blankIn.reason ?? '').not.toMatch(/blanks a test input/);
    // Nor may a crop that is one solid object: only an output the shape of its input is "blanked".
    const solid: ArcTask = {
      train: [
        { input: [[0, 0, 0], [0, 1, 2], [0, 3, 4]], output: [[1, 2], [3, 4]] },
        { input: [[5, 6, 0], [7, 0, 0], [0, 0, 0]], output: [[5, 6], [7, 0]] },
        { input: [[0, 0, 0, 0], [0, 0, 8, 9], [0, 0, 1, 0]], output: [[8, 9], [1, 0]] },
      ],
      test: [{ input: [[0, 0, 0], [0, 6, 6], [0, 6, 6]] }],
    };
    const cropped = solveArcProgram(solid, { timeoutMs: 5000, maxDepth: 1, primitives: pick('crop') });
    expect(cropped.attempts[0]![0]).toEqual([[6, 6], [6, 6]]);
    expect(cropped.reason ?? '').not.toMatch(/blanks a test input/);
  });
});
