/**
 * trm-sdk: verified structured reasoning.
 *
 * @example
 *   import { solve } from 'trm-sdk';
 *   const r = await solve('sudoku', '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
 *   console.log(r.formatted, r.verified, r.source);
 */
import { createSdk, type TrmSdk } from './sdk/sdk.js';
import type { SolveOptions } from './sdk/options.js';
import type { TaskSolveResult } from './sdk/builtin-types.js';
import type { Verification } from './plugins/contract.js';

export { TrmError, ERROR_CATALOGUE, isTrmError, type TrmErrorCode } from './errors.js';
export * from './plugins/contract.js';
export { createRng, shuffle, permutation, type Rng } from './util/rng.js';
export { createSdk, TrmSdk, type CreateSdkOptions, type TaskInfo, type GenerateRequest } from './sdk/sdk.js';
export { PluginRegistry, validatePlugin } from './sdk/registry.js';
export type { SolveOptions, Strategy, StepEvent } from './sdk/options.js';
export type { SolveResult, SolveSource, SolveTimings } from './sdk/result.js';
export { SDK_VERSION } from './version.js';
export type { BuiltinTask, BuiltinTaskTypes, TaskSolveResult } from './sdk/builtin-types.js';
export type { TrainRequest, TrainResult, Preset, TrainHyper, TrainProgress, TrainRunSummary } from './sdk/train.js';
export type { TrmConfig, ArchitectureName, PosEncoding } from './neural/config.js';
export type { ImportRequest, ImportResult, InspectResult } from './sdk/checkpoints.js';
export type { ExportDatasetRequest, ExportDatasetResult, PuzzleDatasetMetadata } from './sdk/export-dataset.js';
export type { ExportConfigRequest, ExportConfigResult } from './sdk/export-config.js';
export type { TaskModel, ModelStep } from './sdk/task-model.js';
export type { ExportOnnxRequest, ExportOnnxResult } from './sdk/export-onnx.js';
export type { EngineName } from './sdk/engine.js';

let defaultSdk: TrmSdk | undefined;
/** The SDK with built-in plugins (and shipped models) that `solve` and `verify` use. */
export function getDefaultSdk(): TrmSdk {
  defaultSdk ??= createSdk();
  return defaultSdk;
}

/** Solves a puzzle of a built-in task with the default SDK; the result is typed per task (see BuiltinTaskTypes). */
export function solve<T extends string>(task: T, input: unknown, options?: SolveOptions): Promise<TaskSolveResult<T>> {
  return getDefaultSdk().solve(task, input, options);
}

/** Verifies an answer with the default SDK. */
export function verify(task: string, puzzle: unknown, answer: unknown): Verification {
  return getDefaultSdk().verify(task, puzzle, answer);
}
