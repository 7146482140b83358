/**
 * The seeded fuzz harness of issue #13, bounded for CI: a few hundred generated bad requests
 * (19 kinds, the string-form and number cases of issue #23 among them) against an in-process server, and mutated checkpoint and training-state files.
 * Asserts no 5xx, no dropped connection, no crash (the server still answers /health with every
 * worker it started), and that every mutated file is either read or refused with a TrmError.
 * The long run is `node dist/bench/fuzz.js` (bench/fuzz.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDefect, makeRequest, mutateBytes, send, tinyFuzzModel } from '../../bench/fuzz-cases.js';
import { TrmError } from '../../src/errors.js';
import { checkpointFromSafetensors, loadTrainingState, saveCheckpoint, saveTrainingState } from '../../src/neural/checkpoint.js';
import { readSafetensors } from '../../src/neural/safetensors.js';
import { createRng } from '../../src/util/rng.js';
import { startServer, type Running } from '../server/helpers.js';

const SEED = Number(process.env.TRM_FUZZ_SEED ?? 1313);
const REQUESTS = Number(process.env.TRM_FUZZ_REQUESTS ?? 340);
const FILES = Number(process.env.TRM_FUZZ_FILES ?? 200);

let srv: Running;
beforeAll(async () => {
  srv = await startServer({ workers: 2, queueCapacity: 64 });
});
afterAll(async () => {
  await srv?.server.close();
});

describe(`fuzz (seed ${SEED})`, () => {
  it(`${REQUESTS} generated bad requests: no 5xx, no dropped connection, the server survives`, async () => {
    const rng = createRng(SEED);
    const reqs = Array.from({ length: REQUESTS }, (_, i) => makeRequest(rng, i));
    const failures: string[] = [];
    const byKind = new Map<string, Map<number, number>>();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < reqs.length) {
        const r = reqs[next++]!;
        const { status, body } = await send(srv.url, r);
        const counts = byKind.get(r.kind) ?? new Map<number, number>();
        counts.set(status, (counts.get(status) ?? 0) + 1);
        byKind.set(r.kind, counts);
        if (r.mustRefuse && (status < 400 || status >= 500)) failures.push(`${r.kind} ${r.method} ${r.path.slice(0, 80)} breaks a contract limit but got ${status}: ${body.slice(0, 200)}`);
        else if (isDefect(r, status)) failures.push(`${r.kind} ${r.method} ${r.path.slice(0, 80)} → ${status} ${body.slice(0, 300)}`);
        else if (status >= 400 && !/"code":"TRM_ERR_/.test(body)) failures.push(`${r.kind} ${r.method} ${r.path.slice(0, 80)} → ${status} without the error shape: ${body.slice(0, 200)}`);
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    expect(failures).toEqual([]);
    expect(byKind.size).toBe(19);
    const health = await fetch(`${srv.url}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { workers: number }).workers).toBe(2);
    expect(srv.logs.filter((l) => /internal error|crashed|exited with code/.test(l))).toEqual([]);
  }, 60_000);

  it(`${FILES} mutated checkpoint and training-state files: read, or refused with a TrmError`, async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const { config, params } = tinyFuzzModel();
    const dir = mkdtempSync(path.join(tmpdir(), 'trm-fuzz-'));
    try {
      const ckpt = path.join(dir, 'raw.safetensors');
      saveCheckpoint(ckpt, { config, params }, { step: '3' });
      const shadow = new Map([...params].map(([n, v]) => [n, { shape: v.shape, data: v.dataSync() as Float32Array }]));
      saveTrainingState(ckpt, { step: 3, ema: { mu: 0.9, shadow }, extra: { seed: '1' } });
      const originals = [readFileSync(ckpt), readFileSync(path.join(dir, 'raw.optim.safetensors'))];
      const rng = createRng(SEED + 1);
      const odd: string[] = [];
      const codes = new Map<string, number>();
      for (let i = 0; i < FILES; i++) {
        const which = i % 2;
        const bytes = mutateBytes(rng, originals[which]!);
        try {
          if (which === 0) checkpointFromSafetensors(readSafetensors(bytes));
          else {
            const target = path.join(dir, 'm.safetensors');
            writeFileSync(path.join(dir, 'm.optim.safetensors'), bytes);
            await loadTrainingState(target);
          }
          codes.set('ok', (codes.get('ok') ?? 0) + 1);
        } catch (e) {
          if (!(e instanceof TrmError)) odd.push(`${which ? 'state' : 'checkpoint'} mutation ${i}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
          else codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
        }
      }
      expect(odd).toEqual([]);
      expect(codes.get('TRM_ERR_INVALID_CHECKPOINT') ?? 0).toBeGreaterThan(FILES / 2);
    } finally {
      for (const v of params.values()) v.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
