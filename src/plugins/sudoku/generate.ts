/**
 * Puzzle generation and difficulty rating.
 *
 * Generation: a random full grid (the bitset solver on an empty grid, branch digits drawn at
 * random), then its cells are blanked one by one in random order, each blank kept only while the
 * puzzle stays unique (solver with limit 2 → count 1). The result is a minimal unique puzzle.
 *
 * Rating: the number of guesses the bitset solver needs to solve the puzzle *and prove it
 * unique* (limit 2), averaged over RATING_RUNS runs with the branch digit drawn at random from a
 * fixed seed, so the same puzzle always gets the same rating. This follows Sudoku-Extreme, which
 * rates puzzles by tdoku's backtrack count. 0 = propagation (singles and locked candidates) alone.
 *
 * Difficulty bands: `easy` rating 0, `medium` (0, HARD_THRESHOLD], `hard` above HARD_THRESHOLD;
 * `any` takes the first puzzle. Calibration on 300 9×9 minimal puzzles from this generator (seed
 * 42): 54 % rate 0, 38 % rate in (0, 3], 9 % above 3 (max 13); clues 22-28. So `hard` costs
 * about ten generations (~2 ms each here on a shared core with the 9×9 fast path, i.e. 100 hard
 * puzzles in a few seconds). 6×6: 95 % rate 0, none above 3; 4×4: all rate 0. A request keeps generating until a puzzle falls
 * in the band; after MAX_ATTEMPTS it returns the closest one seen (4×4 puzzles, for instance,
 * always yield to propagation, so "hard" is not reachable there — the returned rating says so).
 */
import type { Example, GenerateOptions } from '../contract.js';
import { createRng, permutation, type Rng } from '../../util/rng.js';
import { TrmError } from '../../errors.js';
import { solveSudokuBitset } from '../../symbolic/sudoku/general.js';
import { emptyGrid, type SudokuGeometry, type SudokuGrid } from './geometry.js';

export type SudokuDifficulty = 'easy' | 'medium' | 'hard' | 'any';

/** Randomised solves averaged into one rating. */
export const RATING_RUNS = 3;
/** Ratings above this are `hard` (9×9: roughly the hardest tenth of generated puzzles). */
export const HARD_THRESHOLD = 3;
/** Puzzles generated before giving up on the requested band (the closest one seen is returned). */
export const MAX_ATTEMPTS = 500;

/**
 * How far a rating is from a difficulty band: 0 inside (easy: 0; medium: (0, HARD_THRESHOLD];
 * hard: above HARD_THRESHOLD; any: everything), positive outside, larger = further.
 */
export function difficultyDistance(rating: number, difficulty: SudokuDifficulty): number {
  switch (difficulty) {
    case 'easy':
      return rating;
    case 'medium':
      return rating === 0 ? 0.5 : Math.max(0, rating - HARD_THRESHOLD);
    case 'hard':
      return rating > HARD_THRESHOLD ? 0 : HARD_THRESHOLD - rating + 0.5;
    case 'any':
      return 0;
  }
}

/** The difficulty rating of a puzzle (mean guesses to solve and prove unique; deterministic). */
export function rateSudoku(puzzle: SudokuGrid, runs: number = RATING_RUNS): number {
  const rng = createRng(0x5d0c);
  let total = 0;
  for (let k = 0; k < runs; k++) total += solveSudokuBitset(puzzle, { limit: 2, rng }).effort;
  return total / runs;
}

/** A uniformly shuffled full grid of the geometry (a random solution of the empty grid). */
export function randomFullGrid(g: SudokuGeometry, rng: Rng): SudokuGrid {
  const [cells] = solveSudokuBitset(emptyGrid(g), { limit: 1, rng }).solutions;
  if (!cells) throw new TrmError('TRM_ERR_INTERNAL', `no full grid found for ${JSON.stringify(g)}`);
  return { geometry: g, cells };
}

/** Blanks cells of `full` in random order while the puzzle stays unique; returns the minimal puzzle. */
export function minimalPuzzle(full: SudokuGrid, rng: Rng): SudokuGrid {
  const cells = Uint8Array.from(full.cells);
  const puzzle: SudokuGrid = { geometry: full.geometry, cells };
  for (const i of permutation(rng, cells.length)) {
    const keep = cells[i]!;
    cells[i] = 0;
    if (solveSudokuBitset(puzzle, { limit: 2 }).count !== 1) cells[i] = keep;
  }
  return puzzle;
}

function parseDifficulty(options: GenerateOptions | undefined): SudokuDifficulty {
  const d = options?.difficulty ?? 'any';
  if (d === 'easy' || d === 'medium' || d === 'hard' || d === 'any') return d;
  throw new TrmError('TRM_ERR_INVALID_OPTIONS', `unknown difficulty ${JSON.stringify(d)}; expected easy, medium, hard or any`, { difficulty: d });
}

/**
 * A unique puzzle of the requested difficulty with its answer and rating. Deterministic for a
 * given rng state. Throws TRM_ERR_INVALID_OPTIONS for an unknown difficulty.
 */
export function generateSudoku(g: SudokuGeometry, rng: Rng, options?: GenerateOptions): Example<SudokuGrid, SudokuGrid> & { difficulty: number } {
  const wanted = parseDifficulty(options);
  let best: { puzzle: SudokuGrid; answer: SudokuGrid; difficulty: number } | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const answer = randomFullGrid(g, rng);
    const puzzle = minimalPuzzle(answer, rng);
    const difficulty = rateSudoku(puzzle);
    const off = difficultyDistance(difficulty, wanted);
    if (!best || off < difficultyDistance(best.difficulty, wanted)) best = { puzzle, answer, difficulty };
    if (off === 0) break;
  }
  return best!;
}
