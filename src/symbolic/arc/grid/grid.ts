/**
 * Grid validation and small grid utilities shared by parse, verify, rules, tokens and augment.
 *
 * Paths in messages are the JSON paths of the task (`train[2].output`, `test[0].input`) and
 * cell indices are 0-based, `[row][col]`, so a message can be matched against the JSON directly.
 */
import { invalidInput } from '../../../errors.js';
import { MAX_GRID_SIDE, NUM_COLOURS, type Grid } from './types.js';

/** A short description of a JSON value's kind for error messages ("a string", "null", …). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' ? 'an object' : `a ${t}`;
}

/**
 * The first thing wrong with `value` as an ARC grid, or null when it is a valid grid
 * (a rectangular array of 1–30 rows of 1–30 integer colours 0–9). Never throws.
 */
export function gridProblem(value: unknown, path: string): string | null {
  if (!Array.isArray(value)) return `grid ${path} must be an array of rows, got ${kindOf(value)}`;
  if (value.length === 0) return `grid ${path} has no rows; a grid has 1–${MAX_GRID_SIDE} rows`;
  if (value.length > MAX_GRID_SIDE) return `grid ${path} is ${value.length} rows; the largest is ${MAX_GRID_SIDE}`;
  let width = -1;
  for (let r = 0; r < value.length; r++) {
    const row: unknown = value[r];
    if (!Array.isArray(row)) return `${path} row ${r} must be an array of colours, got ${kindOf(row)}`;
    if (row.length === 0) return `${path} row ${r} is empty; a grid has 1–${MAX_GRID_SIDE} columns`;
    if (width < 0) {
      width = row.length;
      if (width > MAX_GRID_SIDE) return `grid ${path} is ${width} columns; the largest is ${MAX_GRID_SIDE}`;
    } else if (row.length !== width) {
      return `${path} row ${r} has ${row.length} cells, expected ${width}`;
    }
    for (let c = 0; c < row.length; c++) {
      const v: unknown = row[c];
      const at = `${path}[${r}][${c}]`;
      if (typeof v !== 'number') return `value ${safeJson(v)} at ${at} is ${kindOf(v)}, expected an integer colour 0–${NUM_COLOURS - 1}`;
      if (!Number.isInteger(v)) return `value ${v} at ${at} is not an integer; colours are integers 0–${NUM_COLOURS - 1}`;
      if (v < 0 || v >= NUM_COLOURS) return `colour ${v} at ${at} is out of range 0–${NUM_COLOURS - 1}`;
    }
  }
  return null;
}

/** True when `value` is a valid ARC grid. */
export function isGrid(value: unknown): value is Grid {
  return gridProblem(value, 'grid') === null;
}

/** Returns a fresh copy of `value` as a Grid; throws TRM_ERR_INVALID_INPUT naming the path and cell when it is not one. */
export function validateGrid(value: unknown, path: string): Grid {
  const problem = gridProblem(value, path);
  if (problem) throw invalidInput(problem, { path });
  return cloneGrid(value as Grid);
}

/** A deep copy (grids are mutable arrays; nothing the plugin returns aliases its input). */
export function cloneGrid(g: Grid): Grid {
  return g.map((row) => row.slice());
}

/** [rows, columns] of a (valid, non-empty) grid. */
export function gridShape(g: Grid): [number, number] {
  return [g.length, g[0]?.length ?? 0];
}

/** "h×w", as used in messages. */
export function shapeText(h: number | string, w: number | string): string {
  return `${h}×${w}`;
}

/** The set of colours a grid uses. */
export function gridColours(g: Grid): Set<number> {
  const s = new Set<number>();
  for (const row of g) for (const v of row) s.add(v);
  return s;
}

/** Exact equality: same shape and every cell equal. */
export function gridsEqual(a: Grid, b: Grid): boolean {
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const x = a[r]!, y = b[r]!;
    if (x.length !== y.length) return false;
    for (let c = 0; c < x.length; c++) if (x[c] !== y[c]) return false;
  }
  return true;
}

/** A sorted, comma-separated list of colours for messages ("0, 3, 7"). */
export function coloursText(s: Iterable<number>): string {
  return [...s].sort((a, b) => a - b).join(', ');
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    if (s === undefined) return String(v);
    return s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return String(v);
  }
}
