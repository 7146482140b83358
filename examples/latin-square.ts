/**
 * Example task plugin: Latin-square completion. An N×N grid (N ≤ 9) with some cells filled with
 * 1..N and the rest 0; fill it so every row and every column holds each number once.
 * Everything trm-sdk needs is in this one file: parse, format, tokens, verify, a tiny symbolic
 * solver, a generator, and one augmentation. Register it with `sdk.registerPlugin(latinSquare)`.
 */
import { definePlugin, TrmError, permutation, type Rng } from 'trm-sdk';

type Grid = number[][]; // N×N, 0 = blank

const N = 5;

function parseGrid(input: unknown, allowBlank: boolean): Grid {
  if (!Array.isArray(input) || input.length !== N) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', `expected ${N} rows, got ${Array.isArray(input) ? input.length : typeof input}`);
  }
  return input.map((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== N) throw new TrmError('TRM_ERR_INVALID_INPUT', `row ${r + 1} must have ${N} cells`);
    return row.map((v: unknown, c) => {
      if (!Number.isInteger(v) || (v as number) < (allowBlank ? 0 : 1) || (v as number) > N) {
        throw new TrmError('TRM_ERR_INVALID_INPUT', `cell (${r + 1},${c + 1}) must be an integer in ${allowBlank ? 0 : 1}..${N}`);
      }
      return v as number;
    });
  });
}

/** Backtracking over blanks in row-major order; collects up to `limit` solutions. */
function search(g: Grid, limit: number, out: Grid[], effort: { guesses: number }): void {
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < N; c++) {
      if (g[r]![c] !== 0) continue;
      for (let v = 1; v <= N && out.length < limit; v++) {
        if (g[r]!.includes(v) || g.some((row) => row[c] === v)) continue;
        effort.guesses++;
        g[r]![c] = v;
        search(g, limit, out, effort);
        g[r]![c] = 0;
      }
      return;
    }
  }
  out.push(g.map((row) => [...row]));
}

export const latinSquare = definePlugin<Grid, Grid>({
  name: 'latin-square',
  version: '1.0.0',
  description: `Complete a ${N}×${N} Latin square (each of 1..${N} once per row and column).`,
  sdkVersion: '^0.1.0',
  samples: [[[1, 0, 0, 0, 5], [0, 0, 5, 0, 0], [0, 0, 0, 5, 0], [0, 5, 0, 0, 0], [5, 0, 0, 0, 4]]],

  parse: (input) => parseGrid(input, true),
  parseAnswer: (input) => parseGrid(input, false),
  format: (answer) => answer,
  formatPuzzle: (puzzle) => puzzle,

  // Tokens: pad 0, blank 1, value v → v + 1.
  tokens: { seqLen: N * N, vocabSize: N + 2, padId: 0, numPuzzleIdentifiers: 1 },
  encode: (puzzle, answer) => ({
    inputs: [Int32Array.from(puzzle.flat(), (v) => v + 1)],
    ...(answer ? { labels: [Int32Array.from(answer.flat(), (v) => v + 1)] } : {}),
    puzzleIdentifiers: [0],
  }),
  decode: (rows) => Array.from({ length: N }, (_, r) => Array.from({ length: N }, (_, c) => {
    const id = rows[0]![r * N + c]!;
    return id >= 2 && id <= N + 1 ? id - 1 : 0;
  })),

  verify(puzzle, answer) {
    const violations = [];
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        if (puzzle[i]![j] !== 0 && answer[i]![j] !== puzzle[i]![j]) violations.push({ rule: 'given-changed', message: `cell (${i + 1},${j + 1}) must stay ${puzzle[i]![j]}`, where: { row: i, col: j } });
      }
      const row = new Set(answer[i]);
      const col = new Set(answer.map((r) => r[i]));
      if (row.size !== N || row.has(0)) violations.push({ rule: 'row', message: `row ${i + 1} is not a permutation of 1..${N}`, where: { row: i } });
      if (col.size !== N || col.has(0)) violations.push({ rule: 'col', message: `column ${i + 1} is not a permutation of 1..${N}`, where: { col: i } });
    }
    return { ok: violations.length === 0, violations };
  },

  solveSymbolic(puzzle, options = {}) {
    const solutions: Grid[] = [];
    const effort = { guesses: 0 };
    search(puzzle.map((r) => [...r]), options.limit ?? 1, solutions, effort);
    return { solutions, count: solutions.length, complete: true, effort: effort.guesses };
  },

  generate(rng: Rng) {
    // A cyclic Latin square with rows, columns and symbols permuted, then ~half the cells blanked.
    const [pr, pc, ps] = [permutation(rng, N), permutation(rng, N), permutation(rng, N)];
    const answer = pr.map((r) => pc.map((c) => ps[(r + c) % N]! + 1));
    const puzzle = answer.map((row) => row.map((v) => (rng.next() < 0.5 ? 0 : v)));
    return { puzzle, answer };
  },

  augmentations: [{
    name: 'relabel',
    sample(rng) {
      const p = permutation(rng, N); // value v → p[v-1] + 1
      const inv = new Array<number>(N);
      p.forEach((to, from) => (inv[to] = from));
      const map = (g: Grid, m: number[]): Grid => g.map((row) => row.map((v) => (v === 0 ? 0 : m[v - 1]! + 1)));
      return { id: `relabel:${p.join('')}`, puzzle: (g) => map(g, p), answer: (g) => map(g, p), inverseAnswer: (g) => map(g, inv) };
    },
  }],
});
