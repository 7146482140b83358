/**
 * Maze benchmarks: BFS solve rate on generated 30×30 Maze-Hard-like mazes, and generation rate
 * for 30×30 ('hard') and 11×11 ('hard') instances.
 * Run: `npx tsc -p . && node dist/bench/index.js maze`.
 */
import { rate, type BenchRow } from './harness.js';
import { mazePlugin, maze11Plugin } from '../src/plugins/maze/index.js';
import { createRng } from '../src/util/rng.js';
import type { Example } from '../src/plugins/contract.js';
import type { Maze } from '../src/plugins/maze/types.js';

const GROUP = 'maze';

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const rng = createRng(2024);
  const set: Example<Maze, Maze>[] = Array.from({ length: 200 }, () => mazePlugin.generate(rng));
  const lengths = set.map((e) => e.difficulty ?? 0);
  const setNote = `200 generated 30×30 'hard' mazes, shortest path ${Math.min(...lengths)}–${Math.max(...lengths)} moves (mean ${mean(lengths).toFixed(0)})`;

  let sink = 0;
  rows.push(await rate(GROUP, 'BFS solve 30×30 (limit 1)', set.length, () => {
    for (const e of set) sink += mazePlugin.solveSymbolic(e.puzzle).effort;
  }, 7, setNote));
  rows.push(await rate(GROUP, 'BFS uniqueness check 30×30 (limit 2)', set.length, () => {
    for (const e of set) sink += mazePlugin.solveSymbolic(e.puzzle, { limit: 2 }).count;
  }, 7, setNote));
  rows.push(await rate(GROUP, 'verify 30×30 answer', set.length, () => {
    for (const e of set) sink += mazePlugin.verify(e.puzzle, e.answer).ok ? 1 : 0;
  }, 7, setNote));

  const unique = set.filter((e) => mazePlugin.solveSymbolic(e.puzzle, { limit: 2 }).count === 1).length;

  const gen = (n: number, f: () => Example<Maze, Maze>) => () => {
    for (let i = 0; i < n; i++) sink += f().difficulty ?? 0;
  };
  const g30 = createRng(1);
  rows.push(await rate(GROUP, 'generate 30×30 hard (path ≥ 111)', 100, gen(100, () => mazePlugin.generate(g30)), 5,
    `Maze-Hard-like; ${unique}/200 of the solve set have a unique shortest path`));
  const g30u = createRng(2);
  rows.push(await rate(GROUP, 'generate 30×30 hard, unique path', 50, gen(50, () => mazePlugin.generate(g30u, { uniquePath: true })), 5));
  const g11 = createRng(3);
  rows.push(await rate(GROUP, 'generate 11×11 hard (path ≥ 15)', 1000, gen(1000, () => maze11Plugin.generate(g11)), 5));

  if (sink === -1) console.error('unreachable'); // keeps the work observable so it is not optimised away
  return rows;
}
