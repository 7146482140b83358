/**
 * The search's grid store: every grid the search meets is interned once (hashed, compared on a
 * hash collision) and named by a small integer, and each primitive application is cached by
 * (grid id, primitive). Program prefixes share most of their grids — a primitive that leaves one
 * demonstration alone hands the same grid on, and many states differ in one grid only — so a state
 * is mostly cache hits, and its dedupe key is its tuple of ids (exact, no hash collisions).
 *
 * Speed (bench/arc-search-speed.ts): the application cache is one Int32Array row per grid indexed
 * by primitive, not a Map keyed by id · stride + primitive (those keys outgrow V8's small integers
 * and every lookup hashed a heap number), and the intern hash is one 30-bit multiply-xor pass (a
 * collision only costs an `equal`).
 */
import type { Primitive } from './dsl.js';
import { equal, okSize, type Grid } from './grid-ops.js';

/** Cached applications kept before the cache is dropped and refilled (bounds memory, 4 bytes each). */
const MAX_CACHED = 16_000_000;
/** Primitive indices must stay below this. */
const STRIDE = 8192;
/**
 * A row slot: 0 = not computed yet; v > 0: the result id v - 2 (-1, "does not apply", is 1);
 * v < 0: the output failed the check of `applyChecked` with tag -v - 1 and was not kept.
 */
const UNKNOWN = -2;
/** `applyChecked`/`peek`: the output failed the check with this tag: FAILED - tag. */
export const FAILED = -3;

/** 30-bit hash of one grid, its shape included (stays a V8 small integer, so Map keys stay cheap). */
export function gridHash(g: Grid): number {
  let h = Math.imul(g.length ^ 0x2c1b3c6d, 0x9e3779b1) ^ (g[0]?.length ?? 0);
  for (let r = 0; r < g.length; r++) {
    const row = g[r]!;
    for (let c = 0; c < row.length; c++) h = Math.imul(h ^ row[c]!, 0x01000193);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  }
  return (h ^ (h >>> 13)) & 0x3fffffff;
}

export class GridStore {
  private readonly grids: Grid[] = [];
  /** Hash → the one id with it, or the ids with it when several collide. */
  private readonly byHash = new Map<number, number | number[]>();
  /** Per grid id, the results of primitive i at slot i (see UNKNOWN), allocated on the first application. */
  private rows: (Int32Array | undefined)[] = [];
  private cached = 0;
  /** Applications answered from the cache. */
  hits = 0;

  /** The id of `g` (interned on first sight). */
  intern(g: Grid): number {
    const h = gridHash(g);
    const at = this.byHash.get(h);
    const id = this.grids.length;
    if (at === undefined) {
      this.byHash.set(h, id);
    } else if (typeof at === 'number') {
      if (equal(this.grids[at]!, g)) return at;
      this.byHash.set(h, [at, id]);
    } else {
      for (const k of at) if (equal(this.grids[k]!, g)) return k;
      at.push(id);
    }
    this.grids.push(g);
    return id;
  }

  grid(id: number): Grid {
    return this.grids[id]!;
  }

  /**
   * The cached result of primitive `primIndex` on grid `id` without computing: as `apply` returns
   * it, -2 when not computed yet, or FAILED - tag when `applyChecked` found it failing check `tag`.
   */
  peek(id: number, primIndex: number): number {
    const row = this.rows[id];
    if (row === undefined || primIndex >= row.length) return UNKNOWN;
    const v = row[primIndex]!;
    return v === 0 ? UNKNOWN : v > 0 ? v - 2 : FAILED + v + 1;
  }

  /**
   * Like `apply`, but an output that fails `check` is neither hashed nor kept: the slot remembers
   * "failed check `tag`" and FAILED is returned. For the search's last depth, where most outputs
   * fail the type check and would otherwise be interned and kept alive for nothing.
   */
  applyChecked(id: number, primIndex: number, prim: Primitive, check: (g: Grid) => boolean, tag: number): number {
    const row = this.rows[id];
    if (row !== undefined && primIndex < row.length) {
      const v = row[primIndex]!;
      if (v > 0) {
        this.hits++;
        return v - 2;
      }
      if (v === -1 - tag) {
        this.hits++;
        return FAILED;
      }
    }
    const out = this.run(id, prim);
    if (out !== null && !check(out)) {
      this.put(id, primIndex, -1 - tag);
      return FAILED;
    }
    const res = out !== null ? this.intern(out) : -1;
    this.put(id, primIndex, res + 2);
    return res;
  }

  private run(id: number, prim: Primitive): Grid | null {
    let out: Grid | null;
    try {
      out = prim.apply(this.grids[id]!);
    } catch {
      out = null;
    }
    return okSize(out) ? out : null;
  }

  private put(id: number, primIndex: number, v: number): void {
    let row = this.rows[id];
    if (row === undefined || primIndex >= row.length) {
      const size = Math.max(64, 1 << (32 - Math.clz32(primIndex)));
      if (size > STRIDE) throw new RangeError(`primitive index ${primIndex} over ${STRIDE}`);
      if (this.cached + size > MAX_CACHED) {
        this.rows = [];
        this.cached = 0;
        row = undefined;
      }
      const grown = new Int32Array(size);
      if (row !== undefined) grown.set(row);
      this.cached += size - (row?.length ?? 0);
      this.rows[id] = row = grown;
    }
    row[primIndex] = v;
  }

  /** The id of `prim` applied to grid `id`, or -1 when it does not apply (null, a throw, or a grid outside 1..30). */
  apply(id: number, primIndex: number, prim: Primitive): number {
    const row = this.rows[id];
    if (row !== undefined && primIndex < row.length) {
      const v = row[primIndex]!;
      if (v > 0) {
        this.hits++;
        return v - 2;
      }
    }
    const out = this.run(id, prim);
    const res = out !== null ? this.intern(out) : -1;
    this.put(id, primIndex, res + 2);
    return res;
  }

  static readonly MAX_PRIMITIVES = STRIDE;
}
