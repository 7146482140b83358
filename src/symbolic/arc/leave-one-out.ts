/**
 * Leave-one-out for a program answer: would the search, shown every demonstration pair but one,
 * still have had to answer the left-out pair correctly?
 *
 * For each pair i, the search runs on the task without pair i (its input joins the test inputs),
 * enumerating every program at most as costly as the answer (`maxCost`, same depth). The check
 * holds when every one of them reproduces pair i exactly. A single program that is just as simple,
 * fits the other pairs and gets pair i wrong shows that the demonstrations only pinned the answer
 * down by luck — measured on ConceptARC, such answers were wrong on the hidden test about half the
 * time — so the answer stays unverified.
 *
 * Why enumerate rather than refit the answer alone: the failure mode is a *different* simple
 * program (e.g. `dropborder` where the concept was "horizontal vs vertical"), not a badly fitted
 * colour table, and only the enumeration sees it. The cost cap keeps it cheap: measured, tens to a
 * few thousand programs per check, in milliseconds to about a second.
 */
import type { ArcTask } from './grid/types.js';
import type { Primitive } from './dsl.js';
import { equal } from './grid-ops.js';
import { searchArcPrograms, type FoundProgram } from './search.js';

export interface LeaveOneOutResult {
  readonly holds: boolean;
  /** Why it does not hold (undefined when it holds). */
  readonly reason?: string;
  /** Programs enumerated over all left-out pairs. */
  readonly tried: number;
  readonly elapsedMs: number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Cost slack for float sums of step costs (an equally costly rival counts as a rival). */
const COST_EPS = 1e-9;

export function leaveOneOut(
  task: ArcTask,
  answer: Pick<FoundProgram, 'steps' | 'cost' | 'text'>,
  opts: { timeoutMs: number; signal?: AbortSignal; primitives?: readonly Primitive[] },
): LeaveOneOutResult {
  const start = performance.now();
  const n = task.train.length;
  if (n < 2) return { holds: false, reason: 'one demonstration pair cannot be checked by leave-one-out', tried: 0, elapsedMs: 0 };
  const deadline = start + opts.timeoutMs;
  let tried = 0;
  for (let i = 0; i < n; i++) {
    const left = task.train[i]!;
    const reduced: ArcTask = {
      train: task.train.filter((_, j) => j !== i),
      // The real test inputs stay: the main search only admits programs that apply to them.
      test: [{ input: left.input }, ...task.test.map((t) => ({ input: t.input }))],
    };
    const remaining = deadline - performance.now();
    if (remaining <= 0) return { holds: false, reason: 'the leave-one-out check ran out of time', tried, elapsedMs: performance.now() - start };
    const { programs, stats } = searchArcPrograms(reduced, {
      timeoutMs: remaining,
      maxDepth: answer.steps.length,
      maxCost: answer.cost + COST_EPS,
      wantPredictions: Infinity,
      maxKept: Infinity,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.primitives ? { primitives: opts.primitives } : {}),
    });
    tried += stats.tried;
    if (stats.timedOut || stats.aborted) {
      return { holds: false, reason: 'the leave-one-out check ran out of time', tried, elapsedMs: performance.now() - start };
    }
    const rival = programs.find((p) => !equal(p.predictions[0]!, left.output));
    if (rival) {
      return {
        holds: false,
        reason: `leave-one-out fails: without demonstration pair ${i + 1}, ${rival.text} (cost ${round(rival.cost)}, no costlier than the answer's ${round(answer.cost)}) also fits the other pairs and gets pair ${i + 1} wrong`,
        tried,
        elapsedMs: performance.now() - start,
      };
    }
  }
  return { holds: true, tried, elapsedMs: performance.now() - start };
}
