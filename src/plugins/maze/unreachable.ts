/**
 * Why a maze has no solution: "no path from S (r,c) to G (r,c)" (1-based, as people count), or
 * null when S reaches G (the maze is then solvable, or malformed in a way parse reports).
 */
import type { Violation } from '../contract.js';
import { countShortestPaths } from '../../symbolic/maze-bfs.js';
import { Cell, passableOf, type Maze } from './types.js';

export function explainUnreachableMaze(m: Maze): Violation | null {
  const s = m.cells.indexOf(Cell.START);
  const g = m.cells.indexOf(Cell.GOAL);
  if (s < 0 || g < 0) return null;
  if (countShortestPaths({ rows: m.rows, cols: m.cols, passable: passableOf(m) }, s, g, 1).distance >= 0) return null;
  const at = (i: number): { row: number; col: number } => ({ row: Math.floor(i / m.cols) + 1, col: (i % m.cols) + 1 });
  const S = at(s), G = at(g);
  return {
    rule: 'no-path-possible',
    message: `no path from S (${S.row},${S.col}) to G (${G.row},${G.col}): walls cut the goal off from the start`,
    where: { start: S, goal: G },
  };
}
