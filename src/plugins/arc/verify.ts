/**
 * ARC verification = the output validator.
 *
 * IMPORTANT: for ARC, `ok: true` means "every attempt is a valid grid and passes every output
 * rule inferred from the training pairs" — NOT "the answer is correct". ARC has no ground truth
 * at inference time (that is the whole task); correctness is only known with the solutions file,
 * via `scoreArc`. The validator is built never to reject a correct answer, so a rejection is
 * certain evidence of a wrong attempt, while a pass is only weak evidence of a right one.
 */
import type { Verification, Violation } from '../contract.js';
import { gridProblem, kindOf } from '../../symbolic/arc/grid/grid.js';
import { checkRules, inferRules } from '../../symbolic/arc/grid/rules.js';
import { MAX_ATTEMPTS, type ArcAnswer, type ArcTask, type Grid } from '../../symbolic/arc/grid/types.js';

/** A Verification plus the rules the answer was checked against (name and one-line description). */
export interface ArcVerification extends Verification {
  readonly rules: readonly { readonly name: string; readonly description: string }[];
}

/**
 * Checks every attempt of every test input: it must be a valid grid (1–30 × 1–30, colours 0–9)
 * and satisfy the rules inferred from `puzzle.train`. Violations carry `where: { test, attempt }`.
 * Never throws, even on a malformed answer object.
 */
export function verifyArc(puzzle: ArcTask, answer: ArcAnswer): ArcVerification {
  const rules = inferRules(puzzle);
  const described = rules.map((r) => ({ name: r.name, description: r.describe() }));
  const violations: Violation[] = [];
  const attempts: unknown = (answer as { attempts?: unknown } | null | undefined)?.attempts;
  if (!Array.isArray(attempts)) {
    violations.push({ rule: 'answer-form', message: `answer.attempts must be an array with one entry per test input, got ${kindOf(attempts)}` });
    return { ok: false, violations, rules: described };
  }
  const n = puzzle.test.length;
  if (attempts.length !== n) {
    violations.push({
      rule: 'attempt-count',
      message: `answer has ${attempts.length} entries, expected ${n} (one per test input)`,
      where: { expected: n, got: attempts.length },
    });
  }
  for (let i = 0; i < Math.min(n, attempts.length); i++) {
    const list: unknown = attempts[i];
    if (!Array.isArray(list) || list.length < 1 || list.length > MAX_ATTEMPTS) {
      const got = Array.isArray(list) ? `${list.length} attempts` : kindOf(list);
      violations.push({ rule: 'attempt-count', message: `test ${i}: expected 1–${MAX_ATTEMPTS} attempt grids, got ${got}`, where: { test: i } });
      if (!Array.isArray(list)) continue;
    }
    const testInput = puzzle.test[i]!.input;
    for (let j = 0; j < Math.min(list.length, MAX_ATTEMPTS); j++) {
      const where = { test: i, attempt: j };
      const problem = gridProblem(list[j], `attempts[${i}][${j}]`);
      if (problem) {
        violations.push({ rule: 'grid', message: problem, where });
        continue;
      }
      for (const v of checkRules(rules, testInput, list[j] as Grid)) {
        violations.push({ rule: v.rule, message: `test ${i} attempt ${j}: ${v.message}`, where });
      }
    }
  }
  return { ok: violations.length === 0, violations, rules: described };
}
