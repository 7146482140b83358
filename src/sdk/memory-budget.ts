/**
 * Memory as a budget: what one solve will need, estimated from the parsed input and the options
 * before any work starts, so a request that cannot fit is refused (400, with the estimate, its
 * parts and the limit) instead of growing a worker's heap by gigabytes.
 *
 * The parts (bytes):
 *   - input: the parsed puzzle, twice (the body copy handed to the worker and the parsed one);
 *   - arc-search: the program search's states through its first depth — one state per primitive,
 *     each holding one grid per demonstration and test input (src/symbolic/arc/state-budget.ts).
 *     Deeper levels are bounded by that module's byte budget, which `configureSolveMemory` sets;
 *   - arc-ttt: ARC test-time training — the augmented (pair × augmentation) token rows and one
 *     training batch of activations of the small from-scratch model;
 *   - model: a neural solve's batched copies (the plain pass plus `vote` augmented ones), each a
 *     sequence of activations live across a supervision step.
 * The constants are measured upper bounds for the shipped models, stated where they are defined.
 */
import os from 'node:os';
import { TrmError } from '../errors.js';
import type { ArcTask, Grid } from '../symbolic/arc/grid/types.js';
import { primitivesFor } from '../symbolic/arc/registry.js';
import { gridBytes, setArcSearchMemoryLimit, stateBytes } from '../symbolic/arc/state-budget.js';

export interface MemoryEstimate {
  bytes: number;
  parts: Record<string, number>;
}

/** What the estimate needs to know about the task (a TaskInfo has all of it). */
export interface MemoryTaskInfo {
  name: string;
  programSearch: boolean;
  model: string | null;
  tokens: { seqLen: number };
}

export interface MemoryOptions {
  strategy?: string;
  vote?: number;
  testTimeTraining?: boolean | object;
}

/** Live activation bytes per token and copy during a supervision step (hidden ≤ 512, fp32, ~24 live tensors). */
export const MODEL_BYTES_PER_TOKEN = 512 * 4 * 24;
/** ARC test-time training: augmentations per pair, batch rows, activation bytes per token (hidden 64, backprop kept). */
const TTT_AUGMENTATIONS = 8;
const TTT_BATCH_ROWS = 16;
const TTT_BYTES_PER_TOKEN = 64 * 4 * 96;
/** ARC canvas tokens (30 × 30). */
const ARC_TOKENS = 900;
/** Share of the limit the ARC search may keep in states; the rest is for learners, leave-one-out and the runtime. */
const ARC_SEARCH_SHARE = 0.6;

/** A byte count, or a size like `512mb`, `1.5gb`, `64k`; null when it is not one. */
export function parseByteSize(v: number | string): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?|kib|mib|gib)?\s*$/i.exec(v);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const mult = unit === 'k' ? 2 ** 10 : unit === 'm' ? 2 ** 20 : unit === 'g' ? 2 ** 30 : 1;
  const n = Math.floor(Number(m[1]) * mult);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Default per-worker limit: half the machine's memory shared by the workers, within 256 MiB – 2 GiB. */
export function defaultMaxMemoryBytes(workers: number, total = os.totalmem()): number {
  return Math.max(256 * 2 ** 20, Math.min(2 * 2 ** 30, Math.floor(total / 2 / Math.max(1, workers))));
}

/** Tells this thread's solvers the limit: the ARC search keeps at most its share of it in states. */
export function configureSolveMemory(limitBytes: number): void {
  setArcSearchMemoryLimit(Math.max(2 ** 20, limitBytes * ARC_SEARCH_SHARE));
}

/** Heap a worker thread may grow to for a per-solve `limitBytes`: the limit, half again for garbage, and the runtime's base. */
export function workerHeapLimitMb(limitBytes: number): number {
  return Math.ceil((limitBytes * 1.5 + 512 * 2 ** 20) / 2 ** 20);
}

function isGridArray(v: unknown): v is Grid {
  return Array.isArray(v) && v.every((r) => Array.isArray(r));
}

/** The ARC task in a parsed puzzle, when it has that shape. */
function arcTaskOf(puzzle: unknown): ArcTask | null {
  if (puzzle === null || typeof puzzle !== 'object') return null;
  const t = puzzle as { train?: unknown; test?: unknown };
  if (!Array.isArray(t.train) || !Array.isArray(t.test)) return null;
  const ok = (p: unknown): boolean => p !== null && typeof p === 'object' && isGridArray((p as { input?: unknown }).input);
  return t.train.every(ok) && t.test.every(ok) ? (puzzle as ArcTask) : null;
}

/** Bytes of a parsed JSON-like value (strings 2 B a character, numbers 8 B, 48 B per array/object). */
function valueBytes(v: unknown, depth = 0): number {
  if (depth > 64) return 0;
  if (typeof v === 'string') return 16 + 2 * v.length;
  if (Array.isArray(v)) {
    let b = 48 + 8 * v.length;
    for (const x of v) if (typeof x === 'object' && x !== null || typeof x === 'string') b += valueBytes(x, depth + 1);
    return b;
  }
  if (v !== null && typeof v === 'object') {
    let b = 48;
    for (const x of Object.values(v)) b += 16 + valueBytes(x, depth + 1);
    return b;
  }
  return 8;
}

/** The memory estimate of one solve of `puzzle` (already parsed by the task) with `options`. */
export function estimateSolveMemory(task: MemoryTaskInfo, puzzle: unknown, options: MemoryOptions = {}): MemoryEstimate {
  const parts: Record<string, number> = {};
  const arc = task.programSearch ? arcTaskOf(puzzle) : null;
  parts.input = 2 * (arc ? [...arc.train.flatMap((p) => [p.input, p.output]), ...arc.test.map((t) => t.input)].reduce((b, g) => b + gridBytes(g), 0) : valueBytes(puzzle));
  if (arc && options.strategy !== 'neural-only') {
    const root = [...arc.train.map((p) => p.input), ...arc.test.map((t) => t.input)];
    parts['arc-search'] = stateBytes(root) * (1 + primitivesFor(arc).length);
  }
  if (arc && options.testTimeTraining) {
    const rows = arc.train.length * TTT_AUGMENTATIONS;
    parts['arc-ttt'] = rows * 2 * ARC_TOKENS * 4 + TTT_BATCH_ROWS * ARC_TOKENS * TTT_BYTES_PER_TOKEN + arc.test.length * TTT_AUGMENTATIONS * ARC_TOKENS * TTT_BYTES_PER_TOKEN / 8;
  }
  if (task.model !== null && options.strategy !== 'symbolic-only') {
    parts.model = (1 + (options.vote ?? 0)) * Math.max(1, task.tokens.seqLen) * MODEL_BYTES_PER_TOKEN;
  }
  const bytes = Object.values(parts).reduce((a, b) => a + b, 0);
  return { bytes, parts };
}

const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

/**
 * Throws 400 when `estimate` is over `limitBytes`: TRM_ERR_INVALID_INPUT when the input's own
 * size is the largest part (a smaller task is the fix), else TRM_ERR_INVALID_OPTIONS (fewer vote
 * copies, no test-time training).
 */
export function checkSolveMemory(task: string, estimate: MemoryEstimate, limitBytes: number): void {
  if (estimate.bytes <= limitBytes) return;
  const [biggest] = Object.entries(estimate.parts).sort((a, b) => b[1] - a[1]);
  const shown = Object.entries(estimate.parts).map(([k, v]) => `${k} ${mib(v)}`).join(', ');
  const inputBound = biggest && (biggest[0] === 'input' || biggest[0] === 'arc-search');
  throw new TrmError(
    inputBound ? 'TRM_ERR_INVALID_INPUT' : 'TRM_ERR_INVALID_OPTIONS',
    `this ${task} solve needs an estimated ${mib(estimate.bytes)} (${shown}), over this server's limit of ${mib(limitBytes)} per solve (TRM_MAX_MEMORY); ` +
      (inputBound ? 'send a smaller task (fewer or smaller grids)' : 'lower options.vote or turn off test-time training'),
    { estimateBytes: estimate.bytes, limitBytes, parts: estimate.parts },
  );
}
