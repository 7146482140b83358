/**
 * A neural proposer for ARC by test-time training.
 *
 * No ARC model ships, so the baseline trains a tiny TRM from scratch per task, on that task's
 * demonstration pairs only, inside the call's time budget, then predicts each test input under
 * every augmentation, maps the predictions back and votes. With `baseModel` an imported TRM/HRM
 * ARC checkpoint is fine-tuned instead (a fresh puzzle-embedding table, optionally the whole model).
 *
 * ## Compact canvas encoding
 * The reference (plugins/arc/tokens.ts) draws every grid on a 30×30 canvas (900 tokens); on two CPU
 * cores that is far too slow to train per task. Here the canvas side is
 *   D = min(30, 1 + the largest side of any demonstration input/output or test input of the task)
 * (test outputs are never looked at), so every grid fits with room for its end marker. Ids are
 * those of tokens.ts: 0 = pad, 1 = end-of-grid marker, colour c = c + 2 (vocab 12). An h×w grid
 * sits top-left; the marker fills row h under it (columns 0..w−1) and column w right of it
 * (rows 0..h−1), the corner stays pad, and a side that reaches D gets no marker. With D = 30 this
 * is exactly tokens.ts's encoding, which is what an imported 900-token model reads.
 * Labels are the output grid encoded the same way with pad → IGNORE (−100).
 *
 * Decoding ({@link decodeCanvas}) is strict: width = the run of colour ids along row 0, height =
 * the run down column 0; every cell inside must be a colour and the end markers must be where the
 * shape says (when inside the canvas); anything else is dropped (null), so every grid that
 * reaches a vote is rectangular with colours 0–9.
 *
 * ## Augmentations and puzzle identifiers
 * A = 8 dihedral transforms × C colour permutations (identity plus C−1 random ones keeping 0
 * fixed, drawn from the seed). As in the TRM paper each augmentation is its own "puzzle": it gets
 * its own puzzle-embedding row (ids 1..A; 0 stays the blank), because a rule such as "move down"
 * or "red becomes blue" is not invariant under the transform, and without demonstrations in the
 * context only the embedding can tell the model which variant it is solving. Training rows are
 * every (demonstration pair × augmentation), drawn in seeded shuffled epochs.
 *
 * ## Model and training
 * TRM, attention + RoPE, hidden 64, 2 heads, 2 layers, H/L cycles 2/2, 3 supervision steps, one
 * 64-wide puzzle-embedding row per augmentation; deep supervision by neural/trainer.ts's `train()`
 * on in-memory rows (see `fit`), AdamW 1e-2 (constant after a 10-step warm-up), sign-SGD 1e-2 on the embedding, no EMA,
 * no checkpoints. Training stops when the measured step time says the next step plus prediction
 * would pass the deadline (or at `maxSteps`).
 *
 * The budget is kept to within about one training step plus one prediction batch: the first step
 * of a fit always runs (nothing is known about its cost before), and a prediction batch that
 * started before the deadline finishes. On a 30×30 canvas one step can take longer than a small
 * budget: such tasks overrun by that step.
 *
 * ## Prediction and vote
 * Each test input is transformed by every augmentation (identity first; once the deadline has
 * passed no further batch is started, so a late vote counts fewer augmentations), refined for haltMaxSteps steps under that augmentation's puzzle id, decoded (strict),
 * mapped back by the inverse transform, and counted. Candidates rank by votes, ties by mean cell
 * confidence; the two best distinct grids are the pass@2 attempts.
 *
 * ## Leave-one-out verification and the budget split
 * With `leaveOneOut` (and ≥ 2 demonstration pairs), for each pair a model is fitted on the other
 * pairs and must predict that pair's output exactly (top-1 vote). These n fits run first, each given
 * remaining / (fits left, main fit included) of the budget, so with n pairs each LOO fit gets about
 * 1/(n+1) of the call; the first failure stops the verification (`looPassed: false`) and the main
 * fit gets everything left. So LOO fits train for less time than the main fit: verification is
 * conservative (a rule learned by the main fit may fail LOO for lack of steps), and it costs the
 * main fit n/(n+1) of the budget when it passes. One pair: nothing to leave out, `looPassed: null`.
 *
 * ## baseModel
 * An imported TRM or HRM whose seqLen is a square D·D (900 for the reference ARC models: D = 30,
 * tokens.ts's canvas) and vocabSize 12. Its per-task puzzle-embedding table belongs to the training
 * tasks, so it is replaced by a fresh zero table of A+1 rows (the reference initialises the puzzle
 * embedding to zeros); everything else starts from the checkpoint. `fit: 'embedding'` (the default
 * when the model has a puzzle embedding) trains only those rows (lr 0: the weights stay); `'full'` also
 * fine-tunes the rest at lr 1e-4. A model without a puzzle embedding can only be fitted 'full'.
 * Every grid of the task must fit the model's canvas (side ≤ D) or the call throws.
 */
import { performance } from 'node:perf_hooks';
import { TrmError } from '../../errors.js';
import { createRng, permutation, type Rng } from '../../util/rng.js';
import { refineSteps } from '../../neural/act.js';
import { initBackend } from '../../neural/backend.js';
import { validateConfig, type TrmConfig } from '../../neural/config.js';
import type { TokenRow } from '../../neural/evaluate.js';
import { TrmModel, type StateTensor } from '../../neural/model.js';
import { train, type TrainHyper, type TrainProgress } from '../../neural/trainer.js';
import { DIHEDRAL_INVERSE, dihedral, permuteColours } from '../../plugins/arc/augment.js';
import { ARC_COLOUR_OFFSET, ARC_EOS_ID, ARC_PAD_ID, ARC_TOKENS, decodeGridStrict, encodeGrid, encodeLabelGrid } from '../../plugins/arc/tokens.js';
import { gridsEqual } from '../../symbolic/arc/grid/grid.js';
import { MAX_GRID_SIDE, type ArcPair, type ArcTask, type Grid } from '../../symbolic/arc/grid/types.js';

// ---------------------------------------------------------------- public types

export interface ArcTttOptions {
  /** Wall-clock budget of the whole call (training, LOO fits, prediction), in ms. */
  timeoutMs: number;
  /** Aborting rejects with TRM_ERR_ABORTED (within about one training step). */
  signal?: AbortSignal;
  /** tfjs backend for initBackend (default: TRM_BACKEND or 'auto'). */
  backend?: string;
  /** Seed of the init, the colour permutations and the data order (default 1). */
  seed?: number;
  /** Verify by leave-one-out over the demonstration pairs (see the budget split above). */
  leaveOneOut?: boolean;
  /** Fine-tune an imported ARC model instead of training from scratch. */
  baseModel?: { model: TrmModel; fit?: 'embedding' | 'full' };
  /**
   * Stop each fit after this many optimizer steps (the deadline still wins). With it, a run is
   * reproducible from the seed whatever the machine's speed; without it the step count depends
   * on the clock.
   */
  maxSteps?: number;
  /** Colour permutations per dihedral transform, identity included (default 2; A = 8 × this). */
  colourPerms?: number;
  /** Overrides of the from-scratch model (e.g. fewer cycles for a fast smoke run); ignored with baseModel. */
  model?: Partial<TrmConfig>;
  /** AdamW learning rate of the from-scratch model (default 1e-2). */
  lr?: number;
  /** Hears every optimizer step of every fit ('loo-<i>' for the fit without pair i). */
  onProgress?: (p: { fit: string; step: number; loss: number; elapsedMs: number }) => void;
}

export interface ArcTttStats {
  /** Optimizer steps of the main fit. */
  steps: number;
  /** Measured ms per optimizer step of the main fit (0 when it ran fewer than 2 steps). */
  msPerStep: number;
  /** Optimizer steps of all leave-one-out fits together. */
  looSteps: number;
  /** Wall time of the whole call. */
  wallMs: number;
  /** Fraction of demonstration pairs the main fit reproduces exactly (identity augmentation, no vote). */
  trainExact: number;
  backend: string;
  /** Tokens per row (canvas side²). */
  seqLen: number;
  canvasSide: number;
  /** Augmentations (= puzzle ids used). */
  augmentations: number;
  /** Per test input: well-formed predictions that entered the vote (of `augmentations`). */
  votesCast: number[];
  /** 'scratch', or the baseModel fit mode. */
  mode: 'scratch' | 'embedding' | 'full';
}

export interface ArcTttResult {
  /** Per test input, up to two distinct grids, most voted first (empty when nothing decoded). */
  attempts: Grid[][];
  verification: 'leave-one-out' | 'none';
  /** null when not verified (or only one pair: nothing to leave out). */
  looPassed: boolean | null;
  stats: ArcTttStats;
}

// ---------------------------------------------------------------- encoding

/** The ids are the plugin's (plugins/arc/tokens.ts): 0 = pad, 1 = end-of-grid, colour c = c + 2. */
export const TTT_PAD_ID = ARC_PAD_ID;
export const TTT_EOS_ID = ARC_EOS_ID;
export const TTT_COLOUR_OFFSET = ARC_COLOUR_OFFSET;
export const TTT_VOCAB = ARC_TOKENS.vocabSize;

/** The compact canvas side of a task: 1 + its largest grid side (test outputs not consulted), at most 30. */
export function arcCanvasSide(task: ArcTask): number {
  return Math.min(MAX_GRID_SIDE, maxGridSide(task) + 1);
}

/** The largest side of any demonstration grid or test input (test outputs not consulted). */
export function maxGridSide(task: ArcTask): number {
  let m = 1;
  const see = (g: Grid): void => {
    m = Math.max(m, g.length, g[0]?.length ?? 0);
  };
  for (const p of task.train) {
    see(p.input);
    see(p.output);
  }
  for (const t of task.test) see(t.input);
  return m;
}

/** A grid on a D×D canvas (the plugin's codec, tokens.ts, on a smaller canvas); throws if it does not fit. */
export function encodeCanvas(grid: Grid, D: number): Int32Array {
  return encodeGrid(fitting(grid, D), D);
}

function fitting(grid: Grid, D: number): Grid {
  const h = grid.length;
  const w = grid[0]?.length ?? 0;
  if (h > D || w > D) throw new TrmError('TRM_ERR_INVALID_INPUT', `a ${h}×${w} grid does not fit the ${D}×${D} canvas`);
  return grid;
}

/** {@link encodeCanvas} with pad → IGNORE_LABEL_ID: the training target. */
export function encodeCanvasLabels(grid: Grid, D: number): Int32Array {
  return encodeLabelGrid(fitting(grid, D), D);
}

/** A predicted row back to a grid, or null when it is not a well-formed encoding (tokens.ts's strict decoder). Never throws. */
export const decodeCanvas = (row: ArrayLike<number>, D: number): Grid | null => decodeGridStrict(row, D);

// ---------------------------------------------------------------- augmentations

export interface TttAugmentation {
  /** Puzzle identifier (1-based; 0 is the blank). */
  readonly id: number;
  /** Dihedral transform 0–7. */
  readonly k: number;
  /** Colour permutation with perm[0] = 0. */
  readonly perm: readonly number[];
  readonly inv: readonly number[];
}

/** 8 dihedral transforms × `colourPerms` colour permutations (the first the identity), ids 1..A. */
export function tttAugmentations(colourPerms: number, rng: Rng): TttAugmentation[] {
  const perms: number[][] = [Array.from({ length: 10 }, (_, i) => i)];
  while (perms.length < colourPerms) perms.push([0, ...permutation(rng, 9).map((x) => x + 1)]);
  const out: TttAugmentation[] = [];
  for (const perm of perms) {
    const inv = new Array<number>(10);
    perm.forEach((to, from) => (inv[to] = from));
    for (let k = 0; k < 8; k++) out.push({ id: out.length + 1, k, perm, inv });
  }
  return out;
}

const applyAug = (g: Grid, a: TttAugmentation): Grid => permuteColours(dihedral(g, a.k), a.perm);
const invertAug = (g: Grid, a: TttAugmentation): Grid => dihedral(permuteColours(g, a.inv), DIHEDRAL_INVERSE[a.k]!);

// ---------------------------------------------------------------- model

/** The from-scratch model for a canvas of side D and A augmentations. */
export function tttConfig(D: number, augmentations: number): TrmConfig {
  return validateConfig({
    architecture: 'trm',
    seqLen: D * D,
    vocabSize: TTT_VOCAB,
    numPuzzleIdentifiers: augmentations + 1,
    puzzleEmbNdim: 64,
    puzzleEmbLen: 1,
    hiddenSize: 64,
    expansion: 2,
    numHeads: 2,
    posEncodings: 'rope',
    mlpT: false,
    hLayers: 0,
    lLayers: 2,
    hCycles: 2,
    lCycles: 2,
    haltMaxSteps: 3,
    haltExplorationProb: 0.1,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    noActContinue: true,
    batchSize: D * D > 256 ? 8 : 16,
  });
}

interface FitSpec {
  config: TrmConfig;
  lr: number;
  initialWeights?: Map<string, StateTensor>;
}

/** A base model's fit: its config with A+1 puzzle ids and its weights with a fresh zero table. */
function baseFitSpec(base: TrmModel, A: number, mode: 'embedding' | 'full'): FitSpec {
  base.assertAlive();
  const cfg = base.config;
  const config = validateConfig({ ...cfg, numPuzzleIdentifiers: A + 1 });
  const weights = new Map<string, StateTensor>();
  for (const [name, v] of base.params) {
    if (name === 'inner.puzzle_emb.weights') {
      weights.set(name, { shape: [A + 1, cfg.puzzleEmbNdim], data: new Float32Array((A + 1) * cfg.puzzleEmbNdim) });
    } else {
      weights.set(name, { shape: [...v.shape], data: (v.dataSync() as Float32Array).slice() });
    }
  }
  return { config, lr: mode === 'embedding' ? 0 : 1e-4, initialWeights: weights };
}

function hyperFor(config: TrmConfig, lr: number, steps: number): TrainHyper {
  return {
    batchSize: config.batchSize,
    steps,
    lr,
    warmupSteps: lr === 0 ? 0 : 10,
    lrMinRatio: 1,
    weightDecay: 0.01,
    betas: [0.9, 0.95],
    puzzleEmbLr: 1e-2,
    puzzleEmbWeightDecay: 0.01,
    emaRate: 0,
  };
}

// ---------------------------------------------------------------- fit and predict

interface Ctx {
  D: number;
  augs: TttAugmentation[];
  spec: FitSpec;
  seed: number;
  maxSteps?: number;
  signal?: AbortSignal;
  onProgress?: ArcTttOptions['onProgress'];
}

const aborted = (): TrmError => new TrmError('TRM_ERR_ABORTED', 'ARC test-time training was aborted');

/** Rows for (pair × augmentation), drawn in seeded shuffled epochs. */
function rowSource(pairs: readonly ArcPair[], ctx: Ctx, rng: Rng): (n: number) => TokenRow[] {
  const rows: TokenRow[] = [];
  for (const p of pairs) {
    for (const a of ctx.augs) {
      rows.push({ inputs: encodeCanvas(applyAug(p.input, a), ctx.D), labels: encodeCanvasLabels(applyAug(p.output, a), ctx.D), puzzleIdentifier: a.id });
    }
  }
  let order: number[] = [];
  return (n) => {
    const out: TokenRow[] = [];
    while (out.length < n) {
      if (!order.length) order = permutation(rng, rows.length);
      out.push(rows[order.pop()!]!);
    }
    return out;
  };
}

/** Rows one prediction pass costs relative to one training step (an estimate, kept generous). */
function predictReserveMs(stepMs: number, ctx: Ctx, inputs: number): number {
  const rows = inputs * ctx.augs.length;
  // An eval supervision step is about 0.6 of a training step per row; ×1.5 margin, + fixed slack.
  return Math.ceil(rows / ctx.spec.config.batchSize) * ctx.spec.config.haltMaxSteps * stepMs * 0.9 + 150;
}

/**
 * Train on `pairs` until the deadline (minus prediction of `predictInputs` inputs) or maxSteps:
 * neural/trainer.ts's `train()` (the one training loop; no EMA, no checkpoints, no held-out rows),
 * stopped before the step that would not leave time to predict. `train()` yields to the event loop
 * before every step, so the caller's `AbortSignal.timeout`, a server's deadline or a test's abort
 * ends the fit within one step.
 */
async function fit(name: string, pairs: readonly ArcPair[], ctx: Ctx, deadline: number, predictInputs: number, seed: number): Promise<{ model: TrmModel; steps: number; backend: string; stepMs: number }> {
  const { config, lr } = ctx.spec;
  const t0 = performance.now();
  let last = t0;
  let stepMs = 0;
  const r = await train({
    config,
    hyper: hyperFor(config, lr, ctx.maxSteps ?? 1_000_000_000),
    seed,
    nextRows: rowSource(pairs, ctx, createRng(seed ^ 0x5bd1e995)),
    evalRows: [],
    evalEvery: 0,
    logEvery: 1,
    ...(ctx.spec.initialWeights ? { initialWeights: ctx.spec.initialWeights } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    // Until a step has been timed there is nothing to go by: the first step always runs (when any
    // time is left); after it, the first step's time (kernel set-up included, so high) is the
    // estimate, then a running average of the later ones.
    shouldStop: (step) => {
      const now = performance.now();
      if (step > 0) {
        const dt = now - last;
        stepMs = step <= 2 ? dt : 0.8 * stepMs + 0.2 * dt;
      }
      last = now;
      return now + stepMs + predictReserveMs(stepMs, ctx, predictInputs) >= deadline;
    },
    ...(ctx.onProgress ? { onProgress: (p: TrainProgress) => ctx.onProgress!({ fit: name, step: p.step, loss: p.loss, elapsedMs: p.elapsedS * 1000 }) } : {}),
  });
  if (ctx.signal?.aborted) {
    r.model.dispose();
    throw aborted();
  }
  return { model: r.model, steps: r.steps, backend: r.backend, stepMs };
}

interface Candidate {
  grid: Grid;
  votes: number;
  conf: number;
}

/** Vote per input: every augmentation's decoded, inverse-mapped prediction. Sorted best first. */
async function predict(model: TrmModel, ctx: Ctx, inputs: readonly Grid[], augs: readonly TttAugmentation[], deadline: number): Promise<Candidate[][]> {
  const { D } = ctx;
  const S = D * D;
  // Augmentation-major, identity first: when the deadline cuts the vote short, every input has
  // the votes of the same first augmentations.
  const jobs: { input: number; aug: TttAugmentation; row: Int32Array }[] = [];
  for (const a of augs) inputs.forEach((g, i) => jobs.push({ input: i, aug: a, row: encodeCanvas(applyAug(g, a), D) }));
  const tallies = inputs.map(() => new Map<string, Candidate>());
  const chunk = ctx.spec.config.batchSize;
  for (let start = 0; start < jobs.length; start += chunk) {
    if (ctx.signal?.aborted) throw aborted();
    if (start > 0 && performance.now() >= deadline) break;
    const part = jobs.slice(start, start + chunk);
    const B = part.length;
    const batch = { batchSize: B, inputs: new Int32Array(B * S), puzzleIdentifiers: Int32Array.from(part, (j) => j.aug.id) };
    part.forEach((j, b) => batch.inputs.set(j.row, b * S));
    let preds: Int32Array[] = [];
    let probs: Float32Array[] = [];
    for await (const step of refineSteps(model, batch, model.config.haltMaxSteps)) {
      preds = step.predictions;
      probs = step.probs;
    }
    part.forEach((j, b) => {
      const g = decodeCanvas(preds[b]!, D);
      if (!g) return;
      const h = g.length, w = g[0]!.length;
      let conf = 0;
      for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) conf += probs[b]![r * D + c]!;
      const back = invertAug(g, j.aug);
      const key = JSON.stringify(back);
      const t = tallies[j.input]!;
      const cand = t.get(key) ?? { grid: back, votes: 0, conf: 0 };
      cand.votes++;
      cand.conf += conf / (h * w);
      t.set(key, cand);
    });
  }
  return tallies.map((t) => [...t.values()].sort((a, b) => b.votes - a.votes || b.conf / b.votes - a.conf / a.votes));
}

const sameGrid = (a: Grid | undefined, b: Grid): boolean => a !== undefined && gridsEqual(a, b);

// ---------------------------------------------------------------- entry point

/**
 * Fit a tiny TRM to the task's demonstrations (or fine-tune `baseModel`) within `timeoutMs`, and
 * propose up to two grids per test input by an augmentation vote. See the module comment for the
 * encoding, the model, the vote and the leave-one-out budget split.
 */
export async function solveArcByTestTimeTraining(task: ArcTask, opts: ArcTttOptions): Promise<ArcTttResult> {
  const t0 = performance.now();
  if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs < 0) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `timeoutMs must be a non-negative number, got ${opts.timeoutMs}`, { option: 'timeoutMs' });
  }
  if (!task || !Array.isArray(task.train) || task.train.length === 0 || !Array.isArray(task.test)) {
    throw new TrmError('TRM_ERR_INVALID_INPUT', 'an ARC task needs at least one demonstration pair and a test list');
  }
  if (opts.maxSteps !== undefined && (!Number.isInteger(opts.maxSteps) || opts.maxSteps < 1)) {
    throw new TrmError('TRM_ERR_INVALID_OPTIONS', `maxSteps must be a positive integer, got ${opts.maxSteps}`, { option: 'maxSteps' });
  }
  if (opts.signal?.aborted) throw aborted();
  const deadline = t0 + opts.timeoutMs;
  const seed = (opts.seed ?? 1) >>> 0;
  const info = await initBackend(opts.backend);
  const augs = tttAugmentations(Math.max(1, Math.floor(opts.colourPerms ?? 2)), createRng(seed ^ 0x2545f491));

  let D: number;
  let spec: FitSpec;
  let mode: ArcTttStats['mode'] = 'scratch';
  if (opts.baseModel) {
    const cfg = opts.baseModel.model.config;
    D = Math.round(Math.sqrt(cfg.seqLen));
    if (D * D !== cfg.seqLen || cfg.vocabSize !== TTT_VOCAB) {
      throw new TrmError('TRM_ERR_INVALID_OPTIONS', `baseModel must read a square canvas with the ARC vocabulary (seqLen D·D, vocabSize ${TTT_VOCAB}); got seqLen ${cfg.seqLen}, vocabSize ${cfg.vocabSize}`, { option: 'baseModel' });
    }
    if (maxGridSide(task) > D) {
      throw new TrmError('TRM_ERR_INVALID_INPUT', `the task has grids larger than the base model's ${D}×${D} canvas`);
    }
    mode = opts.baseModel.fit ?? (cfg.puzzleEmbNdim > 0 ? 'embedding' : 'full');
    if (mode === 'embedding' && cfg.puzzleEmbNdim === 0) {
      throw new TrmError('TRM_ERR_INVALID_OPTIONS', "baseModel has no puzzle embedding: only fit 'full' applies", { option: 'baseModel.fit' });
    }
    spec = baseFitSpec(opts.baseModel.model, augs.length, mode);
  } else {
    D = arcCanvasSide(task);
    spec = { config: validateConfig({ ...tttConfig(D, augs.length), ...opts.model }), lr: opts.lr ?? 1e-2 };
  }
  const ctx: Ctx = { D, augs, spec, seed, ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}), ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };

  // Leave-one-out first (see the module comment): each fit gets remaining / (fits left).
  const n = task.train.length;
  let looPassed: boolean | null = null;
  let looSteps = 0;
  if (opts.leaveOneOut && n >= 2) {
    looPassed = true;
    for (let i = 0; i < n; i++) {
      const now = performance.now();
      const share = Math.max(0, deadline - now) / (n - i + 1);
      const rest = task.train.filter((_, j) => j !== i);
      const f = await fit(`loo-${i}`, rest, ctx, now + share, 1, seed + 1 + i);
      looSteps += f.steps;
      try {
        const [cands] = await predict(f.model, ctx, [task.train[i]!.input], augs, now + share);
        if (!sameGrid(cands![0]?.grid, task.train[i]!.output)) looPassed = false;
      } finally {
        f.model.dispose();
      }
      if (!looPassed) break;
    }
  }

  // The reserve counts the test inputs under every augmentation plus the demonstrations once.
  const main = await fit('main', task.train, ctx, deadline, task.test.length + n / augs.length, seed);
  let testT: Candidate[][];
  let trainT: Candidate[][];
  try {
    testT = await predict(main.model, ctx, task.test.map((t) => t.input), augs, deadline);
    // trainExact: the demonstrations under the identity augmentation only (one row each, no vote).
    trainT = await predict(main.model, ctx, task.train.map((p) => p.input), augs.slice(0, 1), deadline);
  } finally {
    main.model.dispose();
  }
  const trainExact = trainT.filter((c, i) => sameGrid(c[0]?.grid, task.train[i]!.output)).length / n;
  return {
    attempts: testT.map((c) => c.slice(0, 2).map((x) => x.grid)),
    verification: opts.leaveOneOut ? 'leave-one-out' : 'none',
    looPassed,
    stats: {
      steps: main.steps,
      msPerStep: main.stepMs,
      looSteps,
      wallMs: performance.now() - t0,
      trainExact,
      backend: main.backend || info.backend,
      seqLen: D * D,
      canvasSide: D,
      augmentations: augs.length,
      votesCast: testT.map((c) => c.reduce((s, x) => s + x.votes, 0)),
      mode,
    },
  };
}
