/**
 * What the SDK needs from the platform it runs on, and nothing more: where a task's shipped model
 * is, how to name a model, what its model card measured, and how to load it onto the tensor
 * engine. Node (node.ts: files, tfjs-node / Dawn / wasm through neural/backend.ts) and the browser
 * (browser.ts: models by URL with a SHA-256 check, tfjs WebGPU / wasm) implement it; the solve
 * loop, plugins and verifiers above it are the same code on both.
 */
import type { AnyTaskPlugin } from '../../plugins/contract.js';
import type { TrmConfig } from '../../neural/config.js';
import type { TaskModel } from '../task-model.js';

/**
 * A model a platform loaded: a TaskModel plus what the SDK checks and frees (its config, dispose).
 * TrmTaskModel and OrtTaskModel satisfy it; described here without tfjs types, so the SDK's public declarations
 * pull no TensorFlow.js typings into a user's compilation.
 */
export interface LoadedTaskModel extends TaskModel {
  readonly config: TrmConfig;
  dispose(): Promise<void>;
  puzzleIds: Map<string, number> | null;
}

/** How to load: the engine and tfjs backend asked for, and the task's sequence length (PyTorch files may lack it). */
export interface LoadOptions {
  readonly backend: string | undefined;
  readonly engine: string | undefined;
  readonly seqLen: number;
}

/** A model fetched by URL, optionally pinned to the SHA-256 (hex) of the whole file. */
export interface ModelUrl {
  readonly url: URL | string;
  /** SHA-256 of the whole file, lowercase hex; a mismatch is TRM_ERR_MODEL_CHECKSUM. */
  readonly sha256?: string;
}

/** Where a model comes from: a file path (Node), a URL, or a URL pinned to its checksum. */
export type ModelSource = string | URL | ModelUrl;

export interface Platform {
  /** `node` or `browser`. */
  readonly name: string;
  /** The built-in task plugins, in the order `tasks()` lists them (ARC's test-time training is Node's only). */
  builtinPlugins(): AnyTaskPlugin[];
  /** The model shipped with the package for `task`, or null when none ships. */
  shippedModel(task: string): ModelSource | null;
  /** The id results show for a model (`task@tasks/…` for shipped ones). */
  modelId(task: string, source: ModelSource): string;
  /** The neural-only verified rate its model card measured (model.json), when known. */
  measuredRate(source: ModelSource): number | undefined;
  /** Reads, checks and loads a model onto this platform's engine (`backend` forces one). */
  loadTaskModel(source: ModelSource, id: string, options: LoadOptions): Promise<LoadedTaskModel>;
}

/** True for the `{ url, sha256 }` form. */
export function isModelUrl(x: unknown): x is ModelUrl {
  return typeof x === 'object' && x !== null && !(x instanceof URL) && 'url' in x;
}

/** The URL of a source given by URL (either form; a relative `url` string resolves against `base`), else undefined. */
export function sourceUrl(source: ModelSource, base?: URL): URL | undefined {
  if (source instanceof URL) return source;
  if (isModelUrl(source)) return source.url instanceof URL ? source.url : new URL(source.url, base);
  return undefined;
}
