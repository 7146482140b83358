/**
 * The service's settings: defaults, and reading them from the environment (`TRM_PORT`,
 * `TRM_HOST`, `TRM_WORKERS`, `TRM_QUEUE`, `TRM_BODY_LIMIT`, `TRM_MAX_WORK`, `TRM_DRAIN_MS`).
 * A bad value stops the server at start with TRM_ERR_INVALID_CONFIG naming the variable, rather
 * than being ignored.
 */
import os from 'node:os';
import { TrmError } from '../errors.js';

export interface ServerOptions {
  /** Solver worker threads (default: the number of cores; env TRM_WORKERS). */
  workers?: number;
  /** Most requests that may wait for a worker before new ones get 429 (default 64; env TRM_QUEUE). */
  queueCapacity?: number;
  /** Largest JSON body: bytes, or a string like `1mb` (default `1mb`; env TRM_BODY_LIMIT). */
  bodyLimit?: number | string;
  /** Time budget of a request that gives no `options.timeoutMs` (default 30 s). */
  defaultTimeoutMs?: number;
  /** Cap on any request's time budget (default 120 s). */
  maxTimeoutMs?: number;
  /** How long a worker may overrun a timed-out job before it is replaced (default 1 s). */
  killGraceMs?: number;
  /**
   * Most neural work one solve may ask for, in token-steps: supervision steps × copies (1 + vote)
   * × tokens per copy (the task's sequence length). A request over it gets 400 naming the limit
   * (default 250,000; env TRM_MAX_WORK).
   */
  maxWork?: number;
  /** Longest `close()` waits for in-flight requests before failing them with 503 (default 30 s; env TRM_DRAIN_MS). */
  drainMs?: number;
  /** Module each worker builds its SDK from: exports `createSdk()` (default: the built-in SDK). Path or URL. */
  sdkModule?: string | URL;
  /** Request log (one line per request): true = stderr (default), false = off, or your own sink. */
  log?: boolean | ((line: string) => void);
}

export interface ListenOptions {
  /** Port (default 8080; env TRM_PORT; 0 picks a free one). */
  port?: number;
  /** Interface (default 127.0.0.1; env TRM_HOST). */
  host?: string;
}

export interface ResolvedServerOptions {
  workers: number;
  queueCapacity: number;
  bodyLimit: number | string;
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  killGraceMs: number;
  maxWork: number;
  drainMs: number;
  sdkModule: string | undefined;
  log: (line: string) => void;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
/** Default of {@link ServerOptions.maxWork}: e.g. a 9×9 Sudoku (81 tokens) with 64 steps and 32 voting copies. */
export const DEFAULT_MAX_WORK = 250_000;
/** Default of {@link ServerOptions.drainMs}. */
export const DEFAULT_DRAIN_MS = 30_000;
/** Supervision steps assumed for a request that gives no `maxSteps` (the shipped models halt within 16). */
export const DEFAULT_WORK_STEPS = 16;

function intIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `server option ${name} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`, { option: name });
  }
  return v;
}

/** Fills in defaults and checks ranges; throws TRM_ERR_INVALID_CONFIG naming the option. */
export function resolveServerOptions(o: ServerOptions = {}): ResolvedServerOptions {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const maxTimeoutMs = o.maxTimeoutMs === undefined ? 120_000 : intIn('maxTimeoutMs', o.maxTimeoutMs, 1, 3_600_000);
  const log = o.log === false ? () => {} : typeof o.log === 'function' ? o.log : (line: string) => process.stderr.write(line + '\n');
  if (o.bodyLimit !== undefined && !(typeof o.bodyLimit === 'string' ? /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(o.bodyLimit) : Number.isInteger(o.bodyLimit) && o.bodyLimit > 0)) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `server option bodyLimit must be a byte count or a size like "1mb", got ${JSON.stringify(o.bodyLimit)}`, { option: 'bodyLimit' });
  }
  return {
    workers: o.workers === undefined ? Math.max(1, cores) : intIn('workers', o.workers, 1, 1024),
    queueCapacity: o.queueCapacity === undefined ? 64 : intIn('queueCapacity', o.queueCapacity, 0, 1_000_000),
    bodyLimit: o.bodyLimit ?? '1mb',
    defaultTimeoutMs: Math.min(maxTimeoutMs, o.defaultTimeoutMs === undefined ? 30_000 : intIn('defaultTimeoutMs', o.defaultTimeoutMs, 1, 3_600_000)),
    maxTimeoutMs,
    killGraceMs: o.killGraceMs === undefined ? 1000 : intIn('killGraceMs', o.killGraceMs, 0, 600_000),
    maxWork: o.maxWork === undefined ? DEFAULT_MAX_WORK : intIn('maxWork', o.maxWork, 1, Number.MAX_SAFE_INTEGER),
    drainMs: o.drainMs === undefined ? DEFAULT_DRAIN_MS : intIn('drainMs', o.drainMs, 0, 3_600_000),
    sdkModule: o.sdkModule === undefined ? undefined : o.sdkModule instanceof URL ? o.sdkModule.href : toModuleUrl(o.sdkModule),
    log,
  };
}

/** A bare path becomes a file URL (workers import it from another directory); URLs pass through. */
function toModuleUrl(s: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s)) return s;
  return new URL(s, `file://${process.cwd()}/`).href;
}

function envInt(env: NodeJS.ProcessEnv, name: string, lo: number, hi: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < lo || n > hi) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `environment variable ${name} must be an integer in [${lo}, ${hi}], got "${raw}"`, { variable: name });
  }
  return n;
}

/** Server and listen options from TRM_PORT, TRM_HOST, TRM_WORKERS, TRM_QUEUE, TRM_BODY_LIMIT, TRM_MAX_WORK, TRM_DRAIN_MS (unset ones are left out). */
export function serverOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerOptions & ListenOptions {
  const port = envInt(env, 'TRM_PORT', 0, 65535);
  const workers = envInt(env, 'TRM_WORKERS', 1, 1024);
  const queueCapacity = envInt(env, 'TRM_QUEUE', 0, 1_000_000);
  const maxWork = envInt(env, 'TRM_MAX_WORK', 1, Number.MAX_SAFE_INTEGER);
  const drainMs = envInt(env, 'TRM_DRAIN_MS', 0, 3_600_000);
  const limit = env.TRM_BODY_LIMIT;
  let bodyLimit: number | string | undefined;
  if (limit !== undefined && limit !== '') {
    if (/^\d+$/.test(limit)) bodyLimit = Number(limit);
    else if (/^\d+(\.\d+)?\s*(b|kb|mb|gb)$/i.test(limit)) bodyLimit = limit;
    else throw new TrmError('TRM_ERR_INVALID_CONFIG', `environment variable TRM_BODY_LIMIT must be a byte count or a size like "1mb", got "${limit}"`, { variable: 'TRM_BODY_LIMIT' });
  }
  return {
    ...(port !== undefined ? { port } : {}),
    ...(env.TRM_HOST ? { host: env.TRM_HOST } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(queueCapacity !== undefined ? { queueCapacity } : {}),
    ...(bodyLimit !== undefined ? { bodyLimit } : {}),
    ...(maxWork !== undefined ? { maxWork } : {}),
    ...(drainMs !== undefined ? { drainMs } : {}),
  };
}
