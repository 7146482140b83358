/**
 * The one object every solve stage reads and writes: the parsed puzzle, the deadline, the running
 * counters, the best unverified candidate so far, and `finish()`, the only place a SolveResult is
 * built. Keeping these here is what lets each stage be a short function and a new stage (ARC
 * program search, HRM) a one-file change.
 *
 * Invariant: `verified: true` only for an answer whose plugin.verify() returned ok through
 * `ctx.verify` in this solve.
 */
import { TrmError } from '../../errors.js';
import type { AnyTaskPlugin, Violation } from '../../plugins/contract.js';
import type { ResolvedSolveOptions } from '../options.js';
import { emptyTimings, type SolveResult, type SolveSource, type SolveTimings, type VerificationKind } from '../result.js';
import type { ModelStep, TaskModel } from '../task-model.js';

/** Wall-clock budget of one solve, plus the caller's abort signal. */
export class Deadline {
  private readonly end: number;
  constructor(ms: number, private readonly signal?: AbortSignal) {
    this.end = performance.now() + ms;
  }
  left(): number {
    return this.end - performance.now();
  }
  /** Throws TIMEOUT/ABORTED when the budget is gone. */
  check(where: string): void {
    if (this.signal?.aborted) throw new TrmError('TRM_ERR_ABORTED', `solve aborted during ${where}`);
    if (this.left() <= 0) throw new TrmError('TRM_ERR_TIMEOUT', `solve ran past its time budget during ${where}`);
  }
}

/** Why an answer that passed a validator-only verify is still unverified. */
export const VALIDATOR_ONLY: Violation = {
  rule: 'validator-only',
  message: 'passed the output validator (shape and colour rules inferred from the demonstrations), which cannot confirm an answer; no program reproducing the demonstrations agreed',
  where: {},
};

/** A candidate that did not verify, kept to return when nothing does. */
export interface BestCandidate {
  answer: unknown;
  violations: Violation[];
  confidence: number;
}

/** Solution count already settled by a symbolic search with the solve's limit. */
export interface KnownCount {
  count: number;
  complete: boolean;
}

/**
 * Longest uniqueness check after a non-symbolic answer verified. The symbolic solvers here settle
 * "is it unique?" in micro- to milliseconds (a 9×9 Sudoku, a 30×30 maze BFS), far below one neural
 * step, so a verified neural answer still pays for it: users asked whether the puzzle has other
 * solutions, and a verified answer to a two-solution puzzle is still one of two. Bounded so that
 * a pathological puzzle cannot turn a fast neural answer into a slow one.
 */
export const UNIQUENESS_CHECK_MS = 2000;

export class SolveContext {
  readonly t0 = performance.now();
  readonly timings: SolveTimings = emptyTimings();
  readonly deadline: Deadline;
  puzzle: unknown = undefined;
  steps = 0;
  candidatesTried = 0;
  best: BestCandidate | null = null;
  /** The last neural step of the plain refinement (voting and repair start from it). */
  lastStep: ModelStep | null = null;
  /** Program search output, reported in the result. */
  program: string | null = null;
  search: Readonly<Record<string, number | boolean>> | null = null;
  /** The best candidate passed the task's validator (for a plugin whose verify is validator-only). */
  private bestPassedValidator = false;

  constructor(
    readonly plugin: AnyTaskPlugin,
    readonly model: TaskModel | null,
    readonly opts: ResolvedSolveOptions,
  ) {
    this.deadline = new Deadline(opts.timeoutMs, opts.signal);
  }

  /** Verifies one candidate, counting it and its time. */
  verify(answer: unknown): { ok: boolean; violations: Violation[] } {
    const tv = performance.now();
    const v = this.plugin.verify(this.puzzle, answer);
    this.timings.verify += performance.now() - tv;
    this.candidatesTried++;
    return v;
  }

  /** Keeps `answer` as the fallback when it breaks fewer rules than the current one (ties: newer wins when `preferNewer`). */
  consider(answer: unknown, violations: Violation[], confidence: number, preferNewer = false): void {
    const b = this.best;
    if (!b || violations.length < b.violations.length || (preferNewer && violations.length === b.violations.length)) {
      this.best = { answer, violations, confidence };
    }
  }

  /**
   * An answer whose verify() returned ok: the finished result for a plugin whose verify is
   * complete; for a validator-only plugin (ARC) only a candidate, kept with the reason, and null.
   */
  accept(answer: unknown, source: SolveSource, confidence: number | null, known?: KnownCount): SolveResult | null {
    if (this.plugin.verifies !== 'validator-only') return this.finish(answer, source, [], confidence, known);
    if (!this.best || !this.bestPassedValidator || this.best.violations.length > 0) {
      this.best = { answer, violations: [VALIDATOR_ONLY], confidence: confidence ?? 0 };
      this.bestPassedValidator = true;
    }
    return null;
  }

  /** Times `fn` into `timings[key]`. */
  timed<T>(key: keyof SolveTimings, fn: () => T): T {
    const t = performance.now();
    try {
      return fn();
    } finally {
      this.timings[key] += performance.now() - t;
    }
  }

  /** Builds the result. `known` passes a solution count the symbolic stage already settled. */
  finish(answer: unknown, source: SolveSource, violations: Violation[], confidence: number | null, known?: KnownCount, verification?: VerificationKind): SolveResult {
    const { solutionCount, unique } = known ? fromKnown(known, this.opts.symbolicLimit) : this.uniqueness(source);
    this.timings.total = performance.now() - this.t0;
    return {
      task: this.plugin.name,
      answer,
      formatted: answer === null ? null : this.plugin.format(answer),
      verified: source !== 'unverified',
      source,
      steps: this.steps,
      candidatesTried: this.candidatesTried,
      confidence,
      violations,
      solutionCount,
      unique,
      timingsMs: this.timings,
      backend: this.model?.backend ?? null,
      model: this.model?.id ?? null,
      verification: verification ?? (source !== 'unverified' ? 'complete' : this.bestPassedValidator && answer === this.best?.answer ? 'validator-only' : null),
      program: this.program,
      search: this.search,
    };
  }

  /** See UNIQUENESS_CHECK_MS for why a verified non-symbolic answer still gets this check. */
  private uniqueness(source: SolveSource): { solutionCount: number | null; unique: boolean | null } {
    const none = { solutionCount: null, unique: null };
    if (source === 'unverified' || typeof this.plugin.solveSymbolic !== 'function' || this.deadline.left() <= 0) return none;
    const limit = this.opts.symbolicLimit;
    const timeoutMs = Math.max(1, Math.min(this.deadline.left(), UNIQUENESS_CHECK_MS));
    const r = this.timed('symbolic', () => this.plugin.solveSymbolic!(this.puzzle, { limit, timeoutMs }));
    return r.complete || r.count >= limit ? { solutionCount: r.count, unique: r.count === 1 } : none;
  }
}

function fromKnown(known: KnownCount, limit: number): { solutionCount: number | null; unique: boolean | null } {
  return {
    solutionCount: known.complete || known.count >= limit ? known.count : null,
    unique: known.complete ? known.count === 1 : known.count > 1 ? false : null,
  };
}
