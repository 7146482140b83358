/**
 * A task's own input checks, run in the solver worker before any work: the plugin's JSON
 * Schema (`inputSchema`, with ajv; draft-07 unless the schema names 2019-09 or 2020-12), then
 * its parser. Errors are 400 TRM_ERR_INVALID_INPUT whose message starts with the argument
 * (`puzzle: …` / `answer: …`), names the task and the path in the request body
 * (`body/puzzle/0 must be string`), and says what the task's parser thinks where it has more
 * to say (e.g. "expected 81 cells, got 80"). The OpenAPI document accepts any JSON for `puzzle`
 * and defers to this, so a plugin's input form is never rejected by a schema written for others.
 */
import AjvDraft7, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { TrmError, invalidInput } from '../errors.js';
import type { AnyTaskPlugin } from '../plugins/contract.js';
import { describeValidationItems } from './errors.js';

export type Argument = 'puzzle' | 'answer';

type AjvLike = { compile(schema: object): ValidateFunction };
type AjvCtor = new (opts: object) => AjvLike;

const compilers = new Map<string, AjvLike>();
function compilerFor(schema: Record<string, unknown>): AjvLike {
  const dialect = String(schema.$schema ?? '');
  const kind = dialect.includes('2020-12') ? '2020' : dialect.includes('2019-09') ? '2019' : '7';
  let ajv = compilers.get(kind);
  if (!ajv) {
    const Ctor = (kind === '2020' ? Ajv2020 : kind === '2019' ? Ajv2019 : AjvDraft7) as unknown as AjvCtor;
    ajv = new Ctor({ strict: false, allErrors: true, validateSchema: false });
    (addFormats as unknown as (a: AjvLike) => void)(ajv);
    compilers.set(kind, ajv);
  }
  return ajv;
}

/** Compiled schemas by plugin; null = the plugin has none, or it does not compile (then only the parser checks). */
const validators = new WeakMap<AnyTaskPlugin, ValidateFunction | null>();
function validatorOf(plugin: AnyTaskPlugin): ValidateFunction | null {
  let v = validators.get(plugin);
  if (v === undefined) {
    try {
      v = plugin.inputSchema ? compilerFor(plugin.inputSchema).compile(plugin.inputSchema) : null;
    } catch {
      v = null;
    }
    validators.set(plugin, v);
  }
  return v;
}

/** `fn()` (a parse), with a rejection re-worded as the argument's: `puzzle: …` plus `details.argument`. */
export function parseArgument<T>(task: string, argument: Argument, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw argumentError(task, argument, e);
  }
}

function argumentError(task: string, argument: Argument, e: unknown): TrmError {
  if (e instanceof TrmError) {
    if (e.code !== 'TRM_ERR_INVALID_INPUT') return e;
    return new TrmError('TRM_ERR_INVALID_INPUT', e.message.startsWith(`${argument}: `) ? e.message : `${argument}: ${e.message}`, { ...e.details, task, argument });
  }
  // A parser that throws a TypeError on a value of the wrong shape: the value is what is wrong.
  const why = e instanceof Error ? e.message : String(e);
  return invalidInput(`${argument}: task "${task}" cannot read this ${argument} (its parser failed: ${why.slice(0, 200)})`, { task, argument });
}

/**
 * Checks a solve or verify puzzle against the plugin's inputSchema (`field` is the body field it
 * came in); throws TRM_ERR_INVALID_INPUT naming the task and the failing paths. Passing inputs
 * still go through the parser afterwards (the schema is the documented form, the parser the
 * judge of content).
 */
export function checkPuzzleSchema(plugin: AnyTaskPlugin, input: unknown, field = 'puzzle'): void {
  const validate = validatorOf(plugin);
  if (!validate || validate(input)) return;
  const errors = (validate.errors ?? []) as ErrorObject[];
  const items = errors.map((e) => ({ path: `/body/${field}${e.instancePath}`, message: e.message ?? 'is invalid' }));
  let parserSays = '';
  try {
    plugin.parse(input);
  } catch (e) {
    if (e instanceof TrmError) parserSays = `; the task's parser says: ${e.message}`;
  }
  throw invalidInput(`puzzle: not a valid input for task "${plugin.name}": ${describeValidationItems(items)} (the task's inputSchema is in GET /tasks)${parserSays}`, {
    task: plugin.name,
    argument: 'puzzle',
    errors: items.slice(0, 20).map((i) => ({ path: i.path.slice(1), message: i.message })),
  });
}
