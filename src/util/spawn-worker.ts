/**
 * The one way this package starts a worker thread (server solver pool, data-parallel training,
 * ARC evaluation). It settles three things once:
 *
 *  - **The entry file.** Callers name the compiled module (`new URL('./worker.js', import.meta.url)`).
 *    From dist/ that file is started as is. From the TypeScript sources (vitest, development) the
 *    `.ts` sibling is started through ./worker-dev.mjs, which registers the TypeScript hooks for the
 *    new thread first (a worker is a fresh isolate: the host's loaders do not reach it).
 *  - **The flags.** A worker inherits `process.execArgv` by default, and Node refuses to start one
 *    with `--input-type`, `--eval`/`-e` or `--print`/`-p` (ERR_INPUT_TYPE_NOT_ALLOWED), so a host
 *    run as `node --input-type=module -e '…'` could not train on two workers. Those flags (and the
 *    code they carry) describe the host's own entry, not the worker's: they are dropped; every other
 *    flag (memory limits, conditions, inspectors) is kept.
 *  - **Siblings.** A {@link WorkerGroup} terminates the rest of its workers when one fails, so a
 *    failure never leaves threads running behind the error.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** True when this package runs from its .ts sources (this file's own URL says so). */
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** Host-only flags that take a value (as `--flag=v`, or as the next argument). */
const HOST_ONLY_WITH_VALUE = new Set(['--input-type', '--eval', '-e', '--print', '-p']);
/** Short-flag bundles of -p and -e (`node -pe 'code'`): the next argument is the code. */
const HOST_ONLY_BUNDLE = /^-(?:pe|ep)$/;

/**
 * `execArgv` without the flags that only make sense for the host's own entry: `--input-type`,
 * `--eval`/`-e`, `--print`/`-p` and the code or value each carries.
 */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (HOST_ONLY_WITH_VALUE.has(flag) || HOST_ONLY_BUNDLE.test(a)) {
      // `--flag=value` is one argument; `--flag value` and `-e code` are two.
      if (flag === a) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * The file a worker starts from and the argument the dev bootstrap reads: the compiled module from
 * dist/, or from the sources worker-dev.mjs with the `.ts` module as its last argument.
 */
export function workerEntry(compiled: URL): { file: URL; argv: string[] } {
  if (!FROM_SOURCES) return { file: compiled, argv: [] };
  const source = new URL(compiled.href.replace(/\.js$/, '.ts'));
  if (!existsSync(fileURLToPath(source))) throw new Error(`worker entry ${fileURLToPath(source)} does not exist`);
  return { file: new URL('./worker-dev.mjs', import.meta.url), argv: [source.href] };
}

export interface SpawnWorkerOptions {
  readonly workerData?: unknown;
  /** The worker's environment (default: the host's, as Node does). */
  readonly env?: NodeJS.ProcessEnv;
  /** Heap and stack limits for the worker's isolate (see node:worker_threads). */
  readonly resourceLimits?: ResourceLimits;
  /** As for `new Worker`: true pipes the worker's stream to the parent's `worker.stdout`/`stderr` instead of the host's. */
  readonly stdout?: boolean;
  readonly stderr?: boolean;
}

/** Starts `compiled` (a `.js` URL beside the caller) as a worker thread; see the module comment. */
export function spawnWorker(compiled: URL, opts: SpawnWorkerOptions = {}): Worker {
  const { file, argv } = workerEntry(compiled);
  return new Worker(file, {
    argv,
    execArgv: workerExecArgv(),
    workerData: opts.workerData,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {}),
    ...(opts.stdout !== undefined ? { stdout: opts.stdout } : {}),
    ...(opts.stderr !== undefined ? { stderr: opts.stderr } : {}),
  });
}

/**
 * Workers that live and die together: when one fails (an uncaught error, a non-zero exit, or
 * {@link fail} called by its owner on a failure it reports by message), the others are terminated
 * and `onFailure` hears the first failure once. {@link close} terminates them all without a failure.
 */
export class WorkerGroup {
  readonly workers: Worker[] = [];
  private failure: Error | null = null;
  private closing = false;

  constructor(private readonly onFailure: (e: Error) => void = () => {}) {}

  /** The first failure, or null. */
  get failed(): Error | null {
    return this.failure;
  }

  spawn(compiled: URL, opts: SpawnWorkerOptions = {}): Worker {
    const w = spawnWorker(compiled, opts);
    this.workers.push(w);
    w.on('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => {
      if (code !== 0 && !this.closing) this.fail(new Error(`worker thread ${this.workers.indexOf(w)} exited with code ${code}`));
    });
    return w;
  }

  /** Records the first failure, terminates every worker, and tells `onFailure`. */
  fail(e: Error): void {
    if (this.failure || this.closing) return;
    this.failure = e;
    this.closing = true;
    for (const w of this.workers) void w.terminate();
    this.onFailure(e);
  }

  /**
   * Stops every worker (not a failure) and resolves when all have exited: `ask` (e.g. posting a
   * close message) lets each finish on its own within `graceMs`; then, or without `ask`, it is
   * terminated.
   */
  async close(ask?: (w: Worker) => void, graceMs = 5000): Promise<void> {
    this.closing = true;
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.threadId < 0) return; // already exited
        if (ask) {
          const exited = new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), graceMs);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          try {
            ask(w);
          } catch {
            // a worker that cannot take the message is terminated below
          }
          if (await exited) return;
        }
        await w.terminate();
      }),
    );
  }
}
