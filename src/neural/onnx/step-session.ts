/**
 * One exported step graph in an ONNX Runtime session, and the refinement loop over it: the ONNX
 * engine's counterpart of `act.ts`'s `refineSteps` (evaluation mode: a fresh carry, rows restart
 * only at step 1, every row steps in lock step).
 *
 * The session is built once per model and reused. The carry stays in ORT tensors from step to
 * step (the outputs z_H_next / z_L_next are fed back as they are); only logits and the Q logits
 * come back to JavaScript, as the solve loop needs them.
 */
import { TrmError, invalidInput } from '../../errors.js';
import { effectivePuzzleEmbLen, type TrmConfig } from '../config.js';
import { argmaxRows, maxStablemaxProbs } from '../loss.js';
import type { TrmBatch } from '../model.js';
import { IO } from './metadata.js';
import type { OrtProvider, OrtRuntime, OrtSession, OrtTensor } from './ort-node.js';

/** One step's outputs as host arrays (z_H / z_L only when asked for). */
export interface OrtStepOutputs {
  /** 1-based supervision step. */
  readonly step: number;
  /** [B·S·V] row-major logits. */
  readonly logits: Float32Array;
  /** [B] Q logits. */
  readonly qHalt: Float32Array;
  readonly qContinue: Float32Array;
  /** [B·L·H] latents after this step, when `returnLatents` was asked. */
  readonly zH?: Float32Array;
  readonly zL?: Float32Array;
}

/** A refinement step as the solve loop sees it (the same fields as act.ts's RefineStep). */
export interface OrtRefineStep extends OrtStepOutputs {
  readonly predictions: Int32Array[];
  readonly probs: Float32Array[];
}

export class OrtStepSession {
  /** `onnxruntime/cpu` or `onnxruntime/cuda`: what runs the steps. */
  readonly engine: string;
  private released = false;

  private constructor(
    readonly runtime: OrtRuntime,
    readonly session: OrtSession,
    readonly config: TrmConfig,
    readonly provider: OrtProvider,
    readonly intraOpThreads: number,
    /** Why the provider differs from the one asked for, if it does. */
    readonly note: string | undefined,
  ) {
    this.engine = `onnxruntime/${provider}`;
  }

  /** A session for the step graph `model` (bytes of an exported file) of `config`. */
  static async create(runtime: OrtRuntime, model: Uint8Array, config: TrmConfig, options: { provider: OrtProvider; intraOpThreads: number }): Promise<OrtStepSession> {
    let made;
    try {
      made = await runtime.createSession(model, options);
    } catch (e) {
      throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `ONNX Runtime rejected the step graph: ${(e as Error).message.split('\n')[0]}`, undefined, { cause: e });
    }
    const missing = Object.values(IO).filter((n) => !made.session.inputNames.includes(n) && !made.session.outputNames.includes(n));
    if (missing.length) {
      await made.session.release();
      throw new TrmError('TRM_ERR_INVALID_CHECKPOINT', `the ONNX file is not a trm-sdk step graph: it lacks ${missing.join(', ')}`, { missing });
    }
    return new OrtStepSession(runtime, made.session, config, made.provider, options.intraOpThreads, made.note);
  }

  /** Checks a batch against the config (lengths and id ranges): TRM_ERR_INVALID_INPUT saying where. */
  validate(batch: TrmBatch): void {
    const { seqLen: S, vocabSize: V, numPuzzleIdentifiers: nId } = this.config;
    const B = batch.batchSize;
    if (!Number.isInteger(B) || B < 1) throw invalidInput(`batch.batchSize must be a positive integer, got ${JSON.stringify(B)}`);
    if (!(batch.inputs instanceof Int32Array) || batch.inputs.length !== B * S) throw invalidInput(`batch.inputs must be an Int32Array of batchSize × seqLen = ${B * S} tokens`);
    for (let i = 0; i < batch.inputs.length; i++) {
      const t = batch.inputs[i]!;
      if (t < 0 || t >= V) throw invalidInput(`batch.inputs: row ${Math.floor(i / S)}, position ${i % S} is ${t}, outside [0, ${V})`, { row: Math.floor(i / S), position: i % S, value: t });
    }
    if (!(batch.puzzleIdentifiers instanceof Int32Array) || batch.puzzleIdentifiers.length !== B) throw invalidInput(`batch.puzzleIdentifiers must be an Int32Array of ${B} entries`);
    for (let b = 0; b < B; b++) {
      const id = batch.puzzleIdentifiers[b]!;
      if (id < 0 || id >= nId) throw invalidInput(`batch.puzzleIdentifiers[${b}] is ${id}, outside [0, ${nId})`, { row: b, value: id });
    }
  }

  /**
   * `steps` supervision steps of `batch` from a fresh carry, yielding host outputs after each.
   * Breaking out early frees the carry.
   */
  async *steps(batch: TrmBatch, steps: number, options: { returnLatents?: boolean } = {}): AsyncGenerator<OrtStepOutputs, void, void> {
    this.assertAlive();
    if (!Number.isInteger(steps) || steps < 1) throw new TrmError('TRM_ERR_INVALID_OPTIONS', `steps must be a positive integer, got ${JSON.stringify(steps)}`);
    this.validate(batch);
    const B = batch.batchSize;
    const L = this.config.seqLen + effectivePuzzleEmbLen(this.config);
    const H = this.config.hiddenSize;
    const rt = this.runtime;
    const inputs = rt.tensor('int32', batch.inputs, [B, this.config.seqLen]);
    const ids = rt.tensor('int32', batch.puzzleIdentifiers, [B]);
    const resetAll = rt.tensor('bool', new Uint8Array(B).fill(1), [B]);
    const resetNone = rt.tensor('bool', new Uint8Array(B), [B]);
    // Step 1 restarts every row from H_init / L_init, so the first carry's values do not matter.
    const zeros = rt.tensor('float32', new Float32Array(B * L * H), [B, L, H]);
    let zH: OrtTensor = zeros;
    let zL: OrtTensor = zeros;
    try {
      for (let step = 1; step <= steps; step++) {
        const out = await this.session.run({ [IO.zH]: zH, [IO.zL]: zL, [IO.reset]: step === 1 ? resetAll : resetNone, [IO.inputs]: inputs, [IO.puzzleIdentifiers]: ids });
        if (zH !== zeros) zH.dispose();
        if (zL !== zeros) zL.dispose();
        zH = out[IO.zHNext]!;
        zL = out[IO.zLNext]!;
        const logits = out[IO.logits]!;
        const qHalt = out[IO.qHalt]!;
        const qContinue = out[IO.qContinue]!;
        const result: OrtStepOutputs = {
          step,
          logits: logits.data as Float32Array,
          qHalt: (qHalt.data as Float32Array).slice(),
          qContinue: (qContinue.data as Float32Array).slice(),
          ...(options.returnLatents ? { zH: (zH.data as Float32Array).slice(), zL: (zL.data as Float32Array).slice() } : {}),
        };
        yield result;
      }
    } finally {
      if (zH !== zeros) zH.dispose();
      if (zL !== zeros) zL.dispose();
    }
  }

  /** As {@link steps}, plus per-row argmax predictions and confidences (the solve loop's view). */
  async *refine(batch: TrmBatch, steps: number): AsyncGenerator<OrtRefineStep, void, void> {
    const { seqLen: S, vocabSize: V } = this.config;
    const B = batch.batchSize;
    for await (const s of this.steps(batch, steps)) {
      const preds = argmaxRows(s.logits, B * S, V);
      const conf = maxStablemaxProbs(s.logits, B * S, V);
      const predictions: Int32Array[] = [];
      const probs: Float32Array[] = [];
      for (let b = 0; b < B; b++) {
        predictions.push(preds.slice(b * S, (b + 1) * S));
        probs.push(conf.slice(b * S, (b + 1) * S));
      }
      yield { ...s, predictions, probs };
    }
  }

  /** Frees the session; the object cannot be used afterwards. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }

  private assertAlive(): void {
    if (this.released) throw new TrmError('TRM_ERR_INTERNAL', 'this ONNX Runtime session has been released');
  }
}
