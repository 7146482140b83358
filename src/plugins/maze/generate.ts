/**
 * Maze-Hard-like instance generator.
 *
 * Method, per attempt:
 *   1. Carve a perfect maze (randomized depth-first search) on a lattice of cells two apart
 *      inside a wall border. On even sides the lattice is shifted by a random 0 or 1 so the spare
 *      wall line is not always on the same side.
 *   2. Knock out a fraction (`loopFraction`, default 0.05) of the walls that separate two open
 *      cells, making loops: the path is no longer forced, and the model must find the *shortest*.
 *   3. Place S and G far apart: S is one end of a BFS diameter estimate (farthest cell from a
 *      random cell), G a random cell at least max(minimum, 85% of the eccentricity of S) steps
 *      from it; S and G are swapped half the time. (Easy/medium: S is any open cell and G any cell
 *      at least the minimum away.)
 *   4. Reject and retry until the shortest path is at least the minimum length (and unique, with
 *      `uniquePath`).
 *
 * Minimum shortest-path length (in moves, = `o` cells + 1): Maze-Hard keeps 30×30 mazes whose
 * shortest path is longer than 110, so 'hard' requires ⌊110 · size² / 900⌋ + 1 moves, scaling with
 * the area like the path of a space-filling maze does: 111 at 30×30, 15 at 11×11. 'medium' halves
 * it, 'easy' quarters it. `minPathLength` overrides the difficulty's minimum.
 */
import { TrmError } from '../../errors.js';
import type { Example, GenerateOptions } from '../contract.js';
import type { Rng } from '../../util/rng.js';
import { bfs, countShortestPaths, shortestPath } from '../../symbolic/maze-bfs.js';
import { Cell, markPath, type Maze } from './types.js';

/** Smallest side the generator accepts: a wall border around at least a 3×3 interior. */
export const MIN_GENERATE_SIZE = 5;
/** Attempts before giving up with TRM_ERR_INVALID_OPTIONS. */
export const MAX_ATTEMPTS = 200;
const DEFAULT_LOOP_FRACTION = 0.05;

export type MazeDifficulty = 'easy' | 'medium' | 'hard';

/** Options of {@link generateMaze} (all optional). */
export interface MazeGenerateOptions extends GenerateOptions {
  /** Side length (square mazes); default the plugin's maxSize. */
  readonly size?: number;
  /** Default 'hard' (Maze-Hard-like). */
  readonly difficulty?: string;
  /** Minimum shortest-path length in moves; overrides the difficulty's. */
  readonly minPathLength?: number;
  /** Only accept mazes whose shortest path is unique (so the label is the only right answer). */
  readonly uniquePath?: boolean;
  /** Fraction in [0, 1] of separating walls knocked out to make loops (default 0.05). */
  readonly loopFraction?: number;
}

/** The minimum shortest-path length (moves) 'hard' requires at this side length: 111 for 30, 15 for 11. */
export function hardMinPathLength(size: number): number {
  return Math.floor((110 * size * size) / 900) + 1;
}

/** The minimum shortest-path length (moves) for a difficulty at this side length. */
export function minPathLengthFor(difficulty: MazeDifficulty, size: number): number {
  const hard = hardMinPathLength(size);
  if (difficulty === 'hard') return hard;
  return Math.max(1, Math.ceil(hard / (difficulty === 'medium' ? 2 : 4)));
}

function badOption(message: string, details?: Record<string, unknown>): TrmError {
  return new TrmError('TRM_ERR_INVALID_OPTIONS', message, details);
}

/** Validates the options and fills in defaults; throws TRM_ERR_INVALID_OPTIONS saying which is wrong. */
function resolveOptions(maxSize: number, options: MazeGenerateOptions) {
  const size = options.size ?? maxSize;
  if (!Number.isInteger(size) || size < MIN_GENERATE_SIZE || size > maxSize) {
    throw badOption(`size must be an integer from ${MIN_GENERATE_SIZE} to ${maxSize}; got ${String(size)}`, { size, min: MIN_GENERATE_SIZE, max: maxSize });
  }
  const difficulty = options.difficulty ?? 'hard';
  if (difficulty !== 'easy' && difficulty !== 'medium' && difficulty !== 'hard') {
    throw badOption(`difficulty must be 'easy', 'medium' or 'hard'; got ${JSON.stringify(difficulty)}`, { difficulty });
  }
  const minLength = options.minPathLength ?? minPathLengthFor(difficulty, size);
  // A shortest path visits each cell at most once and never enters the border.
  const ceiling = (size - 2) * (size - 2) - 1;
  if (!Number.isInteger(minLength) || minLength < 1 || minLength > ceiling) {
    throw badOption(`minPathLength must be an integer from 1 to ${ceiling} for a ${size}×${size} maze; got ${String(minLength)}`, { minPathLength: minLength, max: ceiling });
  }
  const loopFraction = options.loopFraction ?? DEFAULT_LOOP_FRACTION;
  if (typeof loopFraction !== 'number' || !(loopFraction >= 0 && loopFraction <= 1)) {
    throw badOption(`loopFraction must be a number from 0 to 1; got ${String(loopFraction)}`, { loopFraction });
  }
  return { size, difficulty: difficulty as MazeDifficulty, minLength, loopFraction, uniquePath: options.uniquePath === true };
}

/** Steps 1–2: a perfect maze on the lattice, then some separating walls removed. 1 = open. */
function carve(rng: Rng, size: number, loopFraction: number): Uint8Array {
  const open = new Uint8Array(size * size);
  // Lattice coordinates off, off+2, … ≤ size−2 on each axis; even sides have a spare line to shift into.
  const offR = size % 2 === 0 ? 1 + rng.int(2) : 1;
  const offC = size % 2 === 0 ? 1 + rng.int(2) : 1;
  const nR = Math.floor((size - 2 - offR) / 2) + 1;
  const nC = Math.floor((size - 2 - offC) / 2) + 1;
  const cellOf = (lr: number, lc: number): number => (offR + 2 * lr) * size + offC + 2 * lc;

  const visited = new Uint8Array(nR * nC);
  const stack = new Int32Array(nR * nC);
  let top = 0;
  const first = rng.int(nR * nC);
  visited[first] = 1;
  stack[top++] = first;
  open[cellOf((first / nC) | 0, first % nC)] = 1;
  const choices = new Int32Array(4);
  while (top > 0) {
    const u = stack[top - 1]!;
    const ur = (u / nC) | 0;
    const uc = u - ur * nC;
    let k = 0;
    if (ur > 0 && !visited[u - nC]) choices[k++] = u - nC;
    if (uc > 0 && !visited[u - 1]) choices[k++] = u - 1;
    if (uc < nC - 1 && !visited[u + 1]) choices[k++] = u + 1;
    if (ur < nR - 1 && !visited[u + nC]) choices[k++] = u + nC;
    if (k === 0) {
      top--;
      continue;
    }
    const v = choices[rng.int(k)]!;
    const vr = (v / nC) | 0;
    const vc = v - vr * nC;
    const a = cellOf(ur, uc);
    const b = cellOf(vr, vc);
    open[b] = 1;
    open[(a + b) / 2] = 1; // the wall between two lattice cells two apart
    visited[v] = 1;
    stack[top++] = v;
  }

  if (loopFraction > 0) {
    // Candidates are judged on the perfect maze, so knocking one out does not make more candidates.
    const candidates: number[] = [];
    for (let r = 1; r < size - 1; r++) {
      for (let c = 1; c < size - 1; c++) {
        const i = r * size + c;
        if (open[i]) continue;
        if ((open[i - 1] && open[i + 1]) || (open[i - size] && open[i + size])) candidates.push(i);
      }
    }
    for (const i of candidates) if (rng.next() < loopFraction) open[i] = 1;
  }
  return open;
}

/** A uniformly random index among those where `pred` holds, or -1. */
function pickWhere(rng: Rng, n: number, pred: (i: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (pred(i)) count++;
  if (count === 0) return -1;
  let k = rng.int(count);
  for (let i = 0; i < n; i++) if (pred(i) && k-- === 0) return i;
  return -1;
}

/** One attempt at steps 1–4; null when this maze does not meet the requirements. */
function attempt(rng: Rng, o: ReturnType<typeof resolveOptions>): Example<Maze, Maze> | null {
  const { size, minLength } = o;
  const n = size * size;
  const open = carve(rng, size, o.loopFraction);
  const graph = { rows: size, cols: size, passable: open };

  let s: number;
  let dist: Int32Array;
  let threshold = minLength;
  if (o.difficulty === 'hard') {
    // Diameter estimate: the farthest cell from a random cell is (nearly) an end of a longest shortest path.
    const seed = pickWhere(rng, n, (i) => open[i] === 1);
    const fromSeed = bfs(graph, seed).dist;
    s = 0;
    for (let i = 1; i < n; i++) if (fromSeed[i]! > fromSeed[s]!) s = i;
    dist = bfs(graph, s).dist;
    let ecc = 0;
    for (let i = 0; i < n; i++) if (dist[i]! > ecc) ecc = dist[i]!;
    threshold = Math.max(minLength, Math.ceil(0.85 * ecc));
  } else {
    s = pickWhere(rng, n, (i) => open[i] === 1);
    dist = bfs(graph, s).dist;
  }
  const g = pickWhere(rng, n, (i) => dist[i]! >= threshold);
  if (g < 0) return null;
  if (o.uniquePath && countShortestPaths(graph, s, g, 2).count !== 1) return null;

  const [start, goal] = rng.int(2) === 0 ? [s, g] : [g, s];
  const cells = new Uint8Array(n);
  for (let i = 0; i < n; i++) cells[i] = open[i] ? Cell.OPEN : Cell.WALL;
  cells[start] = Cell.START;
  cells[goal] = Cell.GOAL;
  const puzzle: Maze = { rows: size, cols: size, cells };
  const path = shortestPath(graph, start, goal);
  if (!path) return null; // unreachable by construction (g was reached from s); kept for type safety
  return { puzzle, answer: markPath(puzzle, path), difficulty: path.length - 1 };
}

/**
 * Generates one maze and its shortest-path answer; `difficulty` of the example is the shortest
 * path length in moves. Deterministic for a given rng state. Throws TRM_ERR_INVALID_OPTIONS for
 * bad options, or when no maze meets the minimum in {@link MAX_ATTEMPTS} attempts.
 */
export function generateMaze(rng: Rng, maxSize: number, options: MazeGenerateOptions = {}): Example<Maze, Maze> {
  const o = resolveOptions(maxSize, options);
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const ex = attempt(rng, o);
    if (ex) return ex;
  }
  throw badOption(
    `could not generate a ${o.size}×${o.size} maze whose shortest path has at least ${o.minLength} moves${o.uniquePath ? ' and is unique' : ''} in ${MAX_ATTEMPTS} attempts; lower minPathLength or loopFraction`,
    { size: o.size, minPathLength: o.minLength, attempts: MAX_ATTEMPTS },
  );
}
