/**
 * `trm-sdk export <checkpoint> --onnx <file>` and `sdk.exportOnnx(...)`: a checkpoint (our
 * safetensors, or a PyTorch file with its all_config.yaml) written as the ONNX graph of one
 * supervision step (src/neural/onnx/export.ts), which runs in a plain ONNX Runtime session in any
 * language. With a task, the checkpoint is first checked against the task's token interface, and
 * that interface is recorded in the file's metadata_props.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TrmError } from '../errors.js';
import type { TrmConfig } from '../neural/config.js';
import { loadAnyCheckpoint } from '../neural/load-checkpoint.js';
import { buildStepGraph } from '../neural/onnx/export.js';
import { IO, ONNX_STEP_FORMAT } from '../neural/onnx/metadata.js';
import type { TokenSpec } from '../plugins/contract.js';
import { checkModelMatchesTask } from './model-match.js';

export interface ExportOnnxRequest {
  /** The checkpoint: our safetensors, or a PyTorch file (all_config.yaml beside it or `configFile`). */
  file: string;
  /** Where to write the .onnx file. */
  onnx: string;
  /** The task it is for: its tokens are checked and recorded (a PyTorch file takes its sequence length from it). */
  task?: string;
  configFile?: string;
  /** A PyTorch file's sequence length when no task is named. */
  seqLen?: number;
}

export interface ExportOnnxResult {
  readonly path: string;
  readonly bytes: number;
  readonly config: TrmConfig;
  readonly format: string;
  readonly task: string | null;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export async function exportOnnx(req: ExportOnnxRequest, tokens?: TokenSpec): Promise<ExportOnnxResult> {
  if (typeof req.onnx !== 'string' || req.onnx.length === 0) throw new TrmError('TRM_ERR_INVALID_OPTIONS', 'export needs an output file (onnx)', { option: 'onnx' });
  const seqLen = tokens?.seqLen ?? req.seqLen;
  const ck = await loadAnyCheckpoint(req.file, { ...(seqLen !== undefined ? { seqLen } : {}), ...(req.configFile ? { configFile: req.configFile } : {}) });
  if (req.task && tokens) checkModelMatchesTask(req.task, tokens, ck.config, req.file);
  const task = req.task ?? ck.metadata.task;
  const bytes = buildStepGraph(ck.config, ck.tensors, {
    ...(task ? { task } : {}),
    ...(tokens ? { tokens: { seqLen: tokens.seqLen, vocabSize: tokens.vocabSize, padId: tokens.padId, numPuzzleIdentifiers: tokens.numPuzzleIdentifiers } } : {}),
    sourceMetadata: ck.metadata,
  });
  const out = path.resolve(req.onnx);
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Written beside the target, then renamed: a reader never sees half a file.
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, out);
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot write ${req.onnx}: ${(e as Error).message}`, { path: req.onnx }, { cause: e });
  }
  return {
    path: out,
    bytes: bytes.length,
    config: ck.config,
    format: ONNX_STEP_FORMAT,
    task: task ?? null,
    inputs: [IO.zH, IO.zL, IO.reset, IO.inputs, IO.puzzleIdentifiers],
    outputs: [IO.zHNext, IO.zLNext, IO.logits, IO.qHalt, IO.qContinue],
  };
}
