/**
 * Bounds on a request body that the JSON parser itself does not enforce. Nesting depth is
 * checked on the raw bytes before `JSON.parse` runs: a body nested thousands deep parses fine,
 * but then overflows the stack of whatever walks it next (the validator, the structured clone
 * that hands the job to a worker), so it is refused here with a 400 that says why.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Deepest nesting of arrays and objects a request body may have (an ARC task needs about 6). */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `[` / `{` in JSON text (bytes inside strings do not count), stopping
 * early once it exceeds `stopAbove`. Malformed text is measured as far as it goes; the parser
 * reports its syntax errors afterwards.
 */
export function jsonDepth(bytes: Uint8Array, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  return max;
}

/** The error a too-deep body raises; the error middleware maps its `type` to TRM_ERR_INVALID_INPUT. */
export class BodyTooDeepError extends Error {
  readonly type = 'entity.too.deep';
  readonly status = 400;
  constructor(readonly limit: number) {
    super(`the request body nests arrays/objects more than ${limit} levels deep; the limit is ${limit}`);
  }
}

/** `verify` hook for `express.json`: throws {@link BodyTooDeepError} for a body nested deeper than `limit`. */
export function depthGuard(limit = MAX_JSON_DEPTH): (req: IncomingMessage, res: ServerResponse, body: Buffer) => void {
  return (_req, _res, body) => {
    if (jsonDepth(body, limit) > limit) throw new BodyTooDeepError(limit);
  };
}

/**
 * The error a JSON body in a charset other than UTF-8 raises (415). body-parser accepts any
 * `utf-*` charset and decodes UTF-16 bodies as if they were UTF-8, which turns a well-formed
 * UTF-16 body into garbage and a misleading 400; JSON on the wire is UTF-8 (RFC 8259 §8.1).
 */
export class UnsupportedCharsetError extends Error {
  readonly type = 'charset.unsupported';
  readonly status = 415;
  constructor(readonly charset: string) {
    super(`charset "${charset.slice(0, 40)}" is not accepted; send the JSON as UTF-8 (Content-Type: application/json or application/json; charset=utf-8)`);
  }
}

/** Middleware: a body whose Content-Type names a charset other than UTF-8 gets 415 before it is read. */
export function charsetGuard(): (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void {
  return (req, _res, next) => {
    const ct = req.headers['content-type'];
    if (typeof ct !== 'string') return next();
    const m = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(ct);
    if (m && !/^utf-?8$/i.test(m[2]!)) return next(new UnsupportedCharsetError(m[2]!));
    next();
  };
}
