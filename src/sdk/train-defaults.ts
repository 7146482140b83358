/**
 * Safe training settings for any plugin. A task without a preset used to inherit the paper's
 * GPU-sized Sudoku-Extreme model (hidden 512, 16-token puzzle prefix, batch 768, 16 steps), which
 * aborted inside tfjs-backend-wasm on a laptop. Instead, a task without a preset gets a small
 * CPU-sized model derived from its token interface, and every run's memory is estimated before
 * the first step: a run that cannot fit is refused with a TrmError that says what to change.
 */
import os from 'node:os';
import { TrmError } from '../errors.js';
import { swigluInnerSize, type TrmConfig } from '../neural/config.js';
import type { TokenSpec } from '../plugins/contract.js';
import type { TrainHyper } from '../neural/trainer.js';

/** Model settings for a plugin without a preset: a 2-layer hidden-64 TRM, sized for 2 CPU cores. */
export function cpuDefaultModel(tokens: TokenSpec): Partial<TrmConfig> {
  // Attention works for any sequence; mlp_t (the Sudoku variant) needs a fixed, short one.
  const usePuzzleEmb = tokens.numPuzzleIdentifiers > 1;
  return {
    architecture: 'trm',
    hiddenSize: 64,
    numHeads: 2,
    expansion: 2,
    posEncodings: 'rope',
    mlpT: false,
    lLayers: 2,
    hCycles: 2,
    lCycles: 2,
    haltMaxSteps: 4,
    puzzleEmbNdim: usePuzzleEmb ? 64 : 0,
    puzzleEmbLen: usePuzzleEmb ? 1 : 0,
  };
}

/** Training hyper-parameters for a plugin without a preset. */
export const CPU_DEFAULT_HYPER: Partial<TrainHyper> = { batchSize: 32, lr: 1e-3, warmupSteps: 20 };

/**
 * Bytes one training step needs, roughly: the weights (×4: weights, two AdamW moments, EMA), and
 * the activations the gradient pass keeps for the last recursion cycle (each block keeps its
 * inputs, attention scores and SwiGLU hidden), with a 2× margin for temporaries.
 */
export function estimateTrainingBytes(c: TrmConfig, batchSize: number): number {
  const prefix = c.puzzleEmbLen > 0 ? c.puzzleEmbLen : Math.ceil(c.puzzleEmbNdim / c.hiddenSize);
  const L = c.seqLen + prefix;
  const H = c.hiddenSize;
  const inner = swigluInnerSize(H, c.expansion);
  const layers = c.architecture === 'hrm' ? c.hLayers + c.lLayers : c.lLayers;
  const params = layers * (4 * H * H + 3 * H * inner) + c.vocabSize * H * 2 + c.numPuzzleIdentifiers * c.puzzleEmbNdim;
  // Net calls inside the gradient: the last cycle's L_cycles z_L updates plus one z_H update.
  const gradCalls = c.lCycles + 1;
  const perBlock = batchSize * L * (8 * H + 3 * inner) + (c.mlpT ? batchSize * H * L * 3 : batchSize * c.numHeads * L * L * 2);
  const activations = gradCalls * layers * perBlock + batchSize * L * c.vocabSize * 3;
  return 4 * (4 * params + 2 * activations);
}

/** The most a training run may use: wasm's 32-bit heap is 4 GiB at most; and never over half the machine's memory. */
export function trainingMemoryLimit(backend: string): number {
  const half = os.totalmem() / 2;
  return backend === 'wasm' ? Math.min(half, 2 ** 32 * 0.9) : half;
}

/** Refuses, before any step runs, a run whose estimate exceeds the backend's limit, saying what to change. */
export function checkTrainingFits(c: TrmConfig, batchSize: number, backend: string): void {
  const need = estimateTrainingBytes(c, batchSize);
  const limit = trainingMemoryLimit(backend);
  if (need <= limit) return;
  const gib = (b: number): string => (b / 2 ** 30).toFixed(1);
  const fitBatch = Math.max(1, Math.floor((batchSize * limit) / need));
  throw new TrmError(
    'TRM_ERR_INVALID_CONFIG',
    `training this model needs about ${gib(need)} GiB, more than the ${gib(limit)} GiB the ${backend} backend can use here ` +
      `(hidden ${c.hiddenSize}, ${c.architecture === 'hrm' ? c.hLayers + c.lLayers : c.lLayers} layers, sequence ${c.seqLen}, batch ${batchSize}): ` +
      `lower batchSize (about ${fitBatch} fits) or hiddenSize, or pass a preset sized for this machine`,
    { neededBytes: need, limitBytes: limit, backend, batchSize },
  );
}

/**
 * tfjs-backend-wasm reports running out of its heap as `RuntimeError: Aborted()`. Turned into a
 * TrmError that says what happened and what to change, so it never reaches a user raw.
 */
export function wrapBackendAbort(e: unknown, backend: string): unknown {
  if (e instanceof TrmError) return e;
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (/Aborted\(|RuntimeError|out of memory|Cannot enlarge memory|Array buffer allocation failed/i.test(msg)) {
    return new TrmError('TRM_ERR_INVALID_CONFIG', `the ${backend} backend ran out of memory during training (${msg.split('\n')[0]}): lower batchSize or hiddenSize`, { backend }, { cause: e });
  }
  return e;
}
