import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { SparseSignSGD } from '../../src/neural/sign-sgd.js';
import { TrmError } from '../../src/errors.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('SparseSignSGD', () => {
  it('updates only the used rows, summing duplicate ids before taking the sign', () => {
    const w0 = [
      [1, 2, 3],
      [-1, -2, -3],
      [0.5, 0.5, 0.5],
      [10, 20, 30],
    ];
    const weights = tf.variable(tf.tensor2d(w0));
    const opt = new SparseSignSGD(weights, { weightDecay: 0.1 });
    // Row 2 appears twice: +0.3 and −0.5 sum to −0.2 (sign −1), 0.1 + 0.2 > 0, and 0 + 0 = 0.
    const ids = [2, 0, 2];
    const grad = tf.tensor2d([
      [0.3, 0.1, 0],
      [-5, 0, 1e-9],
      [-0.5, 0.2, 0],
    ]);
    const lr = 0.01;
    opt.step(ids, grad, lr);
    const keep = 1 - lr * 0.1;
    const want = [
      [1 * keep + lr, 2 * keep, 3 * keep - lr],
      [-1, -2, -3],
      [0.5 * keep + lr, 0.5 * keep - lr, 0.5 * keep],
      [10, 20, 30],
    ];
    const got = weights.arraySync() as number[][];
    for (let r = 0; r < 4; r++) for (let c = 0; c < 3; c++) expect(Math.abs(got[r]![c]! - want[r]![c]!), `[${r}][${c}]`).toBeLessThan(1e-7);
    grad.dispose();
    weights.dispose();
  });

  it('accepts ids as a tensor and leaks no tensors', () => {
    const weights = tf.variable(tf.zeros([5, 2]));
    const opt = new SparseSignSGD(weights);
    const ids = tf.tensor1d([4, 1], 'int32');
    const grad = tf.tensor2d([[1, -1], [-2, 3]]);
    const before = tf.memory().numTensors;
    opt.step(ids, grad, 0.5);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(weights.dataSync())).toEqual([0, 0, 0.5, -0.5, 0, 0, 0, 0, -0.5, 0.5]);
    ids.dispose();
    grad.dispose();
  });

  it('rejects out-of-range ids and mis-shaped gradients', () => {
    const weights = tf.variable(tf.zeros([3, 2]));
    const opt = new SparseSignSGD(weights);
    const g = tf.zeros([1, 2]);
    expect(() => opt.step([3], g, 0.1)).toThrow(/row id 3 is outside \[0, 3\)/);
    expect(() => opt.step([0, 1], g, 0.1)).toThrow(/expected \[2, 2\]/);
    expect(() => opt.step([-1], g, 0.1)).toThrow(TrmError);
    expect(Array.from(weights.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
