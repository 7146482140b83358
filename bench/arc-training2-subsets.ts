/**
 * ARC-AGI-2 training ships without solutions here, but 377 of its tasks are ARC-AGI-1 training
 * tasks with the same test inputs, whose solutions do ship. This writes, into `--out`:
 * - `shared-ids.txt` and `shared-solutions.json`: those tasks and their ARC-AGI-1 solutions, so
 *   `eval arc --split training2 --solutions shared-solutions.json --ids @shared-ids.txt` measures
 *   pass@2 on them (tasks the solver was tuned on: not a held-out figure);
 * - `novel-ids.txt`: the tasks whose id is in neither ARC-AGI-1 split (only their verified rate
 *   can be measured).
 * The ARC-AGI-1 evaluation file is read for its ids only, so that its tasks are left out.
 *
 *   node dist/bench/arc-training2-subsets.js [--dir test/fixtures/data/arc] [--out runs/training2]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Challenges = Record<string, { test: { input: number[][] }[] }>;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = arg('dir') ?? path.resolve(here, '../../test/fixtures/data/arc');
const out = arg('out') ?? 'runs/training2';
const read = <T>(name: string): T => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;
const t2 = read<Challenges>('arc-agi_training2_challenges.json');
const t1 = read<Challenges>('arc-agi_training_challenges.json');
const s1 = read<Record<string, unknown>>('arc-agi_training_solutions.json');
const e1 = new Set(Object.keys(read<Challenges>('arc-agi_evaluation_challenges.json')));

const testsOf = (c: Challenges[string]): string => JSON.stringify(c.test.map((t) => t.input));
const shared = Object.keys(t2).filter((id) => t1[id] && testsOf(t1[id]) === testsOf(t2[id]!));
const novel = Object.keys(t2).filter((id) => !t1[id] && !e1.has(id));
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'shared-ids.txt'), shared.join('\n') + '\n');
writeFileSync(path.join(out, 'shared-solutions.json'), JSON.stringify(Object.fromEntries(shared.map((id) => [id, s1[id]]))));
writeFileSync(path.join(out, 'novel-ids.txt'), novel.join('\n') + '\n');
console.log(`${Object.keys(t2).length} ARC-AGI-2 training tasks: ${shared.length} shared with ARC-AGI-1 training (same tests), ${novel.length} in neither ARC-AGI-1 split; written to ${out}`);
