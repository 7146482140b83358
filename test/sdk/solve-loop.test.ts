/**
 * The solve loop's promises, checked with fake models injected through the TaskModel interface:
 * a wrong model never yields verified answers; early exit; voting maps augmented answers back;
 * repair and symbolic fallback; unsatisfiable and multi-solution puzzles reported as such.
 */
import { describe, it, expect } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import type { ModelStep, TaskModel } from '../../src/sdk/task-model.js';
import type { Encoded } from '../../src/plugins/contract.js';
import { sudoku4x4Plugin as plugin } from '../../src/plugins/sudoku/index.js';
import type { SudokuGrid } from '../../src/plugins/sudoku/geometry.js';
import { createRng } from '../../src/util/rng.js';

type Policy = (row: Int32Array, step: number) => Int32Array;

/** The true answer's tokens for an encoded 4×4 puzzle row (solved symbolically). */
function oracle(row: Int32Array): Int32Array {
  const puzzle = plugin.decode([row], undefined as unknown as SudokuGrid);
  const r = plugin.solveSymbolic!(puzzle, { limit: 1 });
  if (!r.solutions[0]) return row.slice();
  return plugin.encode(puzzle, r.solutions[0]).labels![0]!;
}

/** Swap two non-equal cells in row 0 of the grid: breaks columns (and maybe a given). */
function corrupt(tokens: Int32Array): Int32Array {
  const t = tokens.slice();
  [t[0], t[1]] = [t[1]!, t[0]!];
  return t;
}

class FakeModel implements TaskModel {
  readonly id = 'fake';
  readonly backend = 'none';
  stepsYielded = 0;
  calls = 0;
  constructor(readonly maxSteps: number, private readonly policy: Policy, private readonly conf = 0.9) {}
  async *refine(encoded: Encoded, steps: number): AsyncIterable<ModelStep> {
    this.calls++;
    for (let s = 1; s <= steps; s++) {
      this.stepsYielded++;
      const predictions = encoded.inputs.map((row) => this.policy(row, s));
      yield {
        step: s,
        predictions,
        confidence: predictions.map((p) => new Float32Array(p.length).fill(this.conf)),
        qHalt: new Float32Array(predictions.length).fill(1),
      };
    }
  }
}

const rng = createRng(42);
const example = plugin.generate!(rng, {});
const puzzleText = plugin.formatPuzzle(example.puzzle) as string;

function sdkWith(model: TaskModel) {
  const sdk = createSdk({ models: 'none' });
  sdk.attachModel('sudoku-4x4', model);
  return sdk;
}

describe('solve loop', () => {
  it('never calls a wrong answer verified (neural-only with a model that is always wrong)', async () => {
    const model = new FakeModel(4, (row) => corrupt(oracle(row)));
    const events: boolean[] = [];
    const r = await sdkWith(model).solve('sudoku-4x4', puzzleText, { strategy: 'neural-only', vote: 4, onStep: (e) => events.push(e.verified) });
    expect(r.verified).toBe(false);
    expect(r.source).toBe('unverified');
    expect(events).toHaveLength(4);
    expect(events.every((v) => v === false)).toBe(true);
    expect(plugin.verify(example.puzzle, r.answer as SudokuGrid).ok).toBe(false);
    expect(r.violations.length).toBeGreaterThan(0);
  });

  it('falls back to symbolic in hybrid mode and the answer verifies', async () => {
    const model = new FakeModel(3, () => new Int32Array(16).fill(2));
    const r = await sdkWith(model).solve('sudoku-4x4', puzzleText);
    expect(r.verified).toBe(true);
    // The model's steps (all 2s) never verify; its best step guides the solver, which finishes.
    expect(r.source).toBe('neural-guided-symbolic');
    expect(plugin.verify(example.puzzle, r.answer as SudokuGrid).ok).toBe(true);
  });

  it('exits early at the first verified step', async () => {
    const model = new FakeModel(8, (row, step) => (step >= 2 ? oracle(row) : corrupt(oracle(row))));
    const r = await sdkWith(model).solve('sudoku-4x4', puzzleText);
    expect(r.source).toBe('neural');
    expect(r.steps).toBe(2);
    expect(model.stepsYielded).toBe(2);
    expect(r.verified).toBe(true);
    expect(r.unique).toBe(true);
  });

  it('voting maps augmented answers back through the inverse transforms', async () => {
    const original = plugin.encode(example.puzzle).inputs[0]!;
    // Wrong on the original puzzle, right on every augmented copy: only correct inversion verifies.
    const model = new FakeModel(2, (row) => (row.every((v, i) => v === original[i]) ? corrupt(oracle(row)) : oracle(row)));
    const r = await sdkWith(model).solve('sudoku-4x4', puzzleText, { strategy: 'neural-only', vote: 6 });
    expect(r.source).toBe('neural-vote');
    expect(r.verified).toBe(true);
    expect(plugin.format(r.answer as SudokuGrid)).toBe(plugin.format(example.answer));
    expect(model.calls).toBe(2);
  });

  it('repair with wrong confident cells still ends in a correct answer', async () => {
    // Confident everywhere, but two cells are wrong: the guided solver must drop those assumptions.
    const model = new FakeModel(2, (row) => corrupt(oracle(row)), 0.99);
    const r = await sdkWith(model).solve('sudoku-4x4', puzzleText, { vote: 0 });
    expect(r.verified).toBe(true);
    expect(r.source).toBe('neural-guided-symbolic');
    expect(plugin.format(r.answer as SudokuGrid)).toBe(plugin.format(example.answer));
  });

  it('reports an unsatisfiable puzzle as TRM_ERR_UNSATISFIABLE, not as a failure to find', async () => {
    const model = new FakeModel(2, (row) => row.slice());
    await expect(sdkWith(model).solve('sudoku-4x4', '11..............')).rejects.toMatchObject({ code: 'TRM_ERR_UNSATISFIABLE' });
  });

  it('reports a multi-solution puzzle as not unique', async () => {
    const model = new FakeModel(2, (row) => oracle(row));
    const r = await sdkWith(model).solve('sudoku-4x4', '1...............');
    expect(r.verified).toBe(true);
    expect(r.unique).toBe(false);
    expect(r.solutionCount).toBe(2);
  });

  it('rejects bad options with TRM_ERR_INVALID_OPTIONS', async () => {
    const sdk = createSdk({ models: 'none' });
    await expect(sdk.solve('sudoku-4x4', puzzleText, { vote: -1 })).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_OPTIONS' });
    await expect(sdk.solve('sudoku-4x4', puzzleText, { strategy: 'magic' as never })).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_OPTIONS' });
    await expect(sdk.solve('sudoku-4x4', puzzleText, { strategy: 'neural-only' })).rejects.toMatchObject({ code: 'TRM_ERR_NO_SOLVER' });
  });
});
