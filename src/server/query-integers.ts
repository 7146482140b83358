/**
 * Integer query parameters, read strictly. The OpenAPI validator coerces a query string to a
 * number with `Number()`, so `seed=1e400` became Infinity and passed as an "integer", and
 * `seed=0x10` or `seed=1e3` were read as 16 and 1000. Here every query parameter the contract
 * types as `integer` must be plain decimal digits (an optional leading `-`) naming a safe
 * integer; anything else is 400 TRM_ERR_INVALID_INPUT naming the parameter, before the validator
 * checks the contract's bounds. The parameter list comes from openapi.yaml, so a new integer
 * parameter is covered without touching this file.
 */
import type { RequestHandler } from 'express';
import { invalidInput } from '../errors.js';
import type { LoadedSpec } from './spec.js';

interface IntParam {
  name: string;
  minimum?: number;
  maximum?: number;
}

interface PathRule {
  pattern: RegExp;
  method: string;
  params: IntParam[];
}

const DECIMAL = /^-?(0|[1-9][0-9]*)$/;

function resolveRef(doc: Record<string, unknown>, v: unknown): Record<string, unknown> {
  let node = v as Record<string, unknown>;
  for (let hops = 0; node && typeof node.$ref === 'string' && hops < 8; hops++) {
    const parts = (node.$ref as string).replace(/^#\//, '').split('/');
    node = parts.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc) as Record<string, unknown>;
  }
  return node ?? {};
}

/** The integer query parameters of every operation in the contract, by path pattern and method. */
export function integerQueryRules(spec: LoadedSpec): PathRule[] {
  const doc = spec.doc;
  const rules: PathRule[] = [];
  for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(item)) {
      const params = ((op as { parameters?: unknown[] }).parameters ?? []).map((p) => resolveRef(doc, p));
      const ints: IntParam[] = [];
      for (const p of params) {
        if (p.in !== 'query') continue;
        const schema = resolveRef(doc, p.schema);
        if (schema.type !== 'integer') continue;
        ints.push({
          name: String(p.name),
          ...(typeof schema.minimum === 'number' ? { minimum: schema.minimum } : {}),
          ...(typeof schema.maximum === 'number' ? { maximum: schema.maximum } : {}),
        });
      }
      if (ints.length) rules.push({ pattern, method: method.toUpperCase(), params: ints });
    }
  }
  return rules;
}

/** Middleware: 400 for an integer query parameter that is not a finite safe integer in plain decimal. */
export function strictIntegerQuery(spec: LoadedSpec): RequestHandler {
  const rules = integerQueryRules(spec);
  return (req, _res, next) => {
    const rule = rules.find((r) => r.method === req.method && r.pattern.test(req.path));
    if (!rule) return next();
    const query = req.query as Record<string, unknown>;
    for (const p of rule.params) {
      if (!Object.hasOwn(query, p.name)) continue;
      const raw = query[p.name];
      const text = typeof raw === 'string' ? raw : null;
      const bounds = `${p.minimum ?? Number.MIN_SAFE_INTEGER}..${p.maximum ?? Number.MAX_SAFE_INTEGER}`;
      if (text === null || !DECIMAL.test(text) || !Number.isSafeInteger(Number(text))) {
        const shown = text === null ? 'a repeated or structured value' : JSON.stringify(text.slice(0, 40));
        return next(invalidInput(`query parameter ${p.name} must be an integer in ${bounds} written in decimal digits, got ${shown}`, {
          parameter: p.name,
          ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
          ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
        }));
      }
    }
    next();
  };
}
