/**
 * bench/arc-family-delta.ts: the families a program text uses (the lookup docs/arc.md's per-family
 * rows rest on), and the gained / lost / verified-but-wrong counts between two runs.
 */
import { describe, expect, it } from 'vitest';
import { familiesOf, familyDelta } from '../../../bench/arc-family-delta.js';
import { arcDataDir } from '../../support/fixtures.js';

describe('arc-family-delta', () => {
  const families = new Map<string, string>([
    ['rot90', 'geometry'],
    ['keep', 'objects'],
    ['pick', 'select'],
    ['#rays', 'rays'],
    ['cells.fill.rank', 'cells'],
  ]);

  it('names a step by its text before tables and parameters, then its dotted prefix, then its first word', () => {
    expect(familiesOf('keep(3) ∘ rot90', families).sort()).toEqual(['geometry', 'objects']);
    expect(familiesOf('pick.max.size', families)).toEqual(['select']);
    expect(familiesOf('rays8.wall.ext{1:UD→1}', families)).toEqual(['rays']);
    expect(familiesOf('cells.fill.rank{mid→bg}', families)).toEqual(['cells']);
    expect(familiesOf('nosuchstep', families)).toEqual(['unknown']);
  });

  it('counts gains, losses and verified-but-wrong answers per family between two runs', () => {
    const rec = (id: string, score: number, verified: boolean, text?: string) => ({ id, score, verified, falselyVerified: verified && score < 1, programs: text ? [{ text }] : [] });
    // Two real ARC-AGI-1 training ids, so that the task-made primitives of the split are looked up too.
    const before = new Map([['007bbfb7', rec('007bbfb7', 0, false)], ['00d62c1b', rec('00d62c1b', 1, true, 'rot90')]]);
    const after = new Map([['007bbfb7', rec('007bbfb7', 1, true, 'fractal')], ['00d62c1b', rec('00d62c1b', 0, true, 'rot90')]]);
    const rows = familyDelta(arcDataDir(), 'training', before, after);
    const geometry = rows.find((r) => r.family === 'geometry')!;
    expect(geometry.gained).toEqual(['007bbfb7']);
    expect(geometry.gainedVerified).toEqual(['007bbfb7']);
    expect(geometry.lost).toEqual(['00d62c1b']);
    expect(geometry.verifiedWrong).toBe(1);
  });
});
