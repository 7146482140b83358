/**
 * The maze plugin's symbolic solver: BFS over the open cells (src/symbolic/maze-bfs.ts), returning
 * up to `limit` distinct shortest paths as answers and the number of shortest paths, saturated at
 * `limit` (so `limit: 2` answers "is the shortest path unique?").
 */
import type { SymbolicOptions, SymbolicResult } from '../contract.js';
import { countShortestPaths, shortestPaths } from '../../symbolic/maze-bfs.js';
import { Cell, findCells, markPath, passableOf, type Maze } from './types.js';

/**
 * Solves by BFS. Unreachable goal (or a puzzle without exactly one S and G) → count 0, complete.
 * `timeoutMs` / `signal` stop the listing of further paths (`complete: false`); the first shortest
 * path is always returned when one exists, since finding it takes one BFS of at most rows·cols cells.
 * `effort` = nodes the BFS expanded before reaching the goal (independent of `limit`, so it
 * rates the maze rather than the request).
 */
export function solveMaze(puzzle: Maze, options: SymbolicOptions = {}): SymbolicResult<Maze> {
  const limit = Math.max(1, Math.floor(options.limit ?? 1));
  const starts = findCells(puzzle, Cell.START);
  const goals = findCells(puzzle, Cell.GOAL);
  if (starts.length !== 1 || goals.length !== 1) return { solutions: [], count: 0, complete: true, effort: 0 };
  const s = starts[0]!;
  const g = goals[0]!;
  const graph = { rows: puzzle.rows, cols: puzzle.cols, passable: passableOf(puzzle) };

  const deadline = options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : Infinity;
  const stopped = (): boolean => options.signal?.aborted === true || Date.now() > deadline;

  // Counting first is one BFS and bounds the enumeration: no need to list beyond what exists.
  const counted = countShortestPaths(graph, s, g, limit);
  if (counted.distance < 0) return { solutions: [], count: 0, complete: true, effort: counted.expanded };
  const listed = shortestPaths(graph, s, g, { limit: counted.count, shouldStop: stopped });
  const solutions = listed.paths.map((p) => markPath(puzzle, p));
  return {
    solutions,
    count: solutions.length,
    complete: listed.complete && solutions.length === counted.count,
    effort: counted.expanded,
  };
}
