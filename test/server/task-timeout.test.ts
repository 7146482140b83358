/**
 * A solve that names no budget gets its task's default (ARC: 10 s), as `solve()` does, unless the
 * server was given a default of its own; the server's maximum caps every budget.
 */
import { describe, expect, it } from 'vitest';
import { resolveServerOptions, type ServerOptions } from '../../src/server/config.js';
import { deadlineFor, type RouteContext } from '../../src/server/routes/context.js';

const ctxWith = (o: ServerOptions): RouteContext =>
  ({
    options: resolveServerOptions(o),
    pool: { tasks: [{ name: 'arc', defaultTimeoutMs: 10_000 }, { name: 'sudoku', defaultTimeoutMs: 30_000 }] },
  }) as unknown as RouteContext;

/** The budget deadlineFor grants, in whole ms (it adds the budget to performance.now()). */
const budget = (ctx: RouteContext, timeoutMs: number | undefined, task?: string): number => {
  const before = performance.now();
  const d = deadlineFor(ctx, timeoutMs, task);
  return Math.round(d - before);
};

describe('request budget (deadlineFor)', () => {
  it('takes the task\'s own default when neither the request nor the server names one', () => {
    const ctx = ctxWith({});
    expect(budget(ctx, undefined, 'arc')).toBeGreaterThanOrEqual(10_000);
    expect(budget(ctx, undefined, 'arc')).toBeLessThan(11_000);
    expect(budget(ctx, undefined, 'sudoku')).toBeGreaterThanOrEqual(30_000);
    expect(budget(ctx, undefined, 'sudoku')).toBeLessThan(31_000);
    // verify/generate name no task: the server's 30 s.
    expect(budget(ctx, undefined)).toBeGreaterThanOrEqual(30_000);
  });

  it('lets the request\'s timeoutMs win, and a server default override every task', () => {
    expect(budget(ctxWith({}), 2_500, 'arc')).toBeLessThan(3_500);
    expect(budget(ctxWith({}), 2_500, 'arc')).toBeGreaterThanOrEqual(2_500);
    expect(budget(ctxWith({ defaultTimeoutMs: 20_000 }), undefined, 'arc')).toBeGreaterThanOrEqual(20_000);
  });

  it('caps every budget by maxTimeoutMs', () => {
    expect(budget(ctxWith({ maxTimeoutMs: 3_000 }), undefined, 'arc')).toBeLessThan(4_000);
    expect(budget(ctxWith({ maxTimeoutMs: 3_000 }), 60_000, 'sudoku')).toBeLessThan(4_000);
  });
});
