import { describe, expect, it } from 'vitest';
import { createMazePlugin, MAZE_LARGE_SAMPLES, MAZE_SAMPLES, mazePlugin, maze11Plugin } from '../../../src/plugins/maze/index.js';
import { validatePlugin } from '../../../src/sdk/registry.js';
import { TrmError } from '../../../src/errors.js';

const TWO_WAYS = ['#####', '#S  #', '# # #', '#  G#', '#####'];

describe('maze plugin', () => {
  it('registers as two valid plugins: maze (30×30) and maze-11x11', () => {
    expect(() => validatePlugin(mazePlugin)).not.toThrow();
    expect(() => validatePlugin(maze11Plugin)).not.toThrow();
    expect([mazePlugin.name, maze11Plugin.name]).toEqual(['maze', 'maze-11x11']);
    expect(mazePlugin.version).toBe('0.1.0');
    expect(mazePlugin.sdkVersion).toBe('^0.1.0');
    expect(mazePlugin.augmentations.map((a) => a.name)).toEqual(['dihedral']);
    expect(mazePlugin.inputSchema).toMatchObject({ oneOf: [{ type: 'array', maxItems: 30 }, { type: 'string' }] });
    expect(() => createMazePlugin({ name: 'tiny', maxSize: 3 })).toThrow(TrmError);
  });

  it('ships samples (one 11×11; larger ones for the 30×30 task) that parse and are solvable in both plugins', () => {
    expect(MAZE_SAMPLES.some((s) => s.length === 11 && s[0]!.length === 11)).toBe(true);
    expect(maze11Plugin.samples).toEqual(MAZE_SAMPLES);
    // The demo shows each task at its own size: the 30×30 task's samples are larger and different.
    expect(mazePlugin.samples).toEqual(MAZE_LARGE_SAMPLES);
    expect(mazePlugin.samples.every((s) => s.length > 11)).toBe(true);
    expect(mazePlugin.samples.some((s) => s.length === 30)).toBe(true);
    for (const plugin of [mazePlugin, maze11Plugin]) {
      for (const s of plugin.samples) {
        const p = plugin.parse(s);
        const r = plugin.solveSymbolic(p);
        expect(r.count).toBe(1);
        expect(plugin.verify(p, r.solutions[0]!).ok).toBe(true);
      }
    }
  });

  it('solveSymbolic counts shortest paths up to the limit and returns distinct verified answers', () => {
    const p = mazePlugin.parse(TWO_WAYS);
    const one = mazePlugin.solveSymbolic(p);
    expect(one).toMatchObject({ count: 1, complete: true });
    expect(one.effort).toBeGreaterThan(0);
    const two = mazePlugin.solveSymbolic(p, { limit: 2 });
    expect(two.count).toBe(2);
    const five = mazePlugin.solveSymbolic(p, { limit: 5 });
    expect(five).toMatchObject({ count: 2, complete: true });
    const texts = five.solutions.map((s) => mazePlugin.format(s).join('\n'));
    expect(new Set(texts).size).toBe(2);
    for (const s of five.solutions) expect(mazePlugin.verify(p, s).ok).toBe(true);
  });

  it('reports an unreachable goal as count 0, and stops listing on abort', () => {
    const walled = mazePlugin.parse(['#####', '#S# #', '### #', '#  G#', '#####']);
    expect(mazePlugin.solveSymbolic(walled, { limit: 2 })).toMatchObject({ solutions: [], count: 0, complete: true });
    const open = mazePlugin.parse(['S     ', '      ', '      ', '      ', '     G']);
    const r = mazePlugin.solveSymbolic(open, { limit: 50, signal: AbortSignal.abort() });
    expect(r.solutions).toHaveLength(1);
    expect(r.complete).toBe(false);
    expect(mazePlugin.verify(open, r.solutions[0]!).ok).toBe(true);
  });
});
