/**
 * The ARC plugin with test-time training attached (src/sdk/arc/ttt.ts trains a model, so it lives
 * in the SDK layer and loads TensorFlow.js only when a solve asks for it).
 */
import type { AnyTaskPlugin, TestTimeResult } from '../../plugins/contract.js';
import { arcPlugin } from '../../plugins/arc/index.js';
import type { ArcAnswer, ArcTask } from '../../symbolic/arc/grid/types.js';

export const arcWithTtt: AnyTaskPlugin = {
  ...arcPlugin,
  async testTimeTrain(task: ArcTask, o: { timeoutMs: number; signal?: AbortSignal; leaveOneOut: boolean }): Promise<TestTimeResult<ArcAnswer>> {
    const { solveArcByTestTimeTraining } = await import('./ttt.js');
    const r = await solveArcByTestTimeTraining(task, { timeoutMs: o.timeoutMs, leaveOneOut: o.leaveOneOut, ...(o.signal ? { signal: o.signal } : {}) });
    const found = r.attempts.length === task.test.length && r.attempts.every((a) => a.length > 0);
    const stats: Record<string, number | boolean | string> = {};
    for (const [k, v] of Object.entries(r.stats)) if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') stats[k] = v;
    return {
      answer: found ? { attempts: r.attempts } : null,
      verification: r.verification === 'leave-one-out' && r.looPassed === true ? 'leave-one-out' : 'none',
      ...(r.looPassed === false ? { reason: 'refitted without one demonstration, the model did not predict it' } : r.verification === 'none' ? { reason: 'test-time training without the leave-one-out check' } : {}),
      stats,
    };
  },
};
