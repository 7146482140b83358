/**
 * TRM_ERR_UNSATISFIABLE with the reason, when the plugin can give one: "the sudoku puzzle has no
 * solution: the givens clash: row 1 has two 5s (columns 1 and 2)". The violation also goes in the
 * error's details (`reason`), for programs and the REST body.
 */
import { TrmError } from '../errors.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';

export function unsatisfiable(plugin: AnyTaskPlugin, puzzle: unknown, details: Record<string, unknown> = {}): TrmError {
  let reason = null;
  try {
    reason = plugin.explainUnsatisfiable?.(puzzle) ?? null;
  } catch {
    // An explainer that fails must not hide the verdict itself.
    reason = null;
  }
  const message = `the ${plugin.name} puzzle has no solution${reason ? `: ${reason.message}` : ''}`;
  return new TrmError('TRM_ERR_UNSATISFIABLE', message, { task: plugin.name, ...details, ...(reason ? { reason } : {}) });
}
