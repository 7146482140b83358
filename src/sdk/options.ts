/**
 * Solve options and their validation: every option a user can pass is checked here once, with a
 * TRM_ERR_INVALID_OPTIONS that names the option, so adapters (CLI, REST) need no checks of their own.
 */
import { TrmError } from '../errors.js';
import type { SolveResult } from './result.js';

/**
 * hybrid: cost-aware (the model first only where its measured rate earns it, see solve/policy.ts);
 * neural-first: the model always first, then voting, guided repair, the solver;
 * neural-only / symbolic-only: one side alone.
 */
export type Strategy = 'hybrid' | 'neural-first' | 'neural-only' | 'symbolic-only';
export const STRATEGIES: readonly Strategy[] = ['hybrid', 'neural-first', 'neural-only', 'symbolic-only'];

export interface StepEvent {
  step: number;
  /** The decoded answer at this step, in the task's text form. */
  formatted: unknown;
  verified: boolean;
  qHalt: number;
  /** Indices of cells/tokens whose prediction changed since the previous step (for UIs). */
  changed?: number[];
  /** The model's probability of its prediction, per token of the (first) row, in [0, 1] (for UIs colouring cells). */
  confidence?: number[];
}

export interface SolveOptions {
  /** Maximum neural supervision steps before voting (default: the model's haltMaxSteps). */
  maxSteps?: number;
  /** Number of augmented copies for test-time voting (0 disables voting). */
  vote?: number;
  strategy?: Strategy;
  /** Overall time budget. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onStep?: (e: StepEvent) => void;
  /** Solutions the symbolic solver looks for; 2 (default) also answers "is it unique?". */
  symbolicLimit?: number;
  /**
   * Tasks with test-time training (ARC): after program search, fit a small model on the puzzle's
   * demonstrations within the remaining budget (`true`), verified by leave-one-out unless
   * `{ leaveOneOut: false }`. Off by default: it takes the whole budget.
   */
  testTimeTraining?: boolean | { leaveOneOut?: boolean };
}

export interface ResolvedSolveOptions {
  maxSteps: number | undefined;
  vote: number;
  strategy: Strategy;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  onStep: ((e: StepEvent) => void) | undefined;
  symbolicLimit: number;
  testTimeTraining: { leaveOneOut: boolean } | null;
}

const KNOWN = new Set(['maxSteps', 'vote', 'strategy', 'timeoutMs', 'signal', 'onStep', 'symbolicLimit', 'testTimeTraining']);

function intIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `option ${name} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`, { option: name });
  }
  return v;
}

export function resolveSolveOptions(o: SolveOptions | undefined, defaults: { vote: number; timeoutMs: number }): ResolvedSolveOptions {
  const opts = o ?? {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'options must be an object');
  }
  for (const k of Object.keys(opts)) {
    if (!KNOWN.has(k)) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `unknown option "${k}"; known: ${[...KNOWN].join(', ')}`, { option: k });
  }
  const strategy = opts.strategy ?? 'hybrid';
  if (!STRATEGIES.includes(strategy)) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `option strategy must be one of ${STRATEGIES.join(', ')}, got ${JSON.stringify(strategy)}`, { option: 'strategy' });
  }
  if (opts.onStep !== undefined && typeof opts.onStep !== 'function') throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'option onStep must be a function');
  return {
    maxSteps: opts.maxSteps === undefined ? undefined : intIn('maxSteps', opts.maxSteps, 1, 256),
    vote: opts.vote === undefined ? defaults.vote : intIn('vote', opts.vote, 0, 64),
    strategy,
    timeoutMs: opts.timeoutMs === undefined ? defaults.timeoutMs : intIn('timeoutMs', opts.timeoutMs, 1, 3_600_000),
    signal: opts.signal,
    onStep: opts.onStep,
    symbolicLimit: opts.symbolicLimit === undefined ? 2 : intIn('symbolicLimit', opts.symbolicLimit, 1, 1000),
    testTimeTraining: resolveTtt(opts.testTimeTraining),
  };
}

export type { SolveResult };

function resolveTtt(v: unknown): { leaveOneOut: boolean } | null {
  if (v === undefined || v === false) return null;
  if (v === true) return { leaveOneOut: true };
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const loo = (v as { leaveOneOut?: unknown }).leaveOneOut;
    if (keys.every((k) => k === 'leaveOneOut') && (loo === undefined || typeof loo === 'boolean')) return { leaveOneOut: loo ?? true };
  }
  throw new TrmError('TRM_ERR_INVALID_OPTIONS', `option testTimeTraining must be true, false or { leaveOneOut: boolean }, got ${JSON.stringify(v)}`, { option: 'testTimeTraining' });
}
