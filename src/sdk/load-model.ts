/**
 * Loads a checkpoint for inference on the chosen engine (see engine.ts): ONNX Runtime by default
 * when `onnxruntime-node` loads, else TensorFlow.js with one log line that says why. An explicit
 * tfjs backend (the `backend` option or TRM_BACKEND) without an engine choice means tfjs.
 */
import path from 'node:path';
import { TrmError } from '../errors.js';
import { loadAnyCheckpoint } from '../neural/load-checkpoint.js';
import type { TorchImportOptions } from '../neural/pytorch/to-checkpoint.js';
import { logOnce, ortThreads, requestedEngine, requestedProvider } from './engine.js';
import { measuredRate } from './model-sidecar.js';
import { OrtTaskModel } from './ort-task-model.js';
import { heldOutFileFor } from './paths.js';
import type { TrmTaskModel } from './trm-task-model.js';
import { loadTaskModel, taskModelFromCheckpoint } from './load-task-model.js';
import type { LoadedCheckpoint } from '../neural/checkpoint-types.js';
import type { OrtRuntime } from '../neural/onnx/ort-node.js';

/** A loaded model on either engine: the TaskModel plus what the SDK needs to manage it. */
export type LoadedTaskModel = TrmTaskModel | OrtTaskModel;

export interface LoadModelOptions {
  /** 'onnxruntime' | 'tfjs' | 'auto' (default: TRM_ENGINE, else ONNX Runtime when it loads). */
  engine?: string;
  /** tfjs backend, for the tfjs engine. */
  backend?: string;
  /** For PyTorch files: the task's sequence length, an all_config.yaml. */
  torch?: TorchImportOptions;
  /** The ONNX Runtime package to import (default onnxruntime-node; tests name a missing one). */
  ortModule?: string;
}

export async function loadModelFile(file: string, id: string | undefined, options: LoadModelOptions = {}): Promise<LoadedTaskModel> {
  const modelId = id ?? path.relative(process.cwd(), file);
  const ort = await chooseOrt(options);
  if (ort) {
    const ck = await loadAnyCheckpoint(file, options.torch ?? {});
    const m = await ortModel(ort.runtime, ck, modelId, ort.reason, heldOutFileFor(file));
    const rate = measuredRate(file);
    if (rate !== undefined) m.verifiedRate = rate;
    return m;
  }
  return loadTaskModel(file, id, options.backend, options.torch ?? {});
}

/** As {@link loadModelFile}, for a checkpoint already read and checked (a model fetched by URL). */
export async function loadModelCheckpoint(ck: LoadedCheckpoint, id: string, options: LoadModelOptions = {}): Promise<LoadedTaskModel> {
  const ort = await chooseOrt(options);
  return ort ? ortModel(ort.runtime, ck, id, ort.reason, null) : taskModelFromCheckpoint(ck, id, options.backend);
}

/** ONNX Runtime when the engine choice says so and it loads (with why), else null for tfjs. */
async function chooseOrt(options: LoadModelOptions): Promise<{ runtime: OrtRuntime; reason: string } | null> {
  const req = requestedEngine(options.engine);
  const tfjsBackendAsked = options.backend !== undefined || (process.env.TRM_BACKEND !== undefined && !['', 'auto'].includes(process.env.TRM_BACKEND.trim().toLowerCase()));
  const engine = req.engine ?? (tfjsBackendAsked ? 'tfjs' : 'onnxruntime');
  if (engine !== 'onnxruntime') return null;
  const { loadOrtNode } = await import('../neural/onnx/ort-node.js');
  const ort = await loadOrtNode(options.ortModule);
  if (ort.ok) return { runtime: ort.runtime, reason: req.engine ? `asked by ${req.by}` : 'default when onnxruntime-node loads' };
  if (req.engine === 'onnxruntime') {
    throw new TrmError('TRM_ERR_BACKEND_UNAVAILABLE', `${req.by} asks for the onnxruntime engine, but ${ort.reason}`, { engine: 'onnxruntime' });
  }
  logOnce(`[trm-sdk] engine tfjs: ${ort.reason}; install onnxruntime-node for native-speed inference (offline or CPU-only: ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node)`);
  return null;
}

async function ortModel(runtime: OrtRuntime, ck: LoadedCheckpoint, id: string, reason: string, heldOutPath: string | null): Promise<OrtTaskModel> {
  const asked = requestedProvider();
  const provider = asked ?? (runtime.cudaInstalled() ? 'cuda' : 'cpu');
  const m = await OrtTaskModel.create(runtime, ck, id, { provider, intraOpThreads: ortThreads(), heldOutPath });
  if (m.session.note) logOnce(`[trm-sdk] ${m.session.note}`);
  logOnce(`[trm-sdk] engine ${m.engine} (${runtime.packageName}, ${m.session.intraOpThreads} intra-op thread${m.session.intraOpThreads === 1 ? '' : 's'}; reason: ${reason})`);
  return m;
}
