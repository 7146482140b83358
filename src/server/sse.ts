/**
 * A Server-Sent Events writer over an Express response: `event: <name>` / `data: <line>` blocks,
 * headers sent on `start()` (or the first event), and a comment heartbeat so idle proxies keep
 * the connection while a long solve runs.
 */
import type { Response } from 'express';

export class SseWriter {
  private started = false;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly res: Response, private readonly heartbeatMs = 15_000) {}

  /** Sends the 200 and the event-stream headers (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      // nginx and friends buffer responses by default; events must go out as they happen.
      'X-Accel-Buffering': 'no',
    });
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Writes one event; `data` may hold newlines (each line becomes a `data:` line). */
  send(event: string, data: string): void {
    this.start();
    this.write(`event: ${event}\n${data.split(/\r?\n/).map((l) => `data: ${l}`).join('\n')}\n\n`);
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
  }

  private write(chunk: string): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    this.res.write(chunk);
  }
}
