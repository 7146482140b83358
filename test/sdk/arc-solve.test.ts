/**
 * ARC through the solve loop: program search answers with a program and 'demonstrations'
 * verification; an answer that only passes the output validator (e.g. a model's) is reported
 * unverified with that reason; the search is bounded by the solve's budget.
 */
import { describe, expect, it, vi } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import type { Encoded } from '../../src/plugins/contract.js';
import type { ModelStep, TaskModel } from '../../src/sdk/task-model.js';
import { arcPlugin, type ArcTask } from '../../src/plugins/arc/index.js';

/**
 * Outputs are inputs turned upside down (flip up-down). Three pairs, because with only the first
 * two `rot90` fits too, and leave-one-out rightly refuses to verify.
 */
const FLIP: ArcTask = {
  train: [
    { input: [[1, 2], [3, 4]], output: [[3, 4], [1, 2]] },
    { input: [[5, 0, 0], [0, 6, 0], [0, 0, 7]], output: [[0, 0, 7], [0, 6, 0], [5, 0, 0]] },
    { input: [[1, 0], [0, 0], [2, 3]], output: [[2, 3], [0, 0], [1, 0]] },
  ],
  test: [{ input: [[8, 9, 1], [2, 3, 4]] }],
};

describe('solve arc', () => {
  it('program search verifies against the demonstrations and names the program', async () => {
    const sdk = createSdk({ models: 'none' });
    const r = await sdk.solve('arc', FLIP, { timeoutMs: 10_000 });
    expect(r.verified).toBe(true);
    expect(r.source).toBe('program');
    expect(r.verification).toBe('demonstrations');
    expect(r.program).toMatch(/flip|rot|mirror/);
    expect(r.formatted!.attempts[0]![0]).toEqual([[2, 3, 4], [8, 9, 1]]);
    expect(typeof r.search!.tried).toBe('number'); // the search reports how far it got (it may use the whole budget)
  });

  it('a model answer that only passes the validator stays unverified, with the reason', async () => {
    // A fake model that answers "copy the input": same shape and colours, so the validator passes.
    const task: ArcTask = {
      train: [
        { input: [[1, 1], [1, 1]], output: [[2, 2], [2, 2]] },
        { input: [[3, 1], [1, 1]], output: [[3, 2], [2, 2]] },
      ],
      test: [{ input: [[1, 3], [1, 1]] }],
    };
    const copy = { attempts: [[task.test[0]!.input]] };
    const rows = arcPlugin.encode(task, copy).labels!;
    const fake: TaskModel = {
      id: 'copy-model',
      backend: 'none',
      maxSteps: 1,
      async *refine(encoded: Encoded): AsyncIterable<ModelStep> {
        const n = encoded.inputs.length;
        yield { step: 1, predictions: rows.slice(0, n).map((r) => Int32Array.from(r, (t) => (t < 0 ? 0 : t))), confidence: rows.slice(0, n).map((r) => new Float32Array(r.length).fill(1)), qHalt: new Float32Array(n) };
      },
    };
    const sdk = createSdk({ models: 'none' });
    sdk.attachModel('arc', fake);
    const r = await sdk.solve('arc', task, { strategy: 'neural-only' });
    expect(arcPlugin.verify(task, copy).ok).toBe(true); // it does pass the validator…
    expect(r.verified).toBe(false); // …which is not enough
    expect(r.source).toBe('unverified');
    expect(r.verification).toBe('validator-only');
    expect(r.violations.map((v) => v.rule)).toEqual(['validator-only']);
  });

  it('the search stops within the solve budget and reports how far it got', async () => {
    const hard: ArcTask = {
      train: [
        { input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], output: [[9]] },
        { input: [[2, 2], [3, 1]], output: [[7, 7, 7]] },
      ],
      test: [{ input: [[5, 4], [3, 2]] }],
    };
    const sdk = createSdk({ models: 'none' });
    // A clock that advances 1 ms per read: the 300 ms budget is then 300 reads, whatever the machine's load.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => ++now);
    let r: Awaited<ReturnType<typeof sdk.solve>>;
    try {
      r = await sdk.solve('arc', hard, { timeoutMs: 300 });
    } finally {
      clock.mockRestore();
    }
    expect(r.search?.timedOut).toBe(true);
    expect(r.verified).toBe(false);
    expect(r.search).not.toBeNull();
    expect(typeof r.search!.tried).toBe('number');
  });
});

describe('solve arc with test-time training (opt-in)', () => {
  it('fits a model after program search and reports it, verified only by leave-one-out', async () => {
    // Output = the input with colour 1 and 2 swapped, padded by a row: no short program, so the model gets its turn.
    const task: ArcTask = {
      train: [
        { input: [[1, 2], [2, 1]], output: [[2, 1], [1, 2], [0, 0]] },
        { input: [[1, 1], [2, 2]], output: [[2, 2], [1, 1], [0, 0]] },
      ],
      test: [{ input: [[2, 1], [1, 1]] }],
    };
    const sdk = createSdk({ models: 'none' });
    const r = await sdk.solve('arc', task, { timeoutMs: 4000, testTimeTraining: { leaveOneOut: false } });
    // No short program fits; the model trained (neural time spent) and, without leave-one-out, nothing it says is verified.
    expect(r.program).toBeNull();
    expect(r.timingsMs.neural).toBeGreaterThan(0);
    expect(r.verified).toBe(false);
    expect(r.source).toBe('unverified');
    await expect(sdk.solve('arc', task, { testTimeTraining: 'yes' as unknown as boolean })).rejects.toThrow(/option testTimeTraining must be/);
  });
});
