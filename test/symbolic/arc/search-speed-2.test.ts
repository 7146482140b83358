/**
 * The second round of search speed-ups must not change what the search finds: the per-grid
 * application rows and failure memo of the grid store (peek, applyChecked), the hashed id-tuple
 * dedupe, and the last-depth pruning that now skips failing outputs without keeping them.
 * Counted, never timed.
 */
import { describe, expect, it } from 'vitest';
import type { ArcTask, Grid } from '../../../src/symbolic/arc/grid/types.js';
import { FAILED, gridHash, GridStore } from '../../../src/symbolic/arc/grid-store.js';
import { IdTupleSet } from '../../../src/symbolic/arc/search.js';
import { primitiveByName, searchArcPrograms } from '../../../src/symbolic/arc/index.js';

/** Output = the input mirrored left-right, then recoloured 1→2 (a depth-1 program + colormap). */
function task(): ArcTask {
  const f = (g: Grid): Grid => g.map((r) => [...r].reverse().map((v) => (v === 1 ? 2 : v)));
  const inputs: Grid[] = [
    [[0, 0, 0, 0], [0, 1, 3, 0], [0, 3, 0, 0], [0, 0, 0, 0]],
    [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 1, 1, 5], [0, 0, 6, 0, 0]],
    [[7, 1, 0], [0, 9, 0], [0, 0, 0]],
  ];
  return { train: inputs.map((input) => ({ input, output: f(input) })), test: [{ input: [[0, 0, 0], [0, 1, 6], [0, 0, 1]] }] };
}

describe('grid store rows', () => {
  const flip = primitiveByName('flip_h')!;

  it('peek never computes: unknown is -2, "does not apply" is -1, else the cached id', () => {
    const s = new GridStore();
    const a = s.intern([[1, 2], [3, 4]]);
    expect(s.peek(a, 5)).toBe(-2);
    const b = s.apply(a, 5, flip);
    expect(s.peek(a, 5)).toBe(b);
    expect(s.peek(a, 6)).toBe(-2);
    const z = s.intern([[0]]);
    expect(s.apply(z, 7, primitiveByName('crop')!)).toBe(-1);
    expect(s.peek(z, 7)).toBe(-1);
    // Primitive indices past the first row size grow the row and keep what it held.
    const far = s.apply(a, 300, flip);
    expect(far).toBe(b);
    expect(s.peek(a, 5)).toBe(b);
  });

  it('applyChecked keeps no failing output and remembers the failure per tag', () => {
    const s = new GridStore();
    const a = s.intern([[1, 2], [3, 4]]);
    const flipped: Grid = [[2, 1], [4, 3]];
    let checks = 0;
    const never = (): boolean => (checks++, false);
    expect(s.applyChecked(a, 0, flip, never, 2)).toBe(FAILED);
    expect(s.peek(a, 0)).toBe(FAILED - 2);
    // Never interned: interning the flipped grid now makes a fresh id.
    const fresh = s.intern(flipped);
    expect(fresh).toBe(1);
    // Same tag: answered from the memo, the check not run again.
    const hits = s.hits;
    expect(s.applyChecked(a, 0, flip, never, 2)).toBe(FAILED);
    expect(checks).toBe(1);
    expect(s.hits).toBe(hits + 1);
    // Another tag (another demonstration output): recomputed, and a passing output is interned.
    expect(s.applyChecked(a, 0, flip, () => true, 1)).toBe(fresh);
    expect(s.peek(a, 0)).toBe(fresh);
    expect(s.apply(a, 0, flip)).toBe(fresh);
  });

  it('hashes shape as well as cells, to a small integer', () => {
    const h = gridHash([[1, 2, 3, 4]]);
    expect(h).not.toBe(gridHash([[1, 2], [3, 4]]));
    expect(h).toBe(gridHash([[1, 2, 3, 4]]));
    expect(h >= 0 && h < 2 ** 30).toBe(true);
  });
});

describe('id-tuple dedupe', () => {
  it('is exact: equal tuples once, different ones (even colliding) kept apart', () => {
    const seen = new IdTupleSet();
    seen.add([1, 2, 3]);
    seen.add([1, 2, 3]);
    expect(seen.size).toBe(1);
    expect(seen.has([1, 2, 3])).toBe(true);
    expect(seen.has([1, 2])).toBe(false);
    expect(seen.has([3, 2, 1])).toBe(false);
    for (let i = 0; i < 5000; i++) seen.add([i, i + 1]);
    expect(seen.size).toBe(5001);
    for (let i = 0; i < 5000; i++) expect(seen.has([i, i + 1])).toBe(true);
    expect(seen.has([5000, 5002])).toBe(false);
  });

  it('counts every dropped duplicate: without dedupe, one depth evaluates exactly the duplicates more', () => {
    const opts = { timeoutMs: 120_000, maxDepth: 1, wantPredictions: Infinity, maxKept: Infinity };
    const on = searchArcPrograms(task(), opts);
    const off = searchArcPrograms(task(), { ...opts, noDedupe: true });
    expect(on.stats.duplicates).toBeGreaterThan(0);
    expect(off.stats.states).toBe(on.stats.states + on.stats.duplicates);
    // Dedupe drops only programs that repeat an earlier state: every program it keeps, the full search finds too.
    const offTexts = new Set(off.programs.map((p) => p.text));
    expect(on.programs.length).toBeGreaterThan(0);
    for (const p of on.programs) expect(offTexts.has(p.text)).toBe(true);
    expect(new Set(off.programs.map((p) => JSON.stringify(p.predictions)))).toEqual(new Set(on.programs.map((p) => JSON.stringify(p.predictions))));
  });
});

describe('pruned states never change the programs found', () => {
  it('depth 2: same programs, costs and predictions with and without the last-depth pruning, fewer states', () => {
    const opts = { timeoutMs: 120_000, maxDepth: 2, wantPredictions: Infinity, maxKept: Infinity };
    const pruned = searchArcPrograms(task(), opts);
    const full = searchArcPrograms(task(), { ...opts, noPrune: true });
    expect(pruned.stats.timedOut || full.stats.timedOut).toBe(false);
    const show = (r: typeof pruned): string[] => r.programs.map((p) => `${p.text} ${p.cost} ${JSON.stringify(p.predictions)}`);
    expect(show(pruned)).toEqual(show(full));
    expect(pruned.programs[0]!.text).toContain('flip_h');
    // The same candidates were considered (tried counts them); pruning only skipped their evaluation.
    expect(pruned.stats.tried).toBeLessThanOrEqual(full.stats.tried);
    expect(pruned.stats.states).toBeLessThan(full.stats.states);
  });

  it('a second identical search finds exactly the same (the store is per search, nothing leaks between searches)', () => {
    const opts = { timeoutMs: 120_000, maxDepth: 2, wantPredictions: Infinity, maxKept: Infinity };
    const a = searchArcPrograms(task(), opts), b = searchArcPrograms(task(), opts);
    expect(b.programs.map((p) => p.text)).toEqual(a.programs.map((p) => p.text));
    expect(b.stats.states).toBe(a.stats.states);
    expect(b.stats.cacheHits).toBe(a.stats.cacheHits);
  });
});
