/**
 * Output-rule inference: the ARC "verifier" is an output *validator*.
 *
 * There is no ground truth at inference time, so the plugin cannot say whether an answer is
 * right. What it can say is whether a candidate output is *consistent* with regularities that
 * every demonstration pair shows — e.g. "every output had its input's shape", "outputs only use
 * colours of their own input" — and reject candidates that break them. Rules are inferred from
 * the training pairs only (never from test outputs).
 *
 * The design goal is that a correct answer is never rejected: a rule is inferred only when it
 * holds on every training pair *and* the pairs single it out from rival explanations. E.g. if all
 * inputs are 16×18 and all outputs 9×9, "always 9×9", "input − (7, 9)" and "input × (9/16, 1/2)"
 * fit equally well, so no shape rule is inferred (task 80af3007 has a 17×19 test input). The
 * test suite checks the true solution of every ARC-AGI-1 training and evaluation task passes.
 *
 * Shape rules (need ≥ 2 training pairs; a single pair says nothing about what stays fixed):
 *   same-shape-as-input  output h×w = input h×w on every pair. Preferred whenever it holds, even
 *                        if all inputs share one shape (Occam; never wrong on ARC-AGI-1/2 data).
 *   transposed-shape     output h×w = input w×h on every pair, and some input is non-square
 *                        (otherwise it is indistinguishable from same-shape).
 *   fixed-shape          every output has one shape H×W, the inputs vary in both height and width
 *                        (so the output shape is independent of the input's), and no output
 *                        larger than 1×1 is a crop of its input: when outputs are cut out of the
 *                        input their size is decided by content, and equal sizes across the few
 *                        demonstrations are a coincidence (task c909285e: three 7×7 crops, then a
 *                        6×6 one). The crop test ignores all-0 border rows/columns of the
 *                        output, so it survives the translation augmentation.
 *   scaled-shape         output rows = input rows × a, columns = input columns × b, for fixed
 *                        rationals a, b (integer factors like ×3, or fractions like ×1/2), not
 *                        both 1; every axis with a factor ≠ 1 has ≥ 2 distinct input sizes.
 *   offset-shape         output = input + (dh, dw) for fixed integers, not both 0; every axis
 *                        with a non-zero offset has ≥ 2 distinct input sizes.
 * Colour rules (need ≥ 1 training pair):
 *   colours-known        output colours ⊆ colours of all training outputs ∪ this test input's
 *                        colours (always inferred; it holds on every pair by construction).
 *   colours-from-input   inferred when every training output uses only colours of its own input
 *                        (background 0 always allowed); then the candidate must use only
 *                        colours of its test input, or 0.
 */
import { coloursText, gridColours, gridShape, shapeText } from './grid.js';
import type { ArcTask, Grid } from './types.js';

/**
 * A broken rule: the shape of the plugin contract's Violation (structurally the same type, declared
 * here because the grid layer sits below the plugins).
 */
export interface Violation {
  readonly rule: string;
  readonly message: string;
  readonly where?: Record<string, unknown>;
}

/** Stable rule names (used as `Violation.rule`). */
export const RULE_NAMES = {
  sameShape: 'same-shape-as-input',
  transposedShape: 'transposed-shape',
  fixedShape: 'fixed-shape',
  scaledShape: 'scaled-shape',
  offsetShape: 'offset-shape',
  coloursKnown: 'colours-known',
  coloursFromInput: 'colours-from-input',
} as const;

export type RuleName = (typeof RULE_NAMES)[keyof typeof RULE_NAMES];

/** One inferred output rule. */
export interface Rule {
  readonly name: RuleName;
  readonly kind: 'shape' | 'colour';
  /** One line saying what the rule requires, with its parameters ("output is always 3×3"). */
  describe(): string;
  /** Null when `candidate` (an output for `testInput`) satisfies the rule, else how it breaks it. */
  check(testInput: Grid, candidate: Grid): string | null;
}

/** Fewest training pairs from which shape rules are inferred. */
export const MIN_PAIRS_FOR_SHAPE_RULES = 2;

/** Infers the output rules that every training pair of `task` satisfies (see the module comment). Never throws on a parsed task. */
export function inferRules(task: ArcTask): Rule[] {
  return [...inferShapeRules(task), ...inferColourRules(task)];
}

/** Every inferred rule that `candidate` breaks, as contract Violations naming the rule. */
export function checkRules(rules: readonly Rule[], testInput: Grid, candidate: Grid): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    const message = rule.check(testInput, candidate);
    if (message !== null) out.push({ rule: rule.name, message });
  }
  return out;
}

// ---------------------------------------------------------------- shape rules

type Ratio = { readonly p: number; readonly q: number };

type AxisRelation =
  | { kind: 'identity' }
  | { kind: 'const'; value: number }
  | { kind: 'scale'; ratio: Ratio }
  | { kind: 'offset'; delta: number }
  /** The inputs never vary on this axis, so a constant, a factor and an offset all fit. */
  | { kind: 'ambiguous' }
  | { kind: 'none' };

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function ratio(p: number, q: number): Ratio {
  const g = gcd(p, q);
  return { p: p / g, q: q / g };
}

function ratioText(r: Ratio): string {
  return r.q === 1 ? `×${r.p}` : `×${r.p}/${r.q}`;
}

/** How one axis of the output size follows the same axis of the input size across the pairs. */
function axisRelation(ins: readonly number[], outs: readonly number[]): AxisRelation {
  if (ins.every((x, i) => outs[i] === x)) return { kind: 'identity' };
  if (new Set(ins).size < 2) return { kind: 'ambiguous' };
  // With two distinct input sizes, at most one of constant / proportional / offset can hold.
  if (outs.every((o) => o === outs[0])) return { kind: 'const', value: outs[0]! };
  const [i0, o0] = [ins[0]!, outs[0]!];
  if (ins.every((x, i) => outs[i]! * i0 === x * o0)) return { kind: 'scale', ratio: ratio(o0, i0) };
  if (ins.every((x, i) => outs[i]! - x === o0 - i0)) return { kind: 'offset', delta: o0 - i0 };
  return { kind: 'none' };
}

/** True when `small` occurs as a contiguous sub-grid of `big` (the output was cut out of the input). */
export function isCropOf(big: Grid, small: Grid): boolean {
  const [H, W] = gridShape(big);
  const [h, w] = gridShape(small);
  if (h > H || w > W) return false;
  for (let y = 0; y + h <= H; y++) {
    for (let x = 0; x + w <= W; x++) {
      let ok = true;
      for (let i = 0; i < h && ok; i++) {
        const a = big[y + i]!, b = small[i]!;
        for (let j = 0; j < w; j++) if (a[x + j] !== b[j]) { ok = false; break; }
      }
      if (ok) return true;
    }
  }
  return false;
}

/**
 * The grid without its all-background (0) border rows and columns, or null when it is all 0.
 * The crop test looks at this core so that padding an output with background (as the translation
 * augmentation does) does not hide that it was cut out of its input.
 */
export function trimBackground(g: Grid): Grid | null {
  let top = 0, bottom = g.length - 1, left = 0, right = (g[0]?.length ?? 0) - 1;
  const rowZero = (r: number): boolean => g[r]!.every((v, c) => c < left || c > right || v === 0);
  const colZero = (c: number): boolean => g.every((row, r) => r < top || r > bottom || row[c] === 0);
  while (top <= bottom && rowZero(top)) top++;
  if (top > bottom) return null;
  while (rowZero(bottom)) bottom--;
  while (colZero(left)) left++;
  while (colZero(right)) right--;
  return g.slice(top, bottom + 1).map((row) => row.slice(left, right + 1));
}

function shapeRule(name: RuleName, describe: string, expected: (h: number, w: number) => [number, number]): Rule {
  return {
    name,
    kind: 'shape',
    describe: () => describe,
    check(testInput, candidate) {
      const [ih, iw] = gridShape(testInput);
      const [eh, ew] = expected(ih, iw);
      const [h, w] = gridShape(candidate);
      if (h === eh && w === ew) return null;
      const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));
      const exp = Number.isInteger(eh) && Number.isInteger(ew) ? shapeText(eh, ew) : `${shapeText(num(eh), num(ew))}, which is not a whole grid`;
      return `shape ${shapeText(h, w)} breaks rule ${name} (expected ${exp})`;
    },
  };
}

function inferShapeRules(task: ArcTask): Rule[] {
  const pairs = task.train;
  const n = pairs.length;
  if (n < MIN_PAIRS_FOR_SHAPE_RULES) return [];
  const inH = pairs.map((p) => p.input.length), inW = pairs.map((p) => p.input[0]!.length);
  const outH = pairs.map((p) => p.output.length), outW = pairs.map((p) => p.output[0]!.length);
  const rh = axisRelation(inH, outH), rw = axisRelation(inW, outW);
  const rules: Rule[] = [];

  if (rh.kind === 'identity' && rw.kind === 'identity') {
    rules.push(shapeRule(RULE_NAMES.sameShape, `output has the same shape as its input (held on all ${n} training pairs)`, (h, w) => [h, w]));
  }
  const transposed = pairs.every((p, i) => outH[i] === inW[i] && outW[i] === inH[i]);
  if (transposed && pairs.some((_, i) => inH[i] !== inW[i])) {
    rules.push(shapeRule(RULE_NAMES.transposedShape, 'output shape is the input shape transposed (h×w → w×h)', (h, w) => [w, h]));
  }
  if (rh.kind === 'const' && rw.kind === 'const') {
    const cropped = pairs.some((p) => {
      const core = trimBackground(p.output);
      return core !== null && core.length * core[0]!.length > 1 && isCropOf(p.input, core);
    });
    if (!cropped) {
      const [H, W] = [rh.value, rw.value];
      rules.push(shapeRule(RULE_NAMES.fixedShape, `output is always ${shapeText(H, W)}`, () => [H, W]));
    }
  }
  const isIdOr = (r: AxisRelation, k: 'scale' | 'offset'): boolean => r.kind === 'identity' || r.kind === k;
  if (isIdOr(rh, 'scale') && isIdOr(rw, 'scale') && (rh.kind === 'scale' || rw.kind === 'scale')) {
    const a = rh.kind === 'scale' ? rh.ratio : { p: 1, q: 1 };
    const b = rw.kind === 'scale' ? rw.ratio : { p: 1, q: 1 };
    rules.push(
      shapeRule(RULE_NAMES.scaledShape, `output shape is the input shape scaled ${ratioText(a)} rows, ${ratioText(b)} columns`, (h, w) => [
        (h * a.p) / a.q,
        (w * b.p) / b.q,
      ]),
    );
  }
  if (isIdOr(rh, 'offset') && isIdOr(rw, 'offset') && (rh.kind === 'offset' || rw.kind === 'offset')) {
    const dh = rh.kind === 'offset' ? rh.delta : 0;
    const dw = rw.kind === 'offset' ? rw.delta : 0;
    const sign = (d: number): string => (d >= 0 ? `+${d}` : `−${-d}`);
    rules.push(shapeRule(RULE_NAMES.offsetShape, `output shape is the input shape ${sign(dh)} rows, ${sign(dw)} columns`, (h, w) => [h + dh, w + dw]));
  }
  return rules;
}

// ---------------------------------------------------------------- colour rules

function inferColourRules(task: ArcTask): Rule[] {
  const pairs = task.train;
  if (pairs.length === 0) return [];
  const seen = new Set<number>();
  for (const p of pairs) for (const c of gridColours(p.output)) seen.add(c);
  const rules: Rule[] = [
    {
      name: RULE_NAMES.coloursKnown,
      kind: 'colour',
      describe: () => `output uses only colours seen in training outputs (${coloursText(seen)}) or in its test input`,
      check(testInput, candidate) {
        const allowed = new Set([...seen, ...gridColours(testInput)]);
        const bad = [...gridColours(candidate)].filter((c) => !allowed.has(c));
        return bad.length === 0
          ? null
          : `colour${bad.length > 1 ? 's' : ''} ${coloursText(bad)} break${bad.length > 1 ? '' : 's'} rule ${RULE_NAMES.coloursKnown} (allowed: ${coloursText(allowed)})`;
      },
    },
  ];
  // Background 0 is always allowed: it is the canvas, and an output may leave space empty even
  // when its input had none (on training2 and ConceptARC, 3 of the 4 true solutions the strict form rejected only added 0).
  const fromInput = pairs.every((p) => {
    const ic = gridColours(p.input);
    return [...gridColours(p.output)].every((c) => c === 0 || ic.has(c));
  });
  if (fromInput) {
    rules.push({
      name: RULE_NAMES.coloursFromInput,
      kind: 'colour',
      describe: () => 'output uses only colours present in its own input (and background 0)',
      check(testInput, candidate) {
        const allowed = gridColours(testInput).add(0);
        const bad = [...gridColours(candidate)].filter((c) => !allowed.has(c));
        return bad.length === 0
          ? null
          : `colour${bad.length > 1 ? 's' : ''} ${coloursText(bad)} break${bad.length > 1 ? '' : 's'} rule ${RULE_NAMES.coloursFromInput} (allowed: the test input's colours and 0: ${coloursText(allowed)})`;
      },
    });
  }
  return rules;
}
