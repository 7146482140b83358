/**
 * One set of limits for every input form. Some body fields take a value either as JSON or as the
 * same JSON written out as a string (an ARC `task` as an object, or as the text of that object).
 * The contract marks such a string branch `x-json-text: true`; its other branches are the schema
 * the text must meet. Checked here, once for every route, right after the contract's validator:
 * the string is measured for nesting, parsed, and validated against the object form's schema —
 * pairs, grid sizes, colours — so the string form cannot carry 200 pairs where the object form
 * is refused at 100. A valid string is replaced by its parsed value, so nothing downstream parses
 * it again; an invalid one is 400 TRM_ERR_INVALID_INPUT with the same paths as the object form.
 */
import type { RequestHandler } from 'express';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

type AjvLike = { addSchema(schema: object): unknown; compile(schema: object): ValidateFunction };
// ajv's 2020 build is CommonJS; under NodeNext its default export types as the module object.
const Ajv2020 = Ajv2020Module as unknown as new (opts: object) => AjvLike;
import { invalidInput } from '../errors.js';
import { jsonDepth, MAX_JSON_DEPTH } from './body.js';
import { describeValidationItems } from './errors.js';
import type { LoadedSpec } from './spec.js';

interface TextField {
  /** Body property, e.g. `task`. */
  name: string;
  /** The schema of the non-text branches, compiled. */
  validate: ValidateFunction;
}

interface Rule {
  pattern: RegExp;
  method: string;
  fields: TextField[];
}

type Node = Record<string, unknown>;

function deref(doc: Node, v: unknown): Node {
  let node = v as Node;
  for (let hops = 0; node && typeof node.$ref === 'string' && hops < 8; hops++) {
    node = (node.$ref as string).replace(/^#\//, '').split('/').reduce<unknown>((o, k) => (o as Node | undefined)?.[k], doc) as Node;
  }
  return node ?? {};
}

/** The JSON-text fields of every operation's JSON body in the contract. */
export function jsonTextRules(spec: LoadedSpec): Rule[] {
  const doc = spec.doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ ...doc, $id: 'contract' });
  const rules: Rule[] = [];
  for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Node>)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(item)) {
      const content = ((op as Node).requestBody as Node | undefined)?.content as Node | undefined;
      const body = deref(doc, (content?.['application/json'] as Node | undefined)?.schema);
      const fields: TextField[] = [];
      for (const [name, prop] of Object.entries((body.properties ?? {}) as Record<string, unknown>)) {
        const ref = (prop as Node).$ref;
        const schema = deref(doc, prop);
        const branches = (schema.oneOf ?? []) as Node[];
        const textIndex = branches.findIndex((b) => b['x-json-text'] === true);
        if (textIndex < 0 || typeof ref !== 'string') continue;
        const others = branches.map((_, i) => i).filter((i) => i !== textIndex);
        const anyOf = others.map((i) => ({ $ref: `contract${ref}/oneOf/${i}` }));
        fields.push({ name, validate: ajv.compile(anyOf.length === 1 ? anyOf[0]! : { anyOf }) });
      }
      if (fields.length) rules.push({ pattern, method: method.toUpperCase(), fields });
    }
  }
  return rules;
}

/** Middleware (after the contract's validator): parses and validates every JSON-text field, replacing it by its value. */
export function jsonTextForms(spec: LoadedSpec): RequestHandler {
  const rules = jsonTextRules(spec);
  return (req, _res, next) => {
    const rule = rules.find((r) => r.method === req.method && r.pattern.test(req.path));
    const body = req.body as Record<string, unknown> | undefined;
    if (!rule || body === null || typeof body !== 'object') return next();
    for (const f of rule.fields) {
      const text = body[f.name];
      if (typeof text !== 'string') continue;
      if (jsonDepth(Buffer.from(text, 'utf8'), MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        return next(invalidInput(`${f.name}: the JSON text nests arrays/objects more than ${MAX_JSON_DEPTH} levels deep`, { argument: f.name, maxDepth: MAX_JSON_DEPTH }));
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return next(invalidInput(`${f.name}: the ${f.name} text is not valid JSON: ${(e as Error).message.slice(0, 200)}`, { argument: f.name }));
      }
      if (!f.validate(value)) {
        const items = ((f.validate.errors ?? []) as ErrorObject[]).map((e) => ({ path: `/body/${f.name}${e.instancePath}`, message: e.message ?? 'is invalid' }));
        return next(invalidInput(`invalid request: ${describeValidationItems(items)} (the JSON text form of "${f.name}" has the limits of its object form)`, {
          argument: f.name,
          errors: items.slice(0, 20),
        }));
      }
      body[f.name] = value;
    }
    next();
  };
}
