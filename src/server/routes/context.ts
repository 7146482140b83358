/** What every route handler needs: the worker pool, the resolved options, and request helpers. */
import type { Request, Response } from 'express';
import { TrmError } from '../../errors.js';
import { DEFAULT_WORK_STEPS, type ResolvedServerOptions } from '../config.js';
import type { WorkerPool } from '../pool.js';
import type { AuthStats } from '../auth-throttle.js';
import type { LoadedSpec } from '../spec.js';
import type { SocketTracker } from '../wire.js';
import { didYouMeanSuffix } from '../../util/did-you-mean.js';

export interface RouteContext {
  pool: WorkerPool;
  options: ResolvedServerOptions;
  spec: LoadedSpec;
  /** `performance.now()` at start, for `uptimeS`. */
  startedAt: number;
  /** Failed-login counts, for `/health`. */
  auth: AuthStats;
  /** Open sockets and refusals, for `/health`. */
  sockets: SocketTracker;
}

/** The task named in the URL, or TRM_ERR_UNKNOWN_TASK (404) before any work is queued. */
export function requireTask(ctx: RouteContext, req: Request): string {
  const task = String(req.params.task);
  if (!ctx.pool.hasTask(task)) {
    const known = ctx.pool.tasks.map((t) => t.name);
    throw new TrmError('TRM_ERR_UNKNOWN_TASK', `unknown task "${task.slice(0, 64)}"${didYouMeanSuffix(task.slice(0, 64), known)}; known tasks: ${known.join(', ')}`, { task: task.slice(0, 64), known });
  }
  return task;
}

/** The puzzle of a solve/verify body and the field it came in: `puzzle`, `maze` or `task` (the spec lets exactly one through; `puzzle` may be any JSON, even null). */
export function inputOf(body: { puzzle?: unknown; maze?: unknown; task?: unknown }): { input: unknown; field: 'puzzle' | 'maze' | 'task' } {
  if (Object.hasOwn(body, 'puzzle')) return { input: body.puzzle, field: 'puzzle' };
  if (Object.hasOwn(body, 'maze')) return { input: body.maze, field: 'maze' };
  return { input: body.task, field: 'task' };
}

/**
 * Deadline of a request arriving now with an optional budget, capped by the server's maximum. A
 * solve that names no budget gets its task's default (the SDK's `defaultTimeoutMs` for it: ARC's is
 * 10 s) unless the server's own default was set, so that REST and `solve()` answer alike.
 */
export function deadlineFor(ctx: RouteContext, timeoutMs: number | undefined, task?: string): number {
  const taskDefault = task === undefined || ctx.options.defaultTimeoutSet ? undefined : ctx.pool.tasks.find((t) => t.name === task)?.defaultTimeoutMs;
  return performance.now() + Math.min(timeoutMs ?? taskDefault ?? ctx.options.defaultTimeoutMs, ctx.options.maxTimeoutMs);
}

/** The client a request is queued for (fair queueing): its API key's digest, or its IP address. */
export { clientOf } from '../access.js';

/** An AbortSignal that fires when the client goes away before the response is complete. */
export function clientGone(res: Response): AbortSignal {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  return ac.signal;
}

/** Sends JSON text that a worker already serialised. */
export function sendJsonText(res: Response, body: string): void {
  res.status(200).type('application/json').send(body);
}

/**
 * Refuses, before any work is queued, a solve whose neural work would exceed the server's
 * `maxWork`: supervision steps × copies (the plain pass plus `vote` augmented copies) × tokens
 * per copy. Symbolic-only solves and tasks without a model do no neural work and pass.
 */
export function checkWork(ctx: RouteContext, task: string, options: { strategy?: string; maxSteps?: number; vote?: number }): void {
  if (options.strategy === 'symbolic-only') return;
  const info = ctx.pool.tasks.find((t) => t.name === task);
  if (!info || info.model === null) return;
  const steps = options.maxSteps ?? DEFAULT_WORK_STEPS;
  const copies = 1 + (options.vote ?? 0);
  const tokens = Math.max(1, info.tokens.seqLen);
  const work = steps * copies * tokens;
  const limit = ctx.options.maxWork;
  if (work <= limit) return;
  const most = Math.floor(limit / (copies * tokens));
  const advice = most >= 1
    ? `lower options.maxSteps to ${most} or fewer, or options.vote`
    : `lower options.vote to ${Math.max(0, Math.floor(limit / (steps * tokens)) - 1)} or fewer`;
  throw new TrmError(
    'TRM_ERR_INVALID_OPTIONS',
    `this solve asks for ${work} units of work (${steps} steps × ${copies} copies × ${tokens} tokens), over this server's limit of ${limit} (TRM_MAX_WORK); ${advice}`,
    { work, limit, steps, copies, tokens },
  );
}
