/**
 * Prints one summary of skipped tests at the end of `npm test`, with the reasons their names
 * carry, so a contributor sees which system tool to install instead of a bare count. In a clone
 * the only skips are absent system tools (test/support/system-tools.ts): the data is in test/fixtures/.
 */
import type { Reporter, RunnerTestFile, RunnerTask } from 'vitest/node';

function collect(task: RunnerTask, out: string[], prefix: string): void {
  const name = prefix ? `${prefix} > ${task.name}` : task.name;
  if (task.type === 'test') {
    if (task.mode === 'skip' || task.mode === 'todo' || task.result?.state === 'skip') out.push(name);
    return;
  }
  if ('tasks' in task) for (const t of task.tasks) collect(t, out, task.type === 'suite' ? name : prefix);
}

export default class SkipSummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const skipped: string[] = [];
    for (const f of files) for (const t of f.tasks) collect(t, skipped, f.name);
    if (skipped.length === 0) {
      console.log('\nskip summary: no test skipped');
      return;
    }
    const reasons = new Map<string, number>();
    for (const s of skipped) {
      const m = /SKIPPED: (.*)$|\(skipped: ([^)]*)\)/i.exec(s);
      const reason = m ? (m[1] ?? m[2]!).replace(/ > .*$/, '') : 'no reason in the test name';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const parts = [...reasons].map(([r, n]) => `${n} × ${r}`);
    console.log(`\nskip summary: ${skipped.length} skipped — ${parts.join('; ')}`);
  }
}
