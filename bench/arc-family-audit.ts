/**
 * What one primitive family does on its own, across whole splits, in minutes: the solver runs on
 * every task with its primitives restricted to the family (the learners are always there, so
 * depth 0 is the family's learners plus the rest), and the tasks whose best program uses one of
 * the family's names are counted: right, wrong, verified, and verified-but-wrong. This is the
 * precision check a new family passes before it joins the full search (docs/arc.md), and it needs
 * no full `eval arc` run.
 *
 *   node dist/bench/arc-family-audit.js --family regions [--split training,concept] [--depth 1] [--time 1500] [--dir test/fixtures/data/arc]
 *
 * `--family` matches a primitive's or learner's `family` field, or a name prefix ending in `.`
 * (e.g. `sight.`). Splits without solutions count programs and verified answers only.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArcDataset, type ArcSplit } from '../src/plugins/arc/loader.js';
import { verifyArc } from '../src/plugins/arc/verify.js';
import { gridsEqual } from '../src/symbolic/arc/grid/grid.js';
import { ARC_LEARNERS, primitivesFor, solveArcProgram } from '../src/symbolic/arc/index.js';

export interface FamilyAuditRow {
  readonly split: string;
  readonly tasks: number;
  /** Tasks whose best program uses the family. */
  readonly used: number;
  readonly right: number;
  readonly wrong: number;
  readonly verified: number;
  readonly verifiedWrong: number;
  readonly ids: { right: string[]; wrong: string[]; verifiedWrong: string[] };
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

export function auditFamily(dir: string, split: ArcSplit, family: string, depth: number, timeMs: number, onTask?: (id: string, done: number, total: number) => void): FamilyAuditRow {
  const matches = (name: string, fam: string): boolean => fam === family || (family.endsWith('.') && name.startsWith(family));
  const names = new Set(ARC_LEARNERS.filter((l) => matches(l.name, l.family)).map((l) => l.name));
  const entries = loadArcDataset(dir, split);
  const row = { split, tasks: entries.length, used: 0, right: 0, wrong: 0, verified: 0, verifiedWrong: 0, ids: { right: [] as string[], wrong: [] as string[], verifiedWrong: [] as string[] } };
  entries.forEach((e, i) => {
    const prims = primitivesFor(e.task).filter((p) => matches(p.name, p.family));
    // Factory-made primitives carry their parameter in the name (`keep(3)`); a step is matched without it.
    for (const p of prims) names.add(p.name.replace(/[[({].*$/, ''));
    const r = solveArcProgram(e.task, { timeoutMs: timeMs, maxDepth: depth, primitives: prims, validate: verifyArc });
    onTask?.(e.id, i + 1, entries.length);
    const top = r.programs[0];
    // A step's name is the text before its table or parameters: `sight.bg4[12]`, `keep(3)`; a
    // learner may name its fitted rule below its own name (`objrel8.shapedup{…}`, `pick.max.size`)
    // or as a variant of its rule (`rays4.hitsame{…}` from the learner `rays4.hit`: same first word).
    const firstWord = (n: string): string => n.split('.')[0]!;
    const uses = (step: string): boolean => {
      const name = step.trim().replace(/[[({].*$/, '');
      return names.has(name) || [...names].some((n) => name.startsWith(`${n}.`) || (n.includes('.') && firstWord(n) === firstWord(name)));
    };
    if (!top || !top.text.split('∘').some(uses)) return;
    row.used++;
    const known = e.task.test.every((t) => t.output);
    if (r.verification === 'demonstrations') row.verified++;
    if (!known) return;
    const ok = e.task.test.every((t, k) => r.attempts[k]!.some((a) => gridsEqual(a, t.output!)));
    if (ok) {
      row.right++;
      row.ids.right.push(e.id);
    } else {
      row.wrong++;
      row.ids.wrong.push(e.id);
      if (r.verification === 'demonstrations') {
        row.verifiedWrong++;
        row.ids.verifiedWrong.push(e.id);
      }
    }
  });
  return row;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = arg('dir') ?? path.resolve(here, '../../test/fixtures/data/arc');
  const family = arg('family');
  if (!family) {
    console.error('usage: arc-family-audit --family <name|prefix.> [--split training,concept] [--depth 1] [--time 1500]');
    process.exit(2);
  }
  const depth = Number(arg('depth') ?? 1), time = Number(arg('time') ?? 1500);
  console.log(`family ${family}, depth ${depth}, ${time} ms per task, primitives restricted to the family (learners all present)\n`);
  console.log('| split | tasks | best program uses it | right | wrong | verified | verified but wrong |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const rows: FamilyAuditRow[] = [];
  for (const split of (arg('split') ?? 'training,concept').split(',') as ArcSplit[]) {
    const r = auditFamily(dir, split, family, depth, time, (id, d, n) => process.stderr.write(`\r[${split}] ${d}/${n} ${id}   `));
    process.stderr.write('\n');
    rows.push(r);
    console.log(`| ${split} | ${r.tasks} | ${r.used} | ${r.right} | ${r.wrong} | ${r.verified} | ${r.verifiedWrong} |`);
  }
  for (const r of rows) {
    console.log(`\n${r.split} right: ${r.ids.right.join(' ')}\n${r.split} wrong: ${r.ids.wrong.join(' ')}\n${r.split} verified but wrong: ${r.ids.verifiedWrong.join(' ') || '(none)'}`);
  }
}
