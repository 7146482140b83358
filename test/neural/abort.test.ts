/**
 * `train()` stops on an abort from a timer (not only from inside onProgress): it yields to the
 * event loop before every step, so the timer runs, and the run ends within one step of it, on one
 * worker and on two. What it leaves behind is a valid resume point: a second run resumes from the
 * step the first one stopped at and finishes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/neural/backend.js';
import { configFromReference, type TrmConfig } from '../../src/neural/config.js';
import { train, type TokenRow, type TrainHyper } from '../../src/neural/trainer.js';
import { createRng } from '../../src/util/rng.js';

const config: TrmConfig = configFromReference(
  JSON.stringify({ batch_size: 4, seq_len: 8, num_puzzle_identifiers: 3, vocab_size: 6, H_cycles: 1, L_cycles: 1, H_layers: 0, L_layers: 1, hidden_size: 16, expansion: 2, num_heads: 2, halt_max_steps: 2, halt_exploration_prob: 0.1, forward_dtype: 'float32', puzzle_emb_ndim: 16, puzzle_emb_len: 1, no_ACT_continue: true, pos_encodings: 'rope', mlp_t: false }),
  'trm',
);
/** 400 steps: far more than the run gets through before the abort (a few steps after step 3). */
const hyper: TrainHyper = { batchSize: 4, steps: 400, lr: 1e-3, warmupSteps: 2, lrMinRatio: 1, weightDecay: 0.1, betas: [0.9, 0.95], puzzleEmbLr: 1e-2, puzzleEmbWeightDecay: 0.1, emaRate: 0.9 };

function rows(seed: number): (n: number) => TokenRow[] {
  const rng = createRng(seed);
  return (n) =>
    Array.from({ length: n }, () => {
      const inputs = Int32Array.from({ length: config.seqLen }, () => 1 + rng.int(5));
      return { inputs, labels: inputs.map((t) => 1 + (t % 5)), puzzleIdentifier: rng.int(3) };
    });
}

describe('train() stopped by a timer', () => {
  beforeAll(async () => {
    process.env.TRM_QUIET = '1';
    await initBackend('cpu');
  });

  for (const workers of [1, 2]) {
    it(`${workers} worker(s): a setTimeout abort ends the run within one step and leaves a resume point`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trm-abort-${workers}-`));
      try {
        const ac = new AbortController();
        let done = 0;
        let atAbort = -1;
        const first = await train({
          config, hyper, seed: 7, workers, nextRows: rows(1), evalRows: [], evalEvery: 0, logEvery: 1,
          checkpointDir: dir, checkpointEvery: 1000, onNotice: () => {},
          signal: ac.signal,
          onProgress: (p) => {
            done = p.step;
            // The abort comes from a timer, not from this callback: it can only run if train() yields.
            if (p.step === 3) {
              setTimeout(() => {
                atAbort = done;
                ac.abort();
              }, 0);
            }
          },
        });
        first.model.dispose();
        expect(atAbort).toBeGreaterThanOrEqual(3);
        expect(first.stoppedEarly).toBe(true);
        if (workers === 1) {
          // One thread: the timer runs in the yield before a step, and that step is not taken.
          expect(first.steps).toBe(atAbort);
        } else {
          // Two: the timer may also run while a step's shards are in flight; that step completes.
          expect(first.steps).toBeGreaterThanOrEqual(atAbort);
          expect(first.steps).toBeLessThanOrEqual(atAbort + 1);
        }
        expect(first.workers).toBe(workers);

        const second = await train({ config, hyper: { ...hyper, steps: first.steps + 2 }, seed: 7, workers, nextRows: rows(2), evalRows: [], evalEvery: 0, checkpointDir: dir, resume: true, onNotice: () => {} });
        second.model.dispose();
        expect(second.resumedFrom).toBe(first.steps);
        expect(second.steps).toBe(first.steps + 2);
        expect(second.stoppedEarly).toBe(false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
