/** `POST /verify/{task}`: the task's verifier judges `answer` for the puzzle (on a worker); a malformed argument is a 400 saying which (`puzzle: …` / `answer: …`, `details.argument`). */
import type { Request, Response } from 'express';
import type { components } from '../api-types.js';
import { clientGone, clientOf, deadlineFor, inputOf, requireTask, sendJsonText, type RouteContext } from './context.js';

type VerifyRequest = components['schemas']['VerifyRequest'];

/** Handler of `POST /verify/{task}`: answers `{ ok, violations }`. */
export function verifyHandler(ctx: RouteContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const task = requireTask(ctx, req);
    const body = req.body as VerifyRequest;
    const { input, field } = inputOf(body);
    const job = { kind: 'verify' as const, task, puzzle: input, field, answer: body.answer };
    sendJsonText(res, await ctx.pool.submit(job, { deadline: deadlineFor(ctx, undefined), signal: clientGone(res), client: clientOf(res) }));
  };
}
