/**
 * Models by URL on Node (the browser runs the same loader, tested in test/browser/): fetched over
 * HTTP, checked against a pinned SHA-256 and the file's own data checksum; each failure is its own
 * TRM_ERR_* and leaves symbolic solving working. Served from 127.0.0.1, no network.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const model4 = path.join(ROOT, 'tasks', 'sudoku-4x4', 'model.safetensors');
const sha4 = createHash('sha256').update(fs.readFileSync(model4)).digest('hex');
const PUZZLE4 = '13.......42.....';
const PUZZLE9 = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';

describe('models by URL (Node)', () => {
  let srv: StaticServer;
  beforeAll(async () => {
    srv = await serveStatic(ROOT);
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('fetches a pinned model, checks it, and solves with it (the id names the URL)', async () => {
    const url = new URL('/tasks/sudoku-4x4/model.safetensors', srv.url);
    const sdk = createSdk({ models: { 'sudoku-4x4': { url, sha256: sha4 } }, shippedModels: false, backend: 'cpu' });
    expect(sdk.modelFor('sudoku-4x4')).toBe(`sudoku-4x4@${url.href}`);
    const r = await sdk.solve('sudoku-4x4', PUZZLE4, { strategy: 'neural-only' });
    expect(r).toMatchObject({ verified: true, source: 'neural', formatted: '1342421334212134', model: `sudoku-4x4@${url.href}` });
  }, 60_000);

  it('a 404 is TRM_ERR_MODEL_FETCH naming the URL and status; symbolic-only still solves', async () => {
    const url = new URL('/no/such.safetensors', srv.url);
    const sdk = createSdk({ models: { 'sudoku-4x4': url }, shippedModels: false, backend: 'cpu' });
    await expect(sdk.solve('sudoku-4x4', PUZZLE4, { strategy: 'neural-only' })).rejects.toMatchObject({ code: 'TRM_ERR_MODEL_FETCH', message: expect.stringMatching(/no\/such\.safetensors: HTTP 404/) });
    expect(await sdk.solve('sudoku-4x4', PUZZLE4, { strategy: 'symbolic-only' })).toMatchObject({ verified: true, source: 'symbolic' });
  });

  it('an unreachable host is TRM_ERR_MODEL_FETCH too', async () => {
    const sdk = createSdk({ models: { 'sudoku-4x4': new URL('http://127.0.0.1:1/model.safetensors') }, shippedModels: false, backend: 'cpu' });
    await expect(sdk.solve('sudoku-4x4', PUZZLE4, { strategy: 'neural-only' })).rejects.toMatchObject({ code: 'TRM_ERR_MODEL_FETCH' });
  });

  it('a corrupted file: TRM_ERR_MODEL_CHECKSUM against a pin, TRM_ERR_INVALID_CHECKPOINT against its own data checksum', async () => {
    const pinned = createSdk({ models: { 'sudoku-4x4': { url: new URL('/__corrupt/sudoku-4x4.safetensors', srv.url), sha256: sha4 } }, shippedModels: false, backend: 'cpu' });
    await expect(pinned.solve('sudoku-4x4', PUZZLE4, { strategy: 'neural-only' })).rejects.toMatchObject({ code: 'TRM_ERR_MODEL_CHECKSUM' });
    expect(await pinned.solve('sudoku-4x4', PUZZLE4, { strategy: 'symbolic-only' })).toMatchObject({ verified: true });
    const own = createSdk({ models: { sudoku: new URL('/__corrupt/sudoku.safetensors', srv.url) }, shippedModels: false, backend: 'cpu' });
    await expect(own.solve('sudoku', PUZZLE9, { strategy: 'neural-only' })).rejects.toMatchObject({ code: 'TRM_ERR_INVALID_CHECKPOINT', message: expect.stringMatching(/data checksum mismatch/) });
    expect(await own.solve('sudoku', PUZZLE9, { strategy: 'symbolic-only' })).toMatchObject({ verified: true });
  }, 60_000);

  it('a file: URL is a path; a pin on it is checked before the file is parsed', async () => {
    const url = pathToFileURL(model4);
    const bad = createSdk({ models: { 'sudoku-4x4': { url, sha256: '0'.repeat(64) } }, shippedModels: false, backend: 'cpu' });
    await expect(bad.solve('sudoku-4x4', PUZZLE4, { strategy: 'neural-only' })).rejects.toMatchObject({ code: 'TRM_ERR_MODEL_CHECKSUM' });
    const good = createSdk({ models: { 'sudoku-4x4': url }, shippedModels: false, backend: 'cpu' });
    expect(good.modelFor('sudoku-4x4')).toBe('sudoku-4x4@tasks/sudoku-4x4/model.safetensors');
    expect(await good.solve('sudoku-4x4', PUZZLE4, { strategy: 'neural-only' })).toMatchObject({ verified: true, source: 'neural' });
  }, 60_000);
});
