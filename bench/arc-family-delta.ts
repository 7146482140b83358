/**
 * Which primitive family each `eval arc` answer came from, and what a round changed, from two
 * record files of the same split (before, after): for every family, the tasks whose best program
 * uses it after (right, verified, verified-but-wrong) and the tasks it gained and lost against the
 * before run. This is how the per-family rows of docs/arc.md are taken from whole-split runs, so
 * they add up to the split's own figures rather than to a family's private subset.
 *
 *   node dist/bench/arc-family-delta.js --split training --before before.jsonl --after after.jsonl [--dir test/fixtures/data/arc]
 *
 * A program step is named by its text before any table or parameters (`cells.fill.rank{…}`,
 * `keep(3)`, `sight.bg4[12]`); it is looked up as a primitive (fixed or made for the task by a
 * factory) or a learner, then by its longest dotted prefix, then by its first word with its
 * digits dropped (`rays8.wall.ext` → `rays`, `tile2x2` → `tile`). A program counts for every family it uses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArcDataset, type ArcSplit } from '../src/plugins/arc/loader.js';
import { ARC_LEARNERS, primitivesFor } from '../src/symbolic/arc/index.js';

interface EvalRecord {
  readonly id: string;
  readonly score: number;
  readonly verified: boolean;
  readonly falselyVerified: boolean;
  readonly programs: readonly { readonly text: string }[];
}

export interface FamilyDeltaRow {
  readonly family: string;
  used: number;
  right: number;
  verified: number;
  verifiedWrong: number;
  readonly gained: string[];
  readonly lost: string[];
  readonly gainedVerified: string[];
}

const readRecords = (file: string): Map<string, EvalRecord> =>
  new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as EvalRecord)
      .map((r) => [r.id, r]),
  );

/** The families a program text uses, by the lookup order of the module comment. */
export function familiesOf(text: string, families: ReadonlyMap<string, string>): string[] {
  const out = new Set<string>();
  for (const raw of text.split('∘')) {
    const name = raw.trim().replace(/[[({].*$/, '');
    let fam = families.get(name);
    for (let parts = name.split('.'); !fam && parts.length > 1; ) fam = families.get((parts = parts.slice(0, -1)).join('.'));
    fam ??= families.get(`#${name.split('.')[0]!.replace(/\d[\dx]*$/, '')}`);
    out.add(fam ?? 'unknown');
  }
  return [...out];
}

export function familyDelta(dir: string, split: ArcSplit, before: Map<string, EvalRecord>, after: Map<string, EvalRecord>): FamilyDeltaRow[] {
  const families = new Map<string, string>();
  const add = (full: string, family: string): void => {
    const name = full.replace(/[[({].*$/, ''); // factory-made primitives carry their parameter: `cellmove(4)`
    if (!families.has(name)) families.set(name, family);
    const word = `#${name.split('.')[0]!.replace(/\d[\dx]*$/, '')}`;
    if (!families.has(word)) families.set(word, family);
  };
  for (const l of ARC_LEARNERS) add(l.name, l.family);
  for (const e of loadArcDataset(dir, split)) for (const p of primitivesFor(e.task)) add(p.name, p.family);
  const rows = new Map<string, FamilyDeltaRow>();
  const row = (f: string): FamilyDeltaRow => {
    let r = rows.get(f);
    if (!r) rows.set(f, (r = { family: f, used: 0, right: 0, verified: 0, verifiedWrong: 0, gained: [], lost: [], gainedVerified: [] }));
    return r;
  };
  for (const [id, a] of after) {
    const b = before.get(id);
    const top = a.programs[0];
    if (top) {
      for (const f of familiesOf(top.text, families)) {
        const r = row(f);
        r.used++;
        if (a.score === 1) r.right++;
        if (a.verified) r.verified++;
        if (a.falselyVerified) r.verifiedWrong++;
        if (a.score === 1 && (!b || b.score < 1)) r.gained.push(id);
        if (a.verified && a.score === 1 && !(b?.verified && b.score === 1)) r.gainedVerified.push(id);
      }
    }
    const btop = b?.programs[0];
    if (b && btop && b.score === 1 && a.score < 1) for (const f of familiesOf(btop.text, families)) row(f).lost.push(id);
  }
  return [...rows.values()].sort((x, y) => y.gained.length - x.gained.length || y.right - x.right);
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = arg('dir') ?? path.resolve(here, '../../test/fixtures/data/arc');
  const split = arg('split') as ArcSplit | undefined, beforeFile = arg('before'), afterFile = arg('after');
  if (!split || !beforeFile || !afterFile) {
    console.error('usage: arc-family-delta --split <s> --before before.jsonl --after after.jsonl [--dir folder]');
    process.exit(2);
  }
  const rows = familyDelta(dir, split, readRecords(beforeFile), readRecords(afterFile));
  console.log(`${split}: best program's families, after run; gained/lost = right now and not before / the reverse\n`);
  console.log('| family | best program uses it | right | verified | verified but wrong | gained (verified) | lost |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.family} | ${r.used} | ${r.right} | ${r.verified} | ${r.verifiedWrong} | +${r.gained.length} (${r.gainedVerified.length}) | −${r.lost.length} |`);
  for (const r of rows) if (r.gained.length || r.lost.length) console.log(`\n${r.family} gained: ${r.gained.join(' ') || '-'}; lost: ${r.lost.join(' ') || '-'}`);
}
