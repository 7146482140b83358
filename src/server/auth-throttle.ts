/**
 * Failed logins, throttled per client IP: after `limit` requests with a missing or wrong API key
 * within a minute, that address gets 429 TRM_ERR_OVERLOADED with `Retry-After` until the minute
 * is over — even with a right key, so a key cannot be guessed at the rate the network allows.
 * The counts live in express-rate-limit's fixed-window MemoryStore (one entry per address,
 * dropped when its window ends). Failures are logged by address and count, never with the key,
 * and totalled for `/health`.
 */
import { MemoryStore } from 'express-rate-limit';

/** Default of `authFailuresPerMinute`: failed attempts one IP may make per minute before 429. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 10;
const WINDOW_MS = 60_000;

export interface AuthStats {
  /** Requests refused 401 (missing or wrong key) since start. */
  failures: number;
  /** Requests refused 429 because their address was over the failed-login limit. */
  throttled: number;
}

export class AuthThrottle {
  private readonly store = new MemoryStore();
  readonly stats: AuthStats = { failures: 0, throttled: 0 };

  constructor(readonly limit: number, private readonly log: (line: string) => void, private readonly windowMs = WINDOW_MS) {
    this.store.init({ windowMs } as Parameters<MemoryStore['init']>[0]);
  }

  /** Seconds until `ip` may try again, or 0 when it is under the limit. */
  async blockedForS(ip: string): Promise<number> {
    const info = await this.store.get(ip);
    if (!info || info.totalHits < this.limit) return 0;
    this.stats.throttled++;
    const ms = info.resetTime ? info.resetTime.getTime() - Date.now() : this.windowMs;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  /** Counts a failed attempt from `ip` and logs it (address and count only). */
  async failed(ip: string, why: 'missing' | 'wrong'): Promise<void> {
    const { totalHits } = await this.store.increment(ip);
    this.stats.failures++;
    this.log(`[trm-sdk serve] auth failure (${why} key) from ${ip}: ${totalHits} in this minute, limit ${this.limit}`);
  }

  shutdown(): void {
    this.store.shutdown();
  }
}
