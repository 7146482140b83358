import { describe, expect, it } from 'vitest';
import { knownSolutions, parseArcTask, SAMPLE_ROTATE, SAMPLE_SOLUTIONS, scoreArc, verifyArc, type ArcAnswer } from '../../../src/plugins/arc/index.js';
import { expectTrmError } from './helpers.js';

const task = parseArcTask(SAMPLE_ROTATE);
const truth = SAMPLE_SOLUTIONS['6150a2bd']![0]!;

describe('verifyArc (the output validator)', () => {
  it('passes the true solution and lists the rules it checked', () => {
    const v = verifyArc(task, { attempts: [[truth]] });
    expect(v.ok).toBe(true);
    expect(v.violations).toEqual([]);
    expect(v.rules.map((r) => r.name)).toEqual(['same-shape-as-input', 'colours-known', 'colours-from-input']);
  });

  it('passes a wrong answer that breaks no rule (ok means "passed the validator", not "correct")', () => {
    const wrong = task.test[0]!.input; // the unrotated input: right shape and colours, wrong answer
    expect(verifyArc(task, { attempts: [[wrong]] }).ok).toBe(true);
    expect(scoreArc(task, { attempts: [[wrong]] }, [truth]).score).toBe(0);
  });

  it('reports each broken rule per attempt with where: { test, attempt }', () => {
    const v = verifyArc(task, { attempts: [[truth, [[1, 2], [3, 9]]]] });
    expect(v.ok).toBe(false);
    expect(v.violations.map((x) => [x.rule, x.where])).toEqual([
      ['same-shape-as-input', { test: 0, attempt: 1 }],
      ['colours-known', { test: 0, attempt: 1 }],
      ['colours-from-input', { test: 0, attempt: 1 }],
    ]);
    expect(v.violations[0]!.message).toBe('test 0 attempt 1: shape 2×2 breaks rule same-shape-as-input (expected 3×3)');
  });

  it('reports invalid grids and wrong attempt counts without throwing', () => {
    const bad = verifyArc(task, { attempts: [[[[1, 2], [3]]]] });
    expect(bad.violations).toEqual([{ rule: 'grid', message: 'attempts[0][0] row 1 has 1 cells, expected 2', where: { test: 0, attempt: 0 } }]);
    expect(verifyArc(task, { attempts: [[truth, truth, truth]] }).violations.map((x) => x.rule)).toEqual(['attempt-count']);
    expect(verifyArc(task, { attempts: [] }).violations.map((x) => x.rule)).toEqual(['attempt-count']);
    expect(verifyArc(task, { attempts: [[truth], [truth]] }).violations[0]!.message).toBe('answer has 2 entries, expected 1 (one per test input)');
    expect(verifyArc(task, { attempts: [[]] }).ok).toBe(false);
    expect(verifyArc(task, {} as ArcAnswer).violations[0]!.rule).toBe('answer-form');
    expect(verifyArc(task, { attempts: [[[[10]]]] }).violations[0]!.message).toContain('colour 10 at attempts[0][0][0][0]');
  });
});

describe('scoreArc (pass@2)', () => {
  const two = parseArcTask({ train: task.train, test: [{ input: [[1]] }, { input: [[2, 2]] }] });

  it('scores the known task: right, right-on-second-attempt, wrong', () => {
    expect(scoreArc(task, { attempts: [[truth]] }, [truth])).toEqual({ perTest: [true], score: 1 });
    expect(scoreArc(task, { attempts: [[task.test[0]!.input, truth]] }, [truth]).score).toBe(1);
    expect(scoreArc(task, { attempts: [[task.test[0]!.input]] }, [truth])).toEqual({ perTest: [false], score: 0 });
  });

  it('is the fraction of test inputs solved; attempts beyond 2, missing or malformed count as wrong', () => {
    const sols = [[[3]], [[4, 4]]];
    expect(scoreArc(two, { attempts: [[[[3]]], [[[4, 5]]]] }, sols)).toEqual({ perTest: [true, false], score: 0.5 });
    expect(scoreArc(two, { attempts: [[[[0]], [[1]], [[3]]], [[[4, 4]]]] }, sols).perTest).toEqual([false, true]);
    expect(scoreArc(two, { attempts: [[[[3]]]] }, sols).perTest).toEqual([true, false]);
    expect(scoreArc(two, { attempts: [[[[3]]], [[[4], [4]]]] }, sols).perTest).toEqual([true, false]); // shape matters
  });

  it('rejects solutions that do not match the puzzle', () => {
    expectTrmError(() => scoreArc(two, { attempts: [] }, [[[3]]]), 'TRM_ERR_INVALID_INPUT', 'expected 2 solution grid(s)');
    expectTrmError(() => scoreArc(two, { attempts: [] }, [[[3]], [[11]]]), 'TRM_ERR_INVALID_INPUT', 'colour 11 at solutions[1][0][0]');
  });

  it('knownSolutions reads test outputs when all are known', () => {
    expect(knownSolutions(task)).toBeUndefined();
    const withOut = parseArcTask({ ...SAMPLE_ROTATE, test: [{ input: SAMPLE_ROTATE.test[0]!.input, output: truth }] });
    expect(knownSolutions(withOut)).toEqual([truth]);
  });
});
