/**
 * The search's grid store: every grid the search meets is interned once (hashed, compared on a
 * hash collision) and named by a small integer, and each primitive application is cached by
 * (grid id, primitive). Program prefixes share most of their grids — a primitive that leaves one
 * demonstration alone hands the same grid on, and many states differ in one grid only — so a state
 * is mostly cache hits, and its dedupe key is its tuple of ids (exact, no hash collisions).
 */
import type { Primitive } from './dsl.js';
import { equal, hashGrids, okSize, type Grid } from './grid-ops.js';

/** Cached applications kept before the cache is dropped and refilled (bounds memory, about 100 bytes each). */
const MAX_CACHED = 2_000_000;
/** Primitive indices must stay below this (the cache key is id · STRIDE + primitive). */
const STRIDE = 8192;

export class GridStore {
  private readonly grids: Grid[] = [];
  private readonly byHash = new Map<number, number[]>();
  private readonly applied = new Map<number, number>();
  /** Applications answered from the cache. */
  hits = 0;

  /** The id of `g` (interned on first sight). */
  intern(g: Grid): number {
    const h = hashGrids([g]);
    const bucket = this.byHash.get(h);
    if (bucket) {
      for (const id of bucket) if (equal(this.grids[id]!, g)) return id;
      bucket.push(this.grids.length);
    } else {
      this.byHash.set(h, [this.grids.length]);
    }
    this.grids.push(g);
    return this.grids.length - 1;
  }

  grid(id: number): Grid {
    return this.grids[id]!;
  }

  /** The id of `prim` applied to grid `id`, or -1 when it does not apply (null, a throw, or a grid outside 1..30). */
  apply(id: number, primIndex: number, prim: Primitive): number {
    const key = id * STRIDE + primIndex;
    const hit = this.applied.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    let out: Grid | null;
    try {
      out = prim.apply(this.grids[id]!);
    } catch {
      out = null;
    }
    const res = okSize(out) ? this.intern(out) : -1;
    if (this.applied.size >= MAX_CACHED) this.applied.clear();
    this.applied.set(key, res);
    return res;
  }

  static readonly MAX_PRIMITIVES = STRIDE;
}
