/**
 * Validity-preserving Sudoku augmentations (as in the TRM paper's Sudoku-Extreme training):
 * each maps a valid puzzle/answer pair to another valid pair, and each has an exact inverse.
 *
 *   digits          — relabel the digits by a permutation of 1..N (blanks stay blank);
 *   bands           — permute the bands (horizontal strips of boxes);
 *   stacks          — permute the stacks (vertical strips of boxes);
 *   rows-in-bands   — permute the rows inside each band;
 *   cols-in-stacks  — permute the columns inside each stack;
 *   transpose       — transpose the grid with probability ½ (only when boxRows = boxCols, since
 *                     otherwise it would change the box shape).
 *
 * Every transform is "take cell src[i] to cell i, then relabel its digit": one representation, so
 * the inverse is generic and a composition of draws stays cheap.
 */
import type { Augmentation, Transform } from '../contract.js';
import { permutation, type Rng } from '../../util/rng.js';
import { TrmError } from '../../errors.js';
import { describeGeometry, sameGeometry, type SudokuGeometry, type SudokuGrid } from './geometry.js';

type SudokuTransform = Transform<SudokuGrid, SudokuGrid>;
type SudokuAugmentation = Augmentation<SudokuGrid, SudokuGrid>;

/**
 * A transform from a cell map (`src[i]` = the cell whose value lands in cell i) and a digit map
 * (`digitMap[d]` = new digit for d, `digitMap[0]` = 0).
 */
export function cellTransform(g: SudokuGeometry, id: string, src: Int32Array, digitMap: Uint8Array): SudokuTransform {
  const len = g.size * g.size;
  const inverseDigit = new Uint8Array(digitMap.length);
  digitMap.forEach((to, from) => (inverseDigit[to] = from));
  const check = (x: SudokuGrid): void => {
    if (!x || !sameGeometry(x.geometry, g) || !(x.cells instanceof Uint8Array) || x.cells.length !== len) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `augmentation ${id} applies to ${describeGeometry(g)} grids only`);
    }
  };
  // Values above N (never produced by parse) pass through unchanged rather than throwing.
  const forward = (x: SudokuGrid): SudokuGrid => {
    check(x);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const v = x.cells[src[i]!]!;
      out[i] = v < digitMap.length ? digitMap[v]! : v;
    }
    return { geometry: g, cells: out };
  };
  const backward = (x: SudokuGrid): SudokuGrid => {
    check(x);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const v = x.cells[i]!;
      out[src[i]!] = v < inverseDigit.length ? inverseDigit[v]! : v;
    }
    return { geometry: g, cells: out };
  };
  return { id, puzzle: forward, answer: forward, inverseAnswer: backward };
}

const identityDigits = (n: number): Uint8Array => Uint8Array.from({ length: n + 1 }, (_, d) => d);
const identityCells = (n: number): Int32Array => Int32Array.from({ length: n * n }, (_, i) => i);

/** A transform that permutes whole rows and columns: row r of the result is row rowSrc[r] of the input (likewise columns). */
function lineTransform(g: SudokuGeometry, id: string, rowSrc: readonly number[], colSrc: readonly number[]): SudokuTransform {
  const n = g.size;
  const src = new Int32Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) src[r * n + c] = rowSrc[r]! * n + colSrc[c]!;
  return cellTransform(g, id, src, identityDigits(n));
}

const ident = (k: number): number[] => Array.from({ length: k }, (_, i) => i);

/** Digit relabelling: a uniformly random permutation of 1..N. */
export function digitAugmentation(g: SudokuGeometry): SudokuAugmentation {
  return {
    name: 'digits',
    sample(rng: Rng): SudokuTransform {
      const perm = permutation(rng, g.size);
      const map = identityDigits(g.size);
      for (let d = 1; d <= g.size; d++) map[d] = perm[d - 1]! + 1;
      return cellTransform(g, `digits:${Array.from(map.subarray(1)).join('')}`, identityCells(g.size), map);
    },
  };
}

/** Band shuffle: permutes the N / boxRows bands. */
export function bandAugmentation(g: SudokuGeometry): SudokuAugmentation {
  const bands = g.size / g.boxRows;
  return {
    name: 'bands',
    sample(rng: Rng): SudokuTransform {
      const perm = permutation(rng, bands);
      const rowSrc = ident(g.size).map((r) => perm[Math.floor(r / g.boxRows)]! * g.boxRows + (r % g.boxRows));
      return lineTransform(g, `bands:${perm.join('')}`, rowSrc, ident(g.size));
    },
  };
}

/** Stack shuffle: permutes the N / boxCols stacks. */
export function stackAugmentation(g: SudokuGeometry): SudokuAugmentation {
  const stacks = g.size / g.boxCols;
  return {
    name: 'stacks',
    sample(rng: Rng): SudokuTransform {
      const perm = permutation(rng, stacks);
      const colSrc = ident(g.size).map((c) => perm[Math.floor(c / g.boxCols)]! * g.boxCols + (c % g.boxCols));
      return lineTransform(g, `stacks:${perm.join('')}`, ident(g.size), colSrc);
    },
  };
}

/** Row shuffle inside each band (one permutation of boxRows rows per band). */
export function rowsInBandsAugmentation(g: SudokuGeometry): SudokuAugmentation {
  const bands = g.size / g.boxRows;
  return {
    name: 'rows-in-bands',
    sample(rng: Rng): SudokuTransform {
      const perms = ident(bands).map(() => permutation(rng, g.boxRows));
      const rowSrc = ident(g.size).map((r) => Math.floor(r / g.boxRows) * g.boxRows + perms[Math.floor(r / g.boxRows)]![r % g.boxRows]!);
      return lineTransform(g, `rows:${perms.map((p) => p.join('')).join(',')}`, rowSrc, ident(g.size));
    },
  };
}

/** Column shuffle inside each stack (one permutation of boxCols columns per stack). */
export function colsInStacksAugmentation(g: SudokuGeometry): SudokuAugmentation {
  const stacks = g.size / g.boxCols;
  return {
    name: 'cols-in-stacks',
    sample(rng: Rng): SudokuTransform {
      const perms = ident(stacks).map(() => permutation(rng, g.boxCols));
      const colSrc = ident(g.size).map((c) => Math.floor(c / g.boxCols) * g.boxCols + perms[Math.floor(c / g.boxCols)]![c % g.boxCols]!);
      return lineTransform(g, `cols:${perms.map((p) => p.join('')).join(',')}`, ident(g.size), colSrc);
    },
  };
}

/** Transpose with probability ½ (id `transpose` or `no-transpose`); only for square boxes. */
export function transposeAugmentation(g: SudokuGeometry): SudokuAugmentation {
  if (g.boxRows !== g.boxCols) throw new TrmError('TRM_ERR_INVALID_INPUT', `transpose would turn ${describeGeometry(g)} boxes sideways`);
  const n = g.size;
  const src = new Int32Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) src[r * n + c] = c * n + r;
  const on = cellTransform(g, 'transpose', src, identityDigits(n));
  const off = cellTransform(g, 'no-transpose', identityCells(n), identityDigits(n));
  return { name: 'transpose', sample: (rng: Rng) => (rng.next() < 0.5 ? on : off) };
}

/** Every augmentation family valid for the geometry (transpose only for square boxes). */
export function sudokuAugmentations(g: SudokuGeometry): SudokuAugmentation[] {
  const augs = [digitAugmentation(g), bandAugmentation(g), stackAugmentation(g), rowsInBandsAugmentation(g), colsInStacksAugmentation(g)];
  if (g.boxRows === g.boxCols) augs.push(transposeAugmentation(g));
  return augs;
}
