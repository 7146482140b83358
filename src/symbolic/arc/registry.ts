/**
 * The primitive registry: every fixed primitive by family, the per-task factories, and the
 * learners. `primitivesFor(task)` is what the search enumerates for one task.
 */
import type { ArcTask } from './grid/types.js';
import type { Primitive, PrimitiveFactory, TaskContext } from './dsl.js';
import { background, histogram } from './grid-ops.js';
import { ARC_LEARNERS } from './learners.js';
import { COLOUR, colourFactory } from './primitives/colour.js';
import { FOREACH } from './primitives/foreach.js';
import { GEOMETRY } from './primitives/geometry.js';
import { OBJECTS } from './primitives/objects.js';
import { PATTERN, patternFactory } from './primitives/pattern.js';
import { PHYSICS } from './primitives/physics.js';
import { PRIMITIVE_FREQUENCY } from './primitive-order.js';
import { SPLIT } from './primitives/split.js';
import { CELLS, cellFactory } from './primitives/cells.js';
import { PERIODIC, periodicFactory } from './primitives/periodic.js';
import { SYMMETRY, symmetryFactory } from './primitives/symmetry.js';
import { SELECT } from './primitives/select.js';
import { SUMMARY } from './primitives/summary.js';
import { SCALE, scaleFactory } from './primitives/scale.js';
import { SWAP } from './primitives/swap.js';
import { OBJECT_REPLACE } from './primitives/object-replace.js';
import { OBJECT_STAMP } from './primitives/object-stamp.js';
import { BOUNCE } from './primitives/bounce.js';
import { MIDDLE } from './primitives/middle.js';
import { DIVIDER } from './primitives/divider.js';
import { STAMP_CORNER } from './primitives/stamp-corner.js';
import { GAP_TILE } from './primitives/gap-tile.js';
import { HOLE_FIT } from './primitives/hole-fit.js';
import { TWIN_EXTRA } from './primitives/twin-extra.js';
import { CENTRE_BETWEEN } from './primitives/centre-between.js';
import { CROSSINGS } from './primitives/crossings.js';
import { HALF_MATCH } from './primitives/half-match.js';
import { RECT_DENOISE } from './primitives/rect-denoise.js';

/** Every fixed primitive, cheapest first within the search (stable order by cost, then registration). */
export const ARC_PRIMITIVES: readonly Primitive[] = [
  ...GEOMETRY,
  ...COLOUR,
  ...OBJECTS,
  ...PHYSICS,
  ...SPLIT,
  ...PATTERN,
  ...FOREACH,
  ...CELLS,
  ...SYMMETRY,
  ...PERIODIC,
  ...SELECT,
  ...SUMMARY,
  ...SCALE,
  ...SWAP,
  ...OBJECT_REPLACE,
  ...OBJECT_STAMP,
  ...BOUNCE,
  ...MIDDLE,
  ...DIVIDER,
  ...STAMP_CORNER,
  ...GAP_TILE,
  ...HOLE_FIT,
  ...TWIN_EXTRA,
  ...CENTRE_BETWEEN,
  ...CROSSINGS,
  ...HALF_MATCH,
  ...RECT_DENOISE,
];

export const PRIMITIVE_FACTORIES: readonly PrimitiveFactory[] = [
  colourFactory,
  patternFactory,
  cellFactory,
  symmetryFactory,
  periodicFactory,
  scaleFactory,
];

export { ARC_LEARNERS };

/** What the factories may see of a task: its inputs and demonstration outputs, never test outputs. */
export function taskContext(task: ArcTask): TaskContext {
  const inputs = [...task.train.map((p) => p.input), ...task.test.map((t) => t.input)];
  const common: number[] = [];
  for (let c = 1; c <= 9; c++) if (inputs.every((g) => histogram(g)[c]! > 0 && background(g) !== c)) common.push(c);
  const outCols = new Set<number>();
  for (const p of task.train) for (const row of p.output) for (const v of row) outCols.add(v);
  return { commonColours: common, outputColours: [...outCols].sort((a, b) => a - b) };
}

/**
 * The primitives the search enumerates for `task`, sorted by cost, then by how often they solved
 * training tasks (primitive-order.ts, learned on the training split only), then by registration.
 */
export function primitivesFor(task: ArcTask): Primitive[] {
  const ctx = taskContext(task);
  const all = [...ARC_PRIMITIVES, ...PRIMITIVE_FACTORIES.flatMap((f) => f(ctx))];
  const freq = (p: Primitive): number => PRIMITIVE_FREQUENCY[p.name] ?? 0;
  return all
    .map((p, i) => [p, i] as const)
    .sort((a, b) => a[0].cost - b[0].cost || freq(b[0]) - freq(a[0]) || a[1] - b[1])
    .map(([p]) => p);
}

/** Looks a fixed primitive up by its program-text name. */
export function primitiveByName(name: string): Primitive | undefined {
  return ARC_PRIMITIVES.find((p) => p.name === name);
}
