import { describe, it, expect } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { createRng } from '../../src/util/rng.js';
import { latinSquare } from '../../examples/latin-square.js';

describe('the README example plugin (latin-square)', () => {
  it('registers with a bare SDK and solves its sample symbolically, verified', async () => {
    const sdk = createSdk({ builtins: false, plugins: [latinSquare] });
    expect(sdk.tasks().map((t) => t.name)).toEqual(['latin-square']);
    const r = await sdk.solve('latin-square', latinSquare.samples![0], { strategy: 'symbolic-only' });
    expect(r.verified).toBe(true);
    expect(r.source).toBe('symbolic');
    expect(latinSquare.verify(latinSquare.parse(latinSquare.samples![0]), r.answer as number[][]).ok).toBe(true);
  });

  it('its verifier rejects a changed given and a repeated value', () => {
    const rng = createRng(1);
    const { puzzle, answer } = latinSquare.generate!(rng);
    expect(latinSquare.verify(puzzle, answer).ok).toBe(true);
    const given = puzzle.flat().findIndex((v) => v !== 0);
    const bad = answer.map((r) => [...r]);
    const [r, c] = [Math.floor(given / 5), given % 5];
    bad[r]![c] = (bad[r]![c]! % 5) + 1;
    const v = latinSquare.verify(puzzle, bad);
    expect(v.ok).toBe(false);
    expect(v.violations.map((x) => x.rule)).toContain('given-changed');
    expect(v.violations.map((x) => x.rule)).toContain('row');
  });

  it('reports an unsatisfiable puzzle as TRM_ERR_UNSATISFIABLE', async () => {
    const sdk = createSdk({ builtins: false, plugins: [latinSquare] });
    const contradiction = [[1, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]];
    await expect(sdk.solve('latin-square', contradiction)).rejects.toMatchObject({ code: 'TRM_ERR_UNSATISFIABLE', status: 422 });
  });

  it('augmentation inverts exactly', () => {
    const rng = createRng(7);
    const { answer } = latinSquare.generate!(rng);
    const t = latinSquare.augmentations![0]!.sample(rng);
    expect(t.inverseAnswer(t.answer(answer))).toEqual(answer);
  });
});
