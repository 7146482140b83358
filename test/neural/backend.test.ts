import { describe, it, expect, vi, afterEach } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, currentBackend, wasmBinaryDir } from '../../src/neural/backend.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TrmError } from '../../src/errors.js';

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
    expect(['tensorflow', 'wasm']).toContain(info.backend);
    expect(info.tried.at(-1)).toEqual({ name: info.backend === 'wasm' ? 'wasm' : expect.any(String) });
    if (info.backend === 'wasm') {
      expect(info.tried.map((t) => t.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm']);
      expect(info.reason).toMatch(/tfjs-node-gpu (not installed|failed)/);
    }
    const ours = lines.filter((l) => l.startsWith('[trm-sdk] backend'));
    expect(ours).toEqual([`[trm-sdk] backend ${info.backend} (reason: ${info.reason})\n`]);
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
