/**
 * Everything that can go wrong in a request, mapped onto the SDK's one error catalogue, and the
 * Express error middleware that answers `{ error: { code, message, details } }` with the
 * catalogue's status. Body-parser errors (malformed JSON, too large) and the OpenAPI validator's
 * errors (wrong types, unknown route, wrong content type) become TrmErrors here; anything
 * unexpected becomes TRM_ERR_INTERNAL and is logged with its stack, never crashing the process.
 */
import type { ErrorRequestHandler, Request } from 'express';
import { TrmError, invalidInput, toTrmError } from '../errors.js';

interface ValidationItem {
  path?: string;
  message?: string;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

const ONE_OF = 'must match exactly one schema in oneOf';

/**
 * "body/options/vote must be <= 64" from the validator's `/body/options/vote` + "must be <= 64".
 * Ajv reports a failed `oneOf` as one message per branch plus a summary; those are folded into
 * one sentence ("body/puzzle must be string or array"), and the body-level oneOf of the solve and
 * verify requests reads as what it means: exactly one of puzzle, maze, task.
 */
export function describeValidationItems(items: ValidationItem[]): string {
  const pathOf = (i: ValidationItem): string => String(i.path ?? '').replace(/^\.?\/?/, '').replace(/\./g, '/');
  const oneOfPaths = new Set(items.filter((i) => i.message === ONE_OF).map(pathOf));
  const parts: string[] = [];
  if (oneOfPaths.has('body')) parts.push('body must be an object with exactly one of "puzzle", "maze", "task"');
  const typeAlternatives = new Map<string, string[]>();
  for (const i of items) {
    const where = pathOf(i);
    const msg = fixValidatorMessage(String(i.message ?? 'is invalid'));
    if (msg === ONE_OF) continue;
    // Branch failures of the body's oneOf ("body/maze must have required property 'maze'") are said above.
    if (oneOfPaths.has('body') && /^must have required property /.test(msg) && /^body\/[^/]+$/.test(where)) continue;
    const type = /^must be (\w+)$/.exec(msg);
    if (type && oneOfPaths.has(where)) {
      typeAlternatives.set(where, [...(typeAlternatives.get(where) ?? []), type[1]!]);
      continue;
    }
    parts.push(where ? `${where} ${msg}` : msg);
  }
  for (const [where, types] of typeAlternatives) parts.push(`${where} must be ${[...new Set(types)].join(' or ')}`);
  for (const where of oneOfPaths) {
    if (where !== 'body' && !typeAlternatives.has(where) && !parts.some((p) => p.startsWith(where + ' ') || p.startsWith(where + '/'))) parts.push(`${where} ${ONE_OF}`);
  }
  const shown = parts.slice(0, 5).join('; ');
  return parts.length > 5 ? `${shown}; and ${parts.length - 5} more` : shown;
}

/** The validator's own wording where it is off: "malformed uri'" (a stray quote) for a bad percent-encoding. */
function fixValidatorMessage(msg: string): string {
  return /^malformed uri'?$/i.test(msg) ? 'is a malformed URI (bad percent-encoding)' : msg;
}

/** Maps any thrown value to the TrmError the client gets. */
export function toServiceError(err: unknown, req?: Pick<Request, 'method' | 'path' | 'headers'>): TrmError {
  if (err instanceof TrmError) return err;
  if (!isObject(err)) return toTrmError(err);

  // body-parser (express.json) errors carry a `type`.
  switch (err.type) {
    case 'entity.too.large':
      return new TrmError('TRM_ERR_PAYLOAD_TOO_LARGE', `the request body is larger than the server's limit of ${String(err.limit)} bytes`, {
        limit: err.limit,
        ...(typeof err.length === 'number' ? { length: err.length } : {}),
      });
    case 'entity.parse.failed':
      return invalidInput(`the request body is not valid JSON: ${String(err.message)}`);
    case 'entity.too.deep':
      return invalidInput(String(err.message), { maxDepth: err.limit });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new TrmError('TRM_ERR_UNSUPPORTED_MEDIA_TYPE', `the request body must be UTF-8 JSON: ${String(err.message)}`);
    case 'request.aborted':
      return new TrmError('TRM_ERR_ABORTED', 'the client aborted the request while sending its body');
  }

  // express-openapi-validator errors carry `status` and `errors`.
  if (typeof err.status === 'number' && Array.isArray(err.errors)) {
    const items = err.errors as ValidationItem[];
    const route = req ? `${req.method} ${req.path.slice(0, 200)}` : 'this route';
    switch (err.status) {
      case 400:
        return invalidInput(`invalid request: ${describeValidationItems(items)}`, {
          errors: items.map((i) => ({ path: i.path, message: i.message === undefined ? undefined : fixValidatorMessage(i.message) })),
        });
      case 404:
        return new TrmError('TRM_ERR_NOT_FOUND', `no such route: ${route} (see GET /openapi.yaml)`, { method: req?.method, path: req?.path.slice(0, 200) });
      case 405:
        return new TrmError('TRM_ERR_NOT_FOUND', `no such route: ${route}; this path takes ${String((err.headers as { Allow?: string } | undefined)?.Allow ?? 'other methods')}`, {
          method: req?.method,
          path: req?.path.slice(0, 200),
        });
      case 413:
        return new TrmError('TRM_ERR_PAYLOAD_TOO_LARGE', String(err.message));
      case 415: {
        const ct = req?.headers['content-type'];
        return new TrmError('TRM_ERR_UNSUPPORTED_MEDIA_TYPE', `the request body must be application/json, got ${ct ? JSON.stringify(String(ct).slice(0, 100)) : 'no Content-Type'}`, {
          contentType: ct ?? null,
        });
      }
    }
  }
  // Other body-parser errors (a gzip/deflate/br body that does not decompress, a length
  // mismatch) have a 4xx status but no `type`; they are the client's, not ours.
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500 && !Array.isArray(err.errors)) {
    return clientBodyError(err.status, String(err.message ?? ''), req);
  }
  return toTrmError(err);
}

/** A 4xx from reading the body, in the catalogue's terms. */
function clientBodyError(status: number, message: string, req?: Pick<Request, 'headers'>): TrmError {
  const encoding = req?.headers['content-encoding'];
  if (status === 413) return new TrmError('TRM_ERR_PAYLOAD_TOO_LARGE', `the request body is too large: ${message}`);
  if (status === 415) return new TrmError('TRM_ERR_UNSUPPORTED_MEDIA_TYPE', `the request body must be UTF-8 JSON: ${message}`);
  if (encoding && encoding !== 'identity') {
    return invalidInput(`the request body could not be decoded as Content-Encoding ${JSON.stringify(String(encoding).slice(0, 40))}: ${message}`, {
      contentEncoding: String(encoding).slice(0, 40),
    });
  }
  return invalidInput(`the request body could not be read: ${message}`);
}

/** The error body of a streamed response's `error` event: the error shape plus the status it maps to. */
export function streamErrorBody(e: TrmError): string {
  return JSON.stringify({ ...e.toJSON(), status: e.status });
}

/** Express error middleware: every error leaves as the catalogue's JSON shape and status. */
export function errorMiddleware(log: (line: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = toServiceError(err, req);
    if (e.code === 'TRM_ERR_INTERNAL') {
      const cause = (e as { cause?: unknown }).cause;
      log(`[trm-sdk serve] internal error on ${req.method} ${req.path.slice(0, 200)}: ${cause instanceof Error ? cause.stack ?? cause.message : e.message}`);
    }
    if (res.headersSent) {
      // A stream already started: nothing sane to add, so end it.
      res.end();
      return;
    }
    if (e.code === 'TRM_ERR_OVERLOADED') res.set('Retry-After', String(e.details?.retryAfterS ?? 1));
    if (e.code === 'TRM_ERR_UNAUTHORIZED' && !res.get('WWW-Authenticate')) res.set('WWW-Authenticate', 'Bearer realm="trm-sdk"');
    // A draining server asks the client (or nginx) to retry elsewhere, soon.
    if (e.code === 'TRM_ERR_SHUTTING_DOWN') res.set('Retry-After', '1');
    if (e.code === 'TRM_ERR_SHUTTING_DOWN') res.set('Connection', 'close');
    res.status(e.status).json(e.toJSON());
  };
}
