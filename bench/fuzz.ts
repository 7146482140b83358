/**
 * The long fuzz run of issue #13: `node dist/bench/fuzz.js [--requests 12000] [--files 2000]
 * [--seed 1] [--workers 2] [--concurrency 8]`. Starts the service in-process with the built-in
 * SDK, sends generated bad requests (bench/fuzz-cases.ts), mutates checkpoint files, prints
 * counts by kind and status, and exits 1 on any defect (a 5xx, a dropped connection, a mutated
 * file refused with anything but a TrmError). The bounded version runs in the test suite
 * (test/fuzz/fuzz.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../src/errors.js';
import { checkpointFromSafetensors, saveCheckpoint } from '../src/neural/checkpoint.js';
import { readSafetensors } from '../src/neural/safetensors.js';
import { createServer } from '../src/server/app.js';
import { createRng } from '../src/util/rng.js';
import { isDefect, makeRequest, mutateBytes, send, tinyFuzzModel } from './fuzz-cases.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '12000' },
      files: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string', default: '2' },
      concurrency: { type: 'string', default: '8' },
    },
  });
  const seed = Number(values.seed);
  const requests = Number(values.requests);
  const files = Number(values.files);
  const defects: string[] = [];

  const server = await createServer({ workers: Number(values.workers), log: () => {} });
  const { url } = await server.listen(0, '127.0.0.1');
  const rng = createRng(seed);
  const counts = new Map<string, Map<number, number>>();
  let i = 0;
  const t0 = Date.now();
  const lane = async (): Promise<void> => {
    while (i < requests) {
      const r = makeRequest(rng, i++);
      const { status, body } = await send(url, r);
      const c = counts.get(r.kind) ?? new Map<number, number>();
      c.set(status, (c.get(status) ?? 0) + 1);
      counts.set(r.kind, c);
      if (isDefect(r, status)) defects.push(`${r.kind} ${r.method} ${r.path.slice(0, 80)} → ${status} ${body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: Number(values.concurrency) }, lane));
  const health = await send(url, { kind: 'health', method: 'GET', path: '/health', headers: {} });
  if (health.status !== 200) defects.push(`/health → ${health.status} after the run`);
  await server.close();
  console.log(`requests: ${requests} in ${((Date.now() - t0) / 1000).toFixed(1)} s (seed ${seed})`);
  for (const [kind, c] of [...counts].sort()) console.log(`  ${kind.padEnd(22)} ${[...c].sort().map(([s, n]) => `${s}×${n}`).join(' ')}`);

  // Mutated checkpoint files.
  await tf.setBackend('cpu');
  const { config, params } = tinyFuzzModel();
  const dir = mkdtempSync(path.join(tmpdir(), 'trm-fuzz-'));
  const file = path.join(dir, 'c.safetensors');
  saveCheckpoint(file, { config, params });
  const original = readFileSync(file);
  rmSync(dir, { recursive: true, force: true });
  const frng = createRng(seed + 1);
  const codes = new Map<string, number>();
  const t1 = Date.now();
  for (let k = 0; k < files; k++) {
    const bytes = mutateBytes(frng, original);
    try {
      checkpointFromSafetensors(readSafetensors(bytes));
      codes.set('accepted', (codes.get('accepted') ?? 0) + 1);
    } catch (e) {
      if (e instanceof TrmError) codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      else defects.push(`mutation ${k}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
  console.log(`mutated files: ${files} in ${((Date.now() - t1) / 1000).toFixed(1)} s: ${[...codes].map(([c, n]) => `${c}×${n}`).join(' ')}`);
  if (defects.length) {
    console.log(`${defects.length} defect(s):`);
    for (const d of defects.slice(0, 50)) console.log(`  ${d}`);
    process.exitCode = 1;
  } else console.log('no defects');
}

void main();
