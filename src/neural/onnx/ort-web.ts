/**
 * `onnxruntime-web` behind the engine's small runtime interface (ort-node.ts is Node's twin): the
 * wasm execution provider (SIMD; threads when the page is cross-origin isolated). Loaded by
 * dynamic import, so a page that never runs ONNX never downloads it; its `.wasm` binary is
 * fetched from `wasmBase` (the bundle copies it beside itself).
 */
import type { OrtRuntime, OrtSession, OrtTensor } from './ort-node.js';

type OrtWebModule = {
  Tensor: new (type: string, data: unknown, dims: readonly number[]) => OrtTensor;
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  env: { versions?: { web?: string; common?: string }; wasm: { wasmPaths?: string; numThreads?: number; proxy?: boolean }; logLevel?: string };
};

let cached: Promise<OrtRuntime> | undefined;

/** onnxruntime-web's wasm runtime, loaded once per page; `threads` 0 lets ORT choose (cores, when isolated). */
export function loadOrtWeb(wasmBase: string, threads = 0): Promise<OrtRuntime> {
  cached ??= (async () => {
    const mod = (await import('onnxruntime-web/wasm')) as unknown as OrtWebModule & { default?: OrtWebModule };
    const m = mod.InferenceSession ? mod : mod.default!;
    m.env.wasm.wasmPaths = wasmBase;
    if (threads > 0) m.env.wasm.numThreads = threads;
    m.env.logLevel = 'error';
    const version = m.env.versions?.web ?? m.env.versions?.common ?? 'unknown';
    return {
      packageName: `onnxruntime-web@${version}`,
      version,
      tensor: ((type: string, data: unknown, dims: readonly number[]) => new m.Tensor(type, data, dims)) as OrtRuntime['tensor'],
      cudaInstalled: () => false,
      async createSession(model) {
        const session = await m.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', logSeverityLevel: 3 });
        return { session, provider: 'cpu' as const, note: 'onnxruntime-web wasm' };
      },
    };
  })();
  return cached;
}
