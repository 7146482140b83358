/**
 * The ARC task's data types, in the Kaggle / official JSON layout.
 *
 * A task shows a few demonstration pairs (`train`) and asks for the output of each `test` input.
 * Answers are judged pass@2: per test input, up to two attempt grids, right if either is exact.
 */

/** A grid: rows of cells, each cell a colour 0–9 (0 is the background); each side 1..30. */
export type Grid = number[][];

/** One demonstration pair. */
export interface ArcPair {
  input: Grid;
  output: Grid;
}

/** One test input; `output` is the expected answer when known (from a solutions file), kept for scoring. */
export interface ArcTest {
  input: Grid;
  output?: Grid;
}

/** An ARC task (the plugin's Puzzle). */
export interface ArcTask {
  /** The task id (the key in the Kaggle JSON), when known. */
  id?: string;
  train: ArcPair[];
  test: ArcTest[];
}

/** The plugin's Answer: for each test input (same order), 1 or 2 attempt grids (pass@2). */
export interface ArcAnswer {
  attempts: Grid[][];
}

/** Largest grid side ARC allows (and the side of the TRM canvas). */
export const MAX_GRID_SIDE = 30;

/** Number of colours (0–9). */
export const NUM_COLOURS = 10;

/** Most attempts scored per test input (pass@2). */
export const MAX_ATTEMPTS = 2;
