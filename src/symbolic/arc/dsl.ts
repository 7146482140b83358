/**
 * The DSL's types: a primitive is a pure, total-or-null function Grid → Grid with a one-word name
 * (used in program text) and a cost (its description length in the simplicity ranking); a learner
 * is a final step whose parameters (a colour table, a tiling layout, …) are fitted from the
 * demonstration pairs and then applied to the test inputs.
 *
 * Returning null means "not applicable to this grid" (e.g. no object to crop); the search drops
 * any program that returns null, or a grid outside 1..30 per side, on any input.
 */
import type { Grid } from './grid-ops.js';

export interface Primitive {
  /** One word, as it appears in program text (parameters in parentheses: `keep(3)`). */
  readonly name: string;
  /** Family for documentation and statistics ("geometry", "objects", …). */
  readonly family: string;
  /** Description length; 1 for the plainest primitives. */
  readonly cost: number;
  apply(g: Grid): Grid | null;
}

/** A learner's result: the fitted step, printable and applicable to new grids. */
export interface Fitted {
  /** Program text of the step, e.g. `colormap{1→2,3→3}`. */
  readonly text: string;
  readonly cost: number;
  apply(g: Grid): Grid | null;
  /**
   * For a fitted table: the fewest demonstration pairs that showed any table entry applying the
   * step to `g` uses (0 when an entry was never shown). Absent for steps without a table.
   */
  support?(g: Grid): number;
  /**
   * The learner's next rule that fits the demonstrations as well, for when this one cannot decide a
   * test input (a tie, a value no pair showed): the search takes the first rule of the chain whose
   * step applies to every test input, where it would otherwise take none.
   */
  next?(): Fitted | null;
}

export interface Learner {
  readonly name: string;
  readonly family: string;
  /** Base cost; a fitted step may add to it (e.g. per table entry). */
  readonly cost: number;
  /**
   * Fitted on the task's own grids only (depth 0), never after a primitive: for rich per-cell tables
   * whose fit costs more than a primitive, and whose wins were all at depth 0 on the training split.
   */
  readonly rootOnly?: boolean;
  /** Fits the step so that it maps every `xs[i]` to `ys[i]` exactly, or returns null. */
  fit(xs: readonly Grid[], ys: readonly Grid[]): Fitted | null;
}

/** What the per-task primitive factories may look at (never a test output). */
export interface TaskContext {
  /** Non-background colours present in every demonstration input and every test input. */
  readonly commonColours: readonly number[];
  /** Colours that occur in some demonstration output. */
  readonly outputColours: readonly number[];
}

/** Builds parameterised primitives (e.g. one per colour) for a task. */
export type PrimitiveFactory = (ctx: TaskContext) => Primitive[];

export function prim(name: string, family: string, apply: (g: Grid) => Grid | null, cost = 1): Primitive {
  return { name, family, cost, apply };
}
