/**
 * The maze data type shared by every part of the maze plugin.
 *
 * Glossary
 *   cell i   — row-major index: row = ⌊i / cols⌋, col = i mod cols (0-based in code; messages and
 *              `where` / error details use 1-based row and column numbers, as people count).
 *   puzzle   — a maze with walls, open cells, exactly one start S and one goal G.
 *   answer   — the same maze with the cells of a shortest S→G path marked PATH (`o`).
 *   length   — of a path: the number of moves from S to G (= number of `o` cells + 1).
 */

/** Cell values. Token id = value + 1 (pad is 0), matching the reference charset `# SGo`. */
export const Cell = {
  WALL: 0,
  OPEN: 1,
  START: 2,
  GOAL: 3,
  PATH: 4,
} as const;
export type CellValue = (typeof Cell)[keyof typeof Cell];

/** Character of each cell value, indexed by value (the reference dataset's CHARSET `# SGo`). */
export const CELL_CHARS = ['#', ' ', 'S', 'G', 'o'] as const;

/** A maze puzzle or answer: `rows × cols` cell values, row-major. */
export interface Maze {
  readonly rows: number;
  readonly cols: number;
  readonly cells: Uint8Array;
}

/** An answer is a maze whose path cells are marked {@link Cell.PATH}. */
export type MazeAnswer = Maze;

/** Options of {@link createMazePlugin}. */
export interface MazePluginOptions {
  /** Task name (registry key), e.g. `maze`. */
  readonly name: string;
  /** Largest side length accepted; the token canvas is maxSize × maxSize. */
  readonly maxSize: number;
  /** Sample mazes for the demo and playground (default: the shipped samples that fit maxSize). */
  readonly samples?: readonly (readonly string[])[];
}

/** A deep copy (the cells array is not shared). */
export function cloneMaze(m: Maze): Maze {
  return { rows: m.rows, cols: m.cols, cells: m.cells.slice() };
}

/** True when both mazes have the same shape and identical cells. */
export function mazeEquals(a: Maze, b: Maze): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols || a.cells.length !== b.cells.length) return false;
  for (let i = 0; i < a.cells.length; i++) if (a.cells[i] !== b.cells[i]) return false;
  return true;
}

/** Indices of every cell holding `value`, in row-major order. */
export function findCells(m: Maze, value: CellValue): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.cells.length; i++) if (m.cells[i] === value) out.push(i);
  return out;
}

/** `(row,col)` of cell `i`, 1-based, for messages. */
export function formatPos(i: number, cols: number): string {
  return `(${Math.floor(i / cols) + 1},${(i % cols) + 1})`;
}

/** `{ row, col }` of cell `i`, 1-based, for `where` and error details. */
export function posOf(i: number, cols: number): { row: number; col: number } {
  return { row: Math.floor(i / cols) + 1, col: (i % cols) + 1 };
}

/**
 * The puzzle's walkable cells as a 0/1 array for the BFS: everything but walls (a PATH cell in a
 * puzzle is treated as open, so a solved maze can be re-solved).
 */
export function passableOf(m: Maze): Uint8Array {
  const p = new Uint8Array(m.cells.length);
  for (let i = 0; i < p.length; i++) p[i] = m.cells[i] === Cell.WALL ? 0 : 1;
  return p;
}

/** The puzzle with any PATH marks removed (PATH → OPEN). */
export function clearPath(m: Maze): Maze {
  const cells = m.cells.slice();
  for (let i = 0; i < cells.length; i++) if (cells[i] === Cell.PATH) cells[i] = Cell.OPEN;
  return { rows: m.rows, cols: m.cols, cells };
}

/** The puzzle with the given cells (S and G excepted) marked PATH: the answer for that path. */
export function markPath(puzzle: Maze, path: readonly number[]): Maze {
  const out = clearPath(puzzle);
  for (const i of path) {
    const v = out.cells[i];
    if (v === Cell.OPEN) out.cells[i] = Cell.PATH;
  }
  return out;
}
