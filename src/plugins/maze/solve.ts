/**
 * The maze plugin's symbolic solver: BFS over the open cells (src/symbolic/maze-bfs.ts), returning
 * up to `limit` distinct shortest paths as answers and the number of shortest paths, saturated at
 * `limit` (so `limit: 2` answers "is the shortest path unique?").
 */
import type { SymbolicOptions, SymbolicResult } from '../contract.js';
import { shortestPaths } from '../../symbolic/maze-bfs.js';
import { Cell, findCells, markPath, passableOf, type Maze } from './types.js';

/**
 * Solves by BFS. Unreachable goal (or a puzzle without exactly one S and G) → count 0, complete.
 * `timeoutMs` / `signal` stop the listing of further paths (`complete: false`); the first shortest
 * path is always returned when one exists, since finding it takes one BFS of at most rows·cols cells.
 * `effort` = nodes the BFS expanded before reaching the goal (independent of `limit`, so it
 * rates the maze rather than the request).
 */
export function solveMaze(puzzle: Maze, options: SymbolicOptions = {}): SymbolicResult<Maze> {
  const starts = findCells(puzzle, Cell.START);
  const goals = findCells(puzzle, Cell.GOAL);
  if (starts.length !== 1 || goals.length !== 1) return { solutions: [], count: 0, complete: true, effort: 0 };
  const s = starts[0]!;
  const g = goals[0]!;
  const graph = { rows: puzzle.rows, cols: puzzle.cols, passable: passableOf(puzzle) };

  const deadline = options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : Infinity;
  const stopped = (): boolean => options.signal?.aborted === true || Date.now() > deadline;

  const found = shortestPaths(graph, s, g, { limit: options.limit ?? 1, shouldStop: stopped });
  if (found.distance < 0) return { solutions: [], count: 0, complete: true, effort: found.expanded };
  const solutions = found.paths.map((p) => markPath(puzzle, p));
  return { solutions, count: solutions.length, complete: found.complete, effort: found.expanded };
}
