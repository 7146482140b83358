/**
 * The maze verifier: the single source of truth for whether an answer is a correct solution.
 *
 * An answer is correct when it is the puzzle with some open cells turned into path cells (`o`)
 * such that the path cells plus S and G form exactly one simple 4-connected path from S to G
 * (S and G each touch exactly one other path cell, every `o` exactly two, and all of it is one
 * component), and that path is as short as a BFS says the shortest path is.
 *
 * Rules (stable names): `shape-mismatch`, `cell-changed`, `path-on-wall`, `path-disconnected`,
 * `path-branches`, `path-not-shortest`, `no-path-possible`, and `puzzle-invalid` for a puzzle that
 * does not have exactly one S and one G (only possible when it was not built by `parse`).
 * `where` holds 1-based `{ row, col }`, as the messages do. Never throws.
 */
import type { Verification, Violation } from '../contract.js';
import { countShortestPaths, neighbours } from '../../symbolic/maze-bfs.js';
import { Cell, CELL_CHARS, formatPos, passableOf, posOf, type Maze } from './types.js';

/** At most this many violations are listed per rule; the rest are summarised in one more. */
const MAX_PER_RULE = 10;

const CELL_NAMES = ['wall', 'open cell', 'start', 'goal', 'path cell'] as const;

function cellName(v: number): string {
  return CELL_NAMES[v] ?? `invalid cell value ${v}`;
}

function cellShow(v: number): string {
  const ch = CELL_CHARS[v];
  return ch === undefined ? cellName(v) : `${cellName(v)} '${ch}'`;
}

/** Collects violations, capping each rule's list so a garbage answer yields a readable report. */
class Report {
  readonly violations: Violation[] = [];
  private readonly perRule = new Map<string, number>();

  add(rule: string, message: string, where?: Record<string, unknown>): void {
    const n = (this.perRule.get(rule) ?? 0) + 1;
    this.perRule.set(rule, n);
    if (n <= MAX_PER_RULE) this.violations.push(where ? { rule, message, where } : { rule, message });
  }

  has(rule: string): boolean {
    return this.perRule.has(rule);
  }

  finish(): Verification {
    for (const [rule, n] of this.perRule) {
      if (n > MAX_PER_RULE) this.violations.push({ rule, message: `… and ${n - MAX_PER_RULE} more ${rule} violations not listed`, where: { more: n - MAX_PER_RULE } });
    }
    return { ok: this.violations.length === 0, violations: this.violations };
  }
}

function wellFormed(m: Maze): boolean {
  return (
    typeof m === 'object' && m !== null &&
    Number.isInteger(m.rows) && Number.isInteger(m.cols) && m.rows > 0 && m.cols > 0 &&
    m.cells instanceof Uint8Array && m.cells.length === m.rows * m.cols
  );
}

/** Checks `answer` against `puzzle`; lists every rule broken and where. Never throws on a well-typed answer. */
export function verifyMaze(puzzle: Maze, answer: Maze): Verification {
  const report = new Report();
  if (!wellFormed(puzzle)) {
    report.add('puzzle-invalid', 'the puzzle is malformed: its cells do not match its rows × cols');
    return report.finish();
  }
  if (!wellFormed(answer)) {
    report.add('shape-mismatch', 'the answer is malformed: its cells do not match its rows × cols');
    return report.finish();
  }
  const { rows, cols } = puzzle;
  if (answer.rows !== rows || answer.cols !== cols) {
    report.add('shape-mismatch', `the answer is ${answer.rows}×${answer.cols} but the puzzle is ${rows}×${cols}`, {
      rows: answer.rows, cols: answer.cols, expectedRows: rows, expectedCols: cols,
    });
    return report.finish();
  }

  // 1. Cell by cell: only open → path is allowed.
  const n = rows * cols;
  const onPath = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // A PATH mark in the puzzle itself (a re-verified answer) counts as open.
    const p = puzzle.cells[i] === Cell.PATH ? Cell.OPEN : puzzle.cells[i]!;
    const a = answer.cells[i]!;
    if (a === Cell.PATH) onPath[i] = 1;
    if (a === p || (p === Cell.OPEN && a === Cell.PATH)) continue;
    if (p === Cell.WALL && a === Cell.PATH) {
      report.add('path-on-wall', `the path goes through the wall at ${formatPos(i, cols)}`, posOf(i, cols));
    } else {
      report.add('cell-changed', `the ${cellShow(p)} at ${formatPos(i, cols)} was changed to ${cellShow(a)}; only open cells may become path cells 'o'`, {
        ...posOf(i, cols), expected: CELL_CHARS[p] ?? p, found: CELL_CHARS[a] ?? a,
      });
    }
  }

  // 2. The puzzle's own S and G (the answer's may have moved; that was reported above).
  const starts: number[] = [];
  const goals: number[] = [];
  for (let i = 0; i < n; i++) {
    if (puzzle.cells[i] === Cell.START) starts.push(i);
    else if (puzzle.cells[i] === Cell.GOAL) goals.push(i);
  }
  if (starts.length !== 1 || goals.length !== 1) {
    report.add('puzzle-invalid', `the puzzle has ${starts.length} starts (S) and ${goals.length} goals (G); exactly one of each is required`);
    return report.finish();
  }
  const s = starts[0]!;
  const g = goals[0]!;

  // 3. Is there any path at all?
  const best = countShortestPaths({ rows, cols, passable: passableOf(puzzle) }, s, g, 1);
  if (best.distance < 0) {
    report.add('no-path-possible', `the goal at ${formatPos(g, cols)} cannot be reached from the start at ${formatPos(s, cols)}; the maze has no solution`, {
      start: posOf(s, cols), goal: posOf(g, cols),
    });
    return report.finish();
  }

  // 4. Path structure over the node set {o cells} ∪ {S, G}.
  onPath[s] = 1;
  onPath[g] = 1;
  let pathCells = 0;
  for (let i = 0; i < n; i++) if (onPath[i] && i !== s && i !== g) pathCells++;
  const nb = new Int32Array(4);
  const degree = (i: number): number => {
    const k = neighbours(rows, cols, i, nb);
    let d = 0;
    for (let j = 0; j < k; j++) if (onPath[nb[j]!]) d++;
    return d;
  };
  if (pathCells === 0 && degree(s) === 0) {
    report.add('path-disconnected', `no path is marked: the answer has no path cells 'o' and the start ${formatPos(s, cols)} does not touch the goal ${formatPos(g, cols)}`, {
      start: posOf(s, cols), goal: posOf(g, cols),
    });
  } else {
    for (const [end, name] of [[s, 'start'], [g, 'goal']] as const) {
      const d = degree(end);
      if (d === 0) {
        report.add('path-disconnected', `the ${name} at ${formatPos(end, cols)} touches no path cell; the path must begin and end at S and G`, posOf(end, cols));
      } else if (d > 1) {
        report.add('path-branches', `the ${name} at ${formatPos(end, cols)} touches ${d} path cells, expected exactly 1`, { ...posOf(end, cols), neighbours: d });
      }
    }
    for (let i = 0; i < n; i++) {
      if (!onPath[i] || i === s || i === g) continue;
      const d = degree(i);
      if (d < 2) {
        report.add('path-disconnected', `the path breaks off at ${formatPos(i, cols)}: the path cell touches ${d} path cell${d === 1 ? '' : 's'}, expected 2`, { ...posOf(i, cols), neighbours: d });
      } else if (d > 2) {
        report.add('path-branches', `the path branches at ${formatPos(i, cols)}: the path cell touches ${d} path cells, expected 2`, { ...posOf(i, cols), neighbours: d });
      }
    }
    // One component: flood from S through path cells. (Degrees alone allow a separate loop.)
    const seen = new Uint8Array(n);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const u = stack.pop()!;
      const k = neighbours(rows, cols, u, nb);
      for (let j = 0; j < k; j++) {
        const v = nb[j]!;
        if (onPath[v] && !seen[v]) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    if (!seen[g] && !report.has('path-disconnected')) {
      report.add('path-disconnected', `the path from the start at ${formatPos(s, cols)} does not reach the goal at ${formatPos(g, cols)}`, {
        start: posOf(s, cols), goal: posOf(g, cols),
      });
    }
    let stray = -1;
    let strayCount = 0;
    for (let i = 0; i < n; i++) {
      if (onPath[i] && !seen[i] && i !== g) {
        if (stray < 0) stray = i;
        strayCount++;
      }
    }
    if (strayCount > 0 && seen[g]) {
      report.add('path-disconnected', `${strayCount} path cell${strayCount === 1 ? ' is' : 's are'} not connected to the path from S to G, e.g. ${formatPos(stray, cols)}`, {
        ...posOf(stray, cols), count: strayCount,
      });
    }
  }

  // 5. Length: only meaningful once the marks form one clean S→G path.
  const clean = !report.has('path-disconnected') && !report.has('path-branches') && !report.has('path-on-wall') && !report.has('cell-changed');
  const length = pathCells + 1;
  if (clean && length !== best.distance) {
    report.add('path-not-shortest', `the path takes ${length} steps but the shortest path from S to G takes ${best.distance}`, {
      length, shortest: best.distance,
    });
  }
  return report.finish();
}
