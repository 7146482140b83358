/**
 * The messages between the HTTP thread and the solver workers. Results travel as JSON text
 * (serialised in the worker) so the HTTP thread never walks big answers: it writes them as they are.
 */
import type { Strategy } from '../sdk/options.js';
import type { TaskInfo } from '../sdk/sdk.js';

/** Solve options as they cross the thread boundary (functions and signals cannot). */
export interface WireSolveOptions {
  strategy?: Strategy;
  maxSteps?: number;
  vote?: number;
  testTimeTraining?: boolean | { leaveOneOut?: boolean };
}

/** One unit of work. `budgetMs` is set by the pool at dispatch: what is left of the request's time budget. */
export type JobSpec =
  | { kind: 'solve'; task: string; input: unknown; /** The body field the input came in (`puzzle`, `maze`, `task`), for messages. */ field?: string; options: WireSolveOptions; stream: boolean; budgetMs?: number }
  | { kind: 'verify'; task: string; puzzle: unknown; field?: string; answer: unknown; budgetMs?: number }
  | { kind: 'generate'; task: string; difficulty?: string; seed?: number; size?: number; budgetMs?: number };

/** A TrmError flattened for postMessage. */
export interface WireError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** What a worker reports once its SDK is built. */
export interface WorkerReady {
  tasks: (TaskInfo & { modelLoaded: boolean })[];
  backend: string | null;
}

export type ToWorker = { type: 'job'; id: number; job: JobSpec } | { type: 'cancel'; id: number };

export type FromWorker =
  | ({ type: 'ready' } & WorkerReady)
  | { type: 'step'; id: number; data: string }
  /** A streamed solve's input passed the task's schema and parser: the HTTP thread may open the stream. */
  | { type: 'accepted'; id: number }
  | { type: 'done'; id: number; body: string; /** tfjs backend of the model that answered a solve, if any. */ backend?: string }
  | { type: 'error'; id: number; error: WireError }
  | { type: 'fatal'; error: WireError };

/** `workerData` of every solver worker. */
export interface WorkerInit {
  /** URL of a module exporting `createSdk()` (or a default export doing the same); default: the SDK's own. */
  sdkModule?: string;
  /** Plugin module specifiers (file URLs or package names) to register on top of the SDK. */
  plugins?: string[];
  /** task → absolute checkpoint path, loaded at start on top of the shipped models. */
  models?: Record<string, string>;
  /** Bytes one solve may need (TRM_MAX_MEMORY): solves estimated over it are refused before they run. */
  maxMemoryBytes?: number;
}
