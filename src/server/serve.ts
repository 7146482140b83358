/**
 * `trm-sdk serve`: settings from flags over environment over defaults, listen, log the address,
 * and stop gracefully on SIGTERM / SIGINT (new requests 503, in-flight ones finish, then exit).
 * A second signal while draining stops at once.
 */
import { createServer, type ListenResult, type TrmServer } from './app.js';
import { DEFAULT_HOST, DEFAULT_PORT, serverOptionsFromEnv, type ListenOptions, type ServerOptions } from './config.js';

/** How often the server checks that the process that started it is still alive. */
const PARENT_CHECK_MS = 1000;
/**
 * The launcher, as it was when this module loaded: recorded before the workers start (seconds on a
 * loaded machine), so a launcher that dies during startup is noticed too.
 */
const LAUNCHER_PID = process.ppid;

export interface Serving {
  server: TrmServer;
  address: ListenResult;
  /** Settles once a SIGTERM / SIGINT has drained and stopped the server. */
  closed: Promise<void>;
}

/** Starts the service as the CLI does; `overrides` (flags) win over the environment. */
export async function serve(overrides: ServerOptions & ListenOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<Serving> {
  const { port = DEFAULT_PORT, host = DEFAULT_HOST, ...options } = { ...serverOptionsFromEnv(env), ...overrides };
  const server = await createServer(options);
  const address = await server.listen(port, host);
  const log = (line: string): void => void process.stderr.write(line + '\n');
  const { workers, capacity } = server.pool.stats();
  log(`[trm-sdk serve] listening on ${address.url} (${workers} workers, queue ${capacity}; playground at ${address.url}/)`);

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (++signals > 1) {
      log(`[trm-sdk serve] ${sig} again: stopping now`);
      process.exit(1);
    }
    log(`[trm-sdk serve] ${sig}: draining in-flight requests, then exiting`);
    server.close().then(
      () => {
        log('[trm-sdk serve] stopped');
        resolveClosed();
      },
      (e: unknown) => {
        log(`[trm-sdk serve] error while stopping: ${e instanceof Error ? e.message : String(e)}`);
        resolveClosed();
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Launchers such as `npx` run the server as a grandchild and may die without passing the
  // signal on; an orphan is re-parented, so a changed parent pid means "stop" (drain, then exit).
  const parent = LAUNCHER_PID;
  const watchParent = setInterval(() => {
    if (process.ppid !== parent && signals === 0) onSignal('SIGTERM');
  }, PARENT_CHECK_MS);
  if (process.ppid !== parent) onSignal('SIGTERM');
  watchParent.unref();
  void closed.then(() => {
    clearInterval(watchParent);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  });
  return { server, address, closed };
}
