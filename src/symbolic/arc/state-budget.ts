/**
 * The ARC search's memory, bounded in bytes rather than in states. A search state holds one grid
 * per demonstration and test input, so its size is the task's size: a 3-pair 10×10 task has 1 KB
 * states, a 100-pair 30×30 one 1.8 MB states, and a frontier of a few thousand of those is gigabytes.
 * The search asks `admit` before keeping a state for the next depth; a state over the budget is
 * evaluated (it may still fit) but not expanded further. The budget covers the frontier being
 * expanded plus the one being built (the states alive at once); `nextLevel` hands the built one's
 * bytes over when the search moves down a level.
 *
 * The limit is per search, process-wide (one worker runs one search at a time): the service sets it
 * from TRM_MAX_MEMORY (src/sdk/memory-budget.ts); the default suits a laptop.
 */
import type { Grid } from './grid/types.js';

/** Default bytes one ARC search may keep in states (256 MiB). */
export const DEFAULT_ARC_SEARCH_BYTES = 256 * 2 ** 20;

let searchBytesLimit = DEFAULT_ARC_SEARCH_BYTES;

/** Sets the bytes every later ARC search may keep in states (at least 1 MiB). */
export function setArcSearchMemoryLimit(bytes: number): void {
  if (!Number.isFinite(bytes) || bytes < 2 ** 20) throw new RangeError(`ARC search memory limit must be at least 1 MiB, got ${bytes}`);
  searchBytesLimit = Math.floor(bytes);
}

export function arcSearchMemoryLimit(): number {
  return searchBytesLimit;
}

/**
 * Heap bytes of a grid as V8 stores a number[][] of small integers on 64-bit: an array object
 * (32 B) and its backing store (16 B + 8 B per element) for the rows array and for every row.
 */
export function gridBytes(g: Grid): number {
  let b = 48 + 8 * g.length;
  for (const row of g) b += 48 + 8 * row.length;
  return b;
}

/**
 * Measured peak heap per kept state over its grids' bytes (the learners' and primitives' transient
 * copies, the dedupe hash, the step list): 547 MB heap for 329 states of 0.9 MB grids → ~1.8.
 */
export const STATE_OVERHEAD = 2;

/** Bytes one search state of these grids costs, overhead included. */
export function stateBytes(grids: readonly Grid[]): number {
  let b = 0;
  for (const g of grids) b += gridBytes(g);
  return b * STATE_OVERHEAD;
}

export class StateBudget {
  private current = 0;
  private building = 0;
  /** States evaluated but not kept for the next depth because the budget was full. */
  dropped = 0;

  constructor(readonly limit: number = searchBytesLimit) {}

  /** True (and counted) when a state of `grids` fits beside the states already kept. */
  admit(grids: readonly Grid[]): boolean {
    const b = stateBytes(grids);
    if (this.current + this.building + b > this.limit) {
      this.dropped++;
      return false;
    }
    this.building += b;
    return true;
  }

  /** The search moved down a level: the frontier it expanded is garbage, the one it built is current. */
  nextLevel(): void {
    this.current = this.building;
    this.building = 0;
  }
}
