/**
 * The verify-and-refine loop: the model proposes, the plugin's verify() disposes.
 *
 *   1. neural        — run supervision steps; after each, decode and verify; stop at the first
 *                      verified answer (early exit).
 *   2. neural-vote   — run the model on K augmented copies, map answers back through the inverse
 *                      transforms, rank distinct candidates by votes then mean sigmoid(q_halt),
 *                      verify in that order.
 *   3. neural-guided-symbolic — hand the model's confident cells to the plugin's solveGuided().
 *   4. symbolic      — the plain symbolic solver.
 *   5. unverified    — nothing verified: the best candidate is returned with verified: false.
 *
 * The invariant every path keeps: `verified: true` only for an answer whose verify() returned ok
 * inside this function.
 */
import { performance } from 'node:perf_hooks';
import { TrmError } from '../errors.js';
import type { AnyTaskPlugin, Violation, Encoded } from '../plugins/contract.js';
import { composeTransforms, type Transform } from '../plugins/contract.js';
import { createRng } from '../plugins/rng.js';
import type { ResolvedSolveOptions } from './options.js';
import { emptyTimings, type SolveResult, type SolveSource } from './result.js';
import { runSymbolic } from './symbolic-solve.js';
import { sigmoid, type ModelStep, type TaskModel } from './task-model.js';

interface Candidate {
  answer: unknown;
  key: string;
  votes: number;
  confSum: number;
}

class Deadline {
  private readonly end: number;
  constructor(ms: number, private readonly signal?: AbortSignal) {
    this.end = performance.now() + ms;
  }
  left(): number {
    return this.end - performance.now();
  }
  /** Throws TIMEOUT/ABORTED when the budget is gone. */
  check(where: string): void {
    if (this.signal?.aborted) throw new TrmError('TRM_ERR_ABORTED', `solve aborted during ${where}`);
    if (this.left() <= 0) throw new TrmError('TRM_ERR_TIMEOUT', `solve ran past its time budget during ${where}`);
  }
}

function meanRowConfidence(step: ModelStep): number {
  let s = 0;
  for (let i = 0; i < step.qHalt.length; i++) s += sigmoid(step.qHalt[i]!);
  return step.qHalt.length ? s / step.qHalt.length : 0;
}

/** Indices whose token changed between two prediction sets (row-major over rows). */
function changedTokens(prev: Int32Array[] | undefined, cur: Int32Array[]): number[] {
  const out: number[] = [];
  let offset = 0;
  for (let r = 0; r < cur.length; r++) {
    const c = cur[r]!;
    const p = prev?.[r];
    for (let i = 0; i < c.length; i++) if (!p || p[i] !== c[i]) out.push(offset + i);
    offset += c.length;
  }
  return out;
}

/** Splits a batched step into per-copy row groups. */
function sliceStep(step: ModelStep, start: number, count: number): ModelStep {
  return {
    step: step.step,
    predictions: step.predictions.slice(start, start + count),
    confidence: step.confidence.slice(start, start + count),
    qHalt: step.qHalt.slice(start, start + count),
  };
}

function concatEncoded(parts: Encoded[]): Encoded {
  return {
    inputs: parts.flatMap((p) => p.inputs),
    puzzleIdentifiers: parts.flatMap((p) => p.puzzleIdentifiers),
  };
}

export async function solveLoop(
  plugin: AnyTaskPlugin,
  input: unknown,
  model: TaskModel | null,
  opts: ResolvedSolveOptions,
): Promise<SolveResult> {
  const t0 = performance.now();
  const timings = emptyTimings();
  const deadline = new Deadline(opts.timeoutMs, opts.signal);
  const puzzle = plugin.parse(input);
  timings.parse = performance.now() - t0;
  deadline.check('parse');

  let candidatesTried = 0;
  let steps = 0;
  let best: { answer: unknown; violations: Violation[]; confidence: number } | null = null;
  let lastStep: ModelStep | null = null;

  const verify = (answer: unknown) => {
    const tv = performance.now();
    const v = plugin.verify(puzzle, answer);
    timings.verify += performance.now() - tv;
    candidatesTried++;
    return v;
  };

  const finish = (
    answer: unknown,
    source: SolveSource,
    violations: Violation[],
    confidence: number | null,
    /** Solution count already known (the symbolic path ran with the same limit): no second search. */
    known?: { count: number; complete: boolean },
  ): SolveResult => {
    let solutionCount: number | null = null;
    let unique: boolean | null = null;
    if (known) {
      solutionCount = known.complete || known.count >= opts.symbolicLimit ? known.count : null;
      unique = known.complete ? known.count === 1 : known.count > 1 ? false : null;
    } else if (source !== 'unverified' && typeof plugin.solveSymbolic === 'function' && deadline.left() > 0) {
      // Uniqueness is cheap to settle for tasks with a symbolic solver, and users asked for it:
      // a verified answer to a puzzle with two solutions is still a puzzle with two solutions.
      const ts = performance.now();
      try {
        const r = plugin.solveSymbolic(puzzle, { limit: opts.symbolicLimit, timeoutMs: Math.max(1, Math.min(deadline.left(), 2000)) });
        if (r.complete || r.count >= opts.symbolicLimit) {
          solutionCount = r.count;
          unique = r.count === 1;
        }
      } finally {
        timings.symbolic += performance.now() - ts;
      }
    }
    timings.total = performance.now() - t0;
    return {
      task: plugin.name,
      answer,
      formatted: answer === null ? null : plugin.format(answer),
      verified: source !== 'unverified',
      source,
      steps,
      candidatesTried,
      confidence,
      violations,
      solutionCount,
      unique,
      timingsMs: timings,
      backend: model?.backend ?? null,
      model: model?.id ?? null,
    };
  };

  const useNeural = opts.strategy !== 'symbolic-only' && model !== null;
  if (opts.strategy === 'neural-only' && model === null) {
    throw new TrmError('TRM_ERR_NO_SOLVER', `no model is loaded for task "${plugin.name}", so strategy neural-only cannot run`, { task: plugin.name });
  }

  if (useNeural) {
    // ---- 1. neural: step by step, verify after each step --------------------------------------
    const tn = performance.now();
    const encoded = plugin.encode(puzzle);
    const maxSteps = opts.maxSteps ?? model.maxSteps;
    let prev: Int32Array[] | undefined;
    const seen = new Set<string>();
    for await (const step of model.refine(encoded, maxSteps, opts.signal)) {
      steps = step.step;
      lastStep = step;
      const answer = plugin.decode(step.predictions, puzzle);
      const key = JSON.stringify(plugin.format(answer));
      const conf = meanRowConfidence(step);
      // Verify only answers not seen before: an unchanged answer cannot become valid.
      const v = seen.has(key) ? null : verify(answer);
      seen.add(key);
      opts.onStep?.({ step: step.step, formatted: plugin.format(answer), verified: v?.ok ?? false, qHalt: step.qHalt[0] ?? 0, changed: changedTokens(prev, step.predictions) });
      prev = step.predictions;
      if (v?.ok) {
        timings.neural = performance.now() - tn;
        return finish(answer, 'neural', [], conf);
      }
      if (v && (!best || v.violations.length <= best.violations.length)) best = { answer, violations: v.violations, confidence: conf };
      deadline.check('neural refinement');
    }
    timings.neural = performance.now() - tn;

    // ---- 2. test-time augmentation voting --------------------------------------------------------
    const augs = plugin.augmentations ?? [];
    if (opts.vote > 0 && augs.length > 0) {
      const tv = performance.now();
      const rng = createRng(0x7e57);
      const transforms: Transform<unknown, unknown>[] = [];
      for (let k = 0; k < opts.vote; k++) transforms.push(composeTransforms(augs.map((a) => a.sample(rng))));
      const parts = transforms.map((t) => plugin.encode(t.puzzle(puzzle)));
      const rowsPerCopy = parts[0]!.inputs.length;
      let final: ModelStep | null = null;
      for await (const s of model.refine(concatEncoded(parts), maxSteps, opts.signal)) final = s;
      const candidates = new Map<string, Candidate>();
      const addCandidate = (answer: unknown, conf: number): void => {
        const key = JSON.stringify(plugin.format(answer));
        const c = candidates.get(key) ?? { answer, key, votes: 0, confSum: 0 };
        c.votes++;
        c.confSum += conf;
        candidates.set(key, c);
      };
      if (lastStep) addCandidate(plugin.decode(lastStep.predictions, puzzle), meanRowConfidence(lastStep));
      if (final) {
        transforms.forEach((t, k) => {
          const step = sliceStep(final!, k * rowsPerCopy, rowsPerCopy);
          try {
            const augmented = plugin.decode(step.predictions, t.puzzle(puzzle));
            addCandidate(t.inverseAnswer(augmented), meanRowConfidence(step));
          } catch {
            // A transform that cannot invert a malformed prediction contributes no vote.
          }
        });
      }
      const ranked = [...candidates.values()].sort((a, b) => b.votes - a.votes || b.confSum / b.votes - a.confSum / a.votes);
      timings.vote = performance.now() - tv;
      const totalVotes = ranked.reduce((s, c) => s + c.votes, 0);
      if (plugin.combineCandidates && ranked.length > 0) {
        const merged = plugin.combineCandidates(ranked.map((c) => c.answer), puzzle);
        const v = verify(merged);
        if (v.ok) return finish(merged, 'neural-vote', [], ranked[0]!.votes / totalVotes);
      } else {
        for (const c of ranked) {
          deadline.check('vote verification');
          const v = verify(c.answer);
          if (v.ok) return finish(c.answer, 'neural-vote', [], c.votes / totalVotes);
          if (!best || v.violations.length < best.violations.length) best = { answer: c.answer, violations: v.violations, confidence: c.votes / totalVotes };
        }
      }
    }

    // ---- 3. neural-guided repair ------------------------------------------------------------------
    if (opts.strategy === 'hybrid' && plugin.solveGuided && lastStep) {
      const ts = performance.now();
      const hint = { answer: plugin.decode(lastStep.predictions, puzzle), confidence: lastStep.confidence };
      const g = plugin.solveGuided(puzzle, hint, { timeoutMs: Math.max(1, deadline.left()) });
      timings.symbolic += performance.now() - ts;
      if (g.unsatisfiable) {
        throw new TrmError('TRM_ERR_UNSATISFIABLE', `the ${plugin.name} puzzle has no solution`, { task: plugin.name });
      }
      if (g.solution !== null) {
        const v = verify(g.solution);
        if (v.ok) return finish(g.solution, 'neural-guided-symbolic', [], null);
      }
    }
  }

  // ---- 4. plain symbolic ---------------------------------------------------------------------------
  if (opts.strategy !== 'neural-only' && typeof plugin.solveSymbolic === 'function') {
    deadline.check('symbolic solve');
    const ts = performance.now();
    const sym = runSymbolic(plugin, puzzle, opts.symbolicLimit, Math.max(1, deadline.left()), opts.signal);
    timings.symbolic += performance.now() - ts;
    const v = verify(sym.answer);
    if (v.ok) return finish(sym.answer, 'symbolic', [], null, { count: sym.count, complete: sym.complete });
    if (!best) best = { answer: sym.answer, violations: v.violations, confidence: 0 };
  }

  if (!useNeural && typeof plugin.solveSymbolic !== 'function') {
    throw new TrmError('TRM_ERR_NO_SOLVER', `task "${plugin.name}" has no symbolic solver and no model is loaded`, { task: plugin.name });
  }

  // ---- 5. nothing verified ---------------------------------------------------------------------------
  return finish(best?.answer ?? null, 'unverified', best?.violations ?? [], best?.confidence ?? null);
}
