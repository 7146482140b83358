/**
 * The REST service: `createServer()` starts a worker pool (each worker holding its own SDK) and
 * builds the Express app around it — request log, CORS allow-list, shutdown gate, API keys,
 * per-client rate limit, JSON body limit, validation of every request against `openapi.yaml`,
 * the routes, and one error shape for everything.
 *
 * @example
 *   const server = await createServer({ workers: 2 });
 *   const { url } = await server.listen(8080, '127.0.0.1');
 *   // … later, e.g. on SIGTERM:
 *   await server.close(); // new requests get 503, in-flight ones finish, workers stop
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { TrmError } from '../errors.js';
import { authenticate, corsPolicy, rateLimiter } from './access.js';
import { AuthThrottle } from './auth-throttle.js';
import { charsetGuard, depthGuard } from './body.js';
import { DEFAULT_HOST, DEFAULT_PORT, resolveServerOptions, type ServerOptions } from './config.js';
import { errorMiddleware } from './errors.js';
import { requestLogger } from './log.js';
import { WorkerPool } from './pool.js';
import type { RouteContext } from './routes/context.js';
import { generateHandler } from './routes/generate.js';
import { healthHandler, tasksHandler } from './routes/info.js';
import { openapiHandler, playgroundHandler } from './routes/meta.js';
import { solveHandler } from './routes/solve.js';
import { verifyHandler } from './routes/verify.js';
import { jsonTextForms } from './json-text-forms.js';
import { strictIntegerQuery } from './query-integers.js';
import { loadSpec } from './spec.js';
import { httpServerOptions, SocketTracker } from './wire.js';

export interface ListenResult {
  url: string;
  host: string;
  port: number;
}

export interface TrmServer {
  /** The Express app (mountable in your own server; `close()` still owns the pool). */
  readonly app: Express;
  /** The worker pool (stats, tasks). */
  readonly pool: WorkerPool;
  /** True once `close()` has been called. */
  readonly closing: boolean;
  /** Listens on `port` (0 = any free port) and `host`; resolves with the bound address. */
  listen(port?: number, host?: string): Promise<ListenResult>;
  /** Graceful stop: new requests get 503, in-flight requests finish, then the listener and the workers stop. Idempotent. */
  close(): Promise<void>;
}

/** Starts the workers (resolves once every worker has built its SDK) and returns the server, not yet listening. */
export async function createServer(options: ServerOptions = {}): Promise<TrmServer> {
  const opts = resolveServerOptions(options);
  const spec = loadSpec();
  const pool = new WorkerPool({
    size: opts.workers,
    capacity: opts.queueCapacity,
    perClient: opts.queuePerClient,
    plugins: opts.plugins,
    models: opts.models,
    killGraceMs: opts.killGraceMs,
    log: opts.log,
    maxMemoryBytes: opts.maxMemoryBytes,
    ...(opts.sdkModule ? { sdkModule: opts.sdkModule } : {}),
  });
  await pool.start();
  const authThrottle = new AuthThrottle(opts.authFailuresPerMinute, opts.log);
  const sockets = new SocketTracker(opts, opts.log);
  const ctx: RouteContext = { pool, options: opts, spec, startedAt: performance.now(), auth: authThrottle.stats, sockets };

  let closing: Promise<void> | null = null;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  let http: Server | null = null;

  // Refuses work once close() began; counts admitted requests so close() can wait for them.
  const gate: RequestHandler = (_req, res, next) => {
    if (closing) {
      next(new TrmError('TRM_ERR_SHUTTING_DOWN', 'the server is shutting down and takes no new requests; retry on another instance'));
      return;
    }
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    next();
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', opts.trustProxy);
  app.use(requestLogger(opts.log));
  // Before the gate and auth: preflights carry no key, and a browser must be able to read a 401/503.
  const corsMw = corsPolicy(opts);
  if (corsMw) app.use(corsMw);
  app.use(gate);
  // Before the body is read: a request without a right key, or over its rate, costs no parsing.
  // The playground page, the contract and /health stay open; /health is not rate limited either.
  app.use(authenticate(opts, authThrottle));
  const limiter = rateLimiter(opts);
  if (limiter) app.use(limiter);
  app.get('/', playgroundHandler());
  app.get('/openapi.yaml', openapiHandler(ctx));
  app.use(charsetGuard());
  app.use(express.json({ limit: opts.bodyLimit, verify: depthGuard() }));
  app.use(strictIntegerQuery(spec));
  app.use(
    OpenApiValidator.middleware({
      apiSpec: spec.doc as unknown as Parameters<typeof OpenApiValidator.middleware>[0]['apiSpec'],
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
      validateResponses: false,
      // The bearer scheme is optional (on only with API keys); authenticate() enforces it.
      validateSecurity: false,
      // The spec is checked by the test suite; skipping it here keeps startup fast.
      validateApiSpec: false,
      ignoreUndocumented: false,
    }),
  );
  app.use(jsonTextForms(spec));
  app.get('/health', healthHandler(ctx));
  app.get('/tasks', tasksHandler(ctx));
  app.get('/generate/:task', generateHandler(ctx));
  app.post('/solve/:task', solveHandler(ctx));
  app.post('/verify/:task', verifyHandler(ctx));
  app.use((req, _res, next) => next(new TrmError('TRM_ERR_NOT_FOUND', `no such route: ${req.method} ${req.path.slice(0, 200)} (see GET /openapi.yaml)`)));
  app.use(errorMiddleware(opts.log));

  const server: TrmServer = {
    app,
    pool,
    get closing() {
      return closing !== null;
    },
    listen(port = DEFAULT_PORT, host = DEFAULT_HOST) {
      if (http) return Promise.reject(new TrmError('TRM_ERR_INVALID_CONFIG', 'this server is already listening'));
      if (closing) return Promise.reject(new TrmError('TRM_ERR_SHUTTING_DOWN', 'this server was closed'));
      const h = createHttpServer(httpServerOptions(opts), app);
      sockets.attach(h);
      http = h;
      return new Promise<ListenResult>((resolve, reject) => {
        h.once('error', (e: NodeJS.ErrnoException) =>
          reject(new TrmError('TRM_ERR_IO', `cannot listen on ${host}:${port}: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' '), { host, port })),
        );
        h.listen(port, host, () => {
          const a = h.address() as AddressInfo;
          const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
          resolve({ url: `http://${shown}:${a.port}`, host: a.address, port: a.port });
        });
      });
    },
    close() {
      closing ??= (async () => {
        authThrottle.shutdown();
        // Sockets that are idle, still sending headers, or still sending a body are not worth
        // waiting for: closed now, so only requests already being answered hold the drain. The
        // listener stays open meanwhile, so new requests get a fast 503 (a proxy retries elsewhere).
        sockets.closeIdleAndStalled();
        if (inFlight > 0) {
          let timer: NodeJS.Timeout | undefined;
          const gaveUp = await Promise.race([
            new Promise<false>((r) => (drained = () => r(false))),
            new Promise<true>((r) => (timer = setTimeout(() => r(true), opts.drainMs))),
          ]);
          clearTimeout(timer);
          if (gaveUp) {
            opts.log(`[trm-sdk serve] ${inFlight} request(s) still running after the ${opts.drainMs} ms drain limit; failing them with 503`);
            // Fails the running and queued jobs (503); their responses go out before the listener closes.
            await pool.destroy();
          }
        }
        if (http) {
          const h = http;
          await new Promise<void>((r) => {
            h.close(() => r());
            // Keep-alive sockets with no request in flight, and any socket that began a request
            // during the drain but has not sent it all, would hold close() open.
            h.closeIdleConnections();
            sockets.closeIdleAndStalled();
            // A response still being written after the drain limit (a stream) does not hold it open either.
            setTimeout(() => h.closeAllConnections(), 1000).unref();
          });
        }
        await pool.destroy();
      })();
      return closing;
    },
  };
  return server;
}
