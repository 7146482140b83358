import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Ema } from '../../src/neural/ema.js';
import { TrmError } from '../../src/errors.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const vals = (v: tf.Variable) => Array.from(v.dataSync());

describe('Ema', () => {
  it('tracks mu·shadow + (1 − mu)·param over several updates', () => {
    const p = tf.variable(tf.tensor1d([1, -2]));
    const params = new Map([['p', p]]);
    const ema = new Ema(params, { mu: 0.9 });
    let shadow = [1, -2];
    const seq = [[2, 0], [4, 1], [-1, 3]];
    for (const x of seq) {
      p.assign(tf.tensor1d(x));
      ema.update();
      shadow = shadow.map((s, i) => 0.9 * s + 0.1 * x[i]!);
    }
    const st = ema.getState().shadow.get('p')!;
    st.data.forEach((v, i) => expect(Math.abs(v - shadow[i]!)).toBeLessThan(1e-6));
    expect(vals(p)).toEqual([-1, 3]); // the live weights are untouched by update()
    ema.dispose();
  });

  it('swap exchanges live weights and averages; swapping twice restores them', () => {
    const p = tf.variable(tf.tensor1d([0, 0]));
    const ema = new Ema({ params: new Map([['p', p]]) }, { mu: 0.5 });
    p.assign(tf.tensor1d([2, 4]));
    ema.update(); // shadow = [1, 2]
    ema.swap();
    expect(vals(p)).toEqual([1, 2]);
    ema.swap();
    expect(vals(p)).toEqual([2, 4]);
    const before = tf.memory().numTensors;
    ema.swap();
    ema.swap();
    ema.update();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('copyTo writes the averages into another model; names limits what is averaged', () => {
    const params = new Map([['a', tf.variable(tf.tensor1d([1]))], ['emb', tf.variable(tf.tensor1d([5]))]]);
    const ema = new Ema(params, { mu: 0.75, names: ['a'] });
    expect(ema.names()).toEqual(['a']);
    params.get('a')!.assign(tf.tensor1d([5]));
    params.get('emb')!.assign(tf.tensor1d([9]));
    ema.update(); // a: 0.75·1 + 0.25·5 = 2
    const other = new Map([['a', tf.variable(tf.tensor1d([0]))], ['emb', tf.variable(tf.tensor1d([0]))]]);
    ema.copyTo({ params: other });
    expect(vals(other.get('a')!)).toEqual([2]);
    expect(vals(other.get('emb')!)).toEqual([0]);
    expect(() => ema.copyTo(new Map())).toThrow(/no parameter "a"/);
  });

  it('state round-trips and bad state is rejected', () => {
    const params = new Map([['p', tf.variable(tf.tensor2d([[1, 2]]))]]);
    const ema = new Ema(params, { mu: 0.5 });
    params.get('p')!.assign(tf.tensor2d([[3, 6]]));
    ema.update();
    const saved = ema.getState();
    const fresh = new Ema(params, { mu: 0.5 });
    fresh.setState(saved);
    expect(Array.from(fresh.getState().shadow.get('p')!.data)).toEqual([2, 4]);
    let err: unknown;
    try {
      fresh.setState({ shadow: new Map([['p', { shape: [2], data: new Float32Array(2) }]]) });
    } catch (e) {
      err = e;
    }
    expect((err as TrmError).code).toBe('TRM_ERR_INVALID_CHECKPOINT');
    expect(() => new Ema(params, { mu: 1.5 })).toThrow(/mu must be in \[0, 1\]/);
  });
});
