/**
 * The SDK in a browser page: models are fetched by URL and checked against a SHA-256 (the
 * manifest the bundle was built with, a `{ url, sha256 }` pin, and always the file's own
 * `__metadata__.data_sha256`); the engine is tfjs on WebGPU or wasm (neural/browser-backend.ts),
 * loaded only when a model first runs, so symbolic solving never downloads it.
 */
import type { AnyTaskPlugin } from '../../plugins/contract.js';
import { arcPlugin } from '../../plugins/arc/plugin.js';
import { mazePlugin, maze11Plugin } from '../../plugins/maze/index.js';
import { sudokuPlugin, sudoku4x4Plugin, sudoku6x6Plugin } from '../../plugins/sudoku/index.js';

import { isModelUrl, sourceUrl, type LoadedTaskModel, type ModelSource, type Platform } from './types.js';

/** A shipped model as the bundle knows it: its file (relative to the bundle), checksum and model-card rate. */
export interface ShippedModelEntry {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly neuralOnlyVerifiedRate?: number;
}

/**
 * Filled in by the bundler (scripts/build-browser.mjs hashes tasks/<task>/model.safetensors and
 * reads its model.json); absent when this file runs unbundled, where no model ships.
 */
declare const __TRM_SHIPPED_MODELS__: Record<string, ShippedModelEntry> | undefined;
export const SHIPPED_MODELS: Record<string, ShippedModelEntry> = typeof __TRM_SHIPPED_MODELS__ === 'undefined' ? {} : __TRM_SHIPPED_MODELS__;

export interface BrowserPlatformOptions {
  /**
   * Where the bundle's folder (dist/browser/: the `.wasm` files; shipped models are at
   * `../../tasks/<task>/model.safetensors` from it) is served. Default: the folder this code was
   * loaded from; set it when your own bundler moved the code.
   */
  readonly assetBase?: string | URL;
}

/** The folder this module was loaded from (the bundle's folder, since chunks sit beside the entry). */
function defaultBase(): URL {
  return new URL('./', import.meta.url);
}

export function browserPlatform(options: BrowserPlatformOptions = {}): Platform {
  const base = options.assetBase !== undefined ? new URL(String(options.assetBase), defaultBase()) : defaultBase();
  const byUrl = new Map<string, ShippedModelEntry>();
  const shipped = (task: string): ModelSource | null => {
    const e = Object.hasOwn(SHIPPED_MODELS, task) ? SHIPPED_MODELS[task] : undefined;
    if (!e) return null;
    const url = new URL(e.file, base);
    byUrl.set(url.href, e);
    return { url, sha256: e.sha256 };
  };
  return {
    name: 'browser',
    builtinPlugins: (): AnyTaskPlugin[] => [sudokuPlugin, sudoku4x4Plugin, sudoku6x6Plugin, mazePlugin, maze11Plugin, arcPlugin],
    shippedModel: shipped,
    modelId(task, source) {
      const url = urlOf(source, base);
      const e = byUrl.get(url.href);
      return e ? `${task}@tasks/${task}/model.safetensors` : `${task}@${url.href}`;
    },
    measuredRate: (source) => byUrl.get(urlOf(source, base).href)?.neuralOnlyVerifiedRate,
    async loadTaskModel(source, id, { backend }): Promise<LoadedTaskModel> {
      const url = urlOf(source, base);
      // The engine and the loader are one chunk, fetched on the first neural solve. The engine is
      // tfjs: measured against onnxruntime-web, see README "In the browser".
      const [{ fetchModelBytes, checkpointFromBytes, tfjsTaskModel }, { initBrowserBackend }] = await Promise.all([import('./fetch-model.js'), import('../../neural/browser-backend.js')]);
      const bytes = await fetchModelBytes(url, isModelUrl(source) ? source.sha256 : undefined);
      const ck = await checkpointFromBytes(bytes, url.href);
      const info = await initBrowserBackend(backend, base.href);
      return tfjsTaskModel(ck, id, info.backend);
    },
  };
}

/** A source as an absolute URL; a bare string is relative to the asset base. */
function urlOf(source: ModelSource, base: URL): URL {
  return sourceUrl(source, base) ?? new URL(source as string, base);
}
