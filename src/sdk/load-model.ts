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
import { TrmTaskModel, loadTaskModel } from './trm-task-model.js';

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
  const req = requestedEngine(options.engine);
  const tfjsBackendAsked = options.backend !== undefined || (process.env.TRM_BACKEND !== undefined && !['', 'auto'].includes(process.env.TRM_BACKEND.trim().toLowerCase()));
  const engine = req.engine ?? (tfjsBackendAsked ? 'tfjs' : 'onnxruntime');
  if (engine === 'onnxruntime') {
    const { loadOrtNode } = await import('../neural/onnx/ort-node.js');
    const ort = await loadOrtNode(options.ortModule);
    if (ort.ok) {
      const ck = await loadAnyCheckpoint(file, options.torch ?? {});
      const asked = requestedProvider();
      const provider = asked ?? (ort.runtime.cudaInstalled() ? 'cuda' : 'cpu');
      const m = await OrtTaskModel.create(ort.runtime, ck, id ?? path.relative(process.cwd(), file), { provider, intraOpThreads: ortThreads(), heldOutPath: heldOutFileFor(file) });
      if (m.session.note) logOnce(`[trm-sdk] ${m.session.note}`);
      logOnce(`[trm-sdk] engine ${m.engine} (${ort.runtime.packageName}, ${m.session.intraOpThreads} intra-op thread${m.session.intraOpThreads === 1 ? '' : 's'}; reason: ${req.engine ? `asked by ${req.by}` : 'default when onnxruntime-node loads'})`);
      const rate = measuredRate(file);
      if (rate !== undefined) m.verifiedRate = rate;
      return m;
    }
    if (req.engine === 'onnxruntime') {
      throw new TrmError('TRM_ERR_BACKEND_UNAVAILABLE', `${req.by} asks for the onnxruntime engine, but ${ort.reason}`, { engine: 'onnxruntime' });
    }
    logOnce(`[trm-sdk] engine tfjs: ${ort.reason}; install onnxruntime-node for native-speed inference`);
  }
  return loadTaskModel(file, id, options.backend, options.torch ?? {});
}
