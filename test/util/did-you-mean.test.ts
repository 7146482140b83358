import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, editDistance } from '../../src/util/did-you-mean.js';

const TASKS = ['sudoku', 'sudoku-4x4', 'sudoku-6x6', 'maze', 'maze-11x11', 'arc'];

describe('did you mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('hybird', 'hybrid')).toBe(1);
    expect(editDistance('soduku', 'sudoku')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('MAZE', 'maze')).toBe(0);
  });

  it('suggests the close task names only', () => {
    expect(closestNames('soduku', TASKS)).toEqual(['sudoku']);
    expect(closestNames('maez', TASKS)).toEqual(['maze']);
    expect(closestNames('sudoku-4', TASKS)).toEqual(['sudoku-4x4']);
    expect(closestNames('chess', TASKS)).toEqual([]);
    expect(didYouMean('soduku', TASKS)).toBe('did you mean "sudoku"?');
    expect(didYouMean('queens', TASKS)).toBe('');
  });

  it('names every equally close choice', () => {
    expect(closestNames('sudoku-5x5', TASKS)).toEqual(['sudoku-4x4', 'sudoku-6x6']);
  });
});
