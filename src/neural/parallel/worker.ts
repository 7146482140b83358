/**
 * A data-parallel training worker (node:worker_threads): one model replica on its own tfjs
 * backend, the deep-supervision carry of its shard's rows, and per step one `trainStep` on its
 * shard. It never updates weights itself: it reads the coordinator's weights from the shared
 * buffer when told they changed, and writes its gradients back (see data-parallel.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { TrmError } from '../../errors.js';
import { disposeCarry, initialCarry, trainStep, type TrmCarry } from '../act.js';
import { initBackend } from '../backend.js';
import { TrmModel } from '../model.js';
import { WORKER_TAG, type FromWorker, type ToWorker, type WeightSync, type WorkerInit } from './protocol.js';
import { TapeRng } from './shards.js';

const init = workerData as WorkerInit;
if (!parentPort || init?.tag !== WORKER_TAG) throw new Error('parallel/worker.ts is a worker-thread entry; start it through DataParallel');
const port = parentPort;

const post = (m: FromWorker): void => port.postMessage(m);

async function main(): Promise<void> {
  const info = await initBackend(init.backend);
  const model = new TrmModel(init.config, { seed: 0 });
  const weights = new Float32Array(init.weights);
  const ctrl = new Int32Array(init.ctrl);
  const gl = init.gradLayout;
  const wl = init.weightLayout;
  const gradSlot = new Float32Array(init.grads, (init.rank - 1) * gl.total * 4, gl.total);
  const ndim = init.config.puzzleEmbNdim;
  const embGrads = init.embGrads ? new Float32Array(init.embGrads) : null;
  const wIndex = new Map(wl.names.map((n, i) => [n, i] as const));
  const Bs = init.hi - init.lo;
  let carry: TrmCarry = initialCarry(model, Bs);
  let version = -1;

  const load = (name: string): void => {
    const i = wIndex.get(name)!;
    // A copy: a backend may keep the array it is given, and the buffer changes under it next step.
    const data = weights.slice(wl.offsets[i]!, wl.offsets[i]! + wl.sizes[i]!);
    tf.tidy(() => model.params.get(name)!.assign(tf.tensor(data, wl.shapes[i] as number[], 'float32')));
  };
  const sync = (s: WeightSync): void => {
    if (Atomics.load(ctrl, 0) !== s.version) throw new TrmError('TRM_ERR_INTERNAL', `data-parallel worker ${init.rank}: weights version ${Atomics.load(ctrl, 0)}, expected ${s.version}`);
    if (s.all) {
      for (const name of wl.names) load(name);
    } else {
      for (const name of gl.names) load(name);
      if (s.embRows && s.embRows.length) {
        const i = wIndex.get('inner.puzzle_emb.weights')!;
        const rows = new Float32Array(s.embRows.length * ndim);
        s.embRows.forEach((id, k) => rows.set(weights.subarray(wl.offsets[i]! + id * ndim, wl.offsets[i]! + (id + 1) * ndim), k * ndim));
        const table = model.params.get('inner.puzzle_emb.weights')!;
        tf.tidy(() => table.assign(tf.tensorScatterUpdate(table, tf.tensor2d(s.embRows!, [s.embRows!.length, 1], 'int32'), tf.tensor2d(rows, [s.embRows!.length, ndim]))));
      }
    }
    version = s.version;
  };

  port.on('message', (m: ToWorker) => {
    if (m.type === 'close') {
      disposeCarry(carry);
      model.dispose();
      port.close();
      return;
    }
    try {
      if (m.sync) sync(m.sync);
      else if (version < 0) throw new TrmError('TRM_ERR_INTERNAL', `data-parallel worker ${init.rank}: a step before any weights`);
      const rng = new TapeRng(m.tape);
      const res = trainStep(model, carry, { batchSize: Bs, inputs: m.inputs, labels: m.labels, puzzleIdentifiers: m.puzzleIdentifiers }, { rng });
      carry = res.carry;
      rng.assertConsumed();
      gl.names.forEach((name, i) => {
        const g = res.grads.get(name)!;
        gradSlot.set(g.dataSync() as Float32Array, gl.offsets[i]!);
      });
      tf.dispose([...res.grads.values()]);
      let embIds: Int32Array | null = null;
      if (res.puzzleEmbGrad) {
        embGrads!.set(res.puzzleEmbGrad.grad.dataSync() as Float32Array, init.lo * ndim);
        embIds = res.puzzleEmbGrad.ids;
        res.puzzleEmbGrad.grad.dispose();
      }
      // Publishes the writes above to the coordinator, which loads ctrl[rank] before reading.
      Atomics.store(ctrl, init.rank, m.seq);
      post({ type: 'done', rank: init.rank, seq: m.seq, loss: res.loss, metrics: res.metrics, halted: res.carry.halted.slice(), embIds });
    } catch (e) {
      const err = e as Error & { code?: string };
      post({ type: 'error', rank: init.rank, message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}), ...(err?.stack ? { stack: err.stack } : {}) });
    }
  });
  post({ type: 'ready', rank: init.rank, backend: info.backend });
}

main().catch((e: unknown) => {
  const err = e as Error & { code?: string };
  post({ type: 'error', rank: init.rank, message: err?.message ?? String(e), ...(err?.code ? { code: err.code } : {}), ...(err?.stack ? { stack: err.stack } : {}) });
});
