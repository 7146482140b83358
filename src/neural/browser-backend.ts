/**
 * Choosing the TensorFlow.js backend in a browser page: the browser's twin of backend.ts (which
 * is Node's: tfjs-node, Dawn, a child-process probe). One place, one reason string.
 *
 * Order when nothing is forced:
 *   1. `webgpu` when `navigator.gpu` gives a hardware adapter (a software one, SwiftShader, is
 *      slower than wasm, so auto skips it as Node does with lavapipe; forcing `webgpu` uses it);
 *   2. `wasm` (XNNPACK, SIMD), multithreaded when the page is cross-origin isolated (SharedArrayBuffer
 *      needs the COOP/COEP headers), else single-threaded;
 *   3. `cpu`, plain JavaScript.
 * The wasm binaries are fetched from `wasmBase` (the bundle copies them beside itself).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { TrmError } from '../errors.js';

export type { BrowserBackendInfo } from './browser-engine-info.js';
import type { BrowserBackendInfo } from './browser-engine-info.js';

export const BROWSER_BACKEND_CHOICES = ['auto', 'webgpu', 'wasm', 'cpu'] as const;

interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface NavigatorGpu {
  requestAdapter(o?: { powerPreference?: string }): Promise<{ info?: GpuAdapterInfo; isFallbackAdapter?: boolean } | null>;
}

/** The WebGPU adapter the page would get, or why there is none. */
export async function probeBrowserWebGpu(): Promise<{ ok: boolean; adapter?: string; software?: boolean; reason?: string }> {
  const gpu = (globalThis as { navigator?: { gpu?: NavigatorGpu } }).navigator?.gpu;
  if (!gpu) return { ok: false, reason: 'navigator.gpu is absent (no WebGPU in this browser, or not a secure context)' };
  let a: Awaited<ReturnType<NavigatorGpu['requestAdapter']>>;
  try {
    a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { ok: false, reason: `requestAdapter failed: ${(e as Error).message}` };
  }
  if (!a) return { ok: false, reason: 'navigator.gpu gave no adapter' };
  const i = a.info ?? {};
  const adapter = [i.vendor, i.architecture, i.device, i.description].filter((x) => x && String(x).trim()).join(' / ') || 'unnamed adapter';
  const software = i.isFallbackAdapter === true || a.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|software/i.test(adapter);
  return { ok: true, adapter, software };
}

async function activate(name: string): Promise<void> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new Error(`${name} failed to initialise: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`${name} failed to initialise`);
  await tf.ready();
}

let wasmBaseSet: string | undefined;
let chosen: Promise<BrowserBackendInfo> | undefined;
let chosenFor: string | undefined;

/**
 * Activate the best backend the page offers (or `preferred`). Idempotent per choice. A forced
 * backend that cannot start is TRM_ERR_BACKEND_UNAVAILABLE, never a silent fallback.
 */
export function initBrowserBackend(preferred: string = 'auto', wasmBase?: string): Promise<BrowserBackendInfo> {
  const choice = preferred.trim().toLowerCase() || 'auto';
  if (!(BROWSER_BACKEND_CHOICES as readonly string[]).includes(choice)) {
    return Promise.reject(new TrmError('TRM_ERR_BACKEND_UNAVAILABLE', `unknown backend "${preferred}"; in a browser expected one of ${BROWSER_BACKEND_CHOICES.join(', ')}`, { choice }));
  }
  if (chosen && chosenFor === choice) return chosen;
  tf.env().set('PROD', true);
  if (wasmBase !== undefined && wasmBaseSet === undefined) {
    // Before the wasm backend first initialises; later calls would be ignored.
    setWasmPaths(wasmBase);
    wasmBaseSet = wasmBase;
  }
  chosenFor = choice;
  chosen = choose(choice);
  chosen.catch(() => {
    chosen = undefined; // not cached: the caller may retry with another choice
  });
  return chosen;
}

async function choose(choice: string): Promise<BrowserBackendInfo> {
  const skipped: string[] = [];
  const forced = choice !== 'auto';
  const why = (): string => (forced ? `forced: ${choice}` : skipped.length ? skipped.join('; ') : 'fastest available');
  if (choice === 'auto' || choice === 'webgpu') {
    const p = await probeBrowserWebGpu();
    try {
      if (!p.ok) throw new Error(`webgpu: ${p.reason}`);
      if (p.software && !forced) throw new Error(`webgpu: only a software adapter (${p.adapter}), slower than wasm; backend "webgpu" uses it anyway`);
      // The WebGPU backend is its own chunk: pages without a GPU never download it.
      await import('@tensorflow/tfjs-backend-webgpu');
      await activate('webgpu');
      return { engine: 'tfjs', backend: 'webgpu', adapter: p.adapter!, reason: why() };
    } catch (e) {
      if (forced) throw unavailable(choice, (e as Error).message);
      skipped.push((e as Error).message);
    }
  }
  if (choice === 'auto' || choice === 'wasm') {
    try {
      await activate('wasm');
      const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
      const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
      const threads = getThreadsCount();
      const threadedBinary = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
      if (!isolated && !forced) skipped.push('wasm threads: the page is not cross-origin isolated (serve it with COOP/COEP headers), so one thread');
      return { engine: 'tfjs', backend: 'wasm', threads, threadedBinary, reason: why() };
    } catch (e) {
      if (forced) throw unavailable(choice, (e as Error).message);
      skipped.push((e as Error).message);
    }
  }
  try {
    await activate('cpu');
    return { engine: 'tfjs', backend: 'cpu', reason: why() };
  } catch (e) {
    throw unavailable(choice, [...skipped, (e as Error).message].join('; '));
  }
}

function unavailable(choice: string, why: string): TrmError {
  return new TrmError('TRM_ERR_BACKEND_UNAVAILABLE', `backend "${choice}" cannot be loaded in this page: ${why}`, { choice });
}
