/**
 * ARC augmentations (the TRM paper's: dihedral transforms, colour permutations, translations).
 * Each transform is applied to every grid of the task (train inputs and outputs, test inputs and
 * any known test outputs) and to every attempt grid of an answer; `inverseAnswer` undoes it exactly.
 * The task id is kept unchanged; give augmented copies their own ids if you need to tell them apart.
 */
import type { Augmentation, Transform } from '../contract.js';
import { permutation, type Rng } from '../../util/rng.js';
import { cloneGrid } from '../../symbolic/arc/grid/grid.js';
import { MAX_GRID_SIDE, type ArcAnswer, type ArcTask, type Grid } from '../../symbolic/arc/grid/types.js';
import { DIHEDRAL_INVERSE, DIHEDRAL_NAMES, dihedral, permuteColours } from '../../symbolic/arc/grid/transforms.js';

export { DIHEDRAL_INVERSE, DIHEDRAL_NAMES, dihedral, permuteColours } from '../../symbolic/arc/grid/transforms.js';

/** Applies `f` to every grid of a task (id kept). */
export function mapTaskGrids(task: ArcTask, f: (g: Grid) => Grid): ArcTask {
  return {
    ...(task.id !== undefined ? { id: task.id } : {}),
    train: task.train.map((p) => ({ input: f(p.input), output: f(p.output) })),
    test: task.test.map((t) => (t.output ? { input: f(t.input), output: f(t.output) } : { input: f(t.input) })),
  };
}

/** Applies `f` to every attempt grid of an answer. */
export function mapAnswerGrids(answer: ArcAnswer, f: (g: Grid) => Grid): ArcAnswer {
  return { attempts: answer.attempts.map((list) => list.map(f)) };
}

// ---------------------------------------------------------------- dihedral group

/** The dihedral family: draws one of the 8 transforms uniformly. */
export const arcDihedral: Augmentation<ArcTask, ArcAnswer> = {
  name: 'dihedral',
  sample(rng: Rng) {
    return dihedralTransform(rng.int(8));
  },
};

/** The fixed dihedral transform `k` (0–7) as a task/answer Transform. */
export function dihedralTransform(k: number): Transform<ArcTask, ArcAnswer> {
  const inv = DIHEDRAL_INVERSE[k]!;
  return {
    id: `dihedral:${DIHEDRAL_NAMES[k]}`,
    puzzle: (p) => mapTaskGrids(p, (g) => dihedral(g, k)),
    answer: (a) => mapAnswerGrids(a, (g) => dihedral(g, k)),
    inverseAnswer: (a) => mapAnswerGrids(a, (g) => dihedral(g, inv)),
  };
}

// ---------------------------------------------------------------- colour permutation

/**
 * The fixed colour permutation `perm` (a permutation of 0–9 with perm[0] = 0) as a Transform.
 * Background 0 stays fixed because ARC tasks treat it specially (it is the canvas, not an object colour).
 */
export function colourPermutationTransform(perm: readonly number[]): Transform<ArcTask, ArcAnswer> {
  const inv: number[] = new Array<number>(perm.length);
  perm.forEach((to, from) => (inv[to] = from));
  return {
    id: `colours:${perm.join('')}`,
    puzzle: (p) => mapTaskGrids(p, (g) => permuteColours(g, perm)),
    answer: (a) => mapAnswerGrids(a, (g) => permuteColours(g, perm)),
    inverseAnswer: (a) => mapAnswerGrids(a, (g) => permuteColours(g, inv)),
  };
}

/** The colour-permutation family: keeps 0, permutes 1–9 uniformly. */
export const arcColourPermutation: Augmentation<ArcTask, ArcAnswer> = {
  name: 'colour-permutation',
  sample(rng: Rng) {
    return colourPermutationTransform([0, ...permutation(rng, 9).map((x) => x + 1)]);
  },
};

// ---------------------------------------------------------------- translation

/** Shifts a grid down by dy and right by dx, filling the new top rows / left columns with 0. */
export function translateGrid(grid: Grid, dy: number, dx: number): Grid {
  const w = (grid[0]?.length ?? 0) + dx;
  const out: Grid = [];
  for (let i = 0; i < dy; i++) out.push(new Array<number>(w).fill(0));
  for (const row of grid) out.push([...new Array<number>(dx).fill(0), ...row]);
  return out;
}

/** Removes the top dy rows and left dx columns (the inverse of `translateGrid`), always keeping at least one row and column. */
export function cropTopLeft(grid: Grid, dy: number, dx: number): Grid {
  const h = grid.length, w = grid[0]?.length ?? 0;
  const y = Math.max(0, Math.min(dy, h - 1)), x = Math.max(0, Math.min(dx, w - 1));
  return grid.slice(y).map((row) => row.slice(x));
}

function roomIn(grids: Iterable<Grid>): [number, number] {
  let h = 0, w = 0;
  for (const g of grids) {
    h = Math.max(h, g.length);
    w = Math.max(w, g[0]?.length ?? 0);
  }
  return [Math.max(0, MAX_GRID_SIDE - h), Math.max(0, MAX_GRID_SIDE - w)];
}

function* taskGrids(p: ArcTask): Generator<Grid> {
  for (const q of p.train) {
    yield q.input;
    yield q.output;
  }
  for (const t of p.test) {
    yield t.input;
    if (t.output) yield t.output;
  }
}

/**
 * The translation (dy, dx) as a Transform: every grid gets dy zero rows on top and dx zero
 * columns on the left.
 *
 * In the TRM paper, translation moves the *placement* of the grids on the 30×30 token canvas (the
 * grids themselves are unchanged). Here it works on the grids, so it composes with the other
 * transforms and the token encoding stays top-left; the effect on the canvas is the same shift,
 * except that the pad area is now background colour 0.
 *
 * The shift must keep every grid within 30×30, but a Transform is drawn before it sees a task:
 * the effective shift per axis is the drawn value modulo (room + 1), where room is 30 minus the
 * largest grid side of the task (test outputs included when known). It is fixed by the most
 * recent `puzzle()` call (or, if `answer()` comes first, by that answer's grids) and reused by
 * `answer()` and `inverseAnswer()`, so use one transform per task, puzzle first.
 */
export function translationTransform(dy: number, dx: number): Transform<ArcTask, ArcAnswer> {
  let eff: [number, number] | undefined;
  const fit = (grids: Iterable<Grid>): [number, number] => {
    const [rh, rw] = roomIn(grids);
    return [dy % (rh + 1), dx % (rw + 1)];
  };
  return {
    id: `translate:${dy},${dx}`,
    puzzle(p) {
      eff = fit(taskGrids(p));
      const [y, x] = eff;
      return mapTaskGrids(p, (g) => translateGrid(g, y, x));
    },
    answer(a) {
      eff ??= fit(a.attempts.flat());
      const [y, x] = eff;
      return mapAnswerGrids(a, (g) => translateGrid(g, y, x));
    },
    inverseAnswer(a) {
      const [y, x] = eff ?? [0, 0];
      return mapAnswerGrids(a, (g) => (y === 0 && x === 0 ? cloneGrid(g) : cropTopLeft(g, y, x)));
    },
  };
}

/** The translation family: draws dy, dx uniformly in [0, maxShift] (default 29 = any placement on the canvas). */
export function createArcTranslation(maxShift = MAX_GRID_SIDE - 1): Augmentation<ArcTask, ArcAnswer> {
  const m = Math.max(0, Math.min(MAX_GRID_SIDE - 1, Math.floor(maxShift)));
  return {
    name: 'translation',
    sample(rng: Rng) {
      return translationTransform(rng.int(m + 1), rng.int(m + 1));
    },
  };
}

/** The default translation family (any placement that fits). */
export const arcTranslation: Augmentation<ArcTask, ArcAnswer> = createArcTranslation();

/** All three families, in the order they are composed (dihedral, colours, translation). */
export const ARC_AUGMENTATIONS: readonly Augmentation<ArcTask, ArcAnswer>[] = [arcDihedral, arcColourPermutation, arcTranslation];
