/** The request log: one line per request on completion — method, path, status, milliseconds. */
import type { RequestHandler } from 'express';

/** Control characters and very long paths are cut so a client cannot forge or flood log lines. */
function clean(s: string): string {
  const t = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  return t.length > 200 ? t.slice(0, 200) + '…' : t;
}

/** Middleware that logs each request once it closes (finished or abandoned). */
export function requestLogger(log: (line: string) => void): RequestHandler {
  return (req, res, next) => {
    const t0 = performance.now();
    const path = req.path;
    res.on('close', () => {
      const status = res.writableFinished ? res.statusCode : `${res.statusCode} (client gone)`;
      log(`${req.method} ${clean(path)} ${status} ${(performance.now() - t0).toFixed(1)}ms`);
    });
    next();
  };
}
