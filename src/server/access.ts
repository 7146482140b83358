/**
 * Who may use the service, and how much: optional API keys (`Authorization: Bearer <key>`),
 * a token bucket per client (the key, or the IP address when auth is off) built on
 * `express-rate-limit` with a token-bucket store, and a CORS allow-list (the `cors` package).
 *
 * Keys are kept only as SHA-256 digests and compared with `crypto.timingSafeEqual` against every
 * accepted digest (no early exit), so neither the comparison time nor the logs reveal a key.
 * A client is named in the pool (fair queueing) and in rate limiting by a short digest prefix,
 * never by the key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Store } from 'express-rate-limit';
import { TrmError } from '../errors.js';
import type { AuthThrottle } from './auth-throttle.js';
import type { ResolvedServerOptions } from './config.js';

/** Routes anyone may call even with auth on: liveness for load balancers, the contract, and the playground page (whose API calls send the key). */
const OPEN_ROUTES = new Set(['/health', '/openapi.yaml', '/']);

/** The client a request belongs to, set by {@link authenticate}: `key:<digest prefix>` or `ip:<address>`. */
export function clientOf(res: Response): string {
  return String(res.locals.trmClient ?? 'anonymous');
}

function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(h);
  return m ? m[1]! : null;
}

/** True when `digest` equals one of `accepted`; every entry is compared, each in constant time. */
export function matchesAny(digest: Buffer, accepted: readonly Buffer[]): boolean {
  let found = false;
  for (const a of accepted) {
    if (a.length === digest.length && timingSafeEqual(a, digest)) found = true;
  }
  return found;
}

/**
 * Names the client of every request (res.locals.trmClient) and, when keys are configured,
 * answers 401 TRM_ERR_UNAUTHORIZED to a request without a right key (except the open routes).
 * With a `throttle`, an address over its failed-login limit gets 429 (with `Retry-After`) before
 * its key is even looked at.
 */
export function authenticate(opts: ResolvedServerOptions, throttle?: AuthThrottle): RequestHandler {
  const keys = opts.apiKeyHashes;
  return (req, res, next) => {
    const ip = ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (keys.length === 0 || (OPEN_ROUTES.has(req.path) && (req.method === 'GET' || req.method === 'HEAD'))) {
      res.locals.trmClient = `ip:${ip}`;
      next();
      return;
    }
    void (async () => {
      const waitS = throttle ? await throttle.blockedForS(ip) : 0;
      if (waitS > 0) {
        throw new TrmError('TRM_ERR_OVERLOADED', `too many failed API-key attempts from this address (limit ${throttle!.limit} a minute); retry in ${waitS} s`, {
          retryAfterS: waitS,
          limit: throttle!.limit,
        });
      }
      const key = bearer(req);
      const digest = key === null ? null : createHash('sha256').update(key, 'utf8').digest();
      if (digest === null || !matchesAny(digest, keys)) {
        await throttle?.failed(ip, key === null ? 'missing' : 'wrong');
        res.set('WWW-Authenticate', 'Bearer realm="trm-sdk"');
        throw new TrmError(
          'TRM_ERR_UNAUTHORIZED',
          key === null
            ? 'this server requires an API key: send "Authorization: Bearer <key>"'
            : 'the API key is not accepted by this server',
        );
      }
      res.locals.trmClient = `key:${digest.subarray(0, 6).toString('hex')}`;
    })().then(() => next(), next);
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key as an `express-rate-limit` store: each request takes a token; tokens
 * come back at `rate` per second up to `burst`. A request finding the bucket empty is reported
 * over the limit (`totalHits = burst + 1`) with `resetTime` = when the next token arrives, and
 * takes nothing. Full buckets are dropped every minute (a full bucket is the same as none).
 */
export class TokenBucketStore implements Store {
  readonly localKeys = true;
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly rate: number, private readonly burst: number, private readonly now: () => number = Date.now) {
    this.sweep = setInterval(() => this.prune(), 60_000);
    this.sweep.unref();
  }

  private refill(key: string): Bucket {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    this.buckets.set(key, b);
    return b;
  }

  increment(key: string): ClientRateLimitInfo {
    const b = this.refill(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { totalHits: this.burst - Math.floor(b.tokens), resetTime: new Date(b.at + ((this.burst - b.tokens) / this.rate) * 1000) };
    }
    return { totalHits: this.burst + 1, resetTime: new Date(b.at + ((1 - b.tokens) / this.rate) * 1000) };
  }

  get(key: string): ClientRateLimitInfo | undefined {
    if (!this.buckets.has(key)) return undefined;
    const b = this.refill(key);
    return { totalHits: this.burst - Math.floor(b.tokens), resetTime: new Date(b.at + ((this.burst - b.tokens) / this.rate) * 1000) };
  }

  decrement(key: string): void {
    const b = this.buckets.get(key);
    if (b) b.tokens = Math.min(this.burst, b.tokens + 1);
  }

  resetKey(key: string): void {
    this.buckets.delete(key);
  }

  resetAll(): void {
    this.buckets.clear();
  }

  shutdown(): void {
    clearInterval(this.sweep);
  }

  private prune(): void {
    for (const key of [...this.buckets.keys()]) {
      if (this.refill(key).tokens >= this.burst) this.buckets.delete(key);
    }
  }
}

/** Per-client rate limit (after {@link authenticate}); 429 TRM_ERR_OVERLOADED with Retry-After. `null` when `rate` is 0. */
export function rateLimiter(opts: ResolvedServerOptions): RequestHandler | null {
  if (opts.rate <= 0) return null;
  const store = new TokenBucketStore(opts.rate, opts.burst);
  return rateLimit({
    store,
    limit: opts.burst,
    // The store decides; windowMs only feeds headers we do not send.
    windowMs: Math.ceil((opts.burst / opts.rate) * 1000),
    standardHeaders: false,
    legacyHeaders: false,
    // Load balancers and probes poll /health; it must never be refused for rate.
    skip: (req) => req.path === '/health',
    keyGenerator: (_req, res) => clientOf(res),
    handler: (req, _res, next) => {
      const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
      const waitMs = info?.resetTime ? info.resetTime.getTime() - Date.now() : 1000 / opts.rate;
      const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
      next(new TrmError('TRM_ERR_OVERLOADED', `this client is over its rate limit of ${opts.rate} requests/s (bursts of ${opts.burst}); retry in ${retryAfterS} s`, {
        retryAfterS,
        rate: opts.rate,
        burst: opts.burst,
      }));
    },
    // Our keyGenerator names clients itself (from the key, or ipKeyGenerator(req.ip)); trust proxy is the operator's choice (TRM_TRUST_PROXY).
    validate: { trustProxy: false, xForwardedForHeader: false, keyGeneratorIpFallback: false },
  });
}

/** CORS for the allow-listed origins (preflight answered 204); `null` when there are none (no cross-origin access). */
export function corsPolicy(opts: ResolvedServerOptions): RequestHandler | null {
  if (opts.corsOrigins.length === 0) return null;
  const allowed = new Set(opts.corsOrigins);
  return cors({
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}
