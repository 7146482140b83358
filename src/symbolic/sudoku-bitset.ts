/**
 * The fast Sudoku solver: bitmask candidates, constraint propagation, MRV branching.
 *
 * Notation
 *   cand[i]   — candidate digits of cell i as a bitmask (bit d-1 = digit d); one bit = solved.
 *   level     — one frame of the search: a full copy of `cand` (N² × 16 bits) in a preallocated
 *               stack, so backtracking is "drop the frame", never "undo".
 *   guess     — one branching decision (trying one candidate of the chosen cell); `effort` counts
 *               them, so effort 0 means propagation alone solved the puzzle (tdoku/Sudoku-Extreme
 *               rate puzzles the same way).
 *
 * Propagation, to a fixed point:
 *   naked singles  — a cell with one candidate removes it from its peers (queue of newly solved cells);
 *   hidden singles — a digit with one possible cell in a unit goes there (once/twice masks per unit).
 * A cell or a unit left without a candidate/place for a digit is a contradiction.
 *
 * Branching: the unsolved cell with the fewest candidates (first found; stops early at 2).
 *
 * Why the shape: at 10⁴+ puzzles/s the garbage collector would dominate, so the hot loop touches
 * only typed arrays that live in a per-geometry workspace reused across calls.
 */
import { performance } from 'node:perf_hooks';
import { sudokuTables, type SudokuTables } from './sudoku-tables.js';
import { checkGrid, type SudokuGrid, type SudokuSolveOptions, type SudokuSolveResult } from './sudoku-types.js';

/** Anything that draws a uniform integer in [0, n) (the plugin's `Rng` fits). */
export interface IntSource {
  int(n: number): number;
}

export interface BitsetSolveOptions extends SudokuSolveOptions {
  /** When given, the candidates of each branch cell are tried in random order (generators, ratings). */
  readonly rng?: IntSource;
}

/** How often (in search nodes) the clock and the abort signal are checked: cheap enough, fine enough. */
const CHECK_EVERY = 64;

/** The search state and its preallocated buffers for one geometry. */
class BitsetSearch {
  readonly t: SudokuTables;
  /** (N² + 1) levels of N² candidate masks; level d starts at d · N². */
  readonly stack: Uint16Array;
  /** Cells that became solved and still have to be removed from their peers. */
  readonly queue: Int16Array;
  busy = false;

  // per-call state
  limit = 1;
  deadline = 0;
  signal: AbortSignal | undefined = undefined;
  rng: IntSource | undefined = undefined;
  solutions: Uint8Array[] = [];
  effort = 0;
  nodes = 0;
  stopped = false;

  constructor(t: SudokuTables) {
    this.t = t;
    this.stack = new Uint16Array((t.cellCount + 1) * t.cellCount);
    this.queue = new Int16Array(t.cellCount);
  }

  /**
   * Propagates the first `queued` cells of `queue` (already set to one candidate) in the level
   * at `off`, then naked and hidden singles to a fixed point. False on a contradiction.
   */
  propagate(off: number, queued: number): boolean {
    const cand = this.stack, queue = this.queue;
    const { peers, peerCount, units, unitCount, n, allMask } = this.t;
    let head = 0, tail = queued;
    for (;;) {
      // Naked singles: remove each newly solved digit from the cell's peers.
      while (head < tail) {
        const c = queue[head++]!;
        const bit = cand[off + c]!;
        const pBase = c * peerCount;
        for (let k = 0; k < peerCount; k++) {
          const p = off + peers[pBase + k]!;
          const m = cand[p]!;
          if (m & bit) {
            const rest = m ^ bit;
            if (rest === 0) return false;
            cand[p] = rest;
            if ((rest & (rest - 1)) === 0) queue[tail++] = p - off;
          }
        }
      }
      // Hidden singles: a digit with exactly one place in a unit.
      let found = false;
      for (let u = 0; u < unitCount; u++) {
        const uBase = u * n;
        let once = 0, twice = 0, solved = 0;
        for (let k = 0; k < n; k++) {
          const m = cand[off + units[uBase + k]!]!;
          twice |= once & m;
          once |= m;
          if ((m & (m - 1)) === 0) solved |= m;
        }
        if (once !== allMask) return false; // some digit has no place left in this unit
        let hidden = once & ~twice & ~solved;
        while (hidden !== 0) {
          const bit = hidden & -hidden;
          hidden ^= bit;
          let k = 0;
          for (; k < n; k++) {
            const c = units[uBase + k]!;
            if (cand[off + c]! & bit) {
              cand[off + c] = bit;
              queue[tail++] = c;
              found = true;
              break;
            }
          }
          // The cell was just claimed by another hidden single of this unit: two digits, one cell.
          if (k === n) return false;
        }
      }
      if (!found) return true;
    }
  }

  /** Depth-first search from the (propagated) level `depth`; true = stop (limit, timeout, abort). */
  search(depth: number): boolean {
    if (++this.nodes % CHECK_EVERY === 0 && this.shouldStop()) return true;
    const { cellCount, popcount } = this.t;
    const cand = this.stack;
    const off = depth * cellCount;
    let best = 99, bestCell = -1;
    for (let c = 0; c < cellCount; c++) {
      const m = cand[off + c]!;
      if (m & (m - 1)) {
        const p = popcount[m]!;
        if (p < best) {
          best = p;
          bestCell = c;
          if (p === 2) break;
        }
      }
    }
    if (bestCell < 0) {
      const sol = new Uint8Array(cellCount);
      for (let c = 0; c < cellCount; c++) sol[c] = 32 - Math.clz32(cand[off + c]!);
      this.solutions.push(sol);
      return this.solutions.length >= this.limit;
    }
    const next = off + cellCount;
    let mask = cand[off + bestCell]!;
    const order = this.rng ? shuffledBits(mask, this.rng) : undefined;
    for (let i = 0; mask !== 0; i++) {
      let bit: number;
      if (order) {
        if (i >= order.length) break;
        bit = order[i]!;
      } else {
        bit = mask & -mask;
        mask ^= bit;
      }
      this.effort++;
      cand.copyWithin(next, off, next);
      cand[next + bestCell] = bit;
      this.queue[0] = bestCell;
      if (this.propagate(next, 1) && this.search(depth + 1)) return true;
      if (this.stopped) return true;
    }
    return false;
  }

  shouldStop(): boolean {
    if ((this.deadline > 0 && performance.now() > this.deadline) || this.signal?.aborted) this.stopped = true;
    return this.stopped;
  }
}

function shuffledBits(mask: number, rng: IntSource): number[] {
  const bits: number[] = [];
  for (let m = mask; m !== 0; m &= m - 1) bits.push(m & -m);
  for (let i = bits.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = bits[i]!;
    bits[i] = bits[j]!;
    bits[j] = t;
  }
  return bits;
}

const workspaces = new Map<SudokuTables, BitsetSearch>();

function acquire(t: SudokuTables): BitsetSearch {
  const ws = workspaces.get(t);
  if (ws && !ws.busy) return ws;
  // A re-entrant call (e.g. from an abort listener) gets its own buffers rather than corrupting the shared ones.
  const fresh = new BitsetSearch(t);
  if (!ws) workspaces.set(t, fresh);
  return fresh;
}

/**
 * Solves `grid`, returning up to `limit` (default 1) solutions. Givens that repeat a digit in a
 * unit give count 0. `complete` is false only when `timeoutMs` or `signal` cut the search short.
 * `effort` = number of guesses. Throws TRM_ERR_INVALID_INPUT on a malformed grid.
 */
export function solveSudokuBitset(grid: SudokuGrid, options: BitsetSolveOptions = {}): SudokuSolveResult {
  checkGrid(grid);
  const t = sudokuTables(grid.geometry);
  const limit = options.limit ?? 1;
  if (!(limit >= 1)) return { solutions: [], count: 0, complete: true, effort: 0 };
  const s = acquire(t);
  s.busy = true;
  try {
    s.limit = limit;
    s.deadline = options.timeoutMs !== undefined ? performance.now() + Math.max(0, options.timeoutMs) : 0;
    s.signal = options.signal;
    s.rng = options.rng;
    s.solutions = [];
    s.effort = 0;
    s.nodes = 0;
    s.stopped = false;
    if (s.shouldStop()) return { solutions: [], count: 0, complete: false, effort: 0 };

    const { cellCount, allMask } = t;
    const cand = s.stack;
    cand.fill(allMask, 0, cellCount);
    let queued = 0;
    for (let c = 0; c < cellCount; c++) {
      const d = grid.cells[c]!;
      if (d !== 0) {
        cand[c] = 1 << (d - 1);
        s.queue[queued++] = c;
      }
    }
    if (s.propagate(0, queued)) s.search(0);
    const solutions = s.solutions;
    return { solutions, count: solutions.length, complete: !s.stopped || solutions.length >= limit, effort: s.effort };
  } finally {
    s.busy = false;
    s.solutions = [];
    s.signal = undefined;
    s.rng = undefined;
  }
}
