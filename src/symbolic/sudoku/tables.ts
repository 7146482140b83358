/**
 * Index tables for a Sudoku geometry (units and peers), computed once per geometry and cached:
 * the SAT encoding and its pre-screen walk them, so they are flat typed arrays.
 */
import { checkGeometry, type SudokuGeometry } from './types.js';

export interface SudokuTables {
  readonly geometry: SudokuGeometry;
  /** N. */
  readonly n: number;
  /** N² cells. */
  readonly cellCount: number;
  /** All N digits as a bitmask (bit d-1 = digit d). */
  readonly allMask: number;
  /** 3N units of N cells each, flat: rows 0..N-1, then columns, then boxes (box b = band ⌊b / stacks⌋, stack b mod stacks). */
  readonly units: Int16Array;
  readonly unitCount: number;
  /** Peers per cell (cells sharing a unit, the cell itself excluded). */
  readonly peerCount: number;
  /** peers[i · peerCount + k]: the k-th peer of cell i. */
  readonly peers: Int16Array;
}

const cache = new Map<string, SudokuTables>();

/** The (cached) tables of a geometry; throws TRM_ERR_INVALID_INPUT on an inconsistent geometry. */
export function sudokuTables(geometry: SudokuGeometry): SudokuTables {
  const key = `${geometry?.size}:${geometry?.boxRows}x${geometry?.boxCols}`;
  const hit = cache.get(key);
  if (hit) return hit;
  checkGeometry(geometry);
  const { size: n, boxRows, boxCols } = geometry;
  const stacks = n / boxCols;
  const cellCount = n * n;
  const boxOf = (i: number): number => Math.floor(Math.floor(i / n) / boxRows) * stacks + Math.floor((i % n) / boxCols);
  const units = new Int16Array(3 * n * n);
  for (let u = 0; u < n; u++) {
    for (let k = 0; k < n; k++) {
      units[u * n + k] = u * n + k; // row u
      units[(n + u) * n + k] = k * n + u; // column u
      const r = Math.floor(u / stacks) * boxRows + Math.floor(k / boxCols);
      const c = (u % stacks) * boxCols + (k % boxCols);
      units[(2 * n + u) * n + k] = r * n + c; // box u
    }
  }
  const peerCount = 2 * (n - 1) + (n - boxRows - boxCols + 1);
  const peers = new Int16Array(cellCount * peerCount);
  for (let i = 0; i < cellCount; i++) {
    const r = Math.floor(i / n), c = i % n;
    let k = 0;
    for (let j = 0; j < cellCount; j++) {
      if (j !== i && (Math.floor(j / n) === r || j % n === c || boxOf(j) === boxOf(i))) peers[i * peerCount + k++] = j;
    }
    if (k !== peerCount) throw new Error(`internal: cell ${i} has ${k} peers, expected ${peerCount}`);
  }
  const tables: SudokuTables = { geometry: { size: n, boxRows, boxCols }, n, cellCount, allMask: (1 << n) - 1, units, unitCount: 3 * n, peerCount, peers };
  cache.set(key, tables);
  return tables;
}
