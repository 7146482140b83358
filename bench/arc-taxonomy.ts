/**
 * The failure taxonomy of the symbolic ARC solver: every task an eval run did not solve, sorted
 * into one category by what its demonstration pairs show (never by its test output), then counted.
 *
 *   node dist/bench/arc-taxonomy.js --split training --records arc-eval-training.jsonl [--dir test/fixtures/data/arc] [--list]
 *
 * The categories are decided by plain features of the pairs, first match wins (so the table is
 * reproducible, not hand-sorted):
 *   fits-but-wrong      a program reproduced every demonstration and still missed the test
 *   partition           the inputs are cut into cells by full separator lines of one colour
 *   crop-selection      each output is a sub-grid of its input (pick an object or a part)
 *   pattern-completion  same shape; the output is symmetric or periodic where the input is not,
 *                       or the output only repaints cells of one "hole" colour
 *   line-drawing        same shape; the output only adds cells, in straight 1-wide runs
 *   recolour-relation   same shape; the same cells are non-background, only their colours change
 *   object-motion       same shape; the same colours and counts, at other places
 *   fill-enclosed       same shape; the output only adds cells, in blobs (filled regions)
 *   per-object          same shape, anything else (objects change one by one)
 *   counting-size       outputs differ in shape where inputs do not decide it (counting decides the size)
 *   scale-tile          the output is larger than the input (tiling, scaling, assembly)
 *   summarise           the output is smaller than the input and not a sub-grid of it
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArcDataset, type ArcSplit } from '../src/plugins/arc/loader.js';
import type { ArcPair, ArcTask, Grid } from '../src/symbolic/arc/grid/types.js';
import { background } from '../src/symbolic/arc/grid-ops.js';
import { dihedral } from '../src/symbolic/arc/grid/transforms.js';
import { gridsEqual } from '../src/symbolic/arc/grid/grid.js';

export const CATEGORIES = [
  'fits-but-wrong',
  'partition',
  'crop-selection',
  'pattern-completion',
  'line-drawing',
  'recolour-relation',
  'object-motion',
  'fill-enclosed',
  'per-object',
  'counting-size',
  'scale-tile',
  'summarise',
] as const;
export type Category = (typeof CATEGORIES)[number];

const H = (g: Grid): number => g.length;
const W = (g: Grid): number => g[0]!.length;
const sameShape = (p: ArcPair): boolean => H(p.input) === H(p.output) && W(p.input) === W(p.output);

function hasSeparators(g: Grid): boolean {
  const bg = background(g);
  const fullRow = g.some((row, r) => r > 0 && r < H(g) - 1 && row[0] !== bg && row.every((v) => v === row[0]));
  const fullCol = g[0]!.some((v, c) => c > 0 && c < W(g) - 1 && v !== bg && g.every((row) => row[c] === v));
  return fullRow || fullCol;
}

function isSubgrid(small: Grid, big: Grid): boolean {
  for (let r = 0; r + H(small) <= H(big); r++) {
    for (let c = 0; c + W(small) <= W(big); c++) {
      let ok = true;
      for (let i = 0; ok && i < H(small); i++) for (let j = 0; ok && j < W(small); j++) ok = big[r + i]![c + j] === small[i]![j];
      if (ok) return true;
    }
  }
  return false;
}

function symmetric(g: Grid): boolean {
  const ks = H(g) === W(g) ? [2, 4, 5, 6, 7] : [2, 4, 5];
  if (ks.some((k) => gridsEqual(dihedral(g, k), g))) return true;
  // periodic rows or columns (a tiling with a shorter period)
  for (let p = 1; p < W(g); p++) if (g.every((row) => row.every((v, c) => c < p || v === row[c - p]))) return true;
  for (let p = 1; p < H(g); p++) if (g.every((row, r) => r < p || row.every((v, c) => v === g[r - p]![c]))) return true;
  return false;
}

/** The cells that differ, as [r, c, before, after]. */
function changes(p: ArcPair): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  p.input.forEach((row, r) => row.forEach((v, c) => { if (v !== p.output[r]![c]) out.push([r, c, v, p.output[r]![c]!]); }));
  return out;
}

function straightRuns(p: ArcPair, cells: [number, number][]): boolean {
  // every added cell has an added neighbour in a line (or is a lone cell), and no added cell has both a horizontal and a vertical added neighbour… loosely: added cells form 1-wide runs
  const set = new Set(cells.map(([r, c]) => `${r},${c}`));
  const has = (r: number, c: number): boolean => set.has(`${r},${c}`);
  let thick = 0;
  for (const [r, c] of cells) if ((has(r + 1, c) && has(r, c + 1) && has(r + 1, c + 1))) thick++;
  return cells.length > 0 && thick <= cells.length * 0.05 && p.input.length > 0;
}

export function categorise(task: ArcTask, fitted: boolean): Category {
  const pairs = task.train;
  if (fitted) return 'fits-but-wrong';
  if (pairs.every((p) => hasSeparators(p.input))) return 'partition';
  if (pairs.every((p) => !sameShape(p) && H(p.output) <= H(p.input) && W(p.output) <= W(p.input) && isSubgrid(p.output, p.input))) return 'crop-selection';
  if (pairs.every(sameShape)) {
    const ch = pairs.map(changes);
    const bgs = pairs.map((p) => background(p.input));
    const onlyAdds = ch.every((cs, i) => cs.every(([, , b]) => b === bgs[i]));
    const oneHole = new Set(ch.flatMap((cs) => cs.map(([, , b]) => b))).size === 1 && !onlyAdds;
    if (pairs.every((p) => symmetric(p.output) && !symmetric(p.input)) || oneHole) return 'pattern-completion';
    if (onlyAdds && ch.every((cs, i) => straightRuns(pairs[i]!, cs.map(([r, c]) => [r, c])))) return 'line-drawing';
    if (ch.every((cs, i) => cs.every(([, , b, a]) => b !== bgs[i] && a !== bgs[i]))) return 'recolour-relation';
    const hist = (g: Grid): string => { const h = new Array<number>(10).fill(0); g.forEach((row) => row.forEach((v) => h[v]!++)); return h.join(','); };
    if (pairs.every((p) => hist(p.input) === hist(p.output))) return 'object-motion';
    if (onlyAdds) return 'fill-enclosed';
    return 'per-object';
  }
  const byInShape = new Map<string, Set<string>>();
  for (const p of pairs) {
    const k = `${H(p.input)}x${W(p.input)}`;
    if (!byInShape.has(k)) byInShape.set(k, new Set());
    byInShape.get(k)!.add(`${H(p.output)}x${W(p.output)}`);
  }
  const outShapes = new Set(pairs.map((p) => `${H(p.output)}x${W(p.output)}`));
  const smaller = pairs.every((p) => H(p.output) * W(p.output) < H(p.input) * W(p.input));
  if (outShapes.size > 1 && (smaller || [...byInShape.values()].some((s) => s.size > 1)) && pairs.some((p) => H(p.output) <= 3 || W(p.output) <= 3)) return 'counting-size';
  if (pairs.every((p) => H(p.output) >= H(p.input) && W(p.output) >= W(p.input))) return 'scale-tile';
  return 'summarise';
}

interface Rec {
  id: string;
  score: number | null;
  programs: { text: string }[];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = arg('dir') ?? path.resolve(here, '../../test/fixtures/data/arc');
  const split = (arg('split') ?? 'training') as ArcSplit;
  const recs = readFileSync(arg('records') ?? `arc-eval-${split}.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
  const tasks = new Map(loadArcDataset(dir, split).map((e) => [e.id, e.task]));
  const counts = new Map<Category, string[]>(CATEGORIES.map((c) => [c, []]));
  let solved = 0;
  for (const r of recs) {
    if (r.score === 1) {
      solved++;
      continue;
    }
    const t = tasks.get(r.id);
    if (!t) continue;
    counts.get(categorise(t, r.programs.length > 0))!.push(r.id);
  }
  const unsolved = recs.length - solved;
  console.log(`${split}: ${recs.length} tasks, ${solved} solved, ${unsolved} not\n\n| category | unsolved tasks | share |\n| --- | ---: | ---: |`);
  for (const [c, ids] of [...counts].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`| ${c} | ${ids.length} | ${((100 * ids.length) / Math.max(1, unsolved)).toFixed(0)}% |`);
  }
  if (process.argv.includes('--list')) for (const [c, ids] of counts) console.log(`\n${c}: ${ids.join(' ')}`);
}
