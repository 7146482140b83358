/** `GET /generate/{task}?difficulty=&seed=&size=`: one puzzle and its answer from the task's generator (on a worker). */
import type { Request, Response } from 'express';
import type { operations } from '../api-types.js';
import { clientGone, clientOf, deadlineFor, requireTask, sendJsonText, type RouteContext } from './context.js';

type GenerateQuery = NonNullable<operations['generate']['parameters']['query']>;

/** Handler of `GET /generate/{task}`: answers `{ task, puzzle, answer, difficulty }` in the task's text forms. */
export function generateHandler(ctx: RouteContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const task = requireTask(ctx, req);
    // The validator has checked (and coerced) the query against the spec.
    const q = req.query as GenerateQuery;
    const job = {
      kind: 'generate' as const,
      task,
      ...(q.difficulty !== undefined ? { difficulty: String(q.difficulty) } : {}),
      ...(q.seed !== undefined ? { seed: Number(q.seed) } : {}),
      ...(q.size !== undefined ? { size: Number(q.size) } : {}),
    };
    sendJsonText(res, await ctx.pool.submit(job, { deadline: deadlineFor(ctx, undefined), signal: clientGone(res), client: clientOf(res) }));
  };
}
