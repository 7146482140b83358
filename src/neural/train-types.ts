/**
 * The training and evaluation data types, with no TensorFlow.js in them: one token row (what a
 * plugin's encoder yields for training and for evaluation alike), the hyper-parameters, a progress
 * report and an evaluation report. Kept apart from trainer.ts so the SDK's public declarations do
 * not pull tfjs's typings into a user's compilation.
 */

/** One encoded example row: inputs and labels of seqLen tokens, and its puzzle identifier. */
export interface TokenRow {
  readonly inputs: Int32Array;
  readonly labels: Int32Array;
  readonly puzzleIdentifier: number;
}

export interface TrainHyper {
  /** Rows per optimizer step. */
  batchSize: number;
  /** Total optimizer steps of the run (a resumed run continues up to this). */
  steps: number;
  lr: number;
  warmupSteps: number;
  /** Final LR as a fraction of lr (cosine decay); 1 = constant after warm-up (reference default). */
  lrMinRatio: number;
  weightDecay: number;
  betas: [number, number];
  puzzleEmbLr: number;
  puzzleEmbWeightDecay: number;
  /** EMA decay; 0 disables EMA. */
  emaRate: number;
}

export interface EvalReport {
  /** Rows evaluated. */
  n: number;
  /** Fraction of rows exactly right after the last step. */
  exactAccuracy: number;
  /** Fraction of labelled tokens right after the last step. */
  tokenAccuracy: number;
  /** Fraction of rows exactly right at any step (what verify-after-each-step can harvest). */
  anyStepExact: number;
  /** Mean first step at which a row was exactly right, over rows that ever were. */
  meanStepsToExact: number | null;
  /** Supervision steps run. */
  steps: number;
}

export interface TrainProgress {
  step: number;
  totalSteps: number;
  /** Loss per row (summed loss / B), averaged since the last report. */
  loss: number;
  /** Exact accuracy of rows that halted in the reported window. */
  trainExact: number;
  lr: number;
  elapsedS: number;
  etaS: number;
  stepsPerS: number;
  eval?: EvalReport;
}

/** What a training run reports (the trainer adds the trained model itself). */
export interface TrainRunSummary {
  steps: number;
  resumedFrom: number;
  wallS: number;
  backend: string;
  finalEval: EvalReport | null;
  stoppedEarly: boolean;
  modelPath: string | null;
  /** Data-parallel ranks the run used (1 = single thread). */
  workers: number;
}
