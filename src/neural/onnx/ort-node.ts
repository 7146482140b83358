/**
 * The one place that imports `onnxruntime-node` (an optional dependency), by dynamic import, behind
 * a small interface the engine uses: make a tensor, make a session from bytes, run it. The
 * browser build swaps in `onnxruntime-web` behind the same interface; without the package,
 * `loadOrtNode` says why and the caller falls back to TensorFlow.js.
 *
 * Execution providers: `cuda` when asked for (TRM_EP=cuda) or when ORT's CUDA provider library is
 * installed beside its binding, else `cpu`. A CUDA session that cannot start (libraries missing or
 * of the wrong version) falls back to CPU and says so: the provider a session really runs on is
 * what `provider` reports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export type OrtProvider = 'cpu' | 'cuda';

/** The subset of an ORT tensor the engine uses. */
export interface OrtTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
  dispose(): void;
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface OrtRuntime {
  /** The package, e.g. `onnxruntime-node@1.31.1`. */
  readonly packageName: string;
  readonly version: string;
  tensor(type: 'float32', data: Float32Array, dims: readonly number[]): OrtTensor;
  tensor(type: 'int32', data: Int32Array, dims: readonly number[]): OrtTensor;
  tensor(type: 'bool', data: Uint8Array, dims: readonly number[]): OrtTensor;
  /** A session on `provider` with `intraOpThreads` threads; `provider` is what it really runs on. */
  createSession(model: Uint8Array, options: { provider: OrtProvider; intraOpThreads: number }): Promise<{ session: OrtSession; provider: OrtProvider; note?: string }>;
  /** Whether ORT's CUDA provider library is installed (it is not bundled; see the README). */
  cudaInstalled(): boolean;
}

type OrtModule = {
  Tensor: new (type: string, data: unknown, dims: readonly number[]) => OrtTensor;
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  env: { versions?: { node?: string } };
};

export type OrtLoad = { ok: true; runtime: OrtRuntime } | { ok: false; reason: string };
const cached = new Map<string, Promise<OrtLoad>>();

/**
 * Loads onnxruntime-node once per process; `ok: false` with the reason when it cannot be loaded.
 * `specifier` is the package to import (tests name a missing one to see the fallback).
 */
export function loadOrtNode(specifier = 'onnxruntime-node'): Promise<OrtLoad> {
  let p = cached.get(specifier);
  if (!p) {
    p = (async (): Promise<OrtLoad> => {
      let m: OrtModule;
      try {
        const mod = (await import(specifier)) as OrtModule & { default?: OrtModule };
        m = mod.InferenceSession ? mod : mod.default!;
        if (!m?.InferenceSession) throw new Error(`${specifier} has no InferenceSession`);
      } catch (e) {
        return { ok: false, reason: `${specifier} could not be loaded (${firstLine(e)})` };
      }
      return { ok: true, runtime: wrap(m) };
    })();
    cached.set(specifier, p);
  }
  return p;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** The folder of ORT's native binding, where `install=cuda12` puts the CUDA provider libraries. */
function bindingDir(): string | null {
  try {
    const req = createRequire(import.meta.url);
    const pkg = path.dirname(req.resolve('onnxruntime-node/package.json'));
    return path.join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return null;
  }
}

function wrap(m: OrtModule): OrtRuntime {
  const version = m.env.versions?.node ?? 'unknown';
  const cudaInstalled = (): boolean => {
    const dir = bindingDir();
    return dir !== null && fs.existsSync(path.join(dir, process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'));
  };
  const sessionOptions = (provider: OrtProvider, threads: number): Record<string, unknown> => ({
    executionProviders: provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    // Activations are reused across steps of equal shape; the arena keeps them.
    enableCpuMemArena: true,
    logSeverityLevel: 3,
  });
  return {
    packageName: `onnxruntime-node@${version}`,
    version,
    tensor: ((type: string, data: unknown, dims: readonly number[]) => new m.Tensor(type, data, dims)) as OrtRuntime['tensor'],
    cudaInstalled,
    async createSession(model, { provider, intraOpThreads }) {
      if (provider === 'cuda') {
        try {
          return { session: await m.InferenceSession.create(model, sessionOptions('cuda', intraOpThreads)), provider: 'cuda' };
        } catch (e) {
          const note = `CUDA execution provider unavailable (${firstLine(e)}); running on CPU`;
          return { session: await m.InferenceSession.create(model, sessionOptions('cpu', intraOpThreads)), provider: 'cpu', note };
        }
      }
      return { session: await m.InferenceSession.create(model, sessionOptions('cpu', intraOpThreads)), provider: 'cpu' };
    },
  };
}
