/**
 * Gradient-free evaluation as in the reference: every row runs all `steps` supervision steps
 * (halting only at the end); a row counts as exactly correct when every labelled token's argmax
 * equals its label. Also reports token accuracy and the mean step at which rows first became
 * exactly correct (what early exit in the solve loop would need).
 */
import { IGNORE_LABEL_ID } from '../util/tokens.js';
import { refineSteps } from './act.js';
import type { TrmModel } from './model.js';
import type { EvalReport, TokenRow } from './train-types.js';
export type { EvalReport, TokenRow } from './train-types.js';



export async function evaluateRows(model: TrmModel, rows: readonly TokenRow[], steps: number, batchSize = 64): Promise<EvalReport> {
  const S = model.config.seqLen;
  let exact = 0;
  let tokRight = 0;
  let tokTotal = 0;
  let anyExact = 0;
  let firstSum = 0;
  for (let start = 0; start < rows.length; start += batchSize) {
    const chunk = rows.slice(start, start + batchSize);
    const B = chunk.length;
    const inputs = new Int32Array(B * S);
    const puzzleIdentifiers = new Int32Array(B);
    chunk.forEach((r, b) => {
      inputs.set(r.inputs, b * S);
      puzzleIdentifiers[b] = r.puzzleIdentifier;
    });
    const first = new Int32Array(B); // 0 = never exact
    let last: Int32Array[] = [];
    for await (const step of refineSteps(model, { batchSize: B, inputs, puzzleIdentifiers }, steps)) {
      last = step.predictions;
      for (let b = 0; b < B; b++) {
        if (first[b]) continue;
        if (rowExact(step.predictions[b]!, chunk[b]!.labels)) first[b] = step.step;
      }
    }
    for (let b = 0; b < B; b++) {
      const labels = chunk[b]!.labels;
      const pred = last[b]!;
      let ok = true;
      for (let i = 0; i < S; i++) {
        if (labels[i] === IGNORE_LABEL_ID) continue;
        tokTotal++;
        if (pred[i] === labels[i]) tokRight++;
        else ok = false;
      }
      if (ok) exact++;
      if (first[b]) {
        anyExact++;
        firstSum += first[b]!;
      }
    }
  }
  const n = rows.length;
  return {
    n,
    exactAccuracy: n ? exact / n : 0,
    tokenAccuracy: tokTotal ? tokRight / tokTotal : 0,
    anyStepExact: n ? anyExact / n : 0,
    meanStepsToExact: anyExact ? firstSum / anyExact : null,
    steps,
  };
}

function rowExact(pred: Int32Array, labels: Int32Array): boolean {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== IGNORE_LABEL_ID && pred[i] !== labels[i]) return false;
  }
  return true;
}
