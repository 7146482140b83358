/**
 * The 9×9 (3×3 boxes) fast path of the bitset solver: the same deductions and the same branching
 * as the general engine in `general.ts`, specialised so that every loop bound is a constant
 * and every rule is a few table lookups on 27-bit words.
 *
 * Representation (JCZSolve / tdoku style)
 *   F[d·3 + b]  — 27-bit board: the positions p = r·9 + c (r < 3 the row inside band b, c the
 *                 column) where digit d is still possible. A solved cell keeps its digit's bit.
 *   U[b]        — the unsolved positions of band b (F[27 + b]).
 *   level       — F and U padded to 32 ints, in a preallocated stack of 82 levels: a guess
 *                 copies 30 ints, backtracking drops the level.
 *
 * Propagation to a fixed point, driven by two dirty masks kept in local variables:
 *   band update (d, b)  — the row×box "triads" holding d form a 3×3 matrix; one lookup keeps only
 *                         the triads on some permutation matrix (locked candidates, pointing and
 *                         claiming, and the box peers of a solved cell); a row left with one
 *                         position is solved (hidden single in the row, and through the
 *                         permutation also in the box): that cell loses its other digits and
 *                         d leaves the column in the other two bands;
 *   column step (d)     — across bands: an empty column is a contradiction, a column with one
 *                         position is a hidden single, and each stack's (band × column) matrix
 *                         gets the same permutation filter (vertical locked candidates);
 *   naked singles       — bit-sliced over the 9 boards of a band: a cell with one candidate is
 *                         solved, one with none is a contradiction; the same pass finds the
 *                         two-candidate cells for the branching.
 * A cell is solved lazily: its digit's board loses the cell's row and box peers, and the band
 * update does the rest. The rules are the general engine's, so both reach the same fixed point
 * (the rules only remove candidates, so the greatest fixed point does not depend on the order
 * they run in); with the same branching rule the two explore the same tree and return the same
 * solutions in the same order with the same `effort` (the tests check this).
 *
 * Branching (shared with the general engine, see `general.ts`): fewest candidates, ties
 * broken by most unsolved peers, then row-major order; the digit that the fewest peers still
 * allow is tried first (a random one with `rng`); after a branch cell=d is exhausted, d is
 * removed from the cell in the current level and the level propagated again (DPLL style).
 * (Minimum remaining values with the degree tie-break, least constraining value first: on
 * tdoku's 18 unique 9×9 puzzles 30 guesses each on average, against 83 for "first two-candidate
 * cell, lowest digit"; the two rules are textbook and cut guesses on 1,800 shuffled copies of
 * those puzzles (relabelled digits, permuted rows/columns/bands/stacks) by about half as well.)
 *
 * Speed notes: the hot loop allocates nothing (solution grids excepted), tables are hoisted into
 * locals, and the "clear the solved cells from the other digits" step is branch-free (a flag per
 * board instead of an unpredictable `if`), which alone was worth 25 %.
 */
import { TrmError } from '../../errors.js';
import { checkGrid, type IntSource, type SudokuGrid, type SudokuSolveResult } from './types.js';

/** What the fast path needs of the solve options (a subset of `BitsetSolveOptions`). */
export interface Fast9Options {
  readonly limit?: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly rng?: IntSource;
}

/** How often (in search nodes) the clock and the abort signal are checked (as in the general solver). */
const CHECK_EVERY = 64;
/** Ints per level: 27 boards + 3 unsolved masks, padded to a power of two. */
const LEVEL = 32;
const U0 = 27;
const ALL = 0x7ffffff;

// ---- tables (module-level constants, built once) -------------------------------------------

/** Row segment (9 bits) → its non-empty box triads (3 bits). */
const SHRINK = new Int32Array(512);
/** Row segment → itself when it has exactly one bit, else 0. */
const SINGLE = new Int32Array(512);
/** Column set (9 bits) → the same columns in all three rows of a band (27 bits). */
const COLREP = new Int32Array(512);
/** 3×3 0/1 matrix (bit r·3 + k) → the union of the permutation matrices inside it (0: none). */
const PERM = new Int32Array(512);
/** Triad set (bit r·3 + k) → the band positions of the permutation-matrix triads inside it. */
const KEEP = new Int32Array(512);
/** Row and box peers of each band position (itself excluded). */
const PEERS = new Int32Array(27);
/** Bits set in a 9-bit mask. */
const POP9 = new Int32Array(512);

{
  const perms: number[] = [];
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      for (let c = 0; c < 3; c++) if (a !== b && b !== c && a !== c) perms.push((1 << a) | (1 << (3 + b)) | (1 << (6 + c)));
    }
  }
  const triadMask = (r: number, k: number): number => 7 << (r * 9 + k * 3);
  for (let m = 0; m < 512; m++) {
    for (let k = 0; k < 3; k++) if (m & (7 << (k * 3))) SHRINK[m] = SHRINK[m]! | (1 << k);
    SINGLE[m] = m !== 0 && (m & (m - 1)) === 0 ? m : 0;
    COLREP[m] = m | (m << 9) | (m << 18);
    for (const p of perms) if ((p & m) === p) PERM[m] = PERM[m]! | p;
    for (let t = 0; t < 9; t++) if (PERM[m]! & (1 << t)) KEEP[m] = KEEP[m]! | (triadMask(Math.floor(t / 3), t % 3));
    for (let x = m; x !== 0; x &= x - 1) POP9[m] = POP9[m]! + 1;
  }
  for (let p = 0; p < 27; p++) {
    const r = Math.floor(p / 9), k = Math.floor((p % 9) / 3);
    PEERS[p] = ((0x1ff << (r * 9)) | COLREP[7 << (k * 3)]!) & ~(1 << p);
  }
}

const ctz = (lowBit: number): number => 31 - Math.clz32(lowBit);

/**
 * Bits of `x` (a board of band b) among the row and box peers of position p, plus bits of `y`
 * and `z` (the same board in the other two bands) in p's column: the peers of the cell that
 * `x`, `y`, `z` mark (unsolved cells, or cells still allowing a digit).
 */
function peerCount(x: number, y: number, z: number, p: number): number {
  const inBand = x & PEERS[p]!;
  // The column's three rows of each other band, shifted to bits 0, 9, 18: summed field-wise (≤ 2 each).
  const c = p % 9;
  const col = ((y >>> c) & 0x40201) + ((z >>> c) & 0x40201);
  return POP9[inBand & 0x1ff]! + POP9[(inBand >>> 9) & 0x1ff]! + POP9[inBand >>> 18]! + (col & 3) + ((col >>> 9) & 3) + (col >>> 18);
}

/** The positions of band b whose candidate count (bit planes in `counts`) is k. */
function withCount(counts: Int32Array, b: number, k: number): number {
  const i = b * 4;
  return (k & 1 ? counts[i]! : ~counts[i]!) & (k & 2 ? counts[i + 1]! : ~counts[i + 1]!) &
    (k & 4 ? counts[i + 2]! : ~counts[i + 2]!) & (k & 8 ? counts[i + 3]! : ~counts[i + 3]!);
}

/** Search state and the preallocated level stack (one per concurrent call; see `acquire`). */
class Fast9Solver {
  /** 81 placements at most, plus the root. */
  readonly state = new Int32Array(82 * LEVEL);
  busy = false;
  limit = 1;
  deadline = 0;
  signal: AbortSignal | undefined = undefined;
  rng: IntSource | undefined = undefined;
  solutions: Uint8Array[] = [];
  effort = 0;
  nodes = 0;
  stopped = false;
  /** Set by a successful `propagate`: the two-candidate cells of each band. */
  two0 = 0;
  two1 = 0;
  two2 = 0;
  /** Scratch for `pick`: four bit planes of the candidate count per band. */
  readonly counts = new Int32Array(12);

  /**
   * Runs every rule to a fixed point on the level at `o`, starting from the boards in `dirty`
   * (bit d·3 + b); false on a contradiction.
   */
  propagate(o: number, dirty: number): boolean {
    const F = this.state;
    const shrink = SHRINK, keepOf = KEEP, single = SINGLE, colrep = COLREP, peers = PEERS, perm = PERM;
    let colDirty = 0;
    for (;;) {
      // Band updates: the cheapest rule, run until no board is left to examine.
      while (dirty !== 0) {
        const low = dirty & -dirty;
        dirty ^= low;
        const i = 31 - Math.clz32(low);
        const d = (i * 11) >>> 5, b = i - d * 3; // i / 3 and i % 3 for i < 27
        colDirty |= 1 << d;
        const fi = o + i;
        let a = F[fi]!;
        a &= keepOf[shrink[a & 0x1ff]! | (shrink[(a >>> 9) & 0x1ff]! << 3) | (shrink[a >>> 18]! << 6)]!;
        if (a === 0) return false; // a row or box of the band has no place for d
        F[fi] = a;
        const ui = o + U0 + b;
        const u = F[ui]!;
        const solved = (single[a & 0x1ff]! | (single[(a >>> 9) & 0x1ff]! << 9) | (single[a >>> 18]! << 18)) & u;
        if (solved === 0) continue;
        // New cells of d: they lose every other digit, and d leaves their columns in the other bands.
        F[ui] = u ^ solved;
        const ob = o + b;
        let x = 0, m = 0;
        // Branch-free: store every board, collect "changed" flags ((x & solved) + 2^27 - 1 has bit 27 iff x & solved is not 0).
        x = F[ob]! & solved; F[ob] = F[ob]! ^ x; m |= (x + ALL) >>> 27;
        x = F[ob + 3]! & solved; F[ob + 3] = F[ob + 3]! ^ x; m |= ((x + ALL) >>> 27) << 3;
        x = F[ob + 6]! & solved; F[ob + 6] = F[ob + 6]! ^ x; m |= ((x + ALL) >>> 27) << 6;
        x = F[ob + 9]! & solved; F[ob + 9] = F[ob + 9]! ^ x; m |= ((x + ALL) >>> 27) << 9;
        x = F[ob + 12]! & solved; F[ob + 12] = F[ob + 12]! ^ x; m |= ((x + ALL) >>> 27) << 12;
        x = F[ob + 15]! & solved; F[ob + 15] = F[ob + 15]! ^ x; m |= ((x + ALL) >>> 27) << 15;
        x = F[ob + 18]! & solved; F[ob + 18] = F[ob + 18]! ^ x; m |= ((x + ALL) >>> 27) << 18;
        x = F[ob + 21]! & solved; F[ob + 21] = F[ob + 21]! ^ x; m |= ((x + ALL) >>> 27) << 21;
        x = F[ob + 24]! & solved; F[ob + 24] = F[ob + 24]! ^ x; m |= ((x + ALL) >>> 27) << 24;
        // d leaves the solved cells' columns in every band; its own band keeps them (restored below).
        const cols = colrep[(solved | (solved >>> 9) | (solved >>> 18)) & 0x1ff]!;
        const j0 = o + d * 3;
        x = F[j0]! & cols; F[j0] = F[j0]! ^ x; let n = (x + ALL) >>> 27;
        x = F[j0 + 1]! & cols; F[j0 + 1] = F[j0 + 1]! ^ x; n |= ((x + ALL) >>> 27) << 1;
        x = F[j0 + 2]! & cols; F[j0 + 2] = F[j0 + 2]! ^ x; n |= ((x + ALL) >>> 27) << 2;
        F[fi] = a;
        dirty |= ((m << b) | (n << (d * 3))) & ~low;
      }
      // Column step for the digits whose boards changed.
      if (colDirty !== 0) {
        const d = 31 - Math.clz32(colDirty & -colDirty);
        colDirty &= colDirty - 1;
        const j0 = o + d * 3;
        const a0 = F[j0]!, a1 = F[j0 + 1]!, a2 = F[j0 + 2]!;
        const r00 = a0 & 0x1ff, r01 = (a0 >>> 9) & 0x1ff, r02 = a0 >>> 18;
        const r10 = a1 & 0x1ff, r11 = (a1 >>> 9) & 0x1ff, r12 = a1 >>> 18;
        const r20 = a2 & 0x1ff, r21 = (a2 >>> 9) & 0x1ff, r22 = a2 >>> 18;
        const c0 = r00 | r01 | r02, c1 = r10 | r11 | r12, c2 = r20 | r21 | r22;
        if ((c0 | c1 | c2) !== 0x1ff) return false; // a column with no place for d
        const twice = (r00 & r01) | (r00 & r02) | (r01 & r02) | (r10 & r11) | (r10 & r12) | (r11 & r12) |
          (r20 & r21) | (r20 & r22) | (r21 & r22) | (c0 & c1) | (c0 & c2) | (c1 & c2);
        // Stacks: bit b·3 + j = column j of the stack has d in band b; keep the permutation triads.
        const p0 = perm[(c0 & 7) | ((c1 & 7) << 3) | ((c2 & 7) << 6)]!;
        const p1 = perm[((c0 >>> 3) & 7) | (((c1 >>> 3) & 7) << 3) | (((c2 >>> 3) & 7) << 6)]!;
        const p2 = perm[(c0 >>> 6) | ((c1 >>> 6) << 3) | ((c2 >>> 6) << 6)]!;
        if (p0 === 0 || p1 === 0 || p2 === 0) return false;
        const k0 = (p0 & 7) | ((p1 & 7) << 3) | ((p2 & 7) << 6);
        const k1 = ((p0 >>> 3) & 7) | (((p1 >>> 3) & 7) << 3) | (((p2 >>> 3) & 7) << 6);
        const k2 = (p0 >>> 6) | ((p1 >>> 6) << 3) | ((p2 >>> 6) << 6);
        let x0 = a0 & colrep[k0]!, x1 = a1 & colrep[k1]!, x2 = a2 & colrep[k2]!;
        // Hidden singles in columns: the cell keeps d and its row and box lose it (the band update does the rest).
        const hidden = 0x1ff & ~twice;
        if (hidden !== 0) {
          const h = colrep[hidden]!;
          for (let y = x0 & h & F[o + U0]!; y !== 0; y &= y - 1) {
            const bit = y & -y;
            if ((x0 & bit) === 0) return false;
            x0 &= ~peers[31 - Math.clz32(bit)]!;
          }
          for (let y = x1 & h & F[o + U0 + 1]!; y !== 0; y &= y - 1) {
            const bit = y & -y;
            if ((x1 & bit) === 0) return false;
            x1 &= ~peers[31 - Math.clz32(bit)]!;
          }
          for (let y = x2 & h & F[o + U0 + 2]!; y !== 0; y &= y - 1) {
            const bit = y & -y;
            if ((x2 & bit) === 0) return false;
            x2 &= ~peers[31 - Math.clz32(bit)]!;
          }
        }
        if (x0 !== a0) { F[j0] = x0; dirty |= 1 << (d * 3); }
        if (x1 !== a1) { F[j0 + 1] = x1; dirty |= 2 << (d * 3); }
        if (x2 !== a2) { F[j0 + 2] = x2; dirty |= 4 << (d * 3); }
        continue;
      }
      // Naked singles, bit-sliced over the nine boards of each band; the same pass collects the
      // two-candidate cells, which the branching needs should this pass be the last.
      let t0 = 0, t1 = 0, t2 = 0;
      for (let b = 0; b < 3; b++) {
        const u = F[o + U0 + b]!;
        if (u === 0) continue;
        const ob = o + b;
        let once = F[ob]!, twice = 0, thrice = 0, x = 0;
        x = F[ob + 3]!; twice |= once & x; once |= x;
        x = F[ob + 6]!; thrice |= twice & x; twice |= once & x; once |= x;
        x = F[ob + 9]!; thrice |= twice & x; twice |= once & x; once |= x;
        x = F[ob + 12]!; thrice |= twice & x; twice |= once & x; once |= x;
        x = F[ob + 15]!; thrice |= twice & x; twice |= once & x; once |= x;
        x = F[ob + 18]!; thrice |= twice & x; twice |= once & x; once |= x;
        x = F[ob + 21]!; thrice |= twice & x; twice |= once & x; once |= x;
        x = F[ob + 24]!; thrice |= twice & x; twice |= once & x; once |= x;
        if ((u & ~once) !== 0) return false; // an unsolved cell without candidates
        const t = u & twice & ~thrice;
        if (b === 0) t0 = t;
        else if (b === 1) t1 = t;
        else t2 = t;
        for (let singles = u & ~twice; singles !== 0; singles &= singles - 1) {
          const bit = singles & -singles;
          let j = ob;
          const end = o + 27;
          while (j < end && (F[j]! & bit) === 0) j += 3;
          // j === end: an earlier single of this loop took the cell's last candidate.
          if (j === end) return false;
          F[j] = F[j]! & ~peers[31 - Math.clz32(bit)]!;
          dirty |= 1 << (j - o);
        }
      }
      if (dirty === 0) {
        this.two0 = t0;
        this.two1 = t1;
        this.two2 = t2;
        return true;
      }
    }
  }

  /**
   * The branch cell of the propagated level `o` as b · 32 + p, -1 when every cell is solved:
   * fewest candidates, then most unsolved peers (row ∪ column ∪ box), then row-major order.
   * `propagate` left the two-candidate cells of each band in `two0..two2`.
   */
  pick(o: number): number {
    const F = this.state;
    const u0 = F[o + U0]!, u1 = F[o + U0 + 1]!, u2 = F[o + U0 + 2]!;
    if ((u0 | u1 | u2) === 0) return -1;
    const t0 = this.two0, t1 = this.two1, t2 = this.two2;
    let best = -1, at = -1;
    if ((t0 | t1 | t2) !== 0) {
      for (let b = 0; b < 3; b++) {
        const ub = b === 0 ? u0 : b === 1 ? u1 : u2;
        const ua = b === 0 ? u1 : u0, uc = b === 2 ? u1 : u2;
        for (let t = b === 0 ? t0 : b === 1 ? t1 : t2; t !== 0; t &= t - 1) {
          const p = 31 - Math.clz32(t & -t);
          const k = peerCount(ub, ua, uc, p);
          if (k > best) {
            best = k;
            at = (b << 5) | p;
          }
        }
      }
      return at;
    }
    // No two-candidate cell (sparse grids): count candidates bit-sliced (4 planes per band) and
    // take the smallest count any unsolved cell has, then the most unsolved peers among those.
    const counts = this.counts;
    let fewest = 9;
    for (let b = 0; b < 3; b++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = o + b, end = o + 27; j < end; j += 3) {
        const x = F[j]!;
        const c0 = s0 & x;
        s0 ^= x;
        const c1 = s1 & c0;
        s1 ^= c0;
        const c2 = s2 & c1;
        s2 ^= c1;
        s3 |= c2;
      }
      counts[b * 4] = s0;
      counts[b * 4 + 1] = s1;
      counts[b * 4 + 2] = s2;
      counts[b * 4 + 3] = s3;
    }
    for (let k = 3; k <= 9; k++) {
      let any = 0;
      for (let b = 0; b < 3; b++) any |= withCount(counts, b, k) & F[o + U0 + b]!;
      if (any !== 0) {
        fewest = k;
        break;
      }
    }
    for (let b = 0; b < 3; b++) {
      const ub = b === 0 ? u0 : b === 1 ? u1 : u2;
      const ua = b === 0 ? u1 : u0, uc = b === 2 ? u1 : u2;
      for (let t = withCount(counts, b, fewest) & ub; t !== 0; t &= t - 1) {
        const p = 31 - Math.clz32(t & -t);
        const k = peerCount(ub, ua, uc, p);
        if (k > best) {
          best = k;
          at = (b << 5) | p;
        }
      }
    }
    return at;
  }

  /** The board index d·3 + b of the digit to try first at cell (b, p): the one the fewest peers still allow. */
  leastConstraining(o: number, b: number, p: number): number {
    const F = this.state, bit = 1 << p;
    let best = 99, at = -1;
    for (let i = o + b, d = 0; d < 9; d++, i += 3) {
      const x = F[i]!;
      if ((x & bit) === 0) continue;
      const j = o + d * 3;
      const k = peerCount(x, F[j + (b === 0 ? 1 : 0)]!, F[j + (b === 2 ? 1 : 2)]!, p);
      if (k < best) {
        best = k;
        at = d * 3 + b;
      }
    }
    return at;
  }

  /** Depth-first search from the propagated level `depth`; true = stop (limit, timeout, abort). */
  search(depth: number): boolean {
    const F = this.state;
    const o = depth * LEVEL, n = o + LEVEL;
    for (;;) {
      if (++this.nodes % CHECK_EVERY === 0 && this.shouldStop()) return true;
      const at = this.pick(o);
      if (at < 0) {
        this.record(o);
        return this.solutions.length >= this.limit;
      }
      const b = at >> 5, p = at & 31, bit = 1 << p;
      let i = b;
      if (this.rng) {
        let digits = 0;
        for (let d = 0; d < 9; d++) if (F[o + d * 3 + b]! & bit) digits |= 1 << d;
        i += 3 * ctz(nthBit(digits, this.rng.int(POP9[digits]!)));
      } else {
        i = this.leastConstraining(o, b, p);
      }
      this.effort++;
      for (let k = 0; k < 30; k++) F[n + k] = F[o + k]!;
      F[n + i] = F[n + i]! & ~PEERS[p]!;
      if (this.propagate(n, 1 << i) && this.search(depth + 1)) return true;
      if (this.stopped) return true;
      // Every solution with this cell = d has been seen: rule d out here and carry on.
      F[o + i] = F[o + i]! & ~bit;
      if (!this.propagate(o, 1 << i)) return false;
    }
  }

  record(o: number): void {
    const sol = new Uint8Array(81);
    const F = this.state;
    for (let d = 0; d < 9; d++) {
      for (let b = 0; b < 3; b++) {
        for (let x = F[o + d * 3 + b]!; x !== 0; x &= x - 1) sol[b * 27 + ctz(x & -x)] = d + 1;
      }
    }
    this.solutions.push(sol);
  }

  shouldStop(): boolean {
    if ((this.deadline > 0 && performance.now() > this.deadline) || this.signal?.aborted) this.stopped = true;
    return this.stopped;
  }
}

/** The k-th (0-based) set bit of `mask`, as a one-bit mask. */
function nthBit(mask: number, k: number): number {
  for (let m = mask; m !== 0; m &= m - 1) if (k-- === 0) return m & -m;
  return mask & -mask;
}

let shared: Fast9Solver | undefined;

function acquire(): Fast9Solver {
  if (!shared) shared = new Fast9Solver();
  // A re-entrant call (e.g. from an abort listener) gets its own stack rather than corrupting the shared one.
  return shared.busy ? new Fast9Solver() : shared;
}

/**
 * Solves a 9×9 grid with 3×3 boxes, returning up to `limit` (default 1) solutions; same contract
 * as `solveSudokuBitset` (which dispatches here), whose general engine it matches solution for
 * solution and guess for guess. Throws TRM_ERR_INVALID_INPUT on a malformed grid or another geometry.
 */
export function solveSudokuFast9(grid: SudokuGrid, options: Fast9Options = {}): SudokuSolveResult {
  checkGrid(grid);
  const g = grid.geometry;
  if (g.size !== 9 || g.boxRows !== 3 || g.boxCols !== 3) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `the 9×9 fast path needs size 9 with 3×3 boxes, got size ${g.size} with ${g.boxRows}×${g.boxCols} boxes`);
  }
  const limit = options.limit ?? 1;
  if (!(limit >= 1)) return { solutions: [], count: 0, complete: true, effort: 0 };
  const s = acquire();
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

    const F = s.state, cells = grid.cells;
    F.fill(ALL, 0, 30);
    let ok = true;
    for (let c = 0; c < 81; c++) {
      const v = cells[c]!;
      if (v === 0) continue;
      const i = (v - 1) * 3 + ((c / 27) | 0), p = c % 27;
      // A given whose digit a row or box peer given already took: count 0 (column clashes across
      // bands show up in the propagation).
      if ((F[i]! & (1 << p)) === 0) {
        ok = false;
        break;
      }
      F[i] = F[i]! & ~PEERS[p]!;
    }
    if (ok && s.propagate(0, ALL)) s.search(0);
    const solutions = s.solutions;
    return { solutions, count: solutions.length, complete: !s.stopped || solutions.length >= limit, effort: s.effort };
  } finally {
    s.busy = false;
    s.solutions = [];
    s.signal = undefined;
    s.rng = undefined;
  }
}
