/**
 * The service's settings: defaults, and reading them from the environment (`TRM_PORT`,
 * `TRM_HOST`, `TRM_WORKERS`, `TRM_QUEUE`, `TRM_QUEUE_PER_CLIENT`, `TRM_BODY_LIMIT`,
 * `TRM_MAX_WORK`, `TRM_DRAIN_MS`, `TRM_API_KEYS`, `TRM_API_KEYS_FILE`, `TRM_RATE`, `TRM_BURST`,
 * `TRM_CORS_ORIGINS`, `TRM_TRUST_PROXY`, `TRM_MAX_MEMORY`, `TRM_AUTH_FAILURES_PER_MIN`,
 * `TRM_HEADERS_TIMEOUT_MS`, `TRM_REQUEST_TIMEOUT_MS`, `TRM_KEEP_ALIVE_TIMEOUT_MS`,
 * `TRM_MAX_CONNECTIONS_PER_IP`). A bad value stops the server at start with
 * TRM_ERR_INVALID_CONFIG naming the variable, rather than being ignored.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TrmError } from '../errors.js';
import { defaultMaxMemoryBytes, parseByteSize } from '../sdk/memory-budget.js';
import { moduleSpecifier } from '../sdk/plugin-module.js';
import { DEFAULT_AUTH_FAILURES_PER_MINUTE } from './auth-throttle.js';
import { DEFAULT_WIRE_LIMITS } from './wire.js';

export interface ServerOptions {
  /** Solver worker threads (default: the number of cores; env TRM_WORKERS). */
  workers?: number;
  /** Most requests that may wait for a worker before new ones get 429 (default 64; env TRM_QUEUE). */
  queueCapacity?: number;
  /** Largest JSON body: bytes, or a string like `1mb` (default `1mb`; env TRM_BODY_LIMIT). */
  bodyLimit?: number | string;
  /**
   * Time budget of a request that gives no `options.timeoutMs`, for every task. Unset, a solve gets
   * its task's own default (ARC 10 s, the others 30 s) and other requests 30 s.
   */
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
  /**
   * Most jobs one client (API key, or IP address when auth is off) may have waiting in the queue;
   * past it that client gets 429 while others are still queued (default: a quarter of
   * `queueCapacity`, at least 1; env TRM_QUEUE_PER_CLIENT). Workers take queued jobs round-robin
   * across clients.
   */
  queuePerClient?: number;
  /** API keys in the clear: with any key (here or in `apiKeyHashes`), every route but `/health`, `/openapi.yaml` and `/` needs `Authorization: Bearer <key>` (env TRM_API_KEYS, comma-separated). */
  apiKeys?: string[];
  /** API keys as SHA-256 hex digests (env TRM_API_KEYS_FILE: a file of them, one per line). */
  apiKeyHashes?: string[];
  /** Requests per second each client may make, refilling its token bucket (default off; env TRM_RATE). */
  rate?: number;
  /** Size of each client's token bucket: requests it may make at once (default max(1, 2 × rate); env TRM_BURST). */
  burst?: number;
  /** Origins (exact `scheme://host[:port]`) allowed to call the service from a browser; default none (env TRM_CORS_ORIGINS, comma-separated). */
  corsOrigins?: string[];
  /** Express `trust proxy` setting, so the client IP comes from `X-Forwarded-For` behind nginx (e.g. `loopback`; env TRM_TRUST_PROXY). Default off. */
  trustProxy?: boolean | number | string;
  /** Plugin modules (paths or package names) each worker registers on top of its SDK, as `serve --plugin`. */
  plugins?: string[];
  /** Checkpoints task → path each worker loads at start, on top of the shipped models, as `serve --model task=path`. */
  models?: Record<string, string>;
  /**
   * Memory one solve may need, per worker, in bytes or a size like `1gb` (default: a share of the
   * machine, see `defaultMaxMemoryBytes`; env TRM_MAX_MEMORY). A solve whose estimate is over it
   * gets 400 with the estimate and the limit; each worker's heap is capped a little above it.
   */
  maxMemory?: number | string;
  /** Failed API-key attempts one address may make per minute before 429 (default 10; env TRM_AUTH_FAILURES_PER_MIN). */
  authFailuresPerMinute?: number;
  /** Time a client has to send its request headers (default 10 s; env TRM_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs?: number;
  /** Time a client has to send its whole request, body included (default 30 s; env TRM_REQUEST_TIMEOUT_MS; 0 = none). */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive socket stays open (default 5 s; env TRM_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs?: number;
  /** Most open sockets per client address (default 64; env TRM_MAX_CONNECTIONS_PER_IP; 0 = no cap). Behind a proxy every socket comes from the proxy's address. */
  maxConnectionsPerIp?: number;
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
  /** True when `defaultTimeoutMs` was given, so that it overrides each task's own default. */
  defaultTimeoutSet: boolean;
  maxTimeoutMs: number;
  killGraceMs: number;
  maxWork: number;
  drainMs: number;
  sdkModule: string | undefined;
  log: (line: string) => void;
  queuePerClient: number;
  /** SHA-256 digests of the accepted API keys; empty = auth off. */
  apiKeyHashes: Buffer[];
  /** Requests per second per client; 0 = no rate limit. */
  rate: number;
  burst: number;
  corsOrigins: string[];
  trustProxy: boolean | number | string;
  /** Plugin module URLs / package names, for the workers. */
  plugins: string[];
  /** task → absolute checkpoint path, for the workers. */
  models: Record<string, string>;
  /** Bytes one solve may need per worker. */
  maxMemoryBytes: number;
  authFailuresPerMinute: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnectionsPerIp: number;
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
  const cores = os.availableParallelism();
  const maxTimeoutMs = o.maxTimeoutMs === undefined ? 120_000 : intIn('maxTimeoutMs', o.maxTimeoutMs, 1, 3_600_000);
  const log = o.log === false ? () => {} : typeof o.log === 'function' ? o.log : (line: string) => process.stderr.write(line + '\n');
  if (o.bodyLimit !== undefined && !(typeof o.bodyLimit === 'string' ? /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i.test(o.bodyLimit) : Number.isInteger(o.bodyLimit) && o.bodyLimit > 0)) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `server option bodyLimit must be a byte count or a size like "1mb", got ${JSON.stringify(o.bodyLimit)}`, { option: 'bodyLimit' });
  }
  const queueCapacity = o.queueCapacity === undefined ? 64 : intIn('queueCapacity', o.queueCapacity, 0, 1_000_000);
  const rate = o.rate === undefined ? 0 : numIn('rate', o.rate, 0, 1_000_000);
  const workers = o.workers === undefined ? Math.max(1, cores) : intIn('workers', o.workers, 1, 1024);
  let maxMemoryBytes: number;
  if (o.maxMemory === undefined) maxMemoryBytes = defaultMaxMemoryBytes(workers);
  else {
    const b = parseByteSize(o.maxMemory);
    if (b === null || b < 16 * 2 ** 20) throw new TrmError('TRM_ERR_INVALID_CONFIG', `server option maxMemory must be a byte count or a size like "1gb", at least 16mb, got ${JSON.stringify(o.maxMemory)}`, { option: 'maxMemory' });
    maxMemoryBytes = b;
  }
  return {
    workers,
    maxMemoryBytes,
    authFailuresPerMinute: o.authFailuresPerMinute === undefined ? DEFAULT_AUTH_FAILURES_PER_MINUTE : intIn('authFailuresPerMinute', o.authFailuresPerMinute, 1, 1_000_000),
    headersTimeoutMs: o.headersTimeoutMs === undefined ? DEFAULT_WIRE_LIMITS.headersTimeoutMs : intIn('headersTimeoutMs', o.headersTimeoutMs, 100, 3_600_000),
    requestTimeoutMs: o.requestTimeoutMs === undefined ? DEFAULT_WIRE_LIMITS.requestTimeoutMs : intIn('requestTimeoutMs', o.requestTimeoutMs, 0, 3_600_000),
    keepAliveTimeoutMs: o.keepAliveTimeoutMs === undefined ? DEFAULT_WIRE_LIMITS.keepAliveTimeoutMs : intIn('keepAliveTimeoutMs', o.keepAliveTimeoutMs, 0, 3_600_000),
    maxConnectionsPerIp: o.maxConnectionsPerIp === undefined ? DEFAULT_WIRE_LIMITS.maxConnectionsPerIp : intIn('maxConnectionsPerIp', o.maxConnectionsPerIp, 0, 1_000_000),
    queueCapacity,
    queuePerClient: o.queuePerClient === undefined ? Math.max(1, Math.ceil(queueCapacity / 4)) : intIn('queuePerClient', o.queuePerClient, 1, 1_000_000),
    apiKeyHashes: [...(o.apiKeys ?? []).map(checkKey).map(hashKey), ...(o.apiKeyHashes ?? []).map((h, i) => parseHash(h, `apiKeyHashes[${i}]`))],
    rate,
    burst: o.burst === undefined ? Math.max(1, Math.ceil(2 * rate)) : intIn('burst', o.burst, 1, 1_000_000),
    corsOrigins: (o.corsOrigins ?? []).map(checkOrigin),
    trustProxy: o.trustProxy ?? false,
    plugins: (o.plugins ?? []).map((p) => moduleSpecifier(p)),
    models: Object.fromEntries(Object.entries(o.models ?? {}).map(([task, file]) => [task, checkModel(task, file)])),
    bodyLimit: o.bodyLimit ?? '1mb',
    defaultTimeoutMs: Math.min(maxTimeoutMs, o.defaultTimeoutMs === undefined ? 30_000 : intIn('defaultTimeoutMs', o.defaultTimeoutMs, 1, 3_600_000)),
    defaultTimeoutSet: o.defaultTimeoutMs !== undefined,
    maxTimeoutMs,
    killGraceMs: o.killGraceMs === undefined ? 1000 : intIn('killGraceMs', o.killGraceMs, 0, 600_000),
    maxWork: o.maxWork === undefined ? DEFAULT_MAX_WORK : intIn('maxWork', o.maxWork, 1, Number.MAX_SAFE_INTEGER),
    drainMs: o.drainMs === undefined ? DEFAULT_DRAIN_MS : intIn('drainMs', o.drainMs, 0, 3_600_000),
    sdkModule: o.sdkModule === undefined ? undefined : o.sdkModule instanceof URL ? o.sdkModule.href : toModuleUrl(o.sdkModule),
    log,
  };
}

function numIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `server option ${name} must be a number in [${lo}, ${hi}], got ${JSON.stringify(v)}`, { option: name });
  }
  return v;
}

/** SHA-256 of an API key: what the server keeps and compares (in constant time). */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function checkKey(key: string, i: number): string {
  // The key itself never goes into a message.
  if (typeof key !== 'string' || key.length < 8 || /[\s,]/.test(key)) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `API key #${i + 1} must be at least 8 characters with no whitespace or commas`, { option: 'apiKeys' });
  }
  return key;
}

function parseHash(h: string, where: string): Buffer {
  const t = String(h).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(t)) throw new TrmError('TRM_ERR_INVALID_CONFIG', `${where} must be a SHA-256 digest (64 hex digits)`, { option: 'apiKeyHashes' });
  return Buffer.from(t, 'hex');
}

function checkOrigin(o: string): string {
  let origin: string | undefined;
  try {
    origin = new URL(o).origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined || origin === 'null' || origin !== o) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `CORS origin ${JSON.stringify(o)} must be an exact origin like https://app.example.com (scheme, host, optional port; no path or trailing slash)`, { option: 'corsOrigins' });
  }
  return o;
}

function checkModel(task: string, file: string): string {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new TrmError('TRM_ERR_IO', `model for task "${task}" not found: ${abs}`, { task, path: abs });
  return abs;
}

/** Reads a TRM_API_KEYS_FILE: SHA-256 hex digests, one per line; blank lines and `#` comments skipped. */
export function readKeyHashFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `cannot read TRM_API_KEYS_FILE ${file}: ${e instanceof Error ? e.message : String(e)}`, { variable: 'TRM_API_KEYS_FILE' });
  }
  const out: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const hex = line.split(/\s+/)[0]!; // `sha256sum` output has "  -" after the digest
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new TrmError('TRM_ERR_INVALID_CONFIG', `TRM_API_KEYS_FILE ${file} line ${i + 1} is not a SHA-256 digest (64 hex digits; make one with: printf %s "$KEY" | sha256sum)`, { variable: 'TRM_API_KEYS_FILE', line: i + 1 });
    }
    out.push(hex.toLowerCase());
  });
  if (out.length === 0) throw new TrmError('TRM_ERR_INVALID_CONFIG', `TRM_API_KEYS_FILE ${file} holds no key digests`, { variable: 'TRM_API_KEYS_FILE' });
  return out;
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

function envNum(env: NodeJS.ProcessEnv, name: string, lo: number, hi: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < lo || n > hi) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `environment variable ${name} must be a number in [${lo}, ${hi}], got "${raw}"`, { variable: name });
  }
  return n;
}

function envList(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `TRM_TRUST_PROXY`: true/false, a hop count, or addresses/subnets as Express takes them (`loopback`, `10.0.0.0/8`). */
function envTrustProxy(env: NodeJS.ProcessEnv): boolean | number | string | undefined {
  const raw = env.TRM_TRUST_PROXY?.trim();
  if (!raw) return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

/** Server and listen options from the TRM_* variables listed at the top of this file (unset ones are left out). */
export function serverOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServerOptions & ListenOptions {
  const port = envInt(env, 'TRM_PORT', 0, 65535);
  const workers = envInt(env, 'TRM_WORKERS', 1, 1024);
  const queueCapacity = envInt(env, 'TRM_QUEUE', 0, 1_000_000);
  const maxWork = envInt(env, 'TRM_MAX_WORK', 1, Number.MAX_SAFE_INTEGER);
  const drainMs = envInt(env, 'TRM_DRAIN_MS', 0, 3_600_000);
  const queuePerClient = envInt(env, 'TRM_QUEUE_PER_CLIENT', 1, 1_000_000);
  const rate = envNum(env, 'TRM_RATE', 0, 1_000_000);
  const burst = envInt(env, 'TRM_BURST', 1, 1_000_000);
  const apiKeys = envList(env, 'TRM_API_KEYS');
  const apiKeyHashes = env.TRM_API_KEYS_FILE ? readKeyHashFile(env.TRM_API_KEYS_FILE) : undefined;
  const corsOrigins = envList(env, 'TRM_CORS_ORIGINS');
  const trustProxy = envTrustProxy(env);
  const authFailuresPerMinute = envInt(env, 'TRM_AUTH_FAILURES_PER_MIN', 1, 1_000_000);
  const headersTimeoutMs = envInt(env, 'TRM_HEADERS_TIMEOUT_MS', 100, 3_600_000);
  const requestTimeoutMs = envInt(env, 'TRM_REQUEST_TIMEOUT_MS', 0, 3_600_000);
  const keepAliveTimeoutMs = envInt(env, 'TRM_KEEP_ALIVE_TIMEOUT_MS', 0, 3_600_000);
  const maxConnectionsPerIp = envInt(env, 'TRM_MAX_CONNECTIONS_PER_IP', 0, 1_000_000);
  let maxMemory: number | undefined;
  if (env.TRM_MAX_MEMORY !== undefined && env.TRM_MAX_MEMORY !== '') {
    const b = parseByteSize(env.TRM_MAX_MEMORY);
    if (b === null || b < 16 * 2 ** 20) throw new TrmError('TRM_ERR_INVALID_CONFIG', `environment variable TRM_MAX_MEMORY must be a byte count or a size like "1gb", at least 16mb, got "${env.TRM_MAX_MEMORY}"`, { variable: 'TRM_MAX_MEMORY' });
    maxMemory = b;
  }
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
    ...(queuePerClient !== undefined ? { queuePerClient } : {}),
    ...(rate !== undefined ? { rate } : {}),
    ...(burst !== undefined ? { burst } : {}),
    ...(apiKeys !== undefined ? { apiKeys } : {}),
    ...(apiKeyHashes !== undefined ? { apiKeyHashes } : {}),
    ...(corsOrigins !== undefined ? { corsOrigins } : {}),
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...(authFailuresPerMinute !== undefined ? { authFailuresPerMinute } : {}),
    ...(headersTimeoutMs !== undefined ? { headersTimeoutMs } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    ...(keepAliveTimeoutMs !== undefined ? { keepAliveTimeoutMs } : {}),
    ...(maxConnectionsPerIp !== undefined ? { maxConnectionsPerIp } : {}),
    ...(maxMemory !== undefined ? { maxMemory } : {}),
  };
}
