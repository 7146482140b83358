/**
 * Sudoku as SAT for logic-solver (MiniSat compiled to JavaScript): the independent reference
 * the bitset solver is tested against, and the engine of neural-guided repair (solve while
 * keeping as many of the model's cell predictions as the rules allow).
 *
 * Encoding: one boolean `c<i>d<k>` per cell i and digit k ("cell i holds k"); exactly one digit
 * per cell; exactly one cell per digit in every row, column and box.
 *
 * One solver per geometry holds these rules and is reused by every call; a puzzle's givens (and a
 * repair's wishes) are passed as *assumptions*, never added as clauses. Why: building an instance
 * costs logic-solver tens of milliseconds and a fresh MiniSat heap (garbage-collector bound),
 * while an assumption-based call on a warm solver takes about a millisecond.
 * Counting: each solution found is forbidden by a clause guarded by a selector variable private
 * to the call (`¬sel ∨ ¬solution`), and `sel` is assumed true during the call and required false
 * after it, which retires those clauses for good. `effort` = number of SAT calls. The solver is
 * replaced after RECYCLE_AFTER calls so retired clauses do not pile up.
 * The price: every call re-propagates the assumed givens, so enumerating hundreds of solutions
 * costs milliseconds each; count with the bitset solver, use SAT to cross-check and to repair.
 * The timeout and the abort signal are checked between SAT calls (MiniSat itself cannot be
 * interrupted; one call on a 9×9 grid takes about a millisecond).
 */
import logicSolver from 'logic-solver';
import { TrmError } from '../../errors.js';
import { sudokuTables } from './tables.js';
import { checkGrid, type SudokuGrid, type SudokuSolveOptions, type SudokuSolveResult } from './types.js';

// logic-solver ships no type declarations: describe the little we use, here rather than in a
// global `declare module`, which another part of the tree may also want to write.
type Term = string;
interface LogicFormula {
  readonly __formula?: never;
}
interface LogicSolution {
  getTrueVars(): string[];
}
interface LogicSolver {
  require(...args: (Term | LogicFormula)[]): void;
  forbid(...args: (Term | LogicFormula)[]): void;
  solve(): LogicSolution | null;
  solveAssuming(f: Term | LogicFormula): LogicSolution | null;
}
interface LogicModule {
  Solver: new () => LogicSolver;
  exactlyOne(...args: Term[]): LogicFormula;
  and(...args: Term[]): LogicFormula;
  or(...args: Term[]): LogicFormula;
  not(t: Term): Term;
  disablingAssertions<T>(f: () => T): T;
}
const Logic = logicSolver as LogicModule;

const varName = (cell: number, digit: number): string => `c${cell}d${digit}`;

/** SAT calls after which a geometry's shared solver is rebuilt (bounds retired clauses and learnt state). */
const RECYCLE_AFTER = 5000;

interface SharedSolver {
  readonly solver: LogicSolver;
  calls: number;
  selectors: number;
}

const sharedSolvers = new Map<string, SharedSolver>();

/** The warm solver holding the rules of `grid`'s geometry (built on first use, rebuilt after RECYCLE_AFTER calls). */
function sharedSolver(grid: SudokuGrid): SharedSolver {
  const { n, cellCount, units, unitCount } = sudokuTables(grid.geometry);
  const key = `${n}:${grid.geometry.boxRows}x${grid.geometry.boxCols}`;
  const hit = sharedSolvers.get(key);
  if (hit && hit.calls < RECYCLE_AFTER) return hit;
  const solver = Logic.disablingAssertions(() => {
    const s = new Logic.Solver();
    for (let i = 0; i < cellCount; i++) {
      const vars: Term[] = [];
      for (let d = 1; d <= n; d++) vars.push(varName(i, d));
      s.require(Logic.exactlyOne(...vars));
    }
    for (let u = 0; u < unitCount; u++) {
      for (let d = 1; d <= n; d++) {
        const vars: Term[] = [];
        for (let k = 0; k < n; k++) vars.push(varName(units[u * n + k]!, d));
        s.require(Logic.exactlyOne(...vars));
      }
    }
    return s;
  });
  const fresh: SharedSolver = { solver, calls: 0, selectors: 0 };
  sharedSolvers.set(key, fresh);
  return fresh;
}

/** One SAT call under assumptions (all terms must hold). */
function solveUnder(shared: SharedSolver, terms: readonly Term[]): LogicSolution | null {
  shared.calls++;
  return Logic.disablingAssertions(() => (terms.length ? shared.solver.solveAssuming(Logic.and(...terms)) : shared.solver.solve()));
}

function decode(sol: LogicSolution, cellCount: number): Uint8Array {
  const out = new Uint8Array(cellCount);
  for (const v of sol.getTrueVars()) {
    const m = /^c(\d+)d(\d+)$/.exec(v);
    if (m) out[Number(m[1])] = Number(m[2]);
  }
  return out;
}

/**
 * Per cell, the digits its given peers leave open (the given itself on a given cell); null when
 * two givens clash or a blank cell has nothing left. A cheap screen before any SAT call: it
 * settles most contradictions (count 0) and the repair wishes the givens already exclude.
 */
function openDigits(grid: SudokuGrid): Int32Array | null {
  const { cellCount, peers, peerCount, allMask } = sudokuTables(grid.geometry);
  const cells = grid.cells;
  const open = new Int32Array(cellCount);
  for (let i = 0; i < cellCount; i++) {
    let m = allMask;
    for (let k = 0; k < peerCount; k++) {
      const g = cells[peers[i * peerCount + k]!]!;
      if (g) m &= ~(1 << (g - 1));
    }
    if (cells[i]) m &= 1 << (cells[i]! - 1);
    if (m === 0) return null;
    open[i] = m;
  }
  return open;
}

function givenTerms(grid: SudokuGrid): Term[] {
  const terms: Term[] = [];
  grid.cells.forEach((d, i) => {
    if (d) terms.push(varName(i, d));
  });
  return terms;
}

function deadlineOf(options: { timeoutMs?: number }): number {
  return options.timeoutMs !== undefined ? performance.now() + Math.max(0, options.timeoutMs) : Infinity;
}

/**
 * Solves `grid` by SAT, returning up to `limit` (default 1) solutions; same contract as the
 * bitset solver (count 0 for contradictory givens; `complete` false only on timeout/abort).
 * `effort` = number of SAT calls. Throws TRM_ERR_INVALID_INPUT on a malformed grid.
 */
export function solveSudokuSat(grid: SudokuGrid, options: SudokuSolveOptions = {}): SudokuSolveResult {
  checkGrid(grid);
  const limit = options.limit ?? 1;
  const deadline = deadlineOf(options);
  const solutions: Uint8Array[] = [];
  let effort = 0;
  if (limit < 1 || !openDigits(grid)) return { solutions, count: 0, complete: true, effort };
  const shared = sharedSolver(grid);
  const cellCount = grid.cells.length;
  const sel = `sel${++shared.selectors}`;
  const assumed = [sel, ...givenTerms(grid)];
  let forbade = false;
  try {
    while (solutions.length < limit) {
      if (performance.now() > deadline || options.signal?.aborted) return { solutions, count: solutions.length, complete: false, effort };
      effort++;
      const sol = solveUnder(shared, assumed);
      if (!sol) break;
      const digits = decode(sol, cellCount);
      solutions.push(digits);
      if (solutions.length >= limit) break;
      const blanks: Term[] = [];
      for (let i = 0; i < cellCount; i++) if (!grid.cells[i]) blanks.push(Logic.not(varName(i, digits[i]!)));
      if (blanks.length === 0) break; // a full grid has nothing left to vary
      // While sel holds, at least one blank cell must differ from this solution.
      Logic.disablingAssertions(() => shared.solver.require(Logic.or(Logic.not(sel), ...blanks)));
      forbade = true;
    }
  } finally {
    if (forbade) shared.solver.require(Logic.not(sel)); // retire this call's forbidding clauses
  }
  return { solutions, count: solutions.length, complete: true, effort };
}

/** "Cell `index` (row-major, 0-based) holds `digit`": a soft wish, e.g. a model's prediction. */
export interface SudokuAssumption {
  readonly index: number;
  readonly digit: number;
}

export interface AssumptionSolveResult {
  /** A solution that satisfies the givens and every kept assumption; null when the givens alone are contradictory. */
  readonly solution: Uint8Array | null;
  /** Assumptions the solution honours, in input order. */
  readonly kept: SudokuAssumption[];
  /** Assumptions given up (each contradicts the givens plus the kept assumptions before it), in input order. */
  readonly dropped: SudokuAssumption[];
  /** SAT calls made. */
  readonly satCalls: number;
  /** False when the timeout or abort cut the search short (the unexamined assumptions are then in `dropped`). */
  readonly complete: boolean;
}

/**
 * Solves `grid` honouring as many `assumptions` as the rules allow, for neural-guided repair.
 *
 * Strategy — greedy in input order, with bisection (pass the most trusted assumptions first):
 *   1. givens alone unsatisfiable → `solution: null`, every assumption dropped; an assumption the
 *      givens exclude directly (a peer given holds the digit, or a given cell holds another) is
 *      dropped without a SAT call;
 *   2. all assumptions at once satisfiable → all kept (one SAT call, the common case);
 *   3. otherwise assumptions are admitted chunk by chunk: a chunk consistent with the kept set is
 *      kept whole, an inconsistent one is split in half and each half tried in order, down to
 *      single assumptions, which are dropped. The result is exactly what adding assumptions one at
 *      a time would keep (each is kept iff consistent with the givens and the earlier kept ones),
 *      at O(k·log n) SAT calls for k dropped out of n instead of n.
 * logic-solver exposes no failed-assumption core (MiniSat's conflict clause is not surfaced
 * usefully), hence the bisection. The result is a maximal, not a maximum, consistent subset.
 * Throws TRM_ERR_INVALID_INPUT for a malformed grid or an assumption outside the grid/digit range.
 */
export function solveSudokuSatWithAssumptions(
  grid: SudokuGrid,
  assumptions: readonly SudokuAssumption[],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): AssumptionSolveResult {
  checkGrid(grid);
  const n = grid.geometry.size, cellCount = n * n;
  assumptions.forEach((a, i) => {
    if (!a || !Number.isInteger(a.index) || a.index < 0 || a.index >= cellCount || !Number.isInteger(a.digit) || a.digit < 1 || a.digit > n) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `assumption ${i} ${JSON.stringify(a)} is invalid: need an integer index in 0..${cellCount - 1} and digit in 1..${n}`, { assumption: i });
    }
  });
  const deadline = deadlineOf(options);
  const candidates = openDigits(grid);
  if (!candidates) return { solution: null, kept: [], dropped: [...assumptions], satCalls: 0, complete: true };
  const shared = sharedSolver(grid);
  const givens = givenTerms(grid);
  let satCalls = 1;
  let model = solveUnder(shared, givens);
  if (!model) return { solution: null, kept: [], dropped: [...assumptions], satCalls, complete: true };

  const keptIdx: number[] = [];
  const droppedIdx: number[] = [];
  const open: number[] = [];
  assumptions.forEach((a, i) => {
    // A digit the givens already exclude (or a different digit on a given) needs no SAT call.
    if (!(candidates[a.index]! & (1 << (a.digit - 1)))) droppedIdx.push(i);
    else if (grid.cells[a.index]) keptIdx.push(i);
    else open.push(i);
  });
  let complete = true;
  // Assumptions on givens are satisfied by construction and have no variable.
  const terms = (idx: readonly number[]): string[] =>
    idx.filter((i) => !grid.cells[assumptions[i]!.index]).map((i) => varName(assumptions[i]!.index, assumptions[i]!.digit));
  const trySat = (idx: readonly number[]): boolean => {
    satCalls++;
    const sol = solveUnder(shared, [...givens, ...terms(idx)]);
    if (sol) model = sol;
    return sol !== null;
  };
  const admit = (chunk: readonly number[]): void => {
    if (chunk.length === 0) return;
    if (!complete || performance.now() > deadline || options.signal?.aborted) {
      complete = false;
      droppedIdx.push(...chunk);
      return;
    }
    if (trySat([...keptIdx, ...chunk])) {
      keptIdx.push(...chunk);
    } else if (chunk.length === 1) {
      droppedIdx.push(chunk[0]!);
    } else {
      const mid = chunk.length >> 1;
      admit(chunk.slice(0, mid));
      admit(chunk.slice(mid));
    }
  };
  admit(open);
  const byOrder = (a: number, b: number): number => a - b;
  return {
    solution: decode(model, cellCount),
    kept: keptIdx.sort(byOrder).map((i) => assumptions[i]!),
    dropped: droppedIdx.sort(byOrder).map((i) => assumptions[i]!),
    satCalls,
    complete,
  };
}
