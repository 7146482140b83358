/**
 * Two small real tasks from the ARC-AGI-1 training set (ids kept), in the task's JSON input form,
 * with their official solutions for demos and tests.
 */
import type { Grid } from '../../symbolic/arc/grid/types.js';

/** 6150a2bd: rotate the grid by 180°. */
export const SAMPLE_ROTATE = {
  id: '6150a2bd',
  train: [
    { input: [[3, 3, 8], [3, 7, 0], [5, 0, 0]], output: [[0, 0, 5], [0, 7, 3], [8, 3, 3]] },
    { input: [[5, 5, 2], [1, 0, 0], [0, 0, 0]], output: [[0, 0, 0], [0, 0, 1], [2, 5, 5]] },
  ],
  test: [{ input: [[6, 3, 5], [6, 8, 0], [4, 0, 0]] }],
};

/** 0d3d703e: a fixed colour substitution. */
export const SAMPLE_RECOLOUR = {
  id: '0d3d703e',
  train: [
    { input: [[3, 1, 2], [3, 1, 2], [3, 1, 2]], output: [[4, 5, 6], [4, 5, 6], [4, 5, 6]] },
    { input: [[2, 3, 8], [2, 3, 8], [2, 3, 8]], output: [[6, 4, 9], [6, 4, 9], [6, 4, 9]] },
    { input: [[5, 8, 6], [5, 8, 6], [5, 8, 6]], output: [[1, 9, 2], [1, 9, 2], [1, 9, 2]] },
    { input: [[9, 4, 2], [9, 4, 2], [9, 4, 2]], output: [[8, 3, 6], [8, 3, 6], [8, 3, 6]] },
  ],
  test: [{ input: [[8, 1, 3], [8, 1, 3], [8, 1, 3]] }],
};

export const ARC_SAMPLES: readonly unknown[] = [SAMPLE_ROTATE, SAMPLE_RECOLOUR];

/** Official solutions (one grid per test input) by task id. */
export const SAMPLE_SOLUTIONS: Readonly<Record<string, Grid[]>> = {
  '6150a2bd': [[[0, 0, 4], [0, 8, 6], [5, 3, 6]]],
  '0d3d703e': [[[9, 5, 4], [9, 5, 4], [9, 5, 4]]],
};
