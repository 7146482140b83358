/**
 * Real-data checks on the shared ARC files. The key property of the output validator: it never
 * rejects a correct answer — every true solution of ARC-AGI-1 training and evaluation passes.
 * Skipped (with the reason in the name) only when ../shared/data/arc is absent.
 */
import { describe, expect, it } from 'vitest';
import { sampleComposite } from '../../../src/plugins/contract.js';
import { createRng } from '../../../src/plugins/rng.js';
import {
  ARC_AUGMENTATIONS,
  inferRules,
  knownSolutions,
  loadArcDataset,
  overlappingIds,
  scoreArc,
  verifyArc,
  type ArcAnswer,
  type ArcDatasetEntry,
} from '../../../src/plugins/arc/index.js';
import { ARC_DATA_DIR, HAS_ARC_DATA } from './helpers.js';

const SKIP = HAS_ARC_DATA ? '' : ' (skipped: ARC data folder ../shared/data/arc not found)';
const cache = new Map<string, ArcDatasetEntry[]>();
const load = (split: 'training' | 'evaluation' | 'training2'): ArcDatasetEntry[] => {
  if (!cache.has(split)) cache.set(split, loadArcDataset(ARC_DATA_DIR, split));
  return cache.get(split)!;
};
const truthOf = (e: ArcDatasetEntry): ArcAnswer => ({ attempts: knownSolutions(e.task)!.map((g) => [g]) });

describe(`ARC-AGI-1 real data${SKIP}`, () => {
  for (const split of ['training', 'evaluation'] as const) {
    it.skipIf(!HAS_ARC_DATA)(`${split}: every task loads with its solutions`, () => {
      const ds = load(split);
      expect(ds.length).toBeGreaterThan(0);
      for (const e of ds) {
        expect(e.task.id).toBe(e.id);
        expect(knownSolutions(e.task), e.id).toBeDefined();
      }
    });

    it.skipIf(!HAS_ARC_DATA)(`${split}: the true solution of every task passes verify, and the rules constrain most tasks`, () => {
      const ds = load(split);
      const rejected: string[] = [];
      const byRule: Record<string, number> = {};
      let shapeConstrained = 0;
      for (const e of ds) {
        const v = verifyArc(e.task, truthOf(e));
        if (!v.ok) rejected.push(`${e.id}: ${v.violations.map((x) => x.message).join('; ')}`);
        const rules = inferRules(e.task);
        for (const r of rules) byRule[r.name] = (byRule[r.name] ?? 0) + 1;
        if (rules.some((r) => r.kind === 'shape')) shapeConstrained++;
      }
      console.info(`[arc] ${split}: ${ds.length - rejected.length}/${ds.length} true solutions pass; ${shapeConstrained} tasks have a shape rule; per rule ${JSON.stringify(byRule)}`);
      expect(rejected).toEqual([]);
      // The property must not hold vacuously: most tasks get a shape rule, and colours-from-input fires often.
      expect(shapeConstrained).toBeGreaterThan(ds.length / 2);
      expect(byRule['colours-from-input'] ?? 0).toBeGreaterThan(ds.length / 2);
    });

    it.skipIf(!HAS_ARC_DATA)(`${split}: augmented true solutions pass verify on the augmented task`, () => {
      const rng = createRng(split === 'training' ? 1 : 2);
      const rejected: string[] = [];
      for (const e of load(split)) {
        const t = sampleComposite(ARC_AUGMENTATIONS, rng);
        const v = verifyArc(t.puzzle(e.task), t.answer(truthOf(e)));
        if (!v.ok) rejected.push(`${e.id} ${t.id}: ${v.violations[0]!.message}`);
      }
      expect(rejected).toEqual([]);
    });

    it.skipIf(!HAS_ARC_DATA)(`${split}: a copy-the-input answer is rejected on tasks whose output shape differs`, () => {
      // Evidence that verify does reject wrong answers, not only that it accepts right ones.
      let differing = 0, rejected = 0;
      for (const e of load(split)) {
        const copy: ArcAnswer = { attempts: e.task.test.map((t) => [t.input]) };
        const shapeDiffers = e.task.test.some((t) => t.input.length !== t.output!.length || t.input[0]!.length !== t.output![0]!.length);
        if (!shapeDiffers) continue;
        differing++;
        if (!verifyArc(e.task, copy).ok) rejected++;
      }
      console.info(`[arc] ${split}: copy-the-input rejected on ${rejected}/${differing} tasks whose output shape differs from the input`);
      expect(rejected).toBeGreaterThan(0);
    });
  }

  it.skipIf(!HAS_ARC_DATA)('scores a known task: the official solution scores 1, a wrong grid 0', () => {
    const e = load('training').find((x) => x.id === '6150a2bd')!;
    expect(e).toBeDefined();
    const sols = knownSolutions(e.task)!;
    expect(scoreArc(e.task, truthOf(e), sols)).toEqual({ perTest: [true], score: 1 });
    expect(scoreArc(e.task, { attempts: [[e.task.test[0]!.input]] }, sols).score).toBe(0);
  });

  it.skipIf(!HAS_ARC_DATA)('training2 overlaps ARC-AGI-1 evaluation (never train on training2 and report on evaluation)', () => {
    const overlap = overlappingIds(load('training2'), load('evaluation'));
    expect(overlap.length).toBeGreaterThan(0);
    expect(overlappingIds(load('training'), load('evaluation'))).toEqual([]);
  });
});
