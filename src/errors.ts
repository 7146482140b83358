/**
 * The one error catalogue of trm-sdk, shared by the SDK, the plugins, the neural core, the CLI
 * and the REST service. Every error a user can meet has a stable `code` (never renamed; clients
 * switch on it), the HTTP status the service answers with, and a message that says what is
 * wrong and where.
 *
 * It lives at the root of `src/` rather than in `src/sdk/` because every layer throws it and
 * the architecture lets nothing below the SDK import the SDK.
 *
 * @example
 *   throw new TrmError('TRM_ERR_INVALID_INPUT', 'row 3 has 10 cells, expected 9', { row: 3 });
 */

/** code → HTTP status and a one-line meaning (used in docs and `GET /tasks`). */
export const ERROR_CATALOGUE = {
  TRM_ERR_INVALID_INPUT: { status: 400, meaning: 'The input does not match the task\'s documented form.' },
  TRM_ERR_INVALID_OPTIONS: { status: 400, meaning: 'An option is out of range or of the wrong type.' },
  TRM_ERR_UNAUTHORIZED: { status: 401, meaning: 'The server requires an API key (Authorization: Bearer <key>) and none, or a wrong one, was given.' },
  TRM_ERR_UNKNOWN_TASK: { status: 404, meaning: 'No plugin is registered under that task name.' },
  TRM_ERR_NOT_FOUND: { status: 404, meaning: 'No such route or resource.' },
  TRM_ERR_DUPLICATE_PLUGIN: { status: 409, meaning: 'A plugin with that name is already registered.' },
  TRM_ERR_INCOMPATIBLE_PLUGIN: { status: 400, meaning: 'The plugin is malformed or does not support this SDK version.' },
  TRM_ERR_PAYLOAD_TOO_LARGE: { status: 413, meaning: 'The request body is larger than the server accepts.' },
  TRM_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The request body must be application/json.' },
  TRM_ERR_UNSATISFIABLE: { status: 422, meaning: 'The puzzle has no solution (its givens contradict each other).' },
  TRM_ERR_NO_SOLVER: { status: 422, meaning: 'The task has no solver for the requested strategy (no model loaded, or no symbolic solver).' },
  TRM_ERR_NO_GENERATOR: { status: 422, meaning: 'The task has no puzzle generator, so it needs data passed in (training, evaluation, /generate).' },
  TRM_ERR_OVERLOADED: { status: 429, meaning: 'Too many requests are queued, or this client is over its rate limit; retry after the given delay.' },
  TRM_ERR_ABORTED: { status: 499, meaning: 'The caller aborted the operation.' },
  TRM_ERR_INTERNAL: { status: 500, meaning: 'An unexpected internal error; please report it.' },
  TRM_ERR_INVALID_CHECKPOINT: { status: 500, meaning: 'A checkpoint file is malformed or does not match the model config.' },
  TRM_ERR_INVALID_CONFIG: { status: 500, meaning: 'A model config or preset is invalid.' },
  TRM_ERR_BACKEND_UNAVAILABLE: { status: 500, meaning: 'The requested TensorFlow.js backend cannot be loaded.' },
  TRM_ERR_IO: { status: 500, meaning: 'Reading or writing a file failed.' },
  TRM_ERR_MODEL_FETCH: { status: 502, meaning: 'A model given by URL could not be fetched (network error, or an HTTP status other than 200).' },
  TRM_ERR_MODEL_CHECKSUM: { status: 502, meaning: 'A model file\'s SHA-256 does not match the one its model card or manifest records.' },
  TRM_ERR_MEMORY_LIMIT: { status: 507, meaning: 'The work outgrew the memory the server allows per solve (TRM_MAX_MEMORY); the worker was replaced.' },
  TRM_ERR_SHUTTING_DOWN: { status: 503, meaning: 'The server is shutting down and takes no new work.' },
  TRM_ERR_TIMEOUT: { status: 504, meaning: 'The operation ran past its time budget.' },
} as const;

export type TrmErrorCode = keyof typeof ERROR_CATALOGUE;

export class TrmError extends Error {
  readonly code: TrmErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: TrmErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrmError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = details;
  }

  /** The JSON body the REST service sends: `{ error: { code, message, details } }`. */
  toJSON(): { error: { code: TrmErrorCode; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isTrmError(e: unknown): e is TrmError {
  return e instanceof TrmError;
}

/** Shorthand for the most common error: bad user input. */
export function invalidInput(message: string, details?: Record<string, unknown>): TrmError {
  return new TrmError('TRM_ERR_INVALID_INPUT', message, details);
}

/** An option (named) is out of range or of the wrong type. */
export function invalidOptions(option: string, message: string, details?: Record<string, unknown>): TrmError {
  return new TrmError('TRM_ERR_INVALID_OPTIONS', message, { option, ...details });
}

/** A checkpoint file is malformed or does not match its config (the message says which and where). */
export function invalidCheckpoint(message: string, details?: Record<string, unknown>): TrmError {
  return new TrmError('TRM_ERR_INVALID_CHECKPOINT', message, details);
}

/** A model config or preset is invalid. */
export function invalidConfig(message: string, details?: Record<string, unknown>): TrmError {
  return new TrmError('TRM_ERR_INVALID_CONFIG', message, details);
}

/** A config field is invalid: `config.<field> <reason>`, with the field and value in details. */
export function invalidConfigField(field: string, reason: string, value?: unknown): TrmError {
  return new TrmError('TRM_ERR_INVALID_CONFIG', `config.${field} ${reason}`, { field, value });
}

/** A plugin cannot be registered: `plugin "<name>" rejected: <why>`. */
export function incompatiblePlugin(name: unknown, why: string): TrmError {
  return new TrmError('TRM_ERR_INCOMPATIBLE_PLUGIN', `plugin ${JSON.stringify(name ?? '?')} rejected: ${why}`);
}

/** The task has no generator, so `what` (training, evaluation, generate) needs data passed in. */
export function noGenerator(task: string, what: string): TrmError {
  return new TrmError('TRM_ERR_NO_GENERATOR', `task "${task}" has no puzzle generator: ${what}`, { task });
}

/** Wrap anything thrown into a TrmError (unknown errors become TRM_ERR_INTERNAL, cause kept). */
export function toTrmError(e: unknown): TrmError {
  if (e instanceof TrmError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new TrmError('TRM_ERR_INTERNAL', message, undefined, { cause: e });
}
