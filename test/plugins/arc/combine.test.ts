import { describe, expect, it } from 'vitest';
import { arcPlugin, combineArcCandidates, parseArcTask, type ArcAnswer } from '../../../src/plugins/arc/index.js';

const task = parseArcTask({ train: [{ input: [[1]], output: [[1]] }], test: [{ input: [[1]] }, { input: [[2]] }] });
const A = [[1]], B = [[2]], C = [[3]], D = [[4, 4]];

describe('combineArcCandidates (pass@2 assembly)', () => {
  it('takes the first two distinct grids per test input, in rank order', () => {
    const ranked: ArcAnswer[] = [
      { attempts: [[A], [D]] },
      { attempts: [[A, B], [D]] }, // A again: skipped, B fills the second slot
      { attempts: [[C], [C]] },
    ];
    expect(combineArcCandidates(ranked, task)).toEqual({ attempts: [[A, B], [D, C]] });
    expect(arcPlugin.combineCandidates!(ranked, task)).toEqual({ attempts: [[A, B], [D, C]] });
  });

  it('skips malformed grids and missing entries; an unanswered test input gets [[0]]', () => {
    const ranked = [{ attempts: [[[[12]], A]] }, { attempts: 'x' }, null] as unknown as ArcAnswer[];
    expect(combineArcCandidates(ranked, task)).toEqual({ attempts: [[A], [[[0]]]] });
    expect(combineArcCandidates([], task)).toEqual({ attempts: [[[[0]]], [[[0]]]] });
  });

  it('returns copies, never aliases of the candidates', () => {
    const g = [[5]];
    const out = combineArcCandidates([{ attempts: [[g], [g]] }], task);
    g[0]![0] = 6;
    expect(out.attempts[0]![0]).toEqual([[5]]);
  });
});
