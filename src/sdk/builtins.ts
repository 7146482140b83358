/** The plugins every default SDK registers, in the order `tasks()` lists them. */
import type { AnyTaskPlugin } from '../plugins/contract.js';
import { sudokuPlugin, sudoku4x4Plugin, sudoku6x6Plugin } from '../plugins/sudoku/index.js';
import { mazePlugin, maze11Plugin } from '../plugins/maze/index.js';
import { arcWithTtt } from './arc/plugin.js';

export function builtinPlugins(): AnyTaskPlugin[] {
  return [sudokuPlugin, sudoku4x4Plugin, sudoku6x6Plugin, mazePlugin, maze11Plugin, arcWithTtt];
}
