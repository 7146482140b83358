/**
 * The public face on Node: `createSdk()` builds a registry of task plugins (the built-ins plus the
 * caller's) and offers parse / verify / solve / generate over task names (sdk-core.ts), plus what
 * needs the file system: loading and inspecting checkpoint files, importing PyTorch checkpoints,
 * training. Adapters (CLI, REST) are thin layers over these calls.
 */
import { importCheckpoint, inspectCheckpoint, type ImportRequest, type ImportResult, type InspectResult } from './checkpoints.js';
import { readPuzzleIdentifiers } from './puzzle-ids.js';
import { SdkCore, type CreateSdkOptions } from './sdk-core.js';
import type { TaskModel } from './task-model.js';
import type { TrainRequest, TrainResult } from './train.js';
import type { ExportDatasetRequest, ExportDatasetResult } from './export-dataset.js';
import type { ExportConfigRequest, ExportConfigResult } from './export-config.js';
import type { ExportOnnxRequest, ExportOnnxResult } from './export-onnx.js';
import { requestedEngine } from './engine.js';
import { nodePlatform } from './platform/node.js';

export { SdkCore, type CreateSdkOptions, type TaskInfo, type GenerateRequest } from './sdk-core.js';

export class TrmSdk extends SdkCore {
  constructor(options: CreateSdkOptions = {}) {
    super(options, nodePlatform);
    if (options.engine !== undefined) requestedEngine(options.engine); // TRM_ERR_INVALID_OPTIONS now, not at the first solve
  }

  /**
   * Loads the checkpoint at `file` (our safetensors, or a PyTorch file) now and uses it for
   * `task` from the next solve on, replacing any model the task had. Errors (a missing file, a
   * checkpoint whose token interface does not match the task) surface here, not at solve time.
   */
  async loadModel(task: string, file: string, options: { puzzleIdentifiers?: string } = {}): Promise<TaskModel> {
    this.plugin(task);
    const m = await this.loadChecked(task, file);
    if (options.puzzleIdentifiers !== undefined) {
      try {
        m.puzzleIds = readPuzzleIdentifiers(options.puzzleIdentifiers, m.config.numPuzzleIdentifiers);
      } catch (e) {
        await m.dispose();
        throw e;
      }
    }
    this.attachModel(task, m);
    return m;
  }

  /** What a checkpoint (safetensors or PyTorch) holds, validated like a load; `task` supplies a sequence length a PyTorch file may lack. */
  async inspect(file: string, options: { task?: string; configFile?: string } = {}): Promise<InspectResult> {
    const seqLen = options.task !== undefined ? this.plugin(options.task).tokens.seqLen : undefined;
    return inspectCheckpoint(file, { ...(seqLen !== undefined ? { seqLen } : {}), ...(options.configFile ? { configFile: options.configFile } : {}) });
  }

  /**
   * Imports a checkpoint (a PyTorch `step_N` or an official HRM `checkpoint`, with its
   * all_config.yaml beside it or named by `configFile`) for `task` into `out`: our safetensors and
   * a model card stub. Use it with `createSdk({ models: { [task]: result.modelPath } })`.
   */
  async importCheckpoint(req: ImportRequest): Promise<ImportResult> {
    return importCheckpoint(req, this.plugin(req.task).tokens);
  }

  /**
   * Writes `req.file` (safetensors or PyTorch) as the ONNX graph of one supervision step to
   * `req.onnx`; with `req.task`, checks and records the task's token interface.
   */
  async exportOnnx(req: ExportOnnxRequest): Promise<ExportOnnxResult> {
    const tokens = req.task !== undefined ? this.plugin(req.task).tokens : undefined;
    const { exportOnnx } = await import('./export-onnx.js');
    return exportOnnx(req, tokens);
  }

  /**
   * Trains a TRM for `req.task` (see train.ts) and attaches it, so the next `solve` uses it.
   * Works for user plugins as for built-ins.
   */
  async train(req: TrainRequest): Promise<TrainResult> {
    const plugin = this.plugin(req.task);
    const { trainTask } = await import('./train.js');
    const result = await trainTask(plugin, { ...(this.backend ? { backend: this.backend } : {}), ...req });
    this.attachModel(req.task, result.taskModel);
    return result;
  }

  /**
   * Writes the task's data (generated, or from a file) in the dataset layout of the PyTorch
   * reference trainers, for training at scale with `torchrun pretrain.py` (see export-dataset.ts).
   */
  async exportDataset(req: ExportDatasetRequest): Promise<ExportDatasetResult> {
    const plugin = this.plugin(req.task);
    const { exportDataset } = await import('./export-dataset.js');
    return exportDataset(plugin, req);
  }

  /** The Hydra overrides and all_config.yaml with which the reference's pretrain.py trains a preset's model (see export-config.ts). */
  async exportConfig(req: ExportConfigRequest): Promise<ExportConfigResult> {
    const plugin = this.plugin(req.task);
    const { exportConfig } = await import('./export-config.js');
    return exportConfig(plugin, req);
  }
}

export function createSdk(options?: CreateSdkOptions): TrmSdk {
  return new TrmSdk(options);
}
