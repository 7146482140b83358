/**
 * The result every solve returns (SDK, CLI `--json`, REST 200 body). Its one promise:
 * `verified: true` only when the task plugin's `verify` accepted `answer` in this very call.
 */
import type { Violation } from '../plugins/contract.js';

/** Which path produced the answer. */
export type SolveSource = 'neural' | 'neural-vote' | 'neural-guided-symbolic' | 'symbolic' | 'program' | 'neural-ttt' | 'unverified';

/**
 * What backs `verified` (or, for an unverified answer, the most it passed):
 * 'complete'       — the task's verify decides correctness (Sudoku, mazes);
 * 'demonstrations' — a program reproduced every demonstration pair and its output passed the validator (ARC);
 * 'leave-one-out'  — a model fitted without each demonstration predicted it exactly (ARC test-time training);
 * 'validator-only' — unverified: the answer passed only an output validator that cannot confirm it;
 * null             — unverified and no check passed.
 */
export type VerificationKind = 'complete' | 'demonstrations' | 'leave-one-out' | 'validator-only';

export interface SolveTimings {
  parse: number;
  neural: number;
  vote: number;
  symbolic: number;
  verify: number;
  total: number;
}

export interface SolveResult<Answer = unknown, Formatted = unknown> {
  /** Task name. */
  task: string;
  /** The answer object (task's own type); null when nothing was found. */
  answer: Answer | null;
  /** The answer in the task's own text form (Sudoku: 81 chars; maze: rows with `o`; ARC: `{attempts}`). */
  formatted: Formatted | null;
  /** True only if the plugin's verify() accepted `answer`. For ARC: "passed the output validator". */
  verified: boolean;
  source: SolveSource;
  /** Neural supervision steps run (0 if the neural path did not run). */
  steps: number;
  /** Distinct candidates verified before the answer (neural steps, votes, repairs, symbolic). */
  candidatesTried: number;
  /** Model confidence in [0, 1] (mean sigmoid(q_halt) or vote share); null for symbolic answers. */
  confidence: number | null;
  /** Violations of the returned answer (empty when verified). */
  violations: Violation[];
  /** Solution count from the symbolic solver when it ran with limit 2: 1 = unique, 2 = "at least two". */
  solutionCount: number | null;
  /** True when the puzzle is known to have exactly one solution. null when not checked. */
  unique: boolean | null;
  timingsMs: SolveTimings;
  /** Engine and provider that ran the model (`onnxruntime/cpu`, `onnxruntime/cuda`, `tfjs/wasm`, …), or null if no model ran. */
  backend: string | null;
  /** Model id (task/checkpoint) or null. */
  model: string | null;
  /** What backs `verified` (see VerificationKind); null for an answer that passed no check. */
  verification: VerificationKind | null;
  /** The program behind the answer (program search), as text; null when none ran or none fitted. */
  program: string | null;
  /** How far a program search got (depth, programs tried, ms, timed out), when one ran. */
  search: Readonly<Record<string, number | boolean>> | null;
}

export function emptyTimings(): SolveTimings {
  return { parse: 0, neural: 0, vote: 0, symbolic: 0, verify: 0, total: 0 };
}

/**
 * A result as JSON carries it (CLI `--json`, REST): `answer` is the text form (the answer object
 * may not be JSON-safe), and `formatted` repeats it under the SDK's name.
 */
export type WireResult<R extends SolveResult = SolveResult> = Omit<R, 'answer'> & { answer: R['formatted'] };

/** The one result → wire shaping, shared by the CLI and the REST worker. */
export function toWire<R extends SolveResult>(r: R): WireResult<R> {
  const { answer: _object, ...rest } = r;
  return { ...rest, answer: r.formatted } as WireResult<R>;
}
