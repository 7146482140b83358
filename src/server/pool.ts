/**
 * The worker-thread pool behind the service: N workers, each with its own SDK, one job each at a
 * time, and a bounded queue in front of them, fair across clients: each client (an API key or an
 * IP address, named by the caller) has its own FIFO, workers take from the clients in turn
 * (round-robin), and one client may hold at most `perClient` waiting jobs, so it cannot fill the
 * queue for everyone. It owns every time limit:
 *   - admission: a full queue, or a client at its share, is refused at once (TRM_ERR_OVERLOADED,
 *     with a retry estimate);
 *   - deadline: a job past its deadline is answered TRM_ERR_TIMEOUT, whether queued or running;
 *     a running one is sent `cancel`, and if its worker has not come back `killGraceMs` later
 *     (a synchronous solver cannot see the cancel) the worker is terminated and replaced;
 *   - abort: a caller that goes away gets its job dropped from the queue or cancelled.
 * A worker that dies fails its job with TRM_ERR_INTERNAL and is replaced.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { ERROR_CATALOGUE, TrmError, type TrmErrorCode } from '../errors.js';
import { workerHeapLimitMb } from '../sdk/memory-budget.js';
import type { FromWorker, JobSpec, ToWorker, WireError, WorkerInit, WorkerReady } from './protocol.js';
import { spawnWorker } from '../util/spawn-worker.js';

export interface PoolOptions {
  /** Worker threads. */
  size: number;
  /** Most jobs that may wait for a worker; one more is refused with TRM_ERR_OVERLOADED. */
  capacity: number;
  /** Most jobs one client may have waiting (default: `capacity`, i.e. no per-client share). */
  perClient?: number;
  /** How long a worker may keep running a timed-out job before it is terminated and replaced. */
  killGraceMs: number;
  /** Module each worker builds its SDK from (see sdk-module.ts). */
  sdkModule?: string;
  /** Plugin module URLs each worker registers, and task → checkpoint paths it loads (see sdk-module.ts). */
  plugins?: string[];
  models?: Record<string, string>;
  /** Where operational messages go (worker crashes, restarts). */
  log: (line: string) => void;
  /** Bytes one solve may need (TRM_MAX_MEMORY): each worker refuses solves estimated over it, and its heap is capped above it. */
  maxMemoryBytes?: number;
}

export interface SubmitHooks {
  /** `performance.now()` time after which the job is answered TRM_ERR_TIMEOUT. */
  deadline: number;
  /** Called with each step event's JSON text, as the worker posts it. */
  onStep?: (data: string) => void;
  /** Aborting drops the job (TRM_ERR_ABORTED). */
  signal?: AbortSignal;
  /** Called once a worker has checked a streamed solve's input and starts solving (before any step). */
  onAccepted?: () => void;
  /** Who the job is for (fair queueing); jobs without one share the client `""`. */
  client?: string;
}

export interface PoolStats {
  running: number;
  waiting: number;
  capacity: number;
  workers: number;
}

interface Job {
  id: number;
  client: string;
  spec: JobSpec;
  hooks: SubmitHooks;
  resolve: (body: string) => void;
  reject: (e: TrmError) => void;
  settled: boolean;
  slot?: Slot;
  startedAt?: number;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  /** Became ready once: its exit is a crash to recover from, not a failed start (spawn's caller handles that). */
  started: boolean;
  job?: Job | undefined;
  killTimer?: NodeJS.Timeout;
  /** Set when we terminate the worker ourselves, so its exit is not reported as a crash. */
  retiring: boolean;
  /** Set when the worker died of its heap limit (ERR_WORKER_OUT_OF_MEMORY). */
  outOfMemory?: boolean;
}

/** Rebuilds a worker's error; an unknown code (a worker bug) becomes TRM_ERR_INTERNAL. */
export function fromWire(e: WireError): TrmError {
  const code = (Object.hasOwn(ERROR_CATALOGUE, e.code) ? e.code : 'TRM_ERR_INTERNAL') as TrmErrorCode;
  return new TrmError(code, e.message, e.details);
}


export class WorkerPool {
  private readonly slots: Slot[] = [];
  /** Waiting jobs per client; Map order is the round-robin order (a served client moves to the back). */
  private readonly queues = new Map<string, Job[]>();
  private waiting = 0;
  private nextId = 1;
  private destroyed = false;
  private destroying: Promise<void> | null = null;
  /** Exponential moving average of job run time (ms), for Retry-After. */
  private avgRunMs = 50;
  private info: WorkerReady = { tasks: [], backend: null };
  private taskNames = new Set<string>();

  constructor(private readonly opts: PoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new TrmError('TRM_ERR_INVALID_CONFIG', `worker pool size must be an integer ≥ 1, got ${opts.size}`);
    if (!Number.isInteger(opts.capacity) || opts.capacity < 0) throw new TrmError('TRM_ERR_INVALID_CONFIG', `queue capacity must be an integer ≥ 0, got ${opts.capacity}`);
    if (opts.perClient !== undefined && (!Number.isInteger(opts.perClient) || opts.perClient < 1)) throw new TrmError('TRM_ERR_INVALID_CONFIG', `per-client queue share must be an integer ≥ 1, got ${opts.perClient}`);
  }

  /** Starts every worker; resolves when all have built their SDK, rejects with the first worker's startup error. */
  async start(): Promise<void> {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < this.opts.size; i++) ready.push(this.spawn(i));
    try {
      await Promise.all(ready);
    } catch (e) {
      await this.destroy();
      throw e;
    }
  }

  /** Task list as the workers' SDK reports it (from the first worker that started). */
  get tasks(): WorkerReady['tasks'] {
    return this.info.tasks;
  }

  get backend(): string | null {
    return this.info.backend;
  }

  hasTask(name: string): boolean {
    return this.taskNames.has(name);
  }

  stats(): PoolStats {
    return { running: this.slots.filter((s) => s.job).length, waiting: this.waiting, capacity: this.opts.capacity, workers: this.opts.size };
  }

  /**
   * Admits a job or throws at once (TRM_ERR_OVERLOADED with `details.retryAfterS`, or
   * TRM_ERR_SHUTTING_DOWN after destroy). The returned promise settles with the worker's JSON
   * text, or rejects with a TrmError (the worker's, TIMEOUT, ABORTED or INTERNAL).
   */
  submit(spec: JobSpec, hooks: SubmitHooks): Promise<string> {
    if (this.destroyed) throw new TrmError('TRM_ERR_SHUTTING_DOWN', 'the server is shutting down and takes no new work');
    const idle = this.slots.some((s) => s.ready && !s.job);
    const client = hooks.client ?? '';
    if (!idle && this.waiting >= this.opts.capacity) {
      const retryAfterS = this.retryAfterS();
      throw new TrmError('TRM_ERR_OVERLOADED', `all ${this.opts.size} workers are busy and ${this.waiting} requests are waiting (capacity ${this.opts.capacity}); retry in ${retryAfterS} s`, {
        retryAfterS,
        ...this.stats(),
      });
    }
    const mine = this.queues.get(client)?.length ?? 0;
    const share = this.opts.perClient ?? this.opts.capacity;
    if (!idle && mine >= share) {
      const retryAfterS = this.retryAfterS();
      throw new TrmError('TRM_ERR_OVERLOADED', `all ${this.opts.size} workers are busy and this client already has ${mine} requests waiting (its share of the queue is ${share}); retry in ${retryAfterS} s`, {
        retryAfterS,
        clientWaiting: mine,
        perClient: share,
        ...this.stats(),
      });
    }
    return new Promise<string>((resolve, reject) => {
      const job: Job = { id: this.nextId++, client, spec, hooks, resolve, reject, settled: false };
      if (hooks.signal?.aborted) {
        reject(new TrmError('TRM_ERR_ABORTED', 'the request was aborted before it was queued'));
        return;
      }
      job.timer = setTimeout(() => this.onDeadline(job), Math.max(0, hooks.deadline - performance.now()));
      if (hooks.signal) {
        job.onAbort = () => this.onAbort(job);
        hooks.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.enqueue(job);
      this.dispatch();
    });
  }

  /** Terminates every worker; queued and running jobs fail with TRM_ERR_SHUTTING_DOWN. */
  destroy(): Promise<void> {
    this.destroying ??= (async () => {
      this.destroyed = true;
      const err = new TrmError('TRM_ERR_SHUTTING_DOWN', 'the server shut down before this request finished');
      const queued = [...this.queues.values()].flat();
      this.queues.clear();
      this.waiting = 0;
      for (const job of queued) {
        clearTimeout(job.timer);
        this.settle(job, err);
      }
      await Promise.all(
        this.slots.map(async (s) => {
          if (s.job) {
            clearTimeout(s.job.timer);
            this.settle(s.job, err);
          }
          clearTimeout(s.killTimer);
          s.retiring = true;
          await s.worker.terminate();
        }),
      );
    })();
    return this.destroying;
  }

  // ---- internals ----

  private enqueue(job: Job): void {
    const q = this.queues.get(job.client);
    if (q) q.push(job);
    else this.queues.set(job.client, [job]);
    this.waiting++;
  }

  /** The next job round-robin: the head of the first client's FIFO; that client moves to the back. */
  private dequeue(): Job | undefined {
    for (const [client, q] of this.queues) {
      const job = q.shift();
      this.queues.delete(client);
      if (!job) continue;
      if (q.length) this.queues.set(client, q);
      this.waiting--;
      return job;
    }
    return undefined;
  }

  /** Takes a waiting job out of the queue; false when it was not waiting. */
  private unqueue(job: Job): boolean {
    const q = this.queues.get(job.client);
    const i = q ? q.indexOf(job) : -1;
    if (!q || i < 0) return false;
    q.splice(i, 1);
    if (!q.length) this.queues.delete(job.client);
    this.waiting--;
    return true;
  }

  private retryAfterS(): number {
    const perWorker = ((this.waiting + 1) * this.avgRunMs) / this.opts.size;
    return Math.max(1, Math.ceil(perWorker / 1000));
  }

  private spawn(index: number): Promise<void> {
    const init: WorkerInit = {
      ...(this.opts.sdkModule ? { sdkModule: this.opts.sdkModule } : {}),
      ...(this.opts.plugins?.length ? { plugins: this.opts.plugins } : {}),
      ...(this.opts.models && Object.keys(this.opts.models).length ? { models: this.opts.models } : {}),
      ...(this.opts.maxMemoryBytes !== undefined ? { maxMemoryBytes: this.opts.maxMemoryBytes } : {}),
    };
    // ONNX Runtime threads per worker: workers × threads ≤ cores (TRM_ORT_THREADS overrides).
    const ortThreads = process.env.TRM_ORT_THREADS ?? String(Math.max(1, Math.floor(os.availableParallelism() / this.opts.size)));
    // A worker whose heap outgrows the cap dies alone (ERR_WORKER_OUT_OF_MEMORY), not the process.
    const resourceLimits = this.opts.maxMemoryBytes !== undefined ? { maxOldGenerationSizeMb: workerHeapLimitMb(this.opts.maxMemoryBytes) } : undefined;
    const worker = spawnWorker(new URL('./worker.js', import.meta.url), {
      workerData: init,
      stderr: false,
      stdout: false,
      env: { ...process.env, TRM_ORT_THREADS: ortThreads },
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    const slot: Slot = { index, worker, ready: false, started: false, retiring: false };
    this.slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          slot.ready = true;
          slot.started = true;
          if (!this.taskNames.size) {
            this.info = { tasks: m.tasks, backend: m.backend };
            this.taskNames = new Set(m.tasks.map((t) => t.name));
          }
          resolve();
          this.dispatch();
        } else if (m.type === 'fatal') {
          slot.retiring = true;
          void worker.terminate();
          reject(fromWire(m.error));
        } else {
          this.onWorkerMessage(slot, m);
        }
      });
      worker.on('error', (e) => {
        // An uncaught exception inside the worker: its thread is gone ('exit' follows).
        if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          slot.outOfMemory = true;
          this.opts.log(`[trm-sdk serve] worker ${index} reached its heap limit (${resourceLimits?.maxOldGenerationSizeMb ?? '?'} MB) running ${slot.job ? `a ${slot.job.spec.kind} of task "${slot.job.spec.task}"` : 'no job'}; replacing it`);
          if (!slot.ready) reject(new TrmError('TRM_ERR_MEMORY_LIMIT', `solver worker ${index} ran out of memory while starting`));
          return;
        }
        this.opts.log(`[trm-sdk serve] worker ${index} crashed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        if (!slot.ready) reject(new TrmError('TRM_ERR_INTERNAL', `solver worker ${index} failed to start: ${e instanceof Error ? e.message : String(e)}`));
      });
      worker.on('exit', (code) => {
        if (!slot.ready) reject(new TrmError('TRM_ERR_INTERNAL', `solver worker ${index} exited (code ${code}) before it was ready`));
        this.onWorkerExit(slot, code);
      });
    });
  }

  private onWorkerMessage(slot: Slot, m: Exclude<FromWorker, { type: 'ready' } | { type: 'fatal' }>): void {
    const job = slot.job;
    if (!job || job.id !== m.id) return; // a late message from a job we already gave up on
    if (m.type === 'step') {
      if (!job.settled) job.hooks.onStep?.(m.data);
      return;
    }
    if (m.type === 'accepted') {
      if (!job.settled) job.hooks.onAccepted?.();
      return;
    }
    // done or error: the worker is free again.
    slot.job = undefined;
    clearTimeout(slot.killTimer);
    clearTimeout(job.timer);
    if (job.startedAt !== undefined) this.avgRunMs = 0.8 * this.avgRunMs + 0.2 * (performance.now() - job.startedAt);
    if (m.type === 'done') {
      // Models load lazily in the workers, so the backend is known from the first neural result
      // (the worker sends it beside the body: the body is JSON text, not walked here).
      if (typeof m.backend === 'string' && this.info.backend === null) this.info = { ...this.info, backend: m.backend };
      this.settle(job, null, m.body);
    } else this.settle(job, fromWire(m.error));
    this.dispatch();
  }

  private onWorkerExit(slot: Slot, code: number): void {
    if (this.slots[slot.index] !== slot) return; // already replaced
    clearTimeout(slot.killTimer);
    const job = slot.job;
    slot.job = undefined;
    slot.ready = false;
    if (job) {
      clearTimeout(job.timer);
      this.settle(job, slot.outOfMemory
        ? new TrmError('TRM_ERR_MEMORY_LIMIT', `the ${job.spec.kind} of task "${job.spec.task}" outgrew the worker's memory limit (TRM_MAX_MEMORY ${this.opts.maxMemoryBytes ?? '?'} bytes per solve); the worker was replaced. Send a smaller input or fewer vote copies`, {
          task: job.spec.task,
          ...(this.opts.maxMemoryBytes !== undefined ? { limitBytes: this.opts.maxMemoryBytes } : {}),
        })
        : new TrmError('TRM_ERR_INTERNAL', `the solver worker stopped (exit code ${code}) while running this request`, { task: job.spec.task }));
    }
    if (this.destroyed || !slot.started) return;
    if (!slot.retiring && !slot.outOfMemory) this.opts.log(`[trm-sdk serve] worker ${slot.index} exited with code ${code}; starting a replacement`);
    this.respawn(slot.index, 0);
  }

  private respawn(index: number, attempt: number): void {
    if (this.destroyed) return;
    this.spawn(index).catch((e: unknown) => {
      // A worker that cannot start now (e.g. out of memory) is retried with backoff, not in a tight loop.
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      this.opts.log(`[trm-sdk serve] worker ${index} failed to start (${e instanceof Error ? e.message : String(e)}); retrying in ${delay} ms`);
      setTimeout(() => this.respawn(index, attempt + 1), delay).unref();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!this.waiting) return;
      if (!slot || !slot.ready || slot.job) continue;
      const job = this.dequeue();
      if (!job) return;
      job.slot = slot;
      job.startedAt = performance.now();
      slot.job = job;
      const spec: JobSpec = { ...job.spec, budgetMs: Math.max(1, Math.floor(job.hooks.deadline - job.startedAt)) };
      this.send(slot, { type: 'job', id: job.id, job: spec });
    }
  }

  private send(slot: Slot, m: ToWorker): void {
    try {
      slot.worker.postMessage(m);
    } catch (e) {
      // Unclonable input cannot happen with JSON bodies, but a plugin bug must not take the server down.
      const job = slot.job;
      if (m.type === 'job' && job) {
        slot.job = undefined;
        clearTimeout(job.timer);
        this.settle(job, new TrmError('TRM_ERR_INTERNAL', `could not hand the request to a worker: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
  }

  private onDeadline(job: Job): void {
    const queued = this.unqueue(job);
    const ms = Math.round(performance.now() - (job.startedAt ?? job.hooks.deadline));
    this.settle(job, new TrmError('TRM_ERR_TIMEOUT', queued
      ? `the request waited in the queue past its time budget`
      : `the ${job.spec.kind} of task "${job.spec.task}" ran past its time budget (${ms} ms running)`, { task: job.spec.task }));
    const slot = job.slot;
    if (slot && slot.job === job) {
      this.send(slot, { type: 'cancel', id: job.id });
      slot.killTimer = setTimeout(() => {
        if (slot.job !== job) return;
        this.opts.log(`[trm-sdk serve] worker ${slot.index} ignored the cancel of a timed-out ${job.spec.kind} for ${this.opts.killGraceMs} ms; replacing it`);
        slot.retiring = true;
        void slot.worker.terminate();
      }, this.opts.killGraceMs);
    }
  }

  private onAbort(job: Job): void {
    if (job.settled) return;
    if (this.unqueue(job)) {
      clearTimeout(job.timer);
    } else if (job.slot && job.slot.job === job) {
      // The deadline timer stays armed: it still guards a worker that never comes back.
      this.send(job.slot, { type: 'cancel', id: job.id });
    }
    this.settle(job, new TrmError('TRM_ERR_ABORTED', 'the client went away before the answer was ready'));
  }

  private settle(job: Job, err: TrmError | null, body?: string): void {
    if (job.settled) return;
    job.settled = true;
    if (job.onAbort) job.hooks.signal?.removeEventListener('abort', job.onAbort);
    if (err) job.reject(err);
    else job.resolve(body!);
  }
}
