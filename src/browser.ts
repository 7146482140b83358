/**
 * trm-sdk in the browser (`import { solve } from 'trm-sdk/browser'`): parse, solve, verify and
 * generate with the built-in plugins, neural inference on tfjs (WebGPU or wasm), models fetched
 * by URL and checked by SHA-256. No Node module anywhere below this file (the build fails if one
 * appears: scripts/build-browser.mjs). Training, checkpoint import and ARC test-time training
 * stay on Node.
 *
 * @example
 *   import { createSdk } from 'trm-sdk/browser';
 *   const sdk = createSdk({ models: { 'sudoku-4x4': new URL('./my-4x4.safetensors', import.meta.url) } });
 *   const r = await sdk.solve('sudoku-4x4', '1...|..2.|.3..|...4'.replaceAll('|', ''));
 */
import { SdkCore, type CreateSdkOptions } from './sdk/sdk-core.js';
import { browserPlatform, SHIPPED_MODELS, type BrowserPlatformOptions } from './sdk/platform/browser.js';
import type { SolveOptions } from './sdk/options.js';
import type { TaskSolveResult } from './sdk/builtin-types.js';
import type { Example, Verification } from './plugins/contract.js';
import type { GenerateRequest } from './sdk/sdk-core.js';
import type { BrowserBackendInfo } from './neural/browser-engine-info.js';

export { TrmError, ERROR_CATALOGUE, isTrmError, type TrmErrorCode } from './errors.js';
export * from './plugins/contract.js';
export { sudokuPlugin, sudoku4x4Plugin, sudoku6x6Plugin } from './plugins/sudoku/index.js';
export { mazePlugin, maze11Plugin } from './plugins/maze/index.js';
export { arcPlugin } from './plugins/arc/plugin.js';
export { createRng, type Rng } from './util/rng.js';
export { SdkCore, type CreateSdkOptions, type TaskInfo, type GenerateRequest } from './sdk/sdk-core.js';
export type { SolveOptions, Strategy, StepEvent } from './sdk/options.js';
export type { SolveResult, SolveSource, SolveTimings } from './sdk/result.js';
export type { BuiltinTask, BuiltinTaskTypes, TaskSolveResult } from './sdk/builtin-types.js';
export type { TaskModel, ModelStep } from './sdk/task-model.js';
export type { ModelSource, ModelUrl } from './sdk/platform/types.js';
export { SHIPPED_MODELS, type ShippedModelEntry, type BrowserPlatformOptions } from './sdk/platform/browser.js';
export { SDK_VERSION } from './version.js';
export type { BrowserBackendInfo } from './neural/browser-engine-info.js';

/** The SDK in a page: `createSdk`'s options plus where the bundle's assets are served. */
export type BrowserSdkOptions = CreateSdkOptions & BrowserPlatformOptions;

/** A browser SDK: the built-ins (and the bundle's shipped models unless `models: 'none'`), plus yours. */
export function createSdk(options: BrowserSdkOptions = {}): SdkCore {
  return new SdkCore(options, browserPlatform(options));
}

/**
 * The engine neural solves run on in this page: `tfjs` and its backend (`webgpu`, `wasm`, `cpu`),
 * with threads or adapter and the reason. Starts the engine (downloads its chunk) if not started.
 */
export async function engineInfo(backend?: string, options: BrowserPlatformOptions = {}): Promise<BrowserBackendInfo> {
  const { initBrowserBackend } = await import('./neural/browser-backend.js');
  const base = options.assetBase !== undefined ? new URL(String(options.assetBase), import.meta.url) : new URL('./', import.meta.url);
  return initBrowserBackend(backend, base.href);
}

let defaultSdk: SdkCore | undefined;
/** The SDK `solve`, `verify` and `generate` use: built-in plugins and the bundle's shipped models. */
export function getDefaultSdk(): SdkCore {
  defaultSdk ??= createSdk();
  return defaultSdk;
}

/** Solves a puzzle of a built-in task with the default SDK. */
export function solve<T extends string>(task: T, input: unknown, options?: SolveOptions): Promise<TaskSolveResult<T>> {
  return getDefaultSdk().solve(task, input, options);
}

/** Verifies an answer with the default SDK. */
export function verify(task: string, puzzle: unknown, answer: unknown): Verification {
  return getDefaultSdk().verify(task, puzzle, answer);
}

/** Generates examples with a task's generator (default SDK). */
export function generate(task: string, req?: GenerateRequest): Example<unknown, unknown>[] {
  return getDefaultSdk().generate(task, req);
}

/** Tasks with a model shipped in this bundle. */
export function shippedModelTasks(): string[] {
  return Object.keys(SHIPPED_MODELS);
}
