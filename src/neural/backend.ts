/**
 * Choosing the TensorFlow.js backend: one place, one log line saying what was chosen and why.
 *
 * Order tried when nothing is forced (fastest first):
 *   0. `webgpu` through `@tensorflow/tfjs-backend-webgpu` and Dawn's npm package `webgpu` (both
 *      optional dependencies; `dawn.node` ships prebuilt inside the package): Vulkan on Linux
 *      (needs the loader `libvulkan.so.1` and a driver), Metal on macOS, D3D12 on Windows. Taken
 *      only when Dawn reports a hardware adapter: a software one (Mesa lavapipe, SwiftShader) is
 *      slower than wasm, so auto skips it and only `TRM_BACKEND=webgpu` uses it. See docs/backends.md.
 *      The Dawn integration is webgpu.ts, imported only when webgpu is tried.
 *   1. `tensorflow` through `@tensorflow/tfjs-node-gpu` — libtensorflow 2.9.1 with CUDA. tfjs-node-gpu
 *      4.22 needs CUDA 11.2 and cuDNN 8.1 (the libtensorflow 2.9 build matrix) on the user's machine;
 *      with other CUDA versions its native addon fails to load and we fall through.
 *   2. `tensorflow` through `@tensorflow/tfjs-node` — libtensorflow on the CPU (OpenBLAS-class speed).
 *   3. `wasm` through `@tensorflow/tfjs-backend-wasm` — XNNPACK with SIMD, single-threaded under Node;
 *      ~20× the `cpu` backend on matmuls (measured: docs/backends.md).
 *   4. `cpu` — plain JavaScript kernels, always available, slow.
 *
 * The native packages are optional: their install scripts download libtensorflow from outside the
 * npm registry, so they cannot be hard dependencies. They are loaded with a dynamic `import()` of
 * a module name held in a variable, so tsc needs neither the packages nor their types.
 *
 * `TRM_BACKEND` (or the `preferred` argument, which wins) forces one backend: `tensorflow`,
 * `tensorflow-gpu`, `tensorflow-cpu`, `webgpu`, `wasm` or `cpu` (`auto` = the order above). A forced backend
 * that cannot load is an error (TRM_ERR_BACKEND_UNAVAILABLE), never a silent fallback.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TrmError } from '../errors.js';
import { activate, firstLine, importOptional } from './backend-load.js';

/** What {@link initBackend} chose, and why. */
export interface BackendInfo {
  /** The tfjs backend name now active: `webgpu`, `tensorflow`, `wasm` or `cpu`. */
  readonly backend: string;
  /** For `webgpu`: the adapter Dawn gave (vendor / architecture / device / description). */
  readonly adapter?: string;
  /** One line: why this backend (what was forced, or why the faster ones were skipped). */
  readonly reason: string;
  /** Every candidate tried, in order, with the error that ruled it out. */
  readonly tried: ReadonlyArray<{ readonly name: string; readonly error?: string }>;
}

/** Backend choices accepted by `TRM_BACKEND` / the `preferred` argument. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'tensorflow', 'tensorflow-gpu', 'tensorflow-cpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

interface Candidate {
  /** Label used in `tried` and the log line. */
  readonly name: string;
  /** Loads and activates the backend; throws with a short human reason when it cannot. */
  readonly load: (choice: BackendChoice) => Promise<string>;
}

const nativeCandidate = (pkg: string): Candidate => ({
  name: pkg.replace('@tensorflow/', ''),
  load: async () => {
    // Importing registers the `tensorflow` backend with the shared tfjs-core instance.
    await importOptional(pkg);
    if (!tf.findBackendFactory('tensorflow')) {
      throw new Error(`${pkg} loaded but registered no "tensorflow" backend (a second copy of tfjs-core?)`);
    }
    return activate('tensorflow', pkg.replace('@tensorflow/', ''));
  },
});

let wasmPathsSet = false;

/**
 * Directory holding the `.wasm` binaries, resolved from the installed package so it works the same
 * from `src/` under vitest and from `dist/` after tsc.
 */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}

const wasmCandidate: Candidate = {
  name: 'wasm',
  load: async () => {
    let mod: typeof import('@tensorflow/tfjs-backend-wasm');
    try {
      mod = await import('@tensorflow/tfjs-backend-wasm');
    } catch (e) {
      throw new Error(`tfjs-backend-wasm failed to load: ${firstLine(e)}`);
    }
    if (!wasmPathsSet) {
      // Must happen before the backend first initialises; later calls would be ignored with a warning.
      mod.setWasmPaths(wasmBinaryDir());
      wasmPathsSet = true;
    }
    return activate('wasm', 'tfjs-backend-wasm');
  },
};

/** webgpu.ts, once a choice tried webgpu; the adapter the active webgpu backend runs on. */
let webgpu: typeof import('./webgpu.js') | undefined;
let webgpuAdapterName: string | undefined;

const webgpuCandidate: Candidate = {
  name: 'webgpu',
  // Dawn, its adapter probe and the synchronous-read patch live in webgpu.ts, loaded only when
  // webgpu is tried: a caller that never asks for it never loads them.
  load: async (choice) => {
    webgpu ??= await import('./webgpu.js');
    webgpuAdapterName = await webgpu.loadWebGpu(choice === 'auto');
    return 'webgpu';
  },
};

const cpuCandidate: Candidate = { name: 'cpu', load: () => activate('cpu', 'cpu') };

const CANDIDATES: Record<BackendChoice, Candidate[]> = {
  auto: [webgpuCandidate, nativeCandidate('@tensorflow/tfjs-node-gpu'), nativeCandidate('@tensorflow/tfjs-node'), wasmCandidate, cpuCandidate],
  webgpu: [webgpuCandidate],
  tensorflow: [nativeCandidate('@tensorflow/tfjs-node-gpu'), nativeCandidate('@tensorflow/tfjs-node')],
  'tensorflow-gpu': [nativeCandidate('@tensorflow/tfjs-node-gpu')],
  'tensorflow-cpu': [nativeCandidate('@tensorflow/tfjs-node')],
  wasm: [wasmCandidate],
  cpu: [cpuCandidate],
};

/** Results per choice, so repeated calls return the same object without re-probing. */
const results = new Map<BackendChoice, Promise<BackendInfo>>();
let current: BackendInfo | undefined;

async function choose(choice: BackendChoice, forcedBy: string | undefined): Promise<BackendInfo> {
  const tried: { name: string; error?: string }[] = [];
  for (const c of CANDIDATES[choice]) {
    try {
      const backend = await c.load(choice);
      tried.push({ name: c.name });
      const skipped = tried.filter((t) => t.error).map((t) => t.error!);
      const reason = forcedBy
        ? `forced by ${forcedBy}=${choice}${skipped.length ? `; ${skipped.join('; ')}` : ''}`
        : skipped.length
          ? skipped.join('; ')
          : 'fastest available';
      return backend === 'webgpu' && webgpuAdapterName ? { backend, adapter: webgpuAdapterName, reason, tried } : { backend, reason, tried };
    } catch (e) {
      tried.push({ name: c.name, error: firstLine(e) });
    }
  }
  throw new TrmError(
    'TRM_ERR_BACKEND_UNAVAILABLE',
    `backend "${choice}"${forcedBy ? ` (from ${forcedBy})` : ''} cannot be loaded: ${tried.map((t) => t.error).join('; ')}`,
    { choice, tried },
  );
}

/**
 * Activate the best available tfjs backend (or the one forced by `preferred` / `TRM_BACKEND`)
 * and log one line to stderr (unless `TRM_QUIET=1`). Idempotent: calling again with the same
 * choice returns the same result object (re-activating that backend if something switched away).
 * Throws TRM_ERR_BACKEND_UNAVAILABLE for an unknown name or a forced backend that cannot load.
 */
export async function initBackend(preferred?: string): Promise<BackendInfo> {
  const raw = (preferred ?? process.env.TRM_BACKEND ?? 'auto').trim().toLowerCase() || 'auto';
  const forcedBy = preferred !== undefined ? 'argument' : process.env.TRM_BACKEND ? 'TRM_BACKEND' : undefined;
  if (!(BACKEND_CHOICES as readonly string[]).includes(raw)) {
    throw new TrmError(
      'TRM_ERR_BACKEND_UNAVAILABLE',
      `unknown backend "${raw}"${forcedBy ? ` (from ${forcedBy})` : ''}; expected one of ${BACKEND_CHOICES.join(', ')}`,
      { choice: raw },
    );
  }
  const choice = raw as BackendChoice;
  // tfjs's own console banners ("install tfjs-node to speed things up") repeat what our log line
  // already says; PROD silences only tfjs's warn/log helpers. TRM_DEBUG=1 keeps them.
  if (process.env.TRM_DEBUG !== '1') tf.env().set('PROD', true);
  let pending = results.get(choice);
  if (!pending) {
    pending = choose(choice, choice === 'auto' ? undefined : forcedBy);
    results.set(choice, pending);
    // A failed attempt is not cached: the user may install the package and retry in-process.
    pending.catch(() => results.delete(choice));
    const info = await pending;
    if (process.env.TRM_QUIET !== '1') process.stderr.write(`${logLine(info)}\n`);
    current = info;
    return info;
  }
  const info = await pending;
  if (tf.getBackend() !== info.backend) await activate(info.backend, info.backend);
  current = info;
  return info;
}

/**
 * The one log line {@link initBackend} writes for a choice (without the newline). Short: each
 * skipped candidate by its first clause ("webgpu: only a software adapter", "tfjs-node not
 * installed"); `info.reason` keeps the whole story, and TRM_DEBUG=1 prints it.
 */
export function logLine(info: BackendInfo): string {
  // Adapter "vendor / architecture / device / description": vendor and the description's name.
  const a = info.adapter?.split(' / ') ?? [];
  const on = info.adapter ? ` on ${[a[0], (a[3] ?? a[2] ?? '').split(':')[0]].filter(Boolean).join(' ')}` : '';
  if (process.env.TRM_DEBUG === '1') return `[trm-sdk] backend ${info.backend}${on} (reason: ${info.reason})`;
  return `[trm-sdk] backend ${info.backend}${on} (${shortReason(info)})`;
}

function shortReason(info: BackendInfo): string {
  const parts: string[] = [];
  if (info.reason.startsWith('forced by ')) parts.push(info.reason.split(';')[0]!);
  const missing: string[] = [];
  for (const t of info.tried) {
    if (!t.error) continue;
    const first = t.error.split(/ \(|;|, /)[0]!.trim();
    const m = /^(\S+) not installed$/.exec(first);
    if (m) missing.push(m[1]!);
    else parts.push(first.length > 100 ? `${first.slice(0, 99)}…` : first);
  }
  if (missing.length) parts.push(`${missing.join(', ')} not installed`);
  return parts.length ? parts.join('; ') : info.reason;
}

/**
 * Forget every cached choice (and the adapter probe, when webgpu.ts was loaded through a choice),
 * so the next {@link initBackend} looks again (after a driver was installed, or in tests that
 * change the Vulkan environment; those also call webgpu.ts's `resetWebGpuProbe`). Backends already
 * registered with tfjs stay registered.
 */
export function resetBackendCache(): void {
  webgpu?.resetWebGpuProbe();
  results.clear();
}

/** The result of the most recent {@link initBackend}, or undefined before the first call. */
export function currentBackend(): BackendInfo | undefined {
  return current;
}
