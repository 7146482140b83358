/**
 * Shipped-model regression: each shipped checkpoint that its model card credits with a real
 * neural-only rate is run, neural-only, on the first 50 rows of its training run's held-out set
 * (`training/<task>/heldout.jsonl`), and must reach its card's figure minus a margin. Replacing a
 * shipped `model.safetensors` with noise fails this file. Not timed: only accuracy is asserted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { trainingRunDir } from '../../src/sdk/paths.js';

/**
 * Card figure minus the margin (cards: 4×4 100%, 6×6 97.5% neural-only on 1,000 held-out puzzles;
 * 9×9 48% on 200, of which the first 50 are what this test runs).
 */
const FLOORS: Record<string, number> = { 'sudoku-4x4': 0.95, 'sudoku-6x6': 0.9, sudoku: 0.3 };
const ROWS = 50;

describe('shipped models reach their model card on held-out puzzles (neural-only)', () => {
  for (const [task, floor] of Object.entries(FLOORS)) {
    it(`${task}: ≥ ${floor * 100}% of the first ${ROWS} held-out puzzles verified by the model alone`, async () => {
      const file = path.join(trainingRunDir(task), 'heldout.jsonl');
      // The repository always has the held-out set of a shipped model: missing is a failure, not a skip.
      expect(fs.existsSync(file), `${file} is missing`).toBe(true);
      const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(0, ROWS);
      const sdk = createSdk();
      let verified = 0;
      let backend: string | null = null;
      let neural = 0;
      for (const line of rows) {
        const { puzzle, answer } = JSON.parse(line) as { puzzle: string; answer: string };
        const r = await sdk.solve(task, puzzle, { strategy: 'neural-only', vote: 0 });
        backend = r.backend;
        if (r.source === 'neural') neural++;
        // Verified and equal to the held-out answer (these puzzles have one solution).
        if (r.verified && r.formatted === answer) verified++;
      }
      console.info(`[shipped] ${task}: ${verified}/${rows.length} held-out puzzles solved neural-only (backend ${backend})`);
      expect(rows.length).toBe(ROWS);
      expect(neural).toBe(verified);
      expect(verified / rows.length).toBeGreaterThanOrEqual(floor);
    });
  }
});

describe('no tensor leak across solves', () => {
  it('100 neural-only solves with the shipped 4×4 model leave the live tensor count unchanged', async () => {
    const tf = await import('@tensorflow/tfjs');
    // tfjs tensors are what could leak here (the ONNX engine's memory is the fullsize bench's RSS row).
    const sdk = createSdk({ engine: 'tfjs' });
    const ex = sdk.generate('sudoku-4x4', { n: 101, seed: 5 });
    const plugin = sdk.plugin('sudoku-4x4');
    await sdk.solve('sudoku-4x4', plugin.formatPuzzle(ex[0]!.puzzle), { strategy: 'neural-only' });
    const before = tf.memory().numTensors;
    for (const e of ex.slice(1)) await sdk.solve('sudoku-4x4', plugin.formatPuzzle(e.puzzle), { strategy: 'neural-only', vote: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
