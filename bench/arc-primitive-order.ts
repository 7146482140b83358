/**
 * Regenerates src/symbolic/arc/primitive-order.ts: how often each fixed primitive appears in the
 * programs that solved ARC-AGI-1 TRAINING tasks in an eval run (never an evaluation split).
 *
 *   node dist/bench/arc-primitive-order.js --records arc-eval-training.jsonl > src/symbolic/arc/primitive-order.ts
 */
import { readFileSync } from 'node:fs';

const i = process.argv.indexOf('--records');
const file = i >= 0 ? process.argv[i + 1]! : 'arc-eval-training.jsonl';
const counts = new Map<string, number>();
for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
  const r = JSON.parse(line) as { score: number | null; programs: { text: string }[] };
  if (r.score !== 1 || !r.programs[0]) continue;
  for (const part of r.programs[0].text.split('∘')) {
    const name = part.trim();
    if (/^[a-z][a-zA-Z0-9_]*$/.test(name) && name !== 'identity') counts.set(name, (counts.get(name) ?? 0) + 1);
  }
}
const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
console.log(`/**
 * How often each primitive appears in the programs that solved ARC-AGI-1 training tasks (learned on
 * the training split only; regenerate with bench/arc-primitive-order.ts). Among primitives of equal
 * cost the search tries the more frequent first, so a budget that runs out mid-depth has tried the likelier ones.
 */
export const PRIMITIVE_FREQUENCY: Readonly<Record<string, number>> = {
${rows.map(([n, c]) => `  ${n}: ${c},`).join('\n')}
};`);
