/**
 * Time and connection limits on the wire, below Express: how long a client may take to send its
 * headers (`headersTimeout`) and its whole request (`requestTimeout`, so a body that stops halfway
 * is cut), how long an idle keep-alive socket stays open, and how many sockets one address may hold
 * (over the cap, the new socket is answered 429 and closed before any parsing). Node checks the
 * two request timeouts on a timer (`connectionsCheckingInterval`, default 30 s, which is why a
 * stalled upload used to live ~80 s); it runs here at a tenth of the shortest limit.
 *
 * It also knows, per socket, whether a request on it is being served, so a shutdown can close at
 * once every socket that is idle, still sending headers, or still sending a body — only requests
 * already received and being answered are worth waiting for.
 */
import type { IncomingMessage, Server, ServerOptions as HttpServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface WireLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Most open sockets per remote address; 0 = no cap. */
  maxConnectionsPerIp: number;
}

/** Defaults (env TRM_HEADERS_TIMEOUT_MS, TRM_REQUEST_TIMEOUT_MS, TRM_KEEP_ALIVE_TIMEOUT_MS, TRM_MAX_CONNECTIONS_PER_IP). */
export const DEFAULT_WIRE_LIMITS: WireLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerIp: 64,
};

/** The options `http.createServer` takes for these limits. */
export function httpServerOptions(l: WireLimits): HttpServerOptions {
  const shortest = Math.min(l.headersTimeoutMs, l.requestTimeoutMs || Infinity);
  return {
    // Node requires headersTimeout <= requestTimeout (0 = off).
    headersTimeout: l.requestTimeoutMs ? Math.min(l.headersTimeoutMs, l.requestTimeoutMs) : l.headersTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(shortest / 10))),
  };
}

const OVER_CAP_BODY = JSON.stringify({
  error: { code: 'TRM_ERR_OVERLOADED', message: 'this address has too many open connections to the server; close some and retry', details: { retryAfterS: 1 } },
});
const OVER_CAP_RESPONSE =
  'HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n' +
  `Content-Length: ${Buffer.byteLength(OVER_CAP_BODY)}\r\n\r\n${OVER_CAP_BODY}`;

/** Per-socket bookkeeping for the connection cap and for shutdown. */
export class SocketTracker {
  private readonly perIp = new Map<string, number>();
  /** Every open socket, with the request being served on it (undefined = none). */
  private readonly sockets = new Map<Socket, IncomingMessage | undefined>();
  /** Sockets refused for the per-address cap since start. */
  refused = 0;

  constructor(private readonly limits: WireLimits, private readonly log: (line: string) => void) {}

  attach(h: Server): void {
    h.on('connection', (socket: Socket) => {
      const ip = socket.remoteAddress ?? 'unknown';
      const n = (this.perIp.get(ip) ?? 0) + 1;
      if (this.limits.maxConnectionsPerIp > 0 && n > this.limits.maxConnectionsPerIp) {
        this.refused++;
        if (this.refused === 1 || this.refused % 100 === 0) this.log(`[trm-sdk serve] ${ip} is over ${this.limits.maxConnectionsPerIp} open connections; refused a socket (${this.refused} so far)`);
        socket.end(OVER_CAP_RESPONSE);
        socket.destroySoon();
        return;
      }
      this.perIp.set(ip, n);
      this.sockets.set(socket, undefined);
      socket.once('close', () => {
        this.sockets.delete(socket);
        const left = (this.perIp.get(ip) ?? 1) - 1;
        if (left > 0) this.perIp.set(ip, left);
        else this.perIp.delete(ip);
      });
    });
    h.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      if (!this.sockets.has(socket)) return;
      this.sockets.set(socket, req);
      res.once('finish', () => {
        if (this.sockets.get(socket) === req) this.sockets.set(socket, undefined);
      });
    });
  }

  /**
   * Destroys, at once, every socket not worth waiting for at shutdown: idle keep-alive sockets,
   * sockets still sending their headers, and sockets whose request body has not fully arrived.
   * Returns how many it closed.
   */
  closeIdleAndStalled(): number {
    let n = 0;
    for (const [socket, req] of this.sockets) {
      if (req === undefined || !req.complete) {
        socket.destroy();
        n++;
      }
    }
    return n;
  }

  /** Open sockets per address (for tests and /health). */
  openConnections(): number {
    return this.sockets.size;
  }
}
