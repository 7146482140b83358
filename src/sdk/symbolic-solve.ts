/**
 * The symbolic path of the solve loop: run the plugin's solver with the solve's `symbolicLimit`
 * (default 2, so uniqueness is known) and turn "no solution" into TRM_ERR_UNSATISFIABLE; the
 * caller verifies what it returns.
 */
import { TrmError } from '../errors.js';
import { unsatisfiable } from './unsatisfiable.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';

export interface SymbolicOutcome {
  answer: unknown;
  count: number;
  complete: boolean;
  effort: number;
}

/** Returns the first solution, or throws UNSATISFIABLE / TIMEOUT / NO_SOLVER with the reason. */
export function runSymbolic(plugin: AnyTaskPlugin, puzzle: unknown, limit: number, timeoutMs: number, signal?: AbortSignal): SymbolicOutcome {
  if (typeof plugin.solveSymbolic !== 'function') {
    throw new TrmError('TRM_ERR_NO_SOLVER', `task "${plugin.name}" has no symbolic solver`, { task: plugin.name });
  }
  const r = plugin.solveSymbolic(puzzle, { limit, timeoutMs, ...(signal ? { signal } : {}) });
  if (r.count === 0 || r.solutions.length === 0) {
    if (r.complete) {
      throw unsatisfiable(plugin, puzzle, { effort: r.effort });
    }
    throw new TrmError('TRM_ERR_TIMEOUT', `the symbolic ${plugin.name} solver found no solution within ${timeoutMs} ms`, { task: plugin.name, effort: r.effort });
  }
  return { answer: r.solutions[0], count: r.count, complete: r.complete, effort: r.effort };
}
