/**
 * `POST /solve/{task}`: the body's puzzle goes to a worker's `sdk.solve`; the answer comes back
 * in the task's text form. With `?stream=true` the response is Server-Sent Events: a `step`
 * event per supervision step, relayed as the worker posts it, then `result` or `error`.
 */
import type { Request, Response } from 'express';
import type { components } from '../api-types.js';
import { streamErrorBody, toServiceError } from '../errors.js';
import { SseWriter } from '../sse.js';
import { checkWork, clientGone, deadlineFor, inputOf, requireTask, sendJsonText, type RouteContext } from './context.js';

type SolveRequest = components['schemas']['SolveRequest'];

/** Handler of `POST /solve/{task}`; every failure reaches the error middleware (or, once streaming, an `error` event). */
export function solveHandler(ctx: RouteContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const task = requireTask(ctx, req);
    const body = req.body as SolveRequest;
    const { timeoutMs, ...options } = body.options ?? {};
    checkWork(ctx, task, options);
    const deadline = deadlineFor(ctx, timeoutMs);
    const signal = clientGone(res);
    const stream = (req.query as { stream?: unknown }).stream === true || (req.query as { stream?: unknown }).stream === 'true';
    const spec = { kind: 'solve' as const, task, input: inputOf(body), options, stream };

    if (!stream) {
      sendJsonText(res, await ctx.pool.submit(spec, { deadline, signal }));
      return;
    }
    // Admission (unknown task, overload, shutdown) throws before the stream starts, so those
    // still get their HTTP status; from here on every outcome is an event.
    const sse = new SseWriter(res);
    const result = ctx.pool.submit(spec, { deadline, signal, onStep: (data) => sse.send('step', data) });
    sse.start();
    try {
      sse.send('result', await result);
    } catch (e) {
      sse.send('error', streamErrorBody(toServiceError(e)));
    } finally {
      sse.end();
    }
  };
}
