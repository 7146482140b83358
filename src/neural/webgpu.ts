/**
 * The `webgpu` tfjs backend on Dawn (the npm package `webgpu`, an optional dependency with
 * `dawn.node` prebuilt): the adapter probe, `navigator.gpu` for Node, and a synchronous read path
 * tfjs-backend-webgpu lacks under Node. backend.ts loads this module only when webgpu is tried
 * (auto, or TRM_BACKEND=webgpu); see docs/backends.md for drivers and measured speed.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { activate, firstLine, importOptional } from './backend-load.js';

/** What Dawn says about the adapter it would give, learnt in a child process (see {@link probeWebGpu}). */
export interface WebGpuProbe {
  /** True when Dawn returned an adapter. */
  readonly ok: boolean;
  /** vendor / architecture / device / description, when `ok`. */
  readonly adapter?: string;
  /** A software rasteriser (Mesa lavapipe/llvmpipe, SwiftShader, a fallback adapter): correct but slower than wasm. */
  readonly software?: boolean;
  /** Why there is no adapter (or why the probe failed), when not `ok`. */
  readonly reason?: string;
  /** Milliseconds the probe took. */
  readonly ms: number;
}

/** Dawn's flags (`create([...])`, e.g. `backend=vulkan`, `adapter=NVIDIA`), from TRM_WEBGPU_FLAGS, space-separated. */
function dawnFlags(): string[] {
  return (process.env.TRM_WEBGPU_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

function describeAdapter(i: AdapterInfoLike): { name: string; software: boolean } {
  const name = [i.vendor, i.architecture, i.device, i.description].filter((x) => x && String(x).trim()).join(' / ') || 'unnamed adapter';
  const software = i.isFallbackAdapter === true || i.architecture === 'software' || /llvmpipe|lavapipe|swiftshader|softpipe/i.test(name);
  return { name, software };
}

/** Where the Vulkan loader would be found on Linux (Dawn dlopens `libvulkan.so.1`), or undefined. */
function findVulkanLoader(): string | undefined {
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
    '/lib64', '/usr/lib64', '/lib', '/usr/lib', '/usr/local/lib',
  ];
  for (const d of dirs) if (existsSync(path.join(d, 'libvulkan.so.1'))) return path.join(d, 'libvulkan.so.1');
  const ld = spawnSync('ldconfig', ['-p'], { encoding: 'utf8', timeout: 5000 });
  const m = /libvulkan\.so\.1 .*=> (\S+)/.exec(ld.stdout ?? '');
  return m?.[1];
}

const PROBE_SCRIPT = `
const [url, flags] = process.argv.slice(1);
const { create } = await import(url);
const gpu = create(JSON.parse(flags));
const a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
const i = a ? (a.info ?? (a.requestAdapterInfo ? await a.requestAdapterInfo() : {})) : undefined;
process.stdout.write('\\n@@probe ' + JSON.stringify(a ? { ok: true, info: { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? a.isFallbackAdapter } } : { ok: false }) + '\\n');
process.exit(0);
`;

let probed: WebGpuProbe | undefined;

/**
 * Ask Dawn for an adapter in a child process, once per process (cached). A child because Dawn and
 * the Vulkan loader print their complaints straight to fd 2 ("vkCreateInstance: Found no drivers!")
 * and a broken driver can crash the process: the child's stderr becomes the one-line reason, and
 * nothing reaches ours. Costs about 0.1–0.3 s. Synchronous, so tests can name themselves with it.
 */
export function probeWebGpu(): WebGpuProbe {
  if (probed) return probed;
  const t0 = Date.now();
  const done = (p: Omit<WebGpuProbe, 'ms'>): WebGpuProbe => (probed = { ...p, ms: Date.now() - t0 });
  let url: string;
  try {
    url = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-webgpu');
  } catch (e) {
    const which = /tfjs-backend-webgpu/.test(firstLine(e)) ? '@tensorflow/tfjs-backend-webgpu' : 'webgpu (Dawn)';
    return done({ ok: false, reason: `${which} not installed (optional dependency)` });
  }
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, url, JSON.stringify(dawnFlags())], {
    encoding: 'utf8',
    timeout: Number(process.env.TRM_WEBGPU_PROBE_TIMEOUT_MS ?? 30_000),
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const line = /^@@probe (.*)$/m.exec(r.stdout ?? '')?.[1];
  if (line) {
    const p = JSON.parse(line) as { ok: boolean; info?: AdapterInfoLike };
    if (p.ok) return done({ ok: true, ...(({ name, software }) => ({ adapter: name, software }))(describeAdapter(p.info ?? {})) });
  }
  // No adapter, or the probe died: say why in one line.
  const noise = /artificially reduced|XDG_RUNTIME_DIR|^\s*at |^\s*$/;
  const said = (r.stderr ?? '').split('\n').map((l) => l.replace(/^Warning:\s*/, '').trim()).filter((l) => !noise.test(l));
  let reason: string;
  if (r.error) reason = `adapter probe failed: ${firstLine(r.error)}`;
  else if (r.signal) reason = `adapter probe crashed (${r.signal})${said.length ? `: ${said.at(-1)}` : ''}`;
  else if (!line) reason = `adapter probe failed (exit ${r.status})${said.length ? `: ${said.at(-1)!.slice(0, 200)}` : ''}`;
  else if (process.platform === 'linux' && !findVulkanLoader()) reason = 'no WebGPU adapter: the Vulkan loader libvulkan.so.1 is not installed (Debian/Ubuntu: apt-get install libvulkan1)';
  else reason = `no WebGPU adapter${said.length ? `: ${said.slice(0, 2).join('; ').slice(0, 200)}` : ''}${process.platform === 'linux' ? ' (no Vulkan driver offered one; see docs/backends.md)' : ''}`;
  return done({ ok: false, reason });
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const POLL_SLEEP_MS = Number(process.env.TRM_WEBGPU_POLL_MS ?? 0.1);

/** The setImmediate callback Dawn last scheduled to process its events (see {@link mapReadSync}). */
let dawnPump: (() => void) | undefined;

/**
 * Map a GPU buffer for reading, synchronously. dawn.node completes `mapAsync` from a callback it
 * schedules with `setImmediate`; that callback (a native function calling ProcessEvents) can be
 * called directly, so we catch it while `mapAsync` runs and call it until the buffer is mapped.
 */
function mapReadSync(buffer: GPUBufferLike): void {
  const realSetImmediate = globalThis.setImmediate;
  let pump: (() => void) | undefined;
  const spy = ((fn: unknown, ...args: unknown[]) => {
    if (typeof fn === 'function') pump = fn as () => void;
    return (realSetImmediate as (...a: unknown[]) => unknown)(fn, ...args);
  }) as unknown as typeof setImmediate;
  let pending: Promise<unknown>;
  globalThis.setImmediate = spy;
  try {
    pending = buffer.mapAsync(GPU_MAP_MODE_READ);
  } finally {
    globalThis.setImmediate = realSetImmediate;
  }
  pending.catch(() => undefined); // failures show as mapState 'unmapped' below
  if (pump) dawnPump = pump;
  const run = pump ?? dawnPump;
  if (!run) throw new Error('webgpu: cannot read a tensor synchronously (Dawn scheduled no event processing); use await tensor.data()');
  const deadline = Date.now() + Number(process.env.TRM_WEBGPU_READ_TIMEOUT_MS ?? 600_000);
  // Spin briefly (short kernels finish within microseconds), then sleep 0.1 ms between polls so
  // this thread does not take a core from a software adapter's own threads (lavapipe) or others.
  const spinUntil = performance.now() + 0.2;
  while (buffer.mapState === 'pending') {
    run();
    if (buffer.mapState !== 'pending') break;
    if (performance.now() > spinUntil) Atomics.wait(sleeper, 0, 0, POLL_SLEEP_MS);
    if (Date.now() > deadline) throw new Error('webgpu: synchronous read timed out waiting for the GPU');
  }
  if (buffer.mapState !== 'mapped') throw new Error('webgpu: mapping a buffer for reading failed (device lost or out of memory?)');
}

interface GPUBufferLike {
  readonly size: number;
  readonly mapState: 'unmapped' | 'pending' | 'mapped';
  mapAsync(mode: number): Promise<unknown>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}
/** GPUMapMode.READ and GPUBufferUsage.COPY_DST | MAP_READ (fixed by the WebGPU spec). */
const GPU_MAP_MODE_READ = 1;
const GPU_USAGE_MAP_READ_COPY_DST = 0x0001 | 0x0008;

interface WebGpuBackendLike {
  tensorMap: { get(id: object): { values: unknown; dtype: string; resource: unknown; complexTensorInfos?: { real: { dataId: object }; imag: { dataId: object } } } };
  bufferManager: { acquireBuffer(size: number, usage: number): GPUBufferLike; releaseBuffer(b: GPUBufferLike): void };
  commandEncoder: { copyBufferToBuffer(a: GPUBufferLike, ao: number, b: GPUBufferLike, bo: number, n: number): void };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(id: object, v: tf.backend_util.BackendValues): tf.backend_util.BackendValues;
  readSync(id: object): tf.backend_util.BackendValues;
}

const PATCHED = Symbol.for('trm-sdk.webgpu.readSync');

/**
 * tfjs-backend-webgpu's `readSync` (behind `dataSync()`, `arraySync()`) copies through an
 * `OffscreenCanvas`, which Node lacks ("OffscreenCanvas is not defined"). Replace it with a staging
 * buffer mapped synchronously ({@link mapReadSync}) — the same copy the async `read` makes.
 */
function patchReadSync(proto: WebGpuBackendLike & { [PATCHED]?: boolean }): void {
  if (proto[PATCHED]) return;
  const original = proto.readSync;
  proto.readSync = function (this: WebGpuBackendLike, dataId: object): tf.backend_util.BackendValues {
    const d = this.tensorMap.get(dataId);
    if (d.values != null || d.dtype === 'string') return d.values as tf.backend_util.BackendValues;
    if (d.dtype === 'complex64') {
      const re = this.readSync(d.complexTensorInfos!.real.dataId) as Float32Array;
      const im = this.readSync(d.complexTensorInfos!.imag.dataId) as Float32Array;
      return this.convertAndCacheOnCPU(dataId, tf.backend_util.mergeRealAndImagArrays(re, im));
    }
    const src = d.resource as GPUBufferLike;
    if (!src || typeof src.size !== 'number' || typeof (src as { mapAsync?: unknown }).mapAsync !== 'function') {
      return original.call(this, dataId); // a texture: not produced by anything in this SDK
    }
    const staging = this.bufferManager.acquireBuffer(src.size, GPU_USAGE_MAP_READ_COPY_DST);
    this.ensureCommandEncoderReady();
    this.endComputePassEncoder();
    this.commandEncoder.copyBufferToBuffer(src, 0, staging, 0, src.size);
    this.submitQueue();
    let bytes: ArrayBuffer;
    try {
      mapReadSync(staging);
      bytes = staging.getMappedRange().slice(0);
      staging.unmap();
    } finally {
      this.bufferManager.releaseBuffer(staging);
    }
    return this.convertAndCacheOnCPU(dataId, tf.util.convertBackendValuesAndArrayBuffer(bytes, d.dtype as tf.DataType));
  };
  proto[PATCHED] = true;
}

/**
 * Make `navigator.gpu` and the `GPU*` constants tfjs-backend-webgpu reads exist, without replacing
 * anything Node already has: Node 20 has no `navigator` (we define a plain one holding `gpu`);
 * Node 21+ has one, and only `gpu` is added to it.
 */
function installNavigatorGpu(gpu: unknown, globals: Record<string, unknown>): void {
  const g = globalThis as Record<string, unknown>;
  for (const [k, v] of Object.entries(globals)) if (!(k in g)) Object.defineProperty(g, k, { value: v, writable: true, configurable: true });
  const nav = g.navigator as Record<string, unknown> | undefined;
  if (nav === undefined) {
    Object.defineProperty(g, 'navigator', { value: { gpu }, writable: true, configurable: true, enumerable: false });
  } else if (!nav.gpu) {
    Object.defineProperty(nav, 'gpu', { value: gpu, writable: true, configurable: true });
  }
}

/**
 * Registers (once) and activates the `webgpu` tfjs backend on Dawn's adapter; returns the adapter's
 * name. Throws `webgpu: <reason>` when there is no adapter, or when `auto` and it is a software one.
 */
export async function loadWebGpu(auto: boolean): Promise<string | undefined> {
  const p = probeWebGpu();
  if (!p.ok) throw new Error(`webgpu: ${p.reason}`);
  if (p.software && auto) {
    throw new Error(`webgpu: only a software adapter (${p.adapter}), slower than wasm; TRM_BACKEND=webgpu uses it anyway`);
  }
  if (!tf.findBackendFactory('webgpu')) {
    const dawn = (await importOptional('webgpu')) as { create(flags: string[]): unknown; globals: Record<string, unknown> };
    const g = globalThis as { navigator?: { gpu?: unknown } };
    if (!g.navigator?.gpu) installNavigatorGpu(dawn.create(dawnFlags()), dawn.globals);
    // Registers the `webgpu` factory only if navigator.gpu exists at import time.
    await importOptional('@tensorflow/tfjs-backend-webgpu');
    if (!tf.findBackendFactory('webgpu')) {
      throw new Error('webgpu: @tensorflow/tfjs-backend-webgpu registered no backend (imported before navigator.gpu existed, or a second copy of tfjs-core)');
    }
  }
  // Catch the event-processing callback Dawn schedules while the device is created: it is the
  // pump for synchronous reads when a later mapAsync finds one already scheduled.
  const realSetImmediate = globalThis.setImmediate;
  globalThis.setImmediate = ((fn: unknown, ...args: unknown[]) => {
    if (typeof fn === 'function') dawnPump = fn as () => void;
    return (realSetImmediate as (...a: unknown[]) => unknown)(fn, ...args);
  }) as unknown as typeof setImmediate;
  try {
    await activate('webgpu', 'webgpu');
  } finally {
    globalThis.setImmediate = realSetImmediate;
  }
  patchReadSync(Object.getPrototypeOf(tf.backend()) as WebGpuBackendLike);
  return p.adapter;
}

/** Forget the cached adapter probe, so the next {@link probeWebGpu} asks Dawn again. */
export function resetWebGpuProbe(): void {
  probed = undefined;
}
