/** `GET /tasks` and `GET /health`: answered on the HTTP thread from what the workers reported. */
import type { Request, Response } from 'express';
import { SDK_VERSION } from '../../version.js';
import type { components } from '../api-types.js';
import type { RouteContext } from './context.js';

/** Handler of `GET /tasks`: the task list the workers reported at start. */
export function tasksHandler(ctx: RouteContext) {
  return (_req: Request, res: Response): void => {
    const body: components['schemas']['TasksResponse'] = { tasks: ctx.pool.tasks };
    res.json(body);
  };
}

/** Handler of `GET /health`: status, uptime, queue, workers, backend and memory. */
export function healthHandler(ctx: RouteContext) {
  return (_req: Request, res: Response): void => {
    const { running, waiting, capacity, workers } = ctx.pool.stats();
    const mem = process.memoryUsage();
    const body: components['schemas']['Health'] = {
      status: 'ok',
      version: SDK_VERSION,
      uptimeS: Math.round((performance.now() - ctx.startedAt) / 100) / 10,
      queue: { running, waiting, capacity },
      workers,
      backend: ctx.pool.backend,
      memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, maxPerSolveBytes: ctx.options.maxMemoryBytes },
      auth: { failures: ctx.auth.failures, throttled: ctx.auth.throttled },
      connections: { open: ctx.sockets.openConnections(), refused: ctx.sockets.refused },
    };
    res.json(body);
  };
}
