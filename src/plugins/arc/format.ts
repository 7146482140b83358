/**
 * ARC answers and tasks back to their JSON forms (deep copies, so callers may mutate them).
 * `parseArcTask(formatArcTask(t))` and `parseArcAnswer(formatArcAnswer(a), t)` give back equal values.
 */
import { cloneGrid } from '../../symbolic/arc/grid/grid.js';
import type { ArcAnswer, ArcTask, Grid } from '../../symbolic/arc/grid/types.js';

/** The answer as `{ attempts: [[grid, grid?], …] }`. */
export function formatArcAnswer(answer: ArcAnswer): { attempts: Grid[][] } {
  return { attempts: answer.attempts.map((list) => list.map(cloneGrid)) };
}

/** The answer as the Kaggle submission list for one task: `[{ attempt_1, attempt_2 }, …]` (attempt_2 repeats attempt_1 when only one was given, as Kaggle requires both). */
export function formatKaggleAttempts(answer: ArcAnswer): { attempt_1: Grid; attempt_2: Grid }[] {
  return answer.attempts.map((list) => {
    const first = list[0] ?? [[0]];
    return { attempt_1: cloneGrid(first), attempt_2: cloneGrid(list[1] ?? first) };
  });
}

/** The task in the official JSON layout (`id` included when known; test outputs included when known). */
export function formatArcTask(task: ArcTask): { id?: string; train: { input: Grid; output: Grid }[]; test: { input: Grid; output?: Grid }[] } {
  return {
    ...(task.id !== undefined ? { id: task.id } : {}),
    train: task.train.map((p) => ({ input: cloneGrid(p.input), output: cloneGrid(p.output) })),
    test: task.test.map((t) => (t.output ? { input: cloneGrid(t.input), output: cloneGrid(t.output) } : { input: cloneGrid(t.input) })),
  };
}
