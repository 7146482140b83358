/**
 * The contract: openapi.yaml is a valid OpenAPI 3.1 document, src/server/api-types.ts is what
 * openapi-typescript generates from it today (not stale), and the spec's error codes are exactly
 * the SDK's catalogue. Plus the config and error-message helpers that have no route of their own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ERROR_CATALOGUE } from '../../src/errors.js';
import { resolveServerOptions, serverOptionsFromEnv } from '../../src/server/config.js';
import { describeValidationItems } from '../../src/server/errors.js';
import { findSpecPath } from '../../src/server/spec.js';
import { SPEC_PATH } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as { openapi: string; components: { schemas: { ErrorCode: { enum: string[] } } } };

describe('openapi.yaml', () => {
  it('is the document the server finds', () => {
    expect(findSpecPath()).toBe(SPEC_PATH);
    expect(spec.openapi).toBe('3.1.0');
  });

  it('passes express-openapi-validator\'s own OpenAPI 3.1 schema check', async () => {
    const app = express();
    app.use(OpenApiValidator.middleware({ apiSpec: SPEC_PATH, validateApiSpec: true, validateRequests: true }));
    app.get('/health', (_req, res) => void res.json({ ok: true }));
    const errors: unknown[] = [];
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(err);
      res.status(500).end();
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    server.close();
    expect(errors).toEqual([]);
    expect(res.status).toBe(200);
  });

  it('generates exactly the committed src/server/api-types.ts (run `npm run gen:api` after editing the spec)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trm-api-types-'));
    try {
      const out = join(dir, 'api-types.ts');
      execFileSync(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), SPEC_PATH, '-o', out], { cwd: root, stdio: 'pipe' });
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(root, 'src/server/api-types.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists exactly the SDK\'s error codes', () => {
    expect([...spec.components.schemas.ErrorCode.enum].sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });
});

describe('validation messages', () => {
  it('folds a oneOf of types into one sentence', () => {
    expect(describeValidationItems([
      { path: '/body/puzzle', message: 'must be string' },
      { path: '/body/puzzle', message: 'must be array' },
      { path: '/body/puzzle', message: 'must match exactly one schema in oneOf' },
    ])).toBe('body/puzzle must be string or array');
  });

  it('says what the body-level oneOf means', () => {
    expect(describeValidationItems([
      { path: '/body/puzzle', message: "must have required property 'puzzle'" },
      { path: '/body/maze', message: "must have required property 'maze'" },
      { path: '/body', message: 'must match exactly one schema in oneOf' },
    ])).toBe('body must be an object with exactly one of "puzzle", "maze", "task"');
  });

  it('keeps plain messages with their path and caps the list', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ path: `/body/x${i}`, message: 'must be integer' }));
    expect(describeValidationItems(items)).toBe('body/x0 must be integer; body/x1 must be integer; body/x2 must be integer; body/x3 must be integer; body/x4 must be integer; and 2 more');
  });
});

describe('server options', () => {
  it('reads TRM_PORT, TRM_HOST, TRM_WORKERS, TRM_QUEUE, TRM_BODY_LIMIT', () => {
    expect(serverOptionsFromEnv({ TRM_PORT: '9000', TRM_HOST: '0.0.0.0', TRM_WORKERS: '3', TRM_QUEUE: '5', TRM_BODY_LIMIT: '2mb' })).toEqual({
      port: 9000, host: '0.0.0.0', workers: 3, queueCapacity: 5, bodyLimit: '2mb',
    });
    expect(serverOptionsFromEnv({ TRM_BODY_LIMIT: '4096' })).toEqual({ bodyLimit: 4096 });
    expect(serverOptionsFromEnv({})).toEqual({});
  });

  it('rejects bad values naming the variable', () => {
    expect(() => serverOptionsFromEnv({ TRM_WORKERS: 'many' })).toThrow(/TRM_WORKERS must be an integer/);
    expect(() => serverOptionsFromEnv({ TRM_PORT: '70000' })).toThrow(/TRM_PORT/);
    expect(() => serverOptionsFromEnv({ TRM_BODY_LIMIT: 'lots' })).toThrow(/TRM_BODY_LIMIT/);
    expect(() => resolveServerOptions({ workers: 0 })).toThrow(/workers must be an integer in \[1, 1024\]/);
  });

  it('caps the default timeout by the maximum and resolves module paths to URLs', () => {
    const o = resolveServerOptions({ maxTimeoutMs: 500, sdkModule: 'plugins/mine.js' });
    expect(o.defaultTimeoutMs).toBe(500);
    expect(o.sdkModule).toBe(new URL('plugins/mine.js', `file://${process.cwd()}/`).href);
    expect(o.bodyLimit).toBe('1mb');
  });
});
