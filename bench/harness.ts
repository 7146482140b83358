/**
 * Tiny benchmark harness shared by every `npm run bench` section: run a function repeatedly,
 * report the median (and p95) of per-run rates/times. Medians, not means: the machines are shared
 * and noisy. Results are rows of one table and one JSON document.
 */
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  /** Section, e.g. `sudoku-solvers`. */
  readonly group: string;
  /** What was measured, e.g. `bitset (ours)`. */
  readonly name: string;
  /** The headline number. */
  readonly median: number;
  readonly unit: string;
  readonly p95?: number;
  /** How many timed runs the median is over. */
  readonly runs: number;
  /** Anything a reader needs to interpret the number (backend, puzzle set, sizes). */
  readonly notes?: string;
  readonly extra?: Record<string, unknown>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Times `fn` `runs` times (after `warmup` untimed calls); returns per-run milliseconds. */
export async function timeRuns(fn: () => unknown | Promise<unknown>, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Items per second for a function that processes `items` items per call: median over runs. */
export async function rate(group: string, name: string, items: number, fn: () => unknown | Promise<unknown>, runs = 5, notes?: string): Promise<BenchRow> {
  const ms = await timeRuns(fn, runs);
  const rates = ms.map((t) => (items * 1000) / t);
  return { group, name, median: median(rates), p95: percentile(rates, 5), unit: 'items/s', runs, ...(notes ? { notes } : {}) };
}

export function printTable(rows: readonly BenchRow[]): void {
  const fmt = (x: number | undefined): string => (x === undefined ? '' : x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
  const header = ['group', 'name', 'median', 'unit', 'p95/p5', 'runs', 'notes'];
  const body = rows.map((r) => [r.group, r.name, fmt(r.median), r.unit, fmt(r.p95), String(r.runs), r.notes ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const b of body) console.log(line(b));
}
