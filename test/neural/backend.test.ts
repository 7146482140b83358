import { describe, it, expect, vi, afterEach } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, currentBackend, wasmBinaryDir, resetBackendCache, logLine } from '../../src/neural/backend.js';
import { probeWebGpu, resetWebGpuProbe } from '../../src/neural/webgpu.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TrmError } from '../../src/errors.js';
import { missingTool } from '../support/system-tools.js';

/** A fixed 7×5 · 5×3 product, computed on the active backend. */
function smallMatmul(): Float32Array {
  const a = Float32Array.from({ length: 35 }, (_, i) => Math.sin(i + 1));
  const b = Float32Array.from({ length: 15 }, (_, i) => Math.cos(2 * i + 0.5));
  return tf.tidy(() => tf.matMul(tf.tensor2d(a, [7, 5]), tf.tensor2d(b, [5, 3])).dataSync() as Float32Array);
}

function plainMatmul(): number[] {
  const out: number[] = [];
  for (let i = 0; i < 7; i++) for (let j = 0; j < 3; j++) {
    let s = 0;
    for (let k = 0; k < 5; k++) s += Math.sin(i * 5 + k + 1) * Math.cos(2 * (k * 3 + j) + 0.5);
    out.push(s);
  }
  return out;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('initBackend', () => {
  it('ships the wasm binaries where setWasmPaths will look', () => {
    expect(existsSync(path.join(wasmBinaryDir(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('initialises cpu and wasm, and both compute the same matmul within 1e-5', async () => {
    vi.stubEnv('TRM_QUIET', '1');
    const cpu = await initBackend('cpu');
    expect(cpu.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const onCpu = smallMatmul();

    const wasm = await initBackend('wasm');
    expect(wasm.backend).toBe('wasm');
    expect(wasm.reason).toMatch(/forced by argument=wasm/);
    expect(tf.getBackend()).toBe('wasm');
    const onWasm = smallMatmul();

    const ref = plainMatmul();
    for (let i = 0; i < ref.length; i++) {
      expect(Math.abs(onCpu[i]! - onWasm[i]!)).toBeLessThan(1e-5);
      expect(Math.abs(onCpu[i]! - ref[i]!)).toBeLessThan(1e-5);
    }
    expect(currentBackend()).toBe(wasm);
  });

  it('is idempotent: the same choice returns the same result and re-activates it', async () => {
    vi.stubEnv('TRM_QUIET', '1');
    const first = await initBackend('cpu');
    await initBackend('wasm');
    const again = await initBackend('cpu');
    expect(again).toBe(first);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('auto picks the fastest available (wasm here unless tfjs-node is installed) and logs one line', async () => {
    vi.stubEnv('TRM_QUIET', '0');
    vi.stubEnv('TRM_BACKEND', '');
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const info = await initBackend();
    const probe = probeWebGpu();
    const gpu = probe.ok && !probe.software;
    expect(gpu ? ['webgpu'] : ['tensorflow', 'wasm']).toContain(info.backend);
    expect(info.tried.at(-1)).toEqual({ name: info.backend === 'tensorflow' ? expect.any(String) : info.backend });
    if (info.backend === 'wasm') {
      expect(info.tried.map((t) => t.name)).toEqual(['webgpu', 'tfjs-node-gpu', 'tfjs-node', 'wasm']);
      expect(info.reason).toMatch(/^webgpu: .*; tfjs-node-gpu (not installed|failed)/);
    }
    const ours = lines.filter((l) => l.startsWith('[trm-sdk] backend'));
    expect(ours).toEqual([`${logLine(info)}\n`]);
    expect(ours[0]).toMatch(info.backend === 'webgpu' ? /^\[trm-sdk\] backend webgpu on .+ \(/ : /^\[trm-sdk\] backend \w+ \(/);
    // A second call does not log again.
    await initBackend();
    expect(lines.filter((l) => l.startsWith('[trm-sdk] backend')).length).toBe(1);
  });

  it('TRM_BACKEND=bogus fails with TRM_ERR_BACKEND_UNAVAILABLE', async () => {
    vi.stubEnv('TRM_BACKEND', 'bogus');
    const err = await initBackend().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrmError);
    expect((err as TrmError).code).toBe('TRM_ERR_BACKEND_UNAVAILABLE');
    expect((err as TrmError).message).toMatch(/unknown backend "bogus" \(from TRM_BACKEND\)/);
  });

  it('a forced native backend that is not installed fails instead of falling back', async () => {
    let native = true;
    try {
      const name = '@tensorflow/tfjs-node';
      await import(name);
    } catch {
      native = false;
    }
    vi.stubEnv('TRM_BACKEND', 'tensorflow-cpu');
    vi.stubEnv('TRM_QUIET', '1');
    if (native) {
      expect((await initBackend()).backend).toBe('tensorflow');
      return;
    }
    const err = await initBackend().catch((e: unknown) => e);
    expect((err as TrmError).code).toBe('TRM_ERR_BACKEND_UNAVAILABLE');
    expect((err as TrmError).message).toMatch(/tfjs-node not installed/);
  });
});

// webgpu: Dawn's adapter probe runs in a child process; pointing the Vulkan loader at a driver list
// that does not exist (VK_ICD_FILENAMES / VK_DRIVER_FILES) gives the no-adapter case on any Linux box.
const PROBE = probeWebGpu();
const NO_ADAPTER_ENV = { VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' };

describe('initBackend: webgpu', () => {
  afterEach(() => {
    resetBackendCache();
    resetWebGpuProbe();
  });

  it.skipIf(process.platform !== 'linux')('with no adapter, TRM_BACKEND=webgpu fails with TRM_ERR_BACKEND_UNAVAILABLE and the reason', async () => {
    for (const [k, v] of Object.entries(NO_ADAPTER_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('TRM_BACKEND', 'webgpu');
    vi.stubEnv('TRM_QUIET', '1');
    resetBackendCache();
    resetWebGpuProbe();
    const p = probeWebGpu();
    expect(p.ok).toBe(false);
    const err = await initBackend().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrmError);
    expect((err as TrmError).code).toBe('TRM_ERR_BACKEND_UNAVAILABLE');
    expect((err as TrmError).message).toMatch(/backend "webgpu" \(from TRM_BACKEND\) cannot be loaded: webgpu: (no WebGPU adapter|webgpu \(Dawn\) not installed|@tensorflow\/tfjs-backend-webgpu not installed)/);
    expect((err as TrmError).message).not.toMatch(/\n/);
  }, 60_000);

  it.skipIf(process.platform !== 'linux')('with no adapter, auto falls back to wasm and logs one line with the reason', async () => {
    for (const [k, v] of Object.entries(NO_ADAPTER_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('TRM_BACKEND', '');
    vi.stubEnv('TRM_QUIET', '0');
    resetBackendCache();
    resetWebGpuProbe();
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const info = await initBackend();
    if (info.backend === 'tensorflow') return; // tfjs-node installed: it outranks wasm
    expect(info.backend).toBe('wasm');
    expect(info.tried[0]!.name).toBe('webgpu');
    expect(info.tried[0]!.error).toMatch(/^webgpu: /);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[trm-sdk\] backend wasm \(webgpu: (no WebGPU adapter|.*not installed)/);
    // Short: the whole reason stays in info.reason (and TRM_DEBUG=1 prints it).
    expect(lines[0]!.length).toBeLessThan(160);
  }, 60_000);

  it.skipIf(!PROBE.ok)(`TRM_BACKEND=webgpu runs on the adapter, logs its name, and matches cpu and plain JS${PROBE.ok ? ` (adapter: ${PROBE.adapter})` : missingTool('Mesa lavapipe (a WebGPU adapter through Vulkan)', PROBE.reason)}`, async () => {
    vi.stubEnv('TRM_BACKEND', 'webgpu');
    vi.stubEnv('TRM_QUIET', '0');
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const info = await initBackend();
    expect(info.backend).toBe('webgpu');
    expect(info.adapter).toBe(PROBE.adapter);
    expect(lines.filter((l) => l.startsWith('[trm-sdk]'))).toEqual([`${logLine(info)}\n`]);
    expect(lines.find((l) => l.startsWith('[trm-sdk]'))).toMatch(/^\[trm-sdk\] backend webgpu on .+ \(forced by TRM_BACKEND=webgpu\)\n$/);
    expect(tf.getBackend()).toBe('webgpu');
    // dataSync works in Node (tfjs's own readSync needs OffscreenCanvas; backend.ts replaces it).
    const onGpu = smallMatmul();
    const ref = plainMatmul();
    for (let i = 0; i < ref.length; i++) expect(Math.abs(onGpu[i]! - ref[i]!)).toBeLessThan(1e-5);
    const ints = tf.tidy(() => tf.tensor1d([1, 2, 3], 'int32').add(tf.scalar(1, 'int32')).dataSync());
    expect(Array.from(ints)).toEqual([2, 3, 4]);
    const bools = tf.tidy(() => tf.tensor1d([1, -2, 3]).greater(0).dataSync());
    expect(Array.from(bools)).toEqual([1, 0, 1]);
    const nested = tf.tidy(() => tf.tensor2d([[1, 2], [3, 4]]).square().arraySync());
    expect(nested).toEqual([[1, 4], [9, 16]]);
    // A gradient through matMul/relu/sum, read back synchronously, equals the cpu one.
    const g = (): Float32Array =>
      tf.tidy(() => {
        const x = tf.tensor2d([[0.5, -1, 2], [1.5, 0.25, -0.75]]);
        const w = tf.tensor2d([[1, -2], [0.5, 1], [-1, 0.25]]);
        return tf.grad((a: tf.Tensor) => tf.matMul(a as tf.Tensor2D, w).relu().sum())(x).dataSync() as Float32Array;
      });
    const onGpuGrad = g();
    await initBackend('cpu');
    const onCpuGrad = g();
    expect(Array.from(onGpuGrad)).toEqual(Array.from(onCpuGrad));
  }, 60_000);
});
