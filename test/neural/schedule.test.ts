import { describe, it, expect } from 'vitest';
import { cosineWarmupLr, makeLrSchedule } from '../../src/neural/schedule.js';
import { TrmError } from '../../src/errors.js';

describe('cosineWarmupLr (reference schedule)', () => {
  const o = { baseLr: 1e-4, warmupSteps: 100, totalSteps: 1100 };

  it('warms up linearly from 0 at step 0 to base at the end of warm-up', () => {
    expect(cosineWarmupLr(0, o)).toBe(0);
    expect(cosineWarmupLr(1, o)).toBeCloseTo(1e-6, 15);
    expect(cosineWarmupLr(50, o)).toBeCloseTo(5e-5, 15);
    expect(cosineWarmupLr(100, o)).toBeCloseTo(1e-4, 15);
  });

  it('is constant after warm-up with the default minRatio 1.0', () => {
    for (const t of [100, 300, 600, 1100, 5000]) expect(cosineWarmupLr(t, o)).toBeCloseTo(1e-4, 15);
  });

  it('decays along a half cosine to minRatio·base', () => {
    const d = { ...o, minRatio: 0.1 };
    expect(cosineWarmupLr(100, d)).toBeCloseTo(1e-4, 15);
    // Halfway through the decay: minRatio + (1 − minRatio)·½.
    expect(cosineWarmupLr(600, d)).toBeCloseTo(1e-4 * (0.1 + 0.9 * 0.5), 15);
    // A quarter through: ½(1 + cos(π/4)).
    expect(cosineWarmupLr(350, d)).toBeCloseTo(1e-4 * (0.1 + 0.9 * 0.5 * (1 + Math.SQRT1_2)), 15);
    expect(cosineWarmupLr(1100, d)).toBeCloseTo(1e-5, 15);
    // Past the end the reference keeps going around the cosine (cycles 0.5 → back up);
    // at 2·total−warmup it is back at base.
    expect(cosineWarmupLr(2100, d)).toBeCloseTo(1e-4, 15);
  });

  it('handles no warm-up and total ≤ warm-up without dividing by zero', () => {
    expect(cosineWarmupLr(0, { baseLr: 2, warmupSteps: 0, totalSteps: 10, minRatio: 0 })).toBe(2);
    expect(cosineWarmupLr(10, { baseLr: 2, warmupSteps: 0, totalSteps: 10, minRatio: 0 })).toBeCloseTo(0, 12);
    expect(Number.isFinite(cosineWarmupLr(5, { baseLr: 2, warmupSteps: 5, totalSteps: 5, minRatio: 0 }))).toBe(true);
  });

  it('makeLrSchedule validates its options', () => {
    expect(makeLrSchedule(o)(50)).toBeCloseTo(5e-5, 15);
    expect(() => makeLrSchedule({ ...o, minRatio: 2 })).toThrow(TrmError);
    expect(() => makeLrSchedule({ ...o, warmupSteps: -1 })).toThrow(/warmupSteps/);
    expect(() => makeLrSchedule({ ...o, baseLr: NaN })).toThrow(/baseLr/);
  });
});
