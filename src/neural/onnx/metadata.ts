/**
 * What an exported step graph says about itself in `metadata_props` (strings, as ONNX allows),
 * so that a file read outside trm-sdk carries everything needed to drive it: the model config
 * (the reference's JSON config), the task's token interface, the names and shapes of the inputs
 * and outputs, and how to loop it.
 */
import { configToReference, effectivePuzzleEmbLen, type TrmConfig } from '../config.js';

/** Format tag of a trm-sdk step graph (bumped when the inputs or outputs change). */
export const ONNX_STEP_FORMAT = 'trm-sdk-onnx-step/1';

/** Graph input and output names, one place for the builder, the engine and the docs. */
export const IO = {
  zH: 'z_H',
  zL: 'z_L',
  reset: 'reset',
  inputs: 'inputs',
  puzzleIdentifiers: 'puzzle_identifiers',
  zHNext: 'z_H_next',
  zLNext: 'z_L_next',
  logits: 'logits',
  qHalt: 'q_halt',
  qContinue: 'q_continue',
} as const;

/** The task's token interface as recorded (the plugin contract's TokenSpec, restated here: neural does not import plugins). */
export interface TokenInterface {
  readonly seqLen: number;
  readonly vocabSize: number;
  readonly padId: number;
  readonly numPuzzleIdentifiers: number;
}

/** The inputs and outputs with their element types and shapes ("batch" is the dynamic dimension). */
export function ioDescription(c: TrmConfig): Record<string, string> {
  const L = c.seqLen + effectivePuzzleEmbLen(c);
  const H = c.hiddenSize;
  return {
    [IO.zH]: `float32 [batch, ${L}, ${H}] carry z_H (any value where reset is true)`,
    [IO.zL]: `float32 [batch, ${L}, ${H}] carry z_L (any value where reset is true)`,
    [IO.reset]: 'bool [batch] true: the row starts from H_init / L_init (first step, or a new puzzle)',
    [IO.inputs]: `int32 [batch, ${c.seqLen}] token ids in [0, ${c.vocabSize})`,
    [IO.puzzleIdentifiers]: `int32 [batch] puzzle-embedding rows in [0, ${c.numPuzzleIdentifiers})`,
    [IO.zHNext]: `float32 [batch, ${L}, ${H}] the new z_H: feed it back as z_H`,
    [IO.zLNext]: `float32 [batch, ${L}, ${H}] the new z_L: feed it back as z_L`,
    [IO.logits]: `float32 [batch, ${c.seqLen}, ${c.vocabSize}] token logits; the answer is their argmax`,
    [IO.qHalt]: 'float32 [batch] halt logit (> 0: the model believes the row is solved)',
    [IO.qContinue]: 'float32 [batch] continue logit',
  };
}

/** metadata_props of a step graph. `source` is the checkpoint's own __metadata__ (prefixed `source.`). */
export function stepMetadata(c: TrmConfig, options: { task?: string; tokens?: TokenInterface; source?: Record<string, string> } = {}): Record<string, string> {
  const out: Record<string, string> = {
    format: ONNX_STEP_FORMAT,
    architecture: c.architecture,
    config: JSON.stringify(configToReference(c)),
    io: JSON.stringify(ioDescription(c)),
    halt_max_steps: String(c.haltMaxSteps),
    loop: 'step 1: reset = true; then feed z_H_next, z_L_next back as z_H, z_L with reset = false, up to halt_max_steps steps (or until q_halt > 0); answer = argmax(logits, -1)',
  };
  if (options.task) out.task = options.task;
  if (options.tokens) out.tokens = JSON.stringify(options.tokens);
  for (const [k, v] of Object.entries(options.source ?? {})) if (k !== 'config' && !Object.hasOwn(out, k)) out[`source.${k}`] = v;
  return out;
}
