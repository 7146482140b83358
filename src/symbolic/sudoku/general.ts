/**
 * The fast Sudoku solver: digit bitboards, constraint propagation to a fixed point, branching on
 * the most constrained cell. One code path for every geometry (4×4, 6×6, 9×9, …).
 *
 * Notation (N = size, R = boxRows, C = boxCols, N = R·C)
 *   band      — R consecutive rows (N / R bands); a band holds whole boxes, N / C of them.
 *   position  — a cell inside a band: p = r·N + c (r < R the row in the band, c < N the column);
 *               a band is W = R·N bits, which must fit a 31-bit int (27 for 9×9).
 *   F[d][b]   — bitboard: the positions in band b where digit d is still possible. A placed
 *               digit keeps its own bit, so "the only position of d in this row" covers placed
 *               cells too; U[b] tells which cells are still unplaced.
 *   level     — one search frame: all F and U words (N·B + B ints, 30 for 9×9) in a preallocated
 *               stack, so a guess copies 120 bytes and backtracking is "drop the frame".
 *   guess     — one branching decision (placing one candidate of the chosen cell on a copy);
 *               `effort` counts them: effort 0 = propagation alone solved it (tdoku and
 *               Sudoku-Extreme rate puzzles by the same count).
 *
 * Propagation, to a fixed point (every rule is a deduction, so applying them in any order is sound):
 *   naked singles      — bit-sliced over the N digit boards of a band: an unplaced cell with one
 *                        candidate is placed, one with none is a contradiction;
 *   hidden singles     — a digit with one position in a row, column or box is placed there;
 *   locked candidates  — a digit confined to one row (column) of a box leaves the rest of that row
 *                        (column); one confined to one box within a row (column) leaves the rest of the box.
 *   A unit with no position left for a digit is a contradiction.
 *   Only boards that changed are re-examined (a dirty bit per digit, and per band of each digit).
 *
 * Branching: the cell with fewest candidates (two-candidate cells found bit-sliced), ties broken
 * by most unplaced peers, then row-major order; the digit that the fewest peers still allow is
 * tried first (a random one with `rng`). After a branch cell=d is exhausted, d is removed from
 * the cell in the current frame and the frame propagated again (DPLL style), so the refutation
 * itself can force cells. 9×9 grids with 3×3 boxes go to `fast9.ts`, which applies the
 * same rules and branching (same tree, same solutions, same effort) about 4× faster.
 *
 * Why bitboards: hidden singles and locked candidates (which cut the guesses on hard puzzles by
 * about a quarter against singles alone) become a few table lookups per digit and band, a frame
 * is N·B + B ints, and nothing is allocated in the hot loop (frames live in a per-geometry
 * workspace reused across calls). A first version on per-cell masks with singles only needed
 * ~33 % more guesses for the same time per guess.
 */
import { TrmError } from '../../errors.js';
import { solveSudokuFast9 } from './fast9.js';
import { checkGrid, type IntSource, type SudokuGeometry, type SudokuGrid, type SudokuSolveOptions, type SudokuSolveResult } from './types.js';

export interface BitsetSolveOptions extends SudokuSolveOptions {
  /** When given, the branch digit is drawn at random (generators, randomised ratings). */
  readonly rng?: IntSource;
  /**
   * `auto` (default): 9×9 grids with 3×3 boxes go to the specialised fast path
   * (`fast9.ts`, same results, guess for guess), everything else to the general engine;
   * `general`: always the general engine (tests and benchmarks compare the two).
   */
  readonly engine?: 'auto' | 'general';
}

/** How often (in search nodes) the clock and the abort signal are checked: cheap enough, fine enough. */
const CHECK_EVERY = 64;
/** Bits a band may use: positions must fit a positive 31-bit int. */
const MAX_BAND_BITS = 30;

const ctz = (lowBit: number): number => 31 - Math.clz32(lowBit);

/** Search state and preallocated buffers for one geometry (band layout tables included). */
class BandSolver {
  readonly n: number;
  /** Rows per band (= boxRows). */
  readonly R: number;
  /** Bands (= N / boxRows). */
  readonly B: number;
  /** Boxes per band = stacks (= N / boxCols = boxRows, so a band's row triads form an R×R matrix). */
  readonly S: number;
  readonly cellCount: number;
  readonly fullN: number;
  readonly fullBand: number;
  /** Ints per level: N·B F words, then B U words. */
  readonly L: number;
  readonly rowMask: Int32Array;
  readonly boxMask: Int32Array;
  readonly colMask: Int32Array;
  /** Row and box peers of each position within its band (the position itself excluded). */
  readonly bandPeers: Int32Array;
  readonly colOf: Uint8Array;
  readonly stackOfCol: Uint8Array;
  /** Global cell index of band b, position p: cellOf[b · 32 + p]. */
  readonly cellOf: Int16Array;
  readonly state: Int32Array;
  /** Columns per box (= boxCols), which is also the number of bands: a stack's column triads form a C×C matrix. */
  readonly C: number;
  /** Row segment (N bits) → its non-empty triads (R bits). */
  readonly shrink: Uint8Array;
  /** Triad set (R×R bits) → union of the permutation matrices inside it (0: none). */
  readonly perm: Int32Array;
  /** Triad set → band positions it covers. */
  readonly expand: Int32Array;
  /** Like `perm` for a stack's C×C column triads; absent when C > 4 (table too large). */
  readonly vperm: Int32Array | undefined;
  /** Scratch: columns (N bits) holding the digit in each band. */
  readonly colsOf: Int32Array;
  /** Scratch for `pick`: the two-candidate cells of each band. */
  readonly twos: Int32Array;
  busy = false;

  // per-call state
  /** Digits whose boards changed since they were last examined. */
  dirty = 0;
  /** Per digit: bands whose board changed since the digit was last examined. */
  readonly dirtyBands: Int32Array;
  readonly allBands: number;
  limit = 1;
  deadline = 0;
  signal: AbortSignal | undefined = undefined;
  rng: IntSource | undefined = undefined;
  solutions: Uint8Array[] = [];
  effort = 0;
  nodes = 0;
  stopped = false;

  constructor(g: SudokuGeometry) {
    const n = g.size, R = g.boxRows, C = g.boxCols;
    this.n = n;
    this.R = R;
    this.B = n / R;
    this.S = n / C;
    this.cellCount = n * n;
    const W = R * n;
    this.fullN = (1 << n) - 1;
    this.fullBand = 2 ** W - 1;
    this.L = n * this.B + this.B;
    this.rowMask = new Int32Array(R);
    for (let r = 0; r < R; r++) this.rowMask[r] = this.fullN << (r * n);
    this.colMask = new Int32Array(n);
    this.boxMask = new Int32Array(this.S);
    this.colOf = new Uint8Array(W);
    this.stackOfCol = new Uint8Array(n);
    for (let c = 0; c < n; c++) this.stackOfCol[c] = Math.floor(c / C);
    for (let p = 0; p < W; p++) {
      const c = p % n;
      this.colOf[p] = c;
      this.colMask[c] = this.colMask[c]! | (1 << p);
      this.boxMask[this.stackOfCol[c]!] = this.boxMask[this.stackOfCol[c]!]! | (1 << p);
    }
    this.bandPeers = new Int32Array(W);
    for (let p = 0; p < W; p++) {
      this.bandPeers[p] = (this.rowMask[Math.floor(p / n)]! | this.boxMask[this.stackOfCol[p % n]!]!) & ~(1 << p);
    }
    this.cellOf = new Int16Array(this.B * 32);
    for (let b = 0; b < this.B; b++) {
      for (let p = 0; p < W; p++) this.cellOf[b * 32 + p] = (b * R + Math.floor(p / n)) * n + (p % n);
    }
    this.C = C;
    // R = boxes per band (N / C = R), so a band's triads form an R×R matrix.
    this.shrink = new Uint8Array(1 << n);
    for (let seg = 0; seg < 1 << n; seg++) {
      for (let k = 0; k < R; k++) if (seg & (((1 << C) - 1) << (k * C))) this.shrink[seg] = this.shrink[seg]! | (1 << k);
    }
    this.perm = permutationUnionTable(R);
    this.expand = new Int32Array(1 << (R * R));
    for (let t = 0; t < this.expand.length; t++) {
      for (let r = 0; r < R; r++) {
        for (let k = 0; k < R; k++) if (t & (1 << (r * R + k))) this.expand[t] = this.expand[t]! | (this.rowMask[r]! & this.boxMask[k]!);
      }
    }
    this.vperm = C <= 4 ? permutationUnionTable(C) : undefined;
    this.colsOf = new Int32Array(this.B);
    this.twos = new Int32Array(this.B);
    this.dirtyBands = new Int32Array(n);
    this.allBands = (1 << this.B) - 1;
    // At most one level per placed cell, plus the root.
    this.state = new Int32Array((this.cellCount + 1) * this.L);
  }

  /** Places digit d at position p of band b in the level at `off`; false if d is no longer possible there. */
  place(off: number, d: number, b: number, p: number): boolean {
    const state = this.state, B = this.B, n = this.n;
    const bit = 1 << p;
    const fi = off + d * B + b;
    if ((state[fi]! & bit) === 0) return false;
    const ui = off + n * B + b;
    if ((state[ui]! & bit) === 0) return true; // already placed, with d (the only digit keeping the bit)
    state[ui] = state[ui]! & ~bit;
    const dirtyBands = this.dirtyBands, bandBit = 1 << b;
    let dirty = this.dirty | (1 << d);
    for (let e = 0, i = off + b; e < n; e++, i += B) {
      const v = state[i]!;
      if (e !== d && (v & bit) !== 0) {
        state[i] = v & ~bit;
        dirty |= 1 << e;
        dirtyBands[e] = dirtyBands[e]! | bandBit;
      }
    }
    state[fi] = state[fi]! & ~this.bandPeers[p]!;
    let changed = bandBit;
    const cm = ~this.colMask[this.colOf[p]!]!;
    for (let b2 = 0, i = off + d * B; b2 < B; b2++, i++) {
      const v = state[i]!;
      if (b2 !== b && (v & cm) !== v) {
        state[i] = v & cm;
        changed |= 1 << b2;
      }
    }
    dirtyBands[d] = dirtyBands[d]! | changed;
    this.dirty = dirty;
    return true;
  }

  /** Forget pending work (after a contradiction left some behind). */
  clearDirty(): void {
    this.dirty = 0;
    this.dirtyBands.fill(0);
  }

  /** Naked singles and dirty digits to a fixed point; false on a contradiction. */
  propagate(off: number): boolean {
    const state = this.state, B = this.B, n = this.n, uBase = off + n * B;
    for (;;) {
      for (let b = 0; b < B; b++) {
        const u = state[uBase + b]!;
        if (u === 0) continue;
        let once = 0, twice = 0;
        for (let i = off + b, end = off + n * B; i < end; i += B) {
          const x = state[i]!;
          twice |= once & x;
          once |= x;
        }
        if ((u & ~once) !== 0) return false; // an unplaced cell without candidates
        let singles = u & once & ~twice;
        while (singles !== 0) {
          const bit = singles & -singles;
          singles ^= bit;
          let d = 0;
          while (d < n && (state[off + d * B + b]! & bit) === 0) d++;
          // d === n: an earlier placement of this loop took the cell's last candidate.
          if (d === n || !this.place(off, d, b, ctz(bit))) return false;
        }
      }
      if (this.dirty === 0) return true;
      let todo = this.dirty;
      this.dirty = 0;
      while (todo !== 0) {
        const low = todo & -todo;
        todo ^= low;
        if (!this.digit(off, ctz(low))) return false;
      }
    }
  }

  /**
   * Locked candidates, hidden singles and empty units for digit d; false on a contradiction.
   *
   * Inside a band, d sits exactly once in each of its R rows and R boxes, so the row×box
   * "triads" (row r ∩ box k) it occupies form a permutation matrix. `shrink` turns each row into
   * the set of its non-empty triads, `perm` keeps only triads lying on some permutation matrix
   * inside that set (this is pointing + claiming, and more, in one lookup), `expand` turns the
   * kept triads back into positions. The same holds for a stack (C columns × C bands) with
   * column triads (column c ∩ band b), which gives the vertical pointing and claiming.
   */
  digit(off: number, d: number): boolean {
    const state = this.state, B = this.B, R = this.R, n = this.n, fullN = this.fullN;
    const rowMask = this.rowMask, boxMask = this.boxMask, colMask = this.colMask;
    const shrink = this.shrink, perm = this.perm, expand = this.expand;
    const base = off + d * B, uBase = off + n * B;
    let placed = false;
    let bands = this.dirtyBands[d]!;
    this.dirtyBands[d] = 0;
    for (; bands !== 0; bands &= bands - 1) {
      const b = ctz(bands & -bands);
      const orig = state[base + b]!;
      let triads = 0;
      for (let r = 0; r < R; r++) triads |= shrink[(orig >>> (r * n)) & fullN]! << (r * R);
      const keep = perm[triads]!;
      if (keep === 0) return false; // some row or box of the band has no place for d
      const x = orig & expand[keep]!;
      if (x !== orig) {
        state[base + b] = x;
        this.dirty |= 1 << d;
        this.dirtyBands[d] |= 1 << b;
      }
      const u = state[uBase + b]!;
      if ((x & u) === 0) continue;
      for (let r = 0; r < R; r++) {
        const y = x & rowMask[r]!;
        if ((y & (y - 1)) === 0 && (y & u) !== 0) {
          if (!this.place(off, d, b, ctz(y))) return false;
          placed = true;
        }
      }
      for (let k = 0; k < R; k++) {
        const y = x & boxMask[k]!;
        if ((y & (y - 1)) === 0 && (y & u) !== 0) {
          if (!this.place(off, d, b, ctz(y))) return false;
          placed = true;
        }
      }
    }
    // A placement changed other bands' boards and marked d dirty: the column work waits for the next visit.
    if (placed) return true;

    // Columns run across bands: fold each band's rows into per-column counts.
    let cOnce = 0, cTwice = 0;
    const colsOf = this.colsOf;
    for (let b = 0; b < B; b++) {
      const x = state[base + b]!;
      let cols = 0;
      for (let r = 0; r < R; r++) {
        const seg = (x >>> (r * n)) & fullN;
        cTwice |= cOnce & seg;
        cOnce |= seg;
        cols |= seg;
      }
      colsOf[b] = cols;
    }
    if (cOnce !== fullN) return false; // a column with no place for d
    if (this.vperm) {
      // Column triads of each stack: bit (b · C + j) = column j of the stack has d in band b.
      const C = this.C, vperm = this.vperm, stackMask = (1 << C) - 1;
      for (let st = 0; st < this.S; st++) {
        const shift = st * C;
        let triads = 0;
        for (let b = 0; b < B; b++) triads |= ((colsOf[b]! >>> shift) & stackMask) << (b * C);
        const keep = vperm[triads]!;
        if (keep === 0) return false;
        if (keep === triads) continue;
        for (let b = 0; b < B; b++) {
          const gone = ((triads & ~keep) >>> (b * C)) & stackMask;
          if (gone === 0) continue;
          let clear = 0;
          for (let g = gone; g !== 0; g &= g - 1) clear |= colMask[shift + ctz(g & -g)]!;
          state[base + b] = state[base + b]! & ~clear;
          this.dirty |= 1 << d;
          this.dirtyBands[d] |= 1 << b;
        }
      }
    }
    let hidden = cOnce & ~cTwice;
    while (hidden !== 0) {
      const low = hidden & -hidden;
      hidden ^= low;
      const c = ctz(low);
      for (let b = 0; b < B; b++) {
        const y = state[base + b]! & colMask[c]!;
        if (y !== 0) {
          if ((state[uBase + b]! & y) !== 0 && !this.place(off, d, b, ctz(y))) return false;
          break;
        }
      }
    }
    return true;
  }

  /**
   * The branch cell as b · 32 + p, -1 when all are placed: fewest candidates (two if any cell has
   * two), ties broken by most unplaced peers, then row-major order (minimum remaining values with
   * the degree tie-break: on tdoku's hard puzzles this needs about half the guesses of "first
   * two-candidate cell"). The 9×9 fast path implements the same rule.
   */
  pick(off: number): number {
    const state = this.state, B = this.B, n = this.n, uBase = off + n * B;
    const twos = this.twos;
    let anyOpen = false, anyTwo = false;
    for (let b = 0; b < B; b++) {
      twos[b] = 0;
      const u = state[uBase + b]!;
      if (u === 0) continue;
      anyOpen = true;
      let c1 = 0, c2 = 0, c3 = 0;
      for (let i = off + b, end = off + n * B; i < end; i += B) {
        const x = state[i]!;
        c3 |= c2 & x;
        c2 |= c1 & x;
        c1 |= x;
      }
      twos[b] = u & c2 & ~c3;
      if (twos[b] !== 0) anyTwo = true;
    }
    if (!anyOpen) return -1;
    let fewest = 99, best = -1, bestAt = -1;
    for (let b = 0; b < B; b++) {
      for (let u = anyTwo ? twos[b]! : state[uBase + b]!; u !== 0; u &= u - 1) {
        const bit = u & -u, p = ctz(bit);
        let k = 2;
        if (!anyTwo) {
          k = 0;
          for (let i = off + b, end = off + n * B; i < end; i += B) if (state[i]! & bit) k++;
          if (k > fewest) continue;
        }
        const deg = this.peerCount(uBase, b, p);
        if (k < fewest || deg > best) {
          fewest = k;
          best = deg;
          bestAt = b * 32 + p;
        }
      }
    }
    return bestAt;
  }

  /** Set bits among the peers of position p of band b in the band words at base .. base + B - 1 (unplaced cells, or one digit's board). */
  peerCount(base: number, b: number, p: number): number {
    const state = this.state, col = this.colMask[this.colOf[p]!]!;
    let k = popcount(state[base + b]! & this.bandPeers[p]!);
    for (let b2 = 0; b2 < this.B; b2++) if (b2 !== b) k += popcount(state[base + b2]! & col);
    return k;
  }

  /** The digit to try first at cell (b, p): the one the fewest peers still allow (least constraining value), lowest on ties. */
  leastConstraining(off: number, b: number, p: number): number {
    const state = this.state, B = this.B, bit = 1 << p;
    let best = 99, at = -1;
    for (let d = 0; d < this.n; d++) {
      const base = off + d * B;
      if ((state[base + b]! & bit) === 0) continue;
      const k = this.peerCount(base, b, p);
      if (k < best) {
        best = k;
        at = d;
      }
    }
    return at;
  }

  /** Depth-first search from the propagated level `depth`; true = stop (limit, timeout, abort). */
  search(depth: number): boolean {
    const state = this.state, B = this.B, n = this.n, L = this.L;
    const off = depth * L, next = off + L;
    for (;;) {
      if (++this.nodes % CHECK_EVERY === 0 && this.shouldStop()) return true;
      const at = this.pick(off);
      if (at < 0) {
        this.record(off);
        return this.solutions.length >= this.limit;
      }
      const b = at >> 5, p = at & 31, bit = 1 << p;
      let d: number;
      if (this.rng) {
        let digits = 0;
        for (let e = 0; e < n; e++) if (state[off + e * B + b]! & bit) digits |= 1 << e;
        d = ctz(nthBit(digits, this.rng.int(popcount(digits))));
      } else {
        d = this.leastConstraining(off, b, p);
      }
      this.effort++;
      state.copyWithin(next, off, next);
      this.clearDirty();
      if (this.place(next, d, b, p) && this.propagate(next) && this.search(depth + 1)) return true;
      if (this.stopped) return true;
      // Every solution with this cell = d has been seen: rule d out here and carry on.
      state[off + d * B + b] = state[off + d * B + b]! & ~bit;
      this.clearDirty();
      this.dirty = 1 << d;
      this.dirtyBands[d] = 1 << b;
      if (!this.propagate(off)) return false;
    }
  }

  record(off: number): void {
    const sol = new Uint8Array(this.cellCount);
    for (let d = 0; d < this.n; d++) {
      for (let b = 0; b < this.B; b++) {
        for (let x = this.state[off + d * this.B + b]!; x !== 0; x &= x - 1) sol[this.cellOf[b * 32 + ctz(x & -x)]!] = d + 1;
      }
    }
    this.solutions.push(sol);
  }

  shouldStop(): boolean {
    if ((this.deadline > 0 && performance.now() > this.deadline) || this.signal?.aborted) this.stopped = true;
    return this.stopped;
  }
}

/**
 * For every k×k 0/1 matrix (bit r·k + c), the union of the permutation matrices it contains:
 * the cells a digit can still take when it must sit once in each row and each column.
 */
function permutationUnionTable(k: number): Int32Array {
  const perms: number[] = [];
  const build = (r: number, used: number, acc: number): void => {
    if (r === k) {
      perms.push(acc);
      return;
    }
    for (let c = 0; c < k; c++) if (!(used & (1 << c))) build(r + 1, used | (1 << c), acc | (1 << (r * k + c)));
  };
  build(0, 0, 0);
  const table = new Int32Array(1 << (k * k));
  for (let m = 0; m < table.length; m++) {
    let u = 0;
    for (const p of perms) if ((p & m) === p) u |= p;
    table[m] = u;
  }
  return table;
}

/** Set bits of a 32-bit int (SWAR: `pick` counts peers for every candidate cell). */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The k-th (0-based) set bit of `mask`, as a one-bit mask. */
function nthBit(mask: number, k: number): number {
  for (let m = mask; m !== 0; m &= m - 1) if (k-- === 0) return m & -m;
  return mask & -mask;
}

const workspaces = new Map<string, BandSolver>();

function acquire(g: SudokuGeometry): BandSolver {
  const key = `${g.boxRows}x${g.boxCols}`;
  const ws = workspaces.get(key);
  if (ws && !ws.busy) return ws;
  // A re-entrant call (e.g. from an abort listener) gets its own buffers rather than corrupting the shared ones.
  const fresh = new BandSolver(g);
  if (!ws) workspaces.set(key, fresh);
  return fresh;
}

function transposeCells(cells: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(cells.length);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) out[c * n + r] = cells[r * n + c]!;
  return out;
}

/**
 * Solves `grid`, returning up to `limit` (default 1) solutions. Givens that repeat a digit in a
 * unit give count 0. `complete` is false only when `timeoutMs` or `signal` cut the search short.
 * `effort` = number of guesses. Throws TRM_ERR_INVALID_INPUT on a malformed grid.
 */
export function solveSudokuBitset(grid: SudokuGrid, options: BitsetSolveOptions = {}): SudokuSolveResult {
  checkGrid(grid);
  const g = grid.geometry, n = g.size;
  if (n === 9 && g.boxRows === 3 && g.boxCols === 3 && options.engine !== 'general') return solveSudokuFast9(grid, options);
  if (g.boxRows * n > MAX_BAND_BITS) {
    // Tall boxes make wide bands: solve the transpose (boxes C×R) and transpose back.
    if (g.boxCols * n > MAX_BAND_BITS) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `the bitset solver supports geometries with min(boxRows, boxCols) × size ≤ ${MAX_BAND_BITS}`);
    }
    const t = solveSudokuBitset({ geometry: { size: n, boxRows: g.boxCols, boxCols: g.boxRows }, cells: transposeCells(grid.cells, n) }, options);
    return { ...t, solutions: t.solutions.map((s) => transposeCells(s, n)) };
  }
  const limit = options.limit ?? 1;
  if (!(limit >= 1)) return { solutions: [], count: 0, complete: true, effort: 0 };
  const s = acquire(g);
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

    const { L, R, fullBand } = s;
    s.state.fill(fullBand, 0, L);
    s.clearDirty();
    let ok = true;
    for (let c = 0; c < s.cellCount && ok; c++) {
      const d = grid.cells[c]!;
      if (d === 0) continue;
      const row = Math.floor(c / n);
      ok = s.place(0, d - 1, Math.floor(row / R), (row % R) * n + (c % n));
    }
    s.dirty = s.fullN;
    s.dirtyBands.fill(s.allBands);
    if (ok && s.propagate(0)) s.search(0);
    const solutions = s.solutions;
    return { solutions, count: solutions.length, complete: !s.stopped || solutions.length >= limit, effort: s.effort };
  } finally {
    s.busy = false;
    s.solutions = [];
    s.signal = undefined;
    s.rng = undefined;
  }
}
