/**
 * Index tables for a Sudoku geometry (units, peers, box of each cell), computed once per
 * geometry and cached: the solvers read them in their hot loops, so they are flat typed arrays.
 */
import { checkGeometry, type SudokuGeometry } from './sudoku-types.js';

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
  /** Box index of each cell. */
  readonly boxOf: Uint8Array;
  /** The three units of each cell as a bitmask over unit indices (row r → bit r, column c → bit N+c, box b → bit 2N+b). */
  readonly unitBits: Int32Array;
  /** popcount of every mask in [0, 2^N). */
  readonly popcount: Uint8Array;
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
  const boxOf = new Uint8Array(cellCount);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) boxOf[r * n + c] = Math.floor(r / boxRows) * stacks + Math.floor(c / boxCols);
  }
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
      if (j === i) continue;
      const rj = Math.floor(j / n), cj = j % n;
      if (rj === r || cj === c || boxOf[j] === boxOf[i]) peers[i * peerCount + k++] = j;
    }
    if (k !== peerCount) throw new Error(`internal: cell ${i} has ${k} peers, expected ${peerCount}`);
  }
  const unitBits = new Int32Array(cellCount);
  for (let i = 0; i < cellCount; i++) unitBits[i] = (1 << Math.floor(i / n)) | (1 << (n + (i % n))) | (1 << (2 * n + boxOf[i]!));
  const popcount = new Uint8Array(1 << n);
  for (let m = 1; m < popcount.length; m++) popcount[m] = popcount[m >> 1]! + (m & 1);
  const tables: SudokuTables = {
    geometry: { size: n, boxRows, boxCols },
    n,
    cellCount,
    allMask: (1 << n) - 1,
    units,
    unitCount: 3 * n,
    peerCount,
    peers,
    boxOf,
    unitBits,
    popcount,
  };
  cache.set(key, tables);
  return tables;
}
