/**
 * The built-in tasks' types, so `solve('sudoku', …)` returns a result whose `answer` and
 * `formatted` have the task's own types (a string of 81 digits, maze rows, ARC attempts) instead
 * of `unknown`. A user plugin's task name falls back to the untyped `SolveResult`.
 */
import type { ArcAnswer, Grid } from '../symbolic/arc/grid/types.js';
import type { Maze } from '../plugins/maze/types.js';
import type { SudokuGrid } from '../plugins/sudoku/geometry.js';
import type { SolveResult } from './result.js';

interface SudokuTypes {
  answer: SudokuGrid;
  /** `size²` characters, row-major, digits 1..size. */
  formatted: string;
}
interface MazeTypes {
  answer: Maze;
  /** The rows with the path marked `o`. */
  formatted: string[];
}

/** Task name → its answer object and its text form. */
export interface BuiltinTaskTypes {
  sudoku: SudokuTypes;
  'sudoku-6x6': SudokuTypes;
  'sudoku-4x4': SudokuTypes;
  maze: MazeTypes;
  'maze-11x11': MazeTypes;
  arc: {
    answer: ArcAnswer;
    /** Up to two attempts (pass@2) per test input. */
    formatted: { attempts: Grid[][] };
  };
}

export type BuiltinTask = keyof BuiltinTaskTypes;

/** The result type of solving task `T`. */
export type TaskSolveResult<T extends string> = T extends BuiltinTask ? SolveResult<BuiltinTaskTypes[T]['answer'], BuiltinTaskTypes[T]['formatted']> : SolveResult;
