/**
 * What makes the search faster must not change what it finds: the grid store (interning and the
 * per-(grid, primitive) cache) and the type pruning of last-depth states. Counted, never timed.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { GridStore } from '../../../src/symbolic/arc/grid-store.js';
import { primitiveByName, searchArcPrograms } from '../../../src/symbolic/arc/index.js';

/** Output = the input cropped to its objects, mirrored, then recoloured 1→2 (depth 2 + colormap). */
function task(): ArcTask {
  const crop = (g: Grid): Grid => primitiveByName('crop')!.apply(g)!;
  const f = (g: Grid): Grid => crop(g).map((r) => [...r].reverse().map((v) => (v === 1 ? 2 : v)));
  const inputs: Grid[] = [
    [[0, 0, 0, 0], [0, 1, 3, 0], [0, 3, 0, 0], [0, 0, 0, 0]],
    [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 1, 1, 5], [0, 0, 6, 0, 0]],
    [[7, 1, 0], [0, 9, 0], [0, 0, 0]],
  ];
  return { train: inputs.map((input) => ({ input, output: f(input) })), test: [{ input: [[0, 0, 0], [0, 1, 6], [0, 0, 1]] }] };
}

describe('grid store', () => {
  it('interns equal grids to one id and answers a repeated application from the cache', () => {
    const s = new GridStore();
    const a = s.intern([[1, 2], [3, 4]]);
    expect(s.intern([[1, 2], [3, 4]])).toBe(a);
    expect(s.intern([[1, 2, 3, 4]])).not.toBe(a);
    const flip = primitiveByName('flip_h')!;
    const b = s.apply(a, 0, flip);
    expect(s.grid(b)).toEqual([[2, 1], [4, 3]]);
    expect(s.apply(a, 0, flip)).toBe(b);
    expect(s.hits).toBe(1);
    expect(s.apply(s.intern([[0]]), 1, primitiveByName('crop')!)).toBe(-1);
  });
});

describe('type pruning of last-depth states', () => {
  it('finds the same programs while evaluating fewer states', () => {
    const opts = { timeoutMs: 120_000, maxDepth: 2, wantPredictions: Infinity, maxKept: Infinity };
    const pruned = searchArcPrograms(task(), opts);
    const full = searchArcPrograms(task(), { ...opts, noPrune: true });
    expect(pruned.stats.timedOut || full.stats.timedOut).toBe(false);
    expect(pruned.programs.map((p) => p.text)).toEqual(full.programs.map((p) => p.text));
    expect(pruned.programs.length).toBeGreaterThan(0);
    expect(pruned.stats.states).toBeLessThan(full.stats.states / 2);
  });
});

describe('primitive order learned on training', () => {
  it('sorts by cost, then by how often a primitive solved training tasks', async () => {
    const { primitivesFor } = await import('../../../src/symbolic/arc/index.js');
    const { PRIMITIVE_FREQUENCY } = await import('../../../src/symbolic/arc/primitive-order.js');
    const prims = primitivesFor(task());
    for (let i = 1; i < prims.length; i++) {
      const a = prims[i - 1]!, b = prims[i]!;
      expect(a.cost).toBeLessThanOrEqual(b.cost);
      if (a.cost === b.cost) expect(PRIMITIVE_FREQUENCY[a.name] ?? 0).toBeGreaterThanOrEqual(PRIMITIVE_FREQUENCY[b.name] ?? 0);
    }
    expect(prims[0]!.name).toBe('crop');
  });
});
