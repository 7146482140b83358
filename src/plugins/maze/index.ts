/**
 * The built-in maze tasks and the maze plugin's public API.
 *   `maze`        — up to 30×30, the Maze-Hard shape (900-token canvas).
 *   `maze-11x11`  — up to 11×11 (121-token canvas), for small models trained on CPU.
 */
import { createMazePlugin, type MazePlugin } from './plugin.js';
import { MAZE_LARGE_SAMPLES } from './samples.js';

/** The Maze-Hard-shaped task: mazes up to 30×30. */
export const mazePlugin: MazePlugin = createMazePlugin({ name: 'maze', maxSize: 30, samples: MAZE_LARGE_SAMPLES });
/** The small task: mazes up to 11×11. */
export const maze11Plugin: MazePlugin = createMazePlugin({ name: 'maze-11x11', maxSize: 11 });

export { createMazePlugin, MAX_CANVAS_SIZE, type MazePlugin } from './plugin.js';
export { Cell, CELL_CHARS, cloneMaze, mazeEquals, type CellValue, type Maze, type MazeAnswer, type MazePluginOptions } from './types.js';
export { parseMaze, parseMazeAnswer } from './parse.js';
export { formatMaze } from './format.js';
export { encodeMaze, decodeMaze, mazeTokenSpec } from './tokens.js';
export { verifyMaze } from './verify.js';
export { solveMaze } from './solve.js';
export { generateMaze, hardMinPathLength, minPathLengthFor, type MazeDifficulty, type MazeGenerateOptions } from './generate.js';
export { dihedralAugmentation, dihedralMaze, dihedralTransform, DIHEDRAL_NAMES, DIHEDRAL_INVERSE } from './augment.js';
export { MAZE_LARGE_SAMPLES, MAZE_SAMPLES } from './samples.js';
export { mazeCanonicalKey } from './canonical.js';
