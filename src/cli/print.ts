/** Human-readable printing of results for the CLI (the `--json` path prints the object as is). */
import type { SolveResult } from '../sdk/result.js';

export function formatForHuman(formatted: unknown): string {
  if (typeof formatted === 'string') return formatted;
  if (Array.isArray(formatted) && formatted.every((r) => typeof r === 'string')) return (formatted as string[]).join('\n');
  return JSON.stringify(formatted);
}

/** 9×9-style grid rendering for Sudoku-like 81/16/36-char answers, else the text as is. */
export function prettyAnswer(task: string, formatted: unknown): string {
  if (task.startsWith('sudoku') && typeof formatted === 'string') {
    const n = Math.round(Math.sqrt(formatted.length));
    if (n * n === formatted.length) {
      const rows: string[] = [];
      for (let r = 0; r < n; r++) rows.push(formatted.slice(r * n, r * n + n).split('').join(' '));
      return rows.join('\n');
    }
  }
  return formatForHuman(formatted);
}

export function summarize(r: SolveResult): string {
  const uniq = r.unique === null ? '' : r.unique ? ', unique' : ', NOT unique';
  const t = r.timingsMs.total.toFixed(1);
  return `${r.task}: ${r.verified ? 'verified' : 'NOT verified'} (source ${r.source}${uniq}, ${r.steps} neural step${r.steps === 1 ? '' : 's'}, ${t} ms${r.backend ? `, backend ${r.backend}` : ''})`;
}
