/**
 * The task-plugin contract: everything trm-sdk needs to know about a task, in one generic
 * interface a user can implement in one file.
 *
 * A plugin knows its task (parse, format, verify, tokens, symbolic solving, generation,
 * augmentation) and nothing of HTTP or tensors: the neural core sees only the token arrays that
 * `encode` returns, and everything the solve loop returns is judged by `verify`.
 *
 * Glossary
 *   Puzzle  — the task's parsed input (a Sudoku grid with blanks, a maze, an ARC task).
 *   Answer  — a candidate output (a filled grid, a maze with its path marked, ARC attempts).
 *   tokens  — a fixed-length Int32Array of `seqLen` ids in [0, vocabSize); `padId` fills unused cells.
 *   row     — one token sequence; most tasks encode a puzzle as one row, ARC as one per test input.
 */
import type { Rng } from '../util/rng.js';

/** The fixed token interface between a task and the TRM. */
export interface TokenSpec {
  /** Tokens per sequence the model reads and writes (e.g. 81 for 9×9 Sudoku, 900 for a 30×30 canvas). */
  readonly seqLen: number;
  /** Number of token ids, including the pad id. */
  readonly vocabSize: number;
  /** Token id for padding (0 in every built-in task, as in the reference datasets). */
  readonly padId: number;
  /** How many puzzle identifiers the task uses (1 = only the blank identifier 0; ARC uses one per augmented task). */
  readonly numPuzzleIdentifiers: number;
}

/** Label id that the loss ignores (the reference's IGNORE_LABEL_ID); defined in the neutral leaf both layers import. */
export { IGNORE_LABEL_ID } from '../util/tokens.js';

/** A puzzle (and optionally its answer) as token rows. */
export interface Encoded {
  /** One Int32Array of length seqLen per row. */
  readonly inputs: Int32Array[];
  /** Target tokens per row (IGNORE_LABEL_ID where the loss should not look); present when an answer was given. */
  readonly labels?: Int32Array[];
  /** The puzzle identifier of each row (0 = blank identifier). */
  readonly puzzleIdentifiers: number[];
}

/** Where and how an answer breaks the task's rules. */
export interface Violation {
  /** A short stable rule name, e.g. `row-duplicate`, `given-changed`, `path-not-shortest`, `shape`. */
  readonly rule: string;
  /** Human-readable: says what is wrong and where ("row 3 has two 7s (columns 2 and 8)"). */
  readonly message: string;
  /** Machine-readable location, task-specific (e.g. `{ row: 3, col: 2 }`). */
  readonly where?: Record<string, unknown>;
}

export interface Verification {
  readonly ok: boolean;
  readonly violations: Violation[];
}

export interface SymbolicOptions {
  /** Stop after this many solutions (default 1; 2 answers "is it unique?"). */
  readonly limit?: number;
  /** Give up after this long (result has `complete: false`). */
  readonly timeoutMs?: number;
  /** Abort from outside. */
  readonly signal?: AbortSignal;
}

export interface SymbolicResult<Answer> {
  /** Up to `limit` solutions, each passing `verify`. */
  readonly solutions: Answer[];
  /** Number of solutions found (equals solutions.length; a lower bound when `complete` is false or the limit was hit). */
  readonly count: number;
  /** True when the search space was exhausted or the limit reached (so count is exact up to limit). */
  readonly complete: boolean;
  /** Search effort (solver-specific unit, e.g. guesses/backtracks/expanded nodes); used as a difficulty rating. */
  readonly effort: number;
}

/** One concrete, invertible transform of a task instance (an augmentation drawn with fixed parameters). */
export interface Transform<Puzzle, Answer> {
  /** Describes the drawn parameters, e.g. `transpose+digits:912345678`. */
  readonly id: string;
  puzzle(p: Puzzle): Puzzle;
  answer(a: Answer): Answer;
  /** Maps an answer of the transformed puzzle back to the original puzzle: inverseAnswer(answer(a)) = a. */
  inverseAnswer(a: Answer): Answer;
}

/** A family of transforms (e.g. "digit relabelling"); `sample` draws one member. */
export interface Augmentation<Puzzle, Answer> {
  readonly name: string;
  sample(rng: Rng): Transform<Puzzle, Answer>;
}

/** One training example. */
export interface Example<Puzzle, Answer> {
  readonly puzzle: Puzzle;
  readonly answer: Answer;
  /** Optional difficulty rating (solver effort) for reporting by difficulty. */
  readonly difficulty?: number;
}

export interface GenerateOptions {
  /** Task-specific difficulty: 'easy' | 'medium' | 'hard' for the built-ins. */
  readonly difficulty?: string;
  /** Task-specific size option (e.g. maze side length). */
  readonly size?: number;
  readonly [key: string]: unknown;
}

/** What the model offers a symbolic solver for neural-guided repair. */
export interface GuidedHint<Answer> {
  /** The model's best answer (unverified: it may break rules). */
  readonly answer: Answer;
  /** Per encoded row, per token: the model's probability for its predicted token. */
  readonly confidence: readonly Float32Array[];
}

export interface GuidedResult<Answer> {
  /** A solution that passes verify, or null if the puzzle is unsatisfiable / the budget ran out. */
  readonly solution: Answer | null;
  /** How many of the model's cells were kept as fixed assumptions, and how many dropped as conflicting. */
  readonly kept: number;
  readonly dropped: number;
  /** True when the givens alone are contradictory. */
  readonly unsatisfiable: boolean;
  readonly effort: number;
}

/** What a program search found (tasks without an exact solver, e.g. ARC; see `searchPrograms`). */
export interface ProgramSearchResult<Answer> {
  /** The answer the simplest fitting program(s) give; null when no program fits. */
  readonly answer: Answer | null;
  /** The first attempt's program as text (`crop(largest_object) ∘ mirror_h`), null when none. */
  readonly program: string | null;
  /** Every fitting program found, simplest first (text and description length). */
  readonly programs: readonly { text: string; cost: number }[];
  /**
   * 'demonstrations': the answer's program reproduces every demonstration pair, its output passes
   * `verify`, and the plugin's own checks that the pairs pin it down hold (for ARC: leave-one-out
   * over every program as simple, see src/symbolic/arc/index.ts) — the strongest check a task
   * without ground truth has. 'none': nothing fitted, or a fit too loose to trust (the answer is
   * then only a candidate, and `reason` says which check failed).
   */
  readonly verification: 'demonstrations' | 'none';
  /** Why the answer is not verified, when it is not (in user terms). */
  readonly reason?: string;
  /** How far the search got: depth reached, programs tried, time, whether the budget ran out. */
  readonly stats: Readonly<Record<string, number | boolean>>;
}

/** What test-time training proposed (see `testTimeTrain`). */
export interface TestTimeResult<Answer> {
  readonly answer: Answer | null;
  /** 'leave-one-out': fitted without each demonstration, the model predicted it exactly, for every one. */
  readonly verification: 'leave-one-out' | 'none';
  readonly reason?: string;
  readonly stats: Readonly<Record<string, number | boolean | string>>;
}

export interface TaskPlugin<Puzzle, Answer> {
  // ---- metadata ----
  /** Unique task name used in URLs and CLI (`sudoku`, `maze`, `arc`, …): lowercase, digits, dashes. */
  readonly name: string;
  /** The plugin's own semver version. */
  readonly version: string;
  readonly description: string;
  /** Semver range of trm-sdk versions this plugin supports, e.g. `^0.1.0`. Checked at registration. */
  readonly sdkVersion: string;
  /** A few sample inputs in the task's text/JSON form (used by the demo, docs and playground). */
  readonly samples?: readonly unknown[];
  /** JSON Schema of the accepted input form(s), for docs and `GET /tasks`. */
  readonly inputSchema?: Record<string, unknown>;

  // ---- text / JSON ----
  /** Accepts the task's documented text and JSON forms; throws TrmError(TRM_ERR_INVALID_INPUT) saying what is wrong and where. */
  parse(input: unknown): Puzzle;
  /** Parses an answer in its text/JSON form (for `verify` over CLI/HTTP); throws TRM_ERR_INVALID_INPUT. */
  parseAnswer(input: unknown, puzzle: Puzzle): Answer;
  /** The answer in the task's own text form (Sudoku: 81 chars; maze: rows with `o`; ARC: attempts JSON). */
  format(answer: Answer): unknown;
  /** The puzzle in the task's own text form. */
  formatPuzzle(puzzle: Puzzle): unknown;

  // ---- tokens ----
  readonly tokens: TokenSpec;
  encode(puzzle: Puzzle, answer?: Answer): Encoded;
  /** Tokens (one row per encoded row; model predictions) back to an answer. Never throws on any ids in range. */
  decode(rows: readonly Int32Array[], puzzle: Puzzle): Answer;

  // ---- truth ----
  /** The single source of truth every solver (neural or symbolic) is judged by. Never throws on a well-typed answer. */
  verify(puzzle: Puzzle, answer: Answer): Verification;
  /**
   * 'complete' (default): `verify` decides correctness (Sudoku, mazes). 'validator-only': `verify`
   * can only reject (ARC's output validator: shape and colour rules), so an answer that merely
   * passes it is reported unverified, with that reason; only a stronger check (a program that
   * reproduces the demonstrations) verifies it.
   */
  readonly verifies?: 'complete' | 'validator-only';

  // ---- optional capabilities ----
  /**
   * The solve budget (ms) when neither the call nor `createSdk({ defaultTimeoutMs })` names one.
   * A task whose solver always spends what it is given (ARC's program search) sets the budget its
   * users should wait by default; without it, the SDK's 30 s.
   */
  readonly defaultTimeoutMs?: number;
  solveSymbolic?(puzzle: Puzzle, options?: SymbolicOptions): SymbolicResult<Answer>;
  /**
   * Why the puzzle has no solution, once the solver has said so: the first clash a person can fix
   * ("row 1 has two 5s", "no path from S (1,1) to G (3,3)"); null when there is no short reason.
   */
  explainUnsatisfiable?(puzzle: Puzzle): Violation | null;
  /**
   * Neural-guided repair: keep the model's confident cells that do not conflict (e.g. as SAT
   * assumptions), let the solver complete the rest, dropping assumptions that make it unsatisfiable.
   */
  solveGuided?(puzzle: Puzzle, hint: GuidedHint<Answer>, options?: SymbolicOptions & { minConfidence?: number }): GuidedResult<Answer>;
  /**
   * For tasks scored with several attempts (ARC pass@2): merge candidates ranked best first into
   * one answer. Without it the solve loop returns the best-ranked candidate alone.
   */
  combineCandidates?(ranked: readonly Answer[], puzzle: Puzzle): Answer;
  /**
   * Program search for tasks without an exact solver: find programs that reproduce every
   * demonstration the puzzle carries, within `timeoutMs`, and answer with the simplest.
   */
  searchPrograms?(puzzle: Puzzle, options: { timeoutMs: number; signal?: AbortSignal }): ProgramSearchResult<Answer>;
  /**
   * Test-time training: fit a small model on the demonstrations the puzzle carries, within
   * `timeoutMs`, and propose an answer; with `leaveOneOut`, verify by refitting without each
   * demonstration and predicting it. Opt-in per solve (`testTimeTraining`): it takes the budget.
   */
  testTimeTrain?(puzzle: Puzzle, options: { timeoutMs: number; signal?: AbortSignal; leaveOneOut: boolean }): Promise<TestTimeResult<Answer>>;
  generate?(rng: Rng, options?: GenerateOptions): Example<Puzzle, Answer>;
  readonly augmentations?: readonly Augmentation<Puzzle, Answer>[];
  /**
   * The puzzle's canonical form under the group its `augmentations` generate (e.g. the minimum
   * over the group of a string form): two puzzles get the same key if and only if some
   * augmentation maps one to the other. Training uses it to keep every puzzle equivalent to a
   * held-out one out of the training stream; without it, held-out puzzles are excluded only by
   * exact input tokens.
   */
  canonicalKey?(puzzle: Puzzle): string;
}

/** A plugin with its types erased, as the registry stores it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTaskPlugin = TaskPlugin<any, any>;

/** Identity-typed helper so `definePlugin({...})` infers Puzzle and Answer. */
export function definePlugin<P, A>(plugin: TaskPlugin<P, A>): TaskPlugin<P, A> {
  return plugin;
}

/** Draw one transform from every augmentation family and compose them (applied in order, inverted in reverse). */
export function sampleComposite<P, A>(augs: readonly Augmentation<P, A>[], rng: Rng): Transform<P, A> {
  const parts = augs.map((a) => a.sample(rng));
  return composeTransforms(parts);
}

export function composeTransforms<P, A>(parts: readonly Transform<P, A>[]): Transform<P, A> {
  return {
    id: parts.map((t) => t.id).join('+') || 'identity',
    puzzle: (p) => parts.reduce((acc, t) => t.puzzle(acc), p),
    answer: (a) => parts.reduce((acc, t) => t.answer(acc), a),
    inverseAnswer: (a) => parts.reduceRight((acc, t) => t.inverseAnswer(acc), a),
  };
}
