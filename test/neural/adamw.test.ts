import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { AdamW } from '../../src/neural/adamw.js';
import { TrmError } from '../../src/errors.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** torch.optim.AdamW in plain float64 JS, one parameter. */
function reference(p0: number[], grads: number[][], lrs: number[], b1: number, b2: number, eps: number, wd: number): number[] {
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    const lr = lrs[k]!;
    for (let i = 0; i < p.length; i++) {
      p[i] = p[i]! * (1 - lr * wd);
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
      const mh = m[i]! / (1 - b1 ** t);
      const vh = v[i]! / (1 - b2 ** t);
      p[i] = p[i]! - (lr * mh) / (Math.sqrt(vh) + eps);
    }
  });
  return p;
}

function close(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol);
}

describe('AdamW', () => {
  it('matches a float64 hand computation over 3 steps with weight decay and changing lr', () => {
    const w0 = [0.5, -1.25, 2, 0.001, -0.3, 0.75];
    const b0 = [0.1, -0.2];
    const gw = [[0.3, -0.1, 0.05, 1.5, -2, 0], [-0.2, 0.4, 0.05, -1, 0.5, 0.01], [0.1, 0.1, -0.3, 0.2, -0.7, -0.02]];
    const gb = [[1, -1], [0.5, 0.25], [-0.125, 2]];
    const lrs = [1e-2, 5e-3, 2e-2];
    const params = new Map<string, tf.Variable>([
      ['w', tf.variable(tf.tensor2d(w0, [2, 3]))],
      ['b', tf.variable(tf.tensor1d(b0))],
    ]);
    const opt = new AdamW(params, { betas: [0.9, 0.95], eps: 1e-8, weightDecay: 0.1 });
    for (let k = 0; k < 3; k++) {
      const grads = new Map<string, tf.Tensor>([['w', tf.tensor2d(gw[k]!, [2, 3])], ['b', tf.tensor1d(gb[k]!)]]);
      opt.step(grads, lrs[k]!);
      grads.forEach((g) => g.dispose());
    }
    close(params.get('w')!.dataSync(), reference(w0, gw, lrs, 0.9, 0.95, 1e-8, 0.1), 1e-6);
    close(params.get('b')!.dataSync(), reference(b0, gb, lrs, 0.9, 0.95, 1e-8, 0.1), 1e-6);
    const st = opt.getState();
    expect(st.params.get('w')!.step).toBe(3);
    opt.dispose();
    params.forEach((p) => p.dispose());
  });

  it('step 1 follows the closed form p(1 − lr·wd) − lr·sign(g)·|g|/(|g| + ε)', () => {
    // At t = 1, m̂ = g and √v̂ = |g|, so the update is lr·g/(|g|+ε) ≈ lr·sign(g).
    const p0 = [1, -2, 3, 0.5];
    const g = [0.5, -4, 1e-3, 0];
    const lr = 0.01;
    const wd = 1.0;
    const params = new Map([['p', tf.variable(tf.tensor1d(p0))]]);
    const opt = new AdamW(params, { weightDecay: wd });
    const grads = new Map([['p', tf.tensor1d(g)]]);
    opt.step(grads, lr);
    const want = p0.map((x, i) => x * (1 - lr * wd) - (lr * g[i]!) / (Math.abs(g[i]!) + 1e-8));
    close(params.get('p')!.dataSync(), want, 1e-7);
    // m = (1 − β1)·g and v = (1 − β2)·g² after one step (default betas 0.9, 0.95).
    const st = opt.getState().params.get('p')!;
    close(st.m, g.map((x) => 0.1 * x), 1e-7);
    close(st.v, g.map((x) => 0.05 * x * x), 1e-7);
    grads.get('p')!.dispose();
    opt.dispose();
  });

  it('leaves parameters without a gradient untouched, each parameter counting its own steps', () => {
    const params = new Map([['a', tf.variable(tf.tensor1d([1, 2]))], ['b', tf.variable(tf.tensor1d([3]))]]);
    const opt = new AdamW(params, { weightDecay: 0.5 });
    const ga = tf.tensor1d([0.1, 0.2]);
    const gb = tf.tensor1d([1]);
    opt.step(new Map([['a', ga]]), 0.1);
    expect(Array.from(params.get('b')!.dataSync())).toEqual([3]);
    opt.step(new Map([['a', ga], ['b', gb]]), 0.1);
    const st = opt.getState().params;
    expect(st.get('a')!.step).toBe(2);
    expect(st.get('b')!.step).toBe(1);
    // b's first update is a step-1 update, whatever a did before.
    close(params.get('b')!.dataSync(), [3 * (1 - 0.05) - 0.1 * (1 / (1 + 1e-8))], 1e-6);
    ga.dispose();
    gb.dispose();
    opt.dispose();
  });

  it('disposes every intermediate tensor', () => {
    const params = new Map([['p', tf.variable(tf.randomNormal([8, 4]))]]);
    const opt = new AdamW(params, { weightDecay: 0.1 });
    const g = tf.randomNormal([8, 4]);
    opt.step(new Map([['p', g]]), 1e-3); // creates the moments
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) opt.step(new Map([['p', g]]), 1e-3);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
    g.dispose();
  });

  it('getState / setState resume to the same trajectory', () => {
    const mk = () => new Map([['p', tf.variable(tf.tensor1d([0.3, -0.7, 1.1]))]]);
    const gs = [[0.2, -0.1, 0.4], [-0.3, 0.2, 0.1], [0.05, 0.5, -0.2], [0.1, -0.4, 0.3]];
    const run = (opt: AdamW, params: Map<string, tf.Variable>, from: number, to: number) => {
      for (let k = from; k < to; k++) {
        const g = tf.tensor1d(gs[k]!);
        opt.step(new Map([['p', g]]), 0.01);
        g.dispose();
      }
      return params;
    };
    const pa = mk();
    const a = new AdamW(pa, { weightDecay: 0.1 });
    run(a, pa, 0, 4);

    const pb = mk();
    const b = new AdamW(pb, { weightDecay: 0.1 });
    run(b, pb, 0, 2);
    const saved = b.getState();
    const pc = new Map([['p', tf.variable(tf.tensor1d(pb.get('p')!.dataSync()))]]);
    const c = new AdamW(pc, { weightDecay: 0.1 });
    c.setState(saved);
    run(c, pc, 2, 4);
    close(pc.get('p')!.dataSync(), Array.from(pa.get('p')!.dataSync()), 1e-7);
  });

  it('rejects bad gradients and bad state with error codes', () => {
    const params = new Map([['p', tf.variable(tf.zeros([2, 2]))]]);
    const opt = new AdamW(params);
    const wrong = tf.zeros([4]);
    expect(() => opt.step(new Map([['p', wrong]]), 0.1)).toThrow(/shape \[4\], parameter has \[2,2\]/);
    expect(() => opt.step(new Map([['q', wrong]]), 0.1)).toThrow(/unknown parameter "q"/);
    expect(() => opt.step(new Map(), NaN)).toThrow(TrmError);
    expect(() => new AdamW(params, { betas: [1, 0.9] })).toThrow(/beta1/);
    let err: unknown;
    try {
      opt.setState({ params: new Map([['p', { step: 1, m: new Float32Array(3), v: new Float32Array(3), shape: [3] }]]) });
    } catch (e) {
      err = e;
    }
    expect((err as TrmError).code).toBe('TRM_ERR_INVALID_CHECKPOINT');
    wrong.dispose();
  });
});
