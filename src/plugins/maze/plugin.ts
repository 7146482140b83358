/**
 * The maze task plugin factory: one plugin per maximum size (the token canvas is maxSize²), so a
 * Maze-Hard model (30×30) and a small CPU-trainable model (11×11) are separate tasks.
 */
import { TrmError } from '../../errors.js';
import type { Augmentation, Example, SymbolicOptions, SymbolicResult, TaskPlugin } from '../contract.js';
import type { Rng } from '../../util/rng.js';
import { dihedralAugmentation } from './augment.js';
import { mazeCanonicalKey } from './canonical.js';
import { formatMaze } from './format.js';
import { generateMaze, hardMinPathLength, type MazeGenerateOptions } from './generate.js';
import { MIN_SIZE, parseMaze, parseMazeAnswer } from './parse.js';
import { MAZE_SAMPLES } from './samples.js';
import { mazeInputSchema } from './schema.js';
import { solveMaze } from './solve.js';
import { decodeMaze, encodeMaze, mazeTokenSpec } from './tokens.js';
import { explainUnreachableMaze } from './unreachable.js';
import type { Maze, MazePluginOptions } from './types.js';
import { verifyMaze } from './verify.js';

/** Largest canvas side the factory accepts (a 64×64 canvas is already 4096 tokens). */
export const MAX_CANVAS_SIZE = 64;

/**
 * A maze plugin: the generic contract with the maze's concrete text form (rows of strings) and
 * its optional capabilities present, so callers need no casts or non-null assertions.
 */
export interface MazePlugin extends TaskPlugin<Maze, Maze> {
  readonly samples: readonly (readonly string[])[];
  readonly inputSchema: Record<string, unknown>;
  format(answer: Maze): string[];
  formatPuzzle(puzzle: Maze): string[];
  solveSymbolic(puzzle: Maze, options?: SymbolicOptions): SymbolicResult<Maze>;
  generate(rng: Rng, options?: MazeGenerateOptions): Example<Maze, Maze>;
  readonly augmentations: readonly Augmentation<Maze, Maze>[];
  canonicalKey(puzzle: Maze): string;
}

/**
 * Builds a maze plugin accepting mazes from 2×2 up to maxSize×maxSize. Throws
 * TRM_ERR_INVALID_OPTIONS for a maxSize outside 5..64 (the generator needs 5).
 */
export function createMazePlugin(options: MazePluginOptions): MazePlugin {
  const { name, maxSize } = options;
  if (!Number.isInteger(maxSize) || maxSize < 5 || maxSize > MAX_CANVAS_SIZE) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `maxSize must be an integer from 5 to ${MAX_CANVAS_SIZE}; got ${String(maxSize)}`, { maxSize });
  }
  const tokens = mazeTokenSpec(maxSize);
  return {
    name,
    version: '0.1.0',
    sdkVersion: '^0.1.0',
    description:
      `Shortest paths in mazes up to ${maxSize}×${maxSize} ('#' wall, ' ' open, 'S' start, 'G' goal; the answer marks a shortest path with 'o'). ` +
      `Generated 'hard' instances have a shortest path of at least ${hardMinPathLength(maxSize)} moves at full size, like Maze-Hard.`,
    samples: options.samples ?? MAZE_SAMPLES.filter((s) => s.length <= maxSize && s[0]!.length <= maxSize && s.length >= MIN_SIZE),
    inputSchema: mazeInputSchema(maxSize),

    parse: (input) => parseMaze(input, maxSize),
    parseAnswer: (input, _puzzle) => parseMazeAnswer(input, maxSize),
    format: (answer) => formatMaze(answer),
    formatPuzzle: (puzzle) => formatMaze(puzzle),

    tokens,
    encode: (puzzle, answer) => encodeMaze(maxSize, puzzle, answer),
    decode: (rows, puzzle) => decodeMaze(maxSize, rows, puzzle),

    verify: (puzzle, answer) => verifyMaze(puzzle, answer),

    solveSymbolic: (puzzle, opts) => solveMaze(puzzle, opts),
    explainUnsatisfiable: (puzzle) => explainUnreachableMaze(puzzle),
    generate: (rng, opts) => generateMaze(rng, maxSize, opts ?? {}),
    augmentations: [dihedralAugmentation],
    canonicalKey: (puzzle) => mazeCanonicalKey(puzzle),
  };
}
