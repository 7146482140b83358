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
  if (task === 'arc' && typeof formatted === 'object' && formatted !== null && Array.isArray((formatted as { attempts?: unknown }).attempts)) {
    // Each test input's attempts as digit grids, side by side with a gap.
    const tests = (formatted as { attempts: number[][][][] }).attempts;
    return tests
      .map((attempts, i) => {
        const h = Math.max(...attempts.map((g) => g.length));
        const lines = [`test ${i + 1}: ${attempts.map((_, k) => `attempt ${k + 1}`).join(' | ')}`];
        for (let r = 0; r < h; r++) lines.push(attempts.map((g) => (g[r] ?? []).join('').padEnd(g[0]?.length ?? 0)).join('   '));
        return lines.join('\n');
      })
      .join('\n');
  }
  return formatForHuman(formatted);
}

export function summarize(r: SolveResult): string {
  const uniq = r.unique === null ? '' : r.unique ? ', unique' : ', NOT unique';
  const t = r.timingsMs.total.toFixed(1);
  const check = r.verification && r.verification !== 'complete' ? `, ${r.verification === 'validator-only' ? 'passed the validator only' : `verified by ${r.verification}`}` : '';
  const program = r.program ? `\nprogram: ${r.program}${r.search ? ` (${String(r.search.tried)} programs tried${r.search.timedOut ? ', search ran out of time' : ''})` : ''}` : r.search ? `\nno program found (${String(r.search.tried)} tried${r.search.timedOut ? ', search ran out of time' : ''})` : '';
  const why = !r.verified && r.violations[0] ? `\nwhy not verified: ${r.violations[0].message}` : '';
  return `${r.task}: ${r.verified ? 'verified' : 'NOT verified'} (source ${r.source}${uniq}${check}, ${r.steps} neural step${r.steps === 1 ? '' : 's'}, ${t} ms${r.backend ? `, backend ${r.backend}` : ''})${program}${why}`;
}
