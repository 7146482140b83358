/**
 * `POST /solve/{task}`: the body's puzzle goes to a worker's `sdk.solve`; the answer comes back
 * in the task's text form. With `?stream=true` the response is Server-Sent Events: a `step`
 * event per supervision step, relayed as the worker posts it, then `result` or `error`. The
 * stream opens only once the worker has accepted the input (the task's schema and parser), so
 * invalid input, like every admission failure, is a plain JSON 4xx.
 */
import type { Request, Response } from 'express';
import type { components } from '../api-types.js';
import { streamErrorBody, toServiceError } from '../errors.js';
import { SseWriter } from '../sse.js';
import { checkWork, clientGone, clientOf, deadlineFor, inputOf, requireTask, sendJsonText, type RouteContext } from './context.js';

type SolveRequest = components['schemas']['SolveRequest'];

/** Handler of `POST /solve/{task}`; every failure reaches the error middleware (or, once streaming, an `error` event). */
export function solveHandler(ctx: RouteContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const task = requireTask(ctx, req);
    const body = req.body as SolveRequest;
    const { timeoutMs, ...options } = body.options ?? {};
    checkWork(ctx, task, options);
    const deadline = deadlineFor(ctx, timeoutMs, task);
    const signal = clientGone(res);
    const client = clientOf(res);
    const stream = (req.query as { stream?: unknown }).stream === true || (req.query as { stream?: unknown }).stream === 'true';
    const { input, field } = inputOf(body);
    const spec = { kind: 'solve' as const, task, input, field, options, stream };

    if (!stream) {
      sendJsonText(res, await ctx.pool.submit(spec, { deadline, signal, client }));
      return;
    }
    // Admission (unknown task, overload, shutdown) throws here, and a rejected input rejects the
    // promise before `accepted`: both still get their HTTP status. After `accepted` every outcome
    // is an event.
    const sse = new SseWriter(res);
    let accepted = false;
    const result = ctx.pool.submit(spec, {
      deadline,
      signal,
      client,
      onAccepted: () => {
        accepted = true;
        sse.start();
      },
      onStep: (data) => sse.send('step', data),
    });
    let answer: string;
    try {
      answer = await result;
    } catch (e) {
      if (!accepted) throw e;
      sse.send('error', streamErrorBody(toServiceError(e)));
      sse.end();
      return;
    }
    sse.send('result', answer);
    sse.end();
  };
}
