/**
 * A solver worker: builds its own SDK, then runs one job at a time for the pool (solve, verify,
 * generate) and posts back JSON text, one `step` message per supervision step as it happens, and
 * errors as TrmError codes. Runs on its own thread so a long solve never blocks the HTTP thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toTrmError } from '../errors.js';
import { checkSolveMemory, configureSolveMemory, estimateSolveMemory, type MemoryTaskInfo } from '../sdk/memory-budget.js';
import { forceGc } from '../util/force-gc.js';
import type { StepEvent } from '../sdk/options.js';
import { toWire } from '../sdk/result.js';
import type { FromWorker, JobSpec, ToWorker, WireError, WorkerInit } from './protocol.js';
import { checkPuzzleSchema, parseArgument } from './input-check.js';
import { loadServiceSdk, type ServiceSdk } from './sdk-module.js';

const port = parentPort;
if (!port) throw new Error('src/server/worker.ts must run in a worker thread (it is the pool\'s solver entry)');

const post = (m: FromWorker): void => port.postMessage(m);
/** Abort controllers of running jobs, so a `cancel` from the pool reaches an async solve loop. */
const controllers = new Map<number, AbortController>();
/** Bytes one solve may need (TRM_MAX_MEMORY); undefined = not checked (a pool without the option). */
let maxMemoryBytes: number | undefined;
/** The tasks as the SDK reported them at start (model, tokens, program search), for the memory estimate. */
const taskInfo = new Map<string, MemoryTaskInfo>();
/** Heap in use once the SDK was built: a job that leaves much more behind is followed by a full GC. */
let baselineHeap = 0;
/** Heap growth (bytes) over the baseline after which an idle worker collects at once. */
const GC_AFTER_GROWTH = 32 * 2 ** 20;

/** The error as plain data; details go through JSON so anything unclonable is dropped, not fatal. */
function wireError(e: unknown): WireError {
  const err = toTrmError(e);
  let details: Record<string, unknown> | undefined;
  try {
    details = err.details ? (JSON.parse(JSON.stringify(err.details)) as Record<string, unknown>) : undefined;
  } catch {
    details = undefined;
  }
  return { code: err.code, message: err.message, ...(details ? { details } : {}) };
}

function stepBody(e: StepEvent): unknown {
  // `formatted`, as the SDK's StepEvent says: the answer after this step in the task's text form.
  return { step: e.step, formatted: e.formatted, verified: e.verified, qHalt: e.qHalt, ...(e.changed ? { changed: e.changed } : {}) };
}

async function runJob(sdk: ServiceSdk, id: number, job: JobSpec, signal: AbortSignal): Promise<unknown> {
  switch (job.kind) {
    case 'solve': {
      const plugin = sdk.plugin(job.task);
      checkPuzzleSchema(plugin, job.input, job.field);
      if (job.stream || maxMemoryBytes !== undefined) {
        const puzzle = parseArgument(job.task, 'puzzle', () => plugin.parse(job.input));
        // Refused before any work when the solve cannot fit the memory budget.
        if (maxMemoryBytes !== undefined) {
          const info = taskInfo.get(job.task);
          if (info) checkSolveMemory(job.task, estimateSolveMemory(info, puzzle, job.options), maxMemoryBytes);
        }
      }
      // The stream opens only once the input is known good, so bad input still gets its 4xx.
      if (job.stream) post({ type: 'accepted', id });
      const r = await sdk.solve(job.task, job.input, {
        ...job.options,
        ...(job.budgetMs !== undefined ? { timeoutMs: job.budgetMs } : {}),
        signal,
        ...(job.stream ? { onStep: (e: StepEvent) => post({ type: 'step', id, data: JSON.stringify(stepBody(e)) }) } : {}),
      });
      // The REST body carries the answer in its text form (the answer object may not even be JSON).
      return toWire(r);
    }
    case 'verify': {
      // sdk.verify's three steps, so a rejection says which argument was malformed.
      const plugin = sdk.plugin(job.task);
      checkPuzzleSchema(plugin, job.puzzle, job.field);
      const puzzle = parseArgument(job.task, 'puzzle', () => plugin.parse(job.puzzle));
      const answer = parseArgument(job.task, 'answer', () => plugin.parseAnswer(job.answer, puzzle));
      const v = plugin.verify(puzzle, answer);
      return { ok: v.ok, violations: v.violations };
    }
    case 'generate': {
      const [ex] = sdk.generate(job.task, {
        n: 1,
        ...(job.seed !== undefined ? { seed: job.seed } : {}),
        ...(job.difficulty !== undefined ? { difficulty: job.difficulty } : {}),
        ...(job.size !== undefined ? { size: job.size } : {}),
      });
      const plugin = sdk.plugin(job.task);
      return { task: job.task, puzzle: plugin.formatPuzzle(ex!.puzzle), answer: plugin.format(ex!.answer), difficulty: ex!.difficulty ?? null };
    }
  }
}

async function main(): Promise<void> {
  let sdk: ServiceSdk;
  try {
    const init = (workerData as WorkerInit | undefined) ?? {};
    if (init.maxMemoryBytes !== undefined) {
      maxMemoryBytes = init.maxMemoryBytes;
      configureSolveMemory(maxMemoryBytes);
    }
    sdk = await loadServiceSdk(init.sdkModule, { ...(init.plugins ? { plugins: init.plugins } : {}), ...(init.models ? { models: init.models } : {}) });
    const tasks = sdk.tasks().map((t) => ({ ...t, modelLoaded: t.model !== null }));
    for (const t of tasks) taskInfo.set(t.name, t);
    post({ type: 'ready', tasks: JSON.parse(JSON.stringify(tasks)) as typeof tasks, backend: null });
    baselineHeap = process.memoryUsage().heapUsed;
  } catch (e) {
    post({ type: 'fatal', error: wireError(e) });
    return;
  }
  port!.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      controllers.get(m.id)?.abort();
      return;
    }
    const ac = new AbortController();
    controllers.set(m.id, ac);
    runJob(sdk, m.id, m.job, ac.signal)
      .then((body) => {
        const backend = (body as { backend?: unknown } | null)?.backend;
        post({ type: 'done', id: m.id, body: JSON.stringify(body), ...(typeof backend === 'string' ? { backend } : {}) });
      })
      .catch((e: unknown) => post({ type: 'error', id: m.id, error: wireError(e) }))
      .finally(() => {
        controllers.delete(m.id);
        // A big job's garbage would otherwise stay in this idle thread's heap (and the process RSS) until the next job.
        if (controllers.size === 0 && process.memoryUsage().heapUsed > baselineHeap + GC_AFTER_GROWTH) forceGc();
      });
  });
}

void main();
