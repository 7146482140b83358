/**
 * The bounded program search. A state is the tuple of grids a program prefix produces from every
 * demonstration input and every test input. Breadth-first by depth (within a depth, cheapest
 * parents and cheapest primitives first), up to `maxDepth` primitives, then one final learner.
 *
 * - A program fits when it reproduces every demonstration output exactly (learners are fitted on
 *   the demonstrations, so a partial fit is never returned).
 * - Dedupe: a state whose tuple of grids (demonstrations + tests) was seen before is dropped, so
 *   `rot90 ∘ rot270` and `identity` are explored once. Grids are interned and every primitive
 *   application is cached by (grid, primitive) in a GridStore (grid-store.ts), so a state's key is
 *   its tuple of grid ids and a grid met again is never recomputed.
 * - Rules: a fitting program whose test output breaks an output rule inferred by the ARC plugin's
 *   validator (`inferRules`: shape, colours) is rejected — the validator never rejects a true answer.
 * - Ranking: by description length (sum of step costs), ties by discovery order; the attempts are
 *   the first two distinct test predictions (pass@2).
 * - Budget: `timeoutMs` bounds the whole search and is checked before every primitive
 *   application; an AbortSignal stops it too. The stats say how far it got.
 * - Done early: once a fitting program of cost c passes `accept` (the solver's checks short of
 *   leave-one-out), only programs of cost ≤ c + `rivalMargin` can still change the answer or its
 *   verification (a rival that close makes it ambiguous), so the cost bound drops to that and
 *   every state that cannot reach it is skipped: task 007bbfb7's one-primitive `fractal` stops the
 *   search at depth 1 instead of running the budget out at depth 3.
 */
import { checkRules, inferRules } from './grid/rules.js';
import type { ArcTask, Grid } from './grid/types.js';
import type { Fitted, Primitive } from './dsl.js';
import { okSize } from './grid-ops.js';
import { FAILED, GridStore } from './grid-store.js';
import { ARC_LEARNERS, CHEAP_LEARNERS } from './learners.js';
import { programText, type ArcProgram } from './program.js';
import { primitivesFor } from './registry.js';
import { StateBudget } from './state-budget.js';

export interface ArcSearchOptions {
  /** Wall-clock budget for the whole search (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Most primitives before the final learned step (default 3). */
  readonly maxDepth?: number;
  readonly signal?: AbortSignal;
  /** Stop once this many distinct test predictions are found (default 2, pass@2). */
  readonly wantPredictions?: number;
  /** Skip state dedupe (for measuring what it saves). */
  readonly noDedupe?: boolean;
  /** Skip the shape pruning of last-depth states (for measuring what it saves). */
  readonly noPrune?: boolean;
  /** Skip the inferred-rule check of test outputs. */
  readonly noRules?: boolean;
  /** Restrict the primitives (for tests); default: all, via `primitivesFor`. */
  readonly primitives?: readonly Primitive[];
  /** Most programs returned (default 20). */
  readonly maxKept?: number;
  /** Skip every program costlier than this (the leave-one-out check enumerates only programs as simple as its answer). */
  readonly maxCost?: number;
  /**
   * A fitting program that would be the answer as it stands (the solver's checks short of
   * leave-one-out). Once one of cost c is found, the search only looks for programs of cost
   * ≤ c + `rivalMargin` (see the module comment). Default: none, the search runs to its limits.
   */
  readonly accept?: (p: FoundProgram) => boolean;
  /** How much costlier than an accepted program a rival may be and still matter (default 0). */
  readonly rivalMargin?: number;
}

export interface ArcSearchStats {
  /** Deepest primitive depth whose states were all expanded or evaluated. */
  readonly depth: number;
  /** Candidate programs tried: primitive applications to a state plus learner fits. */
  readonly tried: number;
  /** Distinct states evaluated. */
  readonly states: number;
  /** States dropped as duplicates of earlier ones. */
  readonly duplicates: number;
  /** Fitting programs dropped because their test output broke an inferred output rule. */
  readonly ruleRejected: number;
  /** Primitive applications answered from the grid cache (grid-store.ts). */
  readonly cacheHits: number;
  readonly elapsedMs: number;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** The whole space up to maxDepth was searched (or enough predictions were found). */
  readonly exhausted: boolean;
  /** The cost bound an accepted program set (absent when none did): nothing costlier was searched. */
  readonly costBound?: number;
}

export interface FoundProgram extends ArcProgram {
  readonly text: string;
  /** One output per test input. */
  readonly predictions: Grid[];
  /** The fewest demonstration pairs behind a learned table entry the test inputs use (Infinity: no table). */
  readonly support: number;
  /** The learner's first fitting rule refused a test input and a later one of its chain answered (Fitted.next). */
  readonly fallback?: boolean;
}

export interface ArcSearchResult {
  /** Fitting programs, simplest first (at most 20). */
  readonly programs: FoundProgram[];
  readonly stats: ArcSearchStats;
}

interface State {
  /** Grid ids in the store: the demonstration inputs' images, then the test inputs'. */
  readonly ids: number[];
  readonly steps: string[];
  readonly cost: number;
}

const MAX_KEPT = 20;

/**
 * Whether a cheap learner could map `g` onto `y` (the learners a last-depth state meets:
 * learners.ts CHEAP_LEARNERS): exact and colormap need the same shape and one colour of `y` per
 * colour of `g`; tile needs `y` to be a 2..16-fold multiple of `g`. A necessary condition, checked
 * pair by pair as the primitive's outputs come, so a hopeless state is dropped before its other grids are computed.
 */
function cheapFit(g: Grid, y: Grid): boolean {
  const h = g.length, w = g[0]!.length;
  if (y.length !== h || y[0]!.length !== w) {
    if (y.length % h || y[0]!.length % w) return false;
    const k = (y.length / h) * (y[0]!.length / w);
    return k >= 2 && k <= 16;
  }
  const m = new Int8Array(16).fill(-1);
  for (let r = 0; r < h; r++) {
    const gr = g[r]!, yr = y[r]!;
    for (let c = 0; c < w; c++) {
      const a = gr[c]!, b = yr[c]!;
      if (m[a] === -1) m[a] = b;
      else if (m[a] !== b) return false;
    }
  }
  return true;
}

/** The step's output for every test grid, or null when it refuses one (or one is outside 1..30 per side). */
function predictAll(fitted: Fitted, tests: readonly Grid[]): Grid[] | null {
  const preds: Grid[] = [];
  for (const t of tests) {
    const p = fitted.apply(t);
    if (!okSize(p)) return null;
    preds.push(p);
  }
  return preds;
}

/** A set of grid-id tuples (state dedupe keys), hashed to small integers and compared exactly. */
export class IdTupleSet {
  private readonly byHash = new Map<number, number[] | number[][]>();
  size = 0;

  private static hash(ids: readonly number[]): number {
    let h = 0x3c6ef372;
    for (let i = 0; i < ids.length; i++) h = Math.imul(h ^ ids[i]!, 0x9e3779b1) ^ (h >>> 16);
    return h & 0x3fffffff;
  }

  private static same(a: readonly number[], b: readonly number[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  has(ids: readonly number[]): boolean {
    const at = this.byHash.get(IdTupleSet.hash(ids));
    if (at === undefined) return false;
    if (typeof at[0] === 'number') return IdTupleSet.same(at as number[], ids);
    return (at as number[][]).some((t) => IdTupleSet.same(t, ids));
  }

  /** Adds `ids` (kept by reference: the caller must not change it). */
  add(ids: number[]): void {
    if (this.has(ids)) return;
    const h = IdTupleSet.hash(ids);
    const at = this.byHash.get(h);
    if (at === undefined) this.byHash.set(h, ids);
    else if (typeof at[0] === 'number') this.byHash.set(h, [at as number[], ids]);
    else (at as number[][]).push(ids);
    this.size++;
  }
}

export function searchArcPrograms(task: ArcTask, opts: ArcSearchOptions = {}): ArcSearchResult {
  const start = performance.now();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxDepth = opts.maxDepth ?? 3;
  const want = opts.wantPredictions ?? 2;
  let maxCost = opts.maxCost ?? Infinity;
  let costBound = Infinity;
  const rivalMargin = opts.rivalMargin ?? 0;
  const deadline = start + timeoutMs;
  const n = task.train.length;
  const ys = task.train.map((p) => p.output);
  const prims = opts.primitives ? [...opts.primitives] : primitivesFor(task);
  const rules = opts.noRules ? [] : inferRules(task);
  const seen = new IdTupleSet();
  const store = new GridStore();
  // cheapFit of grid `id` against demonstration output k, memoised (the same grid meets many parents).
  const fitMemo = new Map<number, boolean>();
  const fitChecks = ys.map((y) => (g: Grid): boolean => cheapFit(g, y));
  const fitsOutput = (id: number, k: number): boolean => {
    const key = id * n + k;
    let v = fitMemo.get(key);
    if (v === undefined) fitMemo.set(key, (v = cheapFit(store.grid(id), ys[k]!)));
    return v;
  };
  // Bytes of states kept for expansion (frontier + next level), so a big task cannot grow the heap without bound.
  const budget = new StateBudget();
  const found: FoundProgram[] = [];
  const predictionKeys = new Set<string>();
  let tried = 0, states = 0, duplicates = 0, ruleRejected = 0, depthDone = -1;
  let timedOut = false, aborted = false, enough = false;

  const outOfTime = (): boolean => {
    if (timedOut || aborted) return true;
    if (opts.signal?.aborted) aborted = true;
    else if (performance.now() > deadline) timedOut = true;
    return timedOut || aborted;
  };

  const evaluate = (s: State, depth: number): void => {
    states++;
    const grids = s.ids.map((id) => store.grid(id));
    const xs = grids.slice(0, n), tests = grids.slice(n);
    for (const learner of ARC_LEARNERS) {
      if (depth > 1 && !CHEAP_LEARNERS.has(learner.name)) continue;
      if (depth > 0 && learner.rootOnly) continue;
      if (s.cost + learner.cost > maxCost) continue;
      tried++;
      // The first rule of the learner's chain (Fitted.next) whose step applies to every test input.
      let fitted = learner.fit(xs, ys), preds: Grid[] | null = null, fallback = false;
      for (; fitted && s.cost + fitted.cost <= maxCost; fitted = fitted.next?.() ?? null, fallback = true) {
        if ((preds = predictAll(fitted, tests))) break;
      }
      if (!fitted || !preds) continue;
      if (rules.length && preds.some((p, i) => checkRules(rules, task.test[i]!.input, p).length > 0)) {
        ruleRejected++;
        continue;
      }
      const prog = { steps: s.steps, learned: fitted.text, cost: s.cost + fitted.cost };
      const support = fitted.support ? Math.min(...tests.map((t) => fitted.support!(t))) : Infinity;
      const program: FoundProgram = { ...prog, text: programText(prog), predictions: preds, support, ...(fallback ? { fallback } : {}) };
      found.push(program);
      predictionKeys.add(JSON.stringify(preds));
      if (predictionKeys.size >= want) enough = true;
      if (opts.accept && program.cost + rivalMargin < costBound && opts.accept(program)) {
        costBound = program.cost + rivalMargin;
        maxCost = Math.min(maxCost, costBound);
      }
    }
  };

  const root: State = { ids: [...task.train.map((p) => p.input), ...task.test.map((t) => t.input)].map((g) => store.intern(g)), steps: [], cost: 0 };
  seen.add(root.ids);
  evaluate(root, 0);
  depthDone = 0;
  let frontier: State[] = [root];
  const cheapestPrim = prims.reduce((m, p) => Math.min(m, p.cost), Infinity);
  for (let depth = 1; depth <= maxDepth && !enough && frontier.length; depth++) {
    const next: State[] = [];
    const lastCheap = depth === maxDepth && depth > 1 && !opts.noPrune;
    frontier.sort((a, b) => a.cost - b.cost);
    outer: for (const parent of frontier) {
      // Cheapest parents come first: once one cannot afford the cheapest primitive, none after it can.
      if (parent.cost + cheapestPrim > maxCost) break;
      for (let pi = 0; pi < prims.length; pi++) {
        const p = prims[pi]!;
        if (parent.cost + p.cost > maxCost) continue;
        if (outOfTime()) break outer;
        tried++;
        const pids = parent.ids, m = pids.length;
        // Cached results first: a grid this primitive already failed on (null, or a last-depth
        // output no cheap learner can map) drops the state before any of its other grids is computed.
        let dead = false;
        for (let k = 0; k < m; k++) {
          const c = store.peek(pids[k]!, pi);
          if (c === -1 || (lastCheap && k < n && (c === FAILED - k || (c >= 0 && !fitsOutput(c, k))))) {
            dead = true;
            break;
          }
        }
        if (dead) continue;
        const ids: number[] = new Array<number>(m);
        let same = true, k = 0;
        for (; k < m; k++) {
          // At the last depth an output that fails the type check is not even kept (grid-store.ts applyChecked).
          const out = lastCheap && k < n ? store.applyChecked(pids[k]!, pi, p, fitChecks[k]!, k) : store.apply(pids[k]!, pi, p);
          if (out < 0) break;
          // Type pruning: a last-depth state only meets the cheap learners, which keep the shape or tile it.
          if (lastCheap && k < n && !fitsOutput(out, k)) break;
          ids[k] = out;
          if (out !== pids[k]) same = false;
        }
        if (k < m || same) continue;
        if (!opts.noDedupe) {
          if (seen.has(ids)) {
            duplicates++;
            continue;
          }
          seen.add(ids);
        }
        const child: State = { ids, steps: [...parent.steps, p.name], cost: parent.cost + p.cost };
        evaluate(child, depth);
        if (depth < maxDepth && budget.admit(ids.map((id) => store.grid(id)))) next.push(child);
      }
    }
    if (timedOut || aborted) break;
    depthDone = depth;
    frontier = next;
    budget.nextLevel();
  }
  found.sort((a, b) => a.cost - b.cost);
  return {
    programs: found.slice(0, opts.maxKept ?? MAX_KEPT),
    stats: {
      depth: depthDone,
      tried,
      states,
      duplicates,
      ruleRejected,
      cacheHits: store.hits,
      elapsedMs: performance.now() - start,
      timedOut,
      aborted,
      exhausted: !timedOut && !aborted,
      ...(costBound < Infinity ? { costBound } : {}),
    },
  };
}
