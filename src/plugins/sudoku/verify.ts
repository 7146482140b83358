/**
 * The single source of truth for Sudoku answers: every solver, neural or symbolic, is judged here.
 *
 * Rules (stable names; rows, columns and boxes are 1-based in messages and in `where`):
 *   geometry-mismatch  — the answer (or the puzzle) is not a grid of the task's shape; nothing else is checked;
 *   digit-out-of-range — a cell holds a value above N (only hand-built grids can);
 *   incomplete         — blank cells, all listed;
 *   given-changed      — a given of the puzzle differs in the answer (expected vs got);
 *   row-duplicate, col-duplicate, box-duplicate — a digit repeated in a unit, with where.
 * ok only when there is no violation. Never throws on a well-typed grid.
 */
import type { Verification, Violation } from '../contract.js';
import { boxNumber, cellPosition, describeGeometry, sameGeometry, type SudokuGeometry, type SudokuGrid } from './geometry.js';

const COUNT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function listWords(xs: readonly (number | string)[]): string {
  return xs.length <= 1 ? String(xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function shapeProblem(grid: SudokuGrid | undefined, g: SudokuGeometry, what: string): Violation | undefined {
  const geometryOk = !!grid && typeof grid === 'object' && !!grid.geometry && sameGeometry(grid.geometry, g);
  const cellsOk = !!grid && grid.cells instanceof Uint8Array && grid.cells.length === g.size * g.size;
  if (geometryOk && cellsOk) return undefined;
  const got = !grid || typeof grid !== 'object'
    ? String(grid)
    : `${grid.geometry ? describeGeometry(grid.geometry) : 'no geometry'} with ${grid.cells instanceof Uint8Array ? grid.cells.length : 'no'} cells`;
  return {
    rule: 'geometry-mismatch',
    message: `the ${what} must be a ${describeGeometry(g)} grid of ${g.size * g.size} cells, got ${got}`,
    where: { [what]: true },
  };
}

/** True when `cells` is complete, in range, keeps every given, and has no unit duplicate (one pass, bitmasks). */
function isValidFast(g: SudokuGeometry, givens: Uint8Array, cells: Uint8Array): boolean {
  const n = g.size;
  const stacks = n / g.boxCols;
  const rows = new Int32Array(n), cols = new Int32Array(n), boxes = new Int32Array(n);
  for (let i = 0, r = 0, c = 0; i < cells.length; i++) {
    const d = cells[i]!;
    const given = givens[i]!;
    if (d < 1 || d > n || (given !== 0 && given !== d)) return false;
    const bit = 1 << d;
    const b = ((r / g.boxRows) | 0) * stacks + ((c / g.boxCols) | 0);
    if ((rows[r]! | cols[c]! | boxes[b]!) & bit) return false;
    rows[r] = rows[r]! | bit;
    cols[c] = cols[c]! | bit;
    boxes[b] = boxes[b]! | bit;
    if (++c === n) {
      c = 0;
      r++;
    }
  }
  return true;
}

/** Checks `answer` against `puzzle` and the rules of geometry `g`; lists every violation found. */
export function verifySudoku(g: SudokuGeometry, puzzle: SudokuGrid, answer: SudokuGrid): Verification {
  const shape = [shapeProblem(answer, g, 'answer'), shapeProblem(puzzle, g, 'puzzle')].filter((v): v is Violation => !!v);
  if (shape.length) return { ok: false, violations: shape };

  const n = g.size, cells = answer.cells, givens = puzzle.cells;
  // Most answers handed to verify are right (every verified result passes through here): one
  // bitmask pass settles those; only a failing answer pays for the itemised report below.
  if (isValidFast(g, givens, cells)) return { ok: true, violations: [] };
  const violations: Violation[] = [];

  for (let i = 0; i < cells.length; i++) {
    if (cells[i]! > n) {
      const { row, col } = cellPosition(i, n);
      violations.push({ rule: 'digit-out-of-range', message: `row ${row}, column ${col} holds ${cells[i]}, expected a digit 1-${n}`, where: { row, col, got: cells[i] } });
    }
  }

  const blanks: { row: number; col: number }[] = [];
  for (let i = 0; i < cells.length; i++) if (cells[i] === 0) blanks.push(cellPosition(i, n));
  if (blanks.length) {
    const shown = blanks.slice(0, 8).map((b) => `r${b.row}c${b.col}`);
    violations.push({
      rule: 'incomplete',
      message: `${blanks.length} ${blanks.length === 1 ? 'cell is' : 'cells are'} blank: ${shown.join(', ')}${blanks.length > shown.length ? ', …' : ''}`,
      where: { count: blanks.length, cells: blanks },
    });
  }

  for (let i = 0; i < cells.length; i++) {
    const given = givens[i]!;
    if (given !== 0 && cells[i] !== given) {
      const { row, col } = cellPosition(i, n);
      const got = cells[i] === 0 ? 'a blank' : String(cells[i]);
      violations.push({ rule: 'given-changed', message: `row ${row}, column ${col}: the given ${given} was changed to ${got}`, where: { row, col, expected: given, got: cells[i] } });
    }
  }

  // Duplicates: group each unit's cells by digit; report every digit seen more than once.
  const unitDuplicates = (rule: string, unitName: (u: number) => string, cellsOf: (u: number) => number[], describeCells: (idx: number[]) => { text: string; where: Record<string, unknown> }, unitKey: string): void => {
    for (let u = 0; u < n; u++) {
      const byDigit = new Map<number, number[]>();
      for (const i of cellsOf(u)) {
        const d = cells[i]!;
        if (d >= 1 && d <= n) byDigit.set(d, [...(byDigit.get(d) ?? []), i]);
      }
      for (const [d, idx] of [...byDigit].sort((a, b) => a[0] - b[0])) {
        if (idx.length < 2) continue;
        const { text, where } = describeCells(idx);
        violations.push({
          rule,
          message: `${unitName(u)} has ${COUNT_WORDS[idx.length] ?? idx.length} ${d}s (${text})`,
          where: { [unitKey]: u + 1, digit: d, ...where },
        });
      }
    }
  };
  const range = (k: number): number[] => Array.from({ length: k }, (_, j) => j);
  unitDuplicates('row-duplicate', (r) => `row ${r + 1}`, (r) => range(n).map((c) => r * n + c), (idx) => {
    const cols = idx.map((i) => (i % n) + 1);
    return { text: `columns ${listWords(cols)}`, where: { cols } };
  }, 'row');
  unitDuplicates('col-duplicate', (c) => `column ${c + 1}`, (c) => range(n).map((r) => r * n + c), (idx) => {
    const rows = idx.map((i) => Math.floor(i / n) + 1);
    return { text: `rows ${listWords(rows)}`, where: { rows } };
  }, 'col');
  const boxCells: number[][] = range(n).map(() => []);
  for (let i = 0; i < n * n; i++) boxCells[boxNumber(i, g) - 1]!.push(i);
  unitDuplicates('box-duplicate', (b) => `box ${b + 1}`, (b) => boxCells[b]!, (idx) => {
    const at = idx.map((i) => cellPosition(i, n));
    return { text: `at ${listWords(at.map((p) => `r${p.row}c${p.col}`))}`, where: { cells: at } };
  }, 'box');

  return { ok: violations.length === 0, violations };
}
