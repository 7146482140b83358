/**
 * Sudoku benchmarks: solver throughput on the unique-solution 9×9 puzzles of tdoku's test file
 * (ours, sudoku-dlx, logic-solver SAT, all in one run and on the same puzzles), and the rate of
 * generating `hard` 9×9 puzzles. Rates are puzzles per second, median over timed runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { rate, type BenchRow } from './harness.js';
import { createRng } from '../src/util/rng.js';
import { createSdk } from '../src/sdk/sdk.js';
import { generateSudoku } from '../src/plugins/sudoku/generate.js';
import { SUDOKU_9X9 } from '../src/plugins/sudoku/geometry.js';
import { solveSudokuBitset } from '../src/symbolic/sudoku/general.js';
import { solveSudokuSat } from '../src/symbolic/sudoku/sat.js';
import type { SudokuGrid } from '../src/symbolic/sudoku/types.js';

const GROUP = 'sudoku';
/** Relative to the project root (where `npm run bench` runs): the repository's copy of tdoku's edge cases. */
const TDOKU_FILE = 'test/fixtures/data/sudoku/tdoku_test_puzzles.txt';

interface DlxModule {
  solveString(puzzle: string, all?: boolean): unknown[][];
}

function loadUniquePuzzles(): string[] {
  const path = resolve(process.cwd(), TDOKU_FILE);
  if (!existsSync(path)) throw new Error(`bench sudoku: ${path} not found (run from the project root)`);
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(':'))
    .filter((f) => f.length >= 3 && f[1] === '1')
    .map((f) => f[0]!);
}

const toGrid = (s: string): SudokuGrid => ({ geometry: SUDOKU_9X9, cells: Uint8Array.from(s, (ch) => (ch === '.' ? 0 : Number(ch))) });

export async function run(): Promise<BenchRow[]> {
  const strings = loadUniquePuzzles();
  const grids = strings.map(toGrid);
  const k = strings.length;
  const set = `${k} unique 9×9 puzzles of tdoku_test_puzzles.txt`;
  const rows: BenchRow[] = [];

  // Each timed run goes through the set `reps` times so a run lasts long enough to time.
  const ours = await rate(GROUP, 'bitset (ours), limit 1', k * 40, () => {
    // 9×9 grids take the fast path (src/symbolic/sudoku/fast9.ts).
    for (let r = 0; r < 40; r++) for (const g of grids) solveSudokuBitset(g, { limit: 1 });
  }, 7, `${set}; first solution`);
  rows.push(ours);
  // The same solver forced onto its general (any-geometry) engine: same tree and guesses, so the ratio is the fast path's gain.
  const general = await rate(GROUP, 'bitset general engine, limit 1', k * 10, () => {
    for (let r = 0; r < 10; r++) for (const g of grids) solveSudokuBitset(g, { limit: 1, engine: 'general' });
  }, 7, set);
  rows.push({ ...general, notes: `${set}; engine: 'general' (9×9 fast path off); fast/general = ${(ours.median / general.median).toFixed(1)}×` });
  rows.push(await rate(GROUP, 'bitset (ours), limit 2', k * 30, () => {
    for (let r = 0; r < 30; r++) for (const g of grids) solveSudokuBitset(g, { limit: 2 });
  }, 7, `${set}; solve + prove unique`));

  let dlx: DlxModule | undefined;
  try {
    dlx = createRequire(import.meta.url)('sudoku-dlx') as DlxModule;
  } catch {
    dlx = undefined; // a dev dependency: absent in a production install
  }
  if (dlx) {
    const solve = dlx.solveString;
    const d = await rate(GROUP, 'sudoku-dlx, first solution', k * 3, () => {
      for (let r = 0; r < 3; r++) for (const s of strings) solve(s);
    }, 7, set);
    const ratio = ours.median / d.median;
    rows.push({ ...d, notes: `${set}; ours/dlx = ${ratio.toFixed(1)}×`, extra: { oursOverDlx: ratio } });
  }

  // The same puzzles through the public API: parse (validated once), solve, verify, format, and
  // the solution count (limit 2, so `unique` is known) — what a user of solve() gets per puzzle.
  const sdk = createSdk({ models: 'none' });
  const viaSdk = await rate(GROUP, "sdk.solve('sudoku', …, symbolic-only)", k * 10, async () => {
    for (let r = 0; r < 10; r++) for (const s of strings) await sdk.solve('sudoku', s, { strategy: 'symbolic-only' });
  }, 7, `${set}; parse + solve (limit 2: unique known) + verify + format`);
  const dlxRow = rows.find((r) => r.name.startsWith('sudoku-dlx'));
  rows.push({ ...viaSdk, ...(dlxRow ? { notes: `${viaSdk.notes}; sdk/dlx = ${(viaSdk.median / dlxRow.median).toFixed(1)}×`, extra: { sdkOverDlx: viaSdk.median / dlxRow.median } } : {}) });
  const shipped = createSdk();
  const hybrid = await rate(GROUP, "sdk.solve('sudoku', …) default (hybrid, cost-aware)", k * 5, async () => {
    for (let r = 0; r < 5; r++) for (const s of strings) await shipped.solve('sudoku', s);
  }, 5, `${set}; the shipped 9×9 model verifies 0% alone, so the solver goes first and the model is never loaded`);
  rows.push(hybrid);

  // neural-first: the shipped 9×9 model runs first on every puzzle, then vote / repair / solver; per inference engine.
  for (const engine of ['onnxruntime', 'tfjs'] as const) {
    const nf = createSdk({ engine });
    let label: string = engine;
    const row = await rate(GROUP, `sdk.solve('sudoku', …, neural-first) [${engine}]`, k, async () => {
      for (const s of strings) label = (await nf.solve('sudoku', s, { strategy: 'neural-first' })).backend ?? label;
    }, 3, `${set}; the model's steps then the solver`);
    rows.push({ ...row, name: `sdk.solve('sudoku', …, neural-first) [${label}]`, notes: `${row.notes}; engine ${label}; machine shared` });
  }

  rows.push(await rate(GROUP, 'logic-solver (SAT), limit 1', k * 5, () => {
    for (let r = 0; r < 5; r++) for (const g of grids) solveSudokuSat(g, { limit: 1 });
  }, 5, `${set}; warm shared solver, givens as assumptions; MiniSat keeps learnt clauses across calls, so repeating the set flatters it`));

  const hardCount = 20;
  const rng = createRng(1);
  let ratingSum = 0, made = 0;
  const gen = await rate(GROUP, 'generate hard 9×9', hardCount, () => {
    for (let i = 0; i < hardCount; i++) {
      ratingSum += generateSudoku(SUDOKU_9X9, rng, { difficulty: 'hard' }).difficulty;
      made++;
    }
  }, 3, 'difficulty hard (rating > 3), unique minimal puzzles');
  rows.push({ ...gen, notes: `${gen.notes}; mean rating ${(ratingSum / made).toFixed(1)}` });
  return rows;
}
