/** Shared helpers of the service tests: start a real server on a free loopback port, HTTP and SSE helpers, and the spec's schemas. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { createServer, type TrmServer } from '../../src/server/app.js';
import type { ServerOptions } from '../../src/server/config.js';

export const TEST_SDK = new URL('./fixtures/test-sdk.ts', import.meta.url).href;
export const SPEC_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

export interface Running {
  server: TrmServer;
  url: string;
  logs: string[];
}

/** A server with the test SDK, listening on 127.0.0.1 and a free port; log lines are collected. */
export async function startServer(options: ServerOptions = {}): Promise<Running> {
  const logs: string[] = [];
  const server = await createServer({ sdkModule: TEST_SDK, workers: 1, log: (l) => logs.push(l), ...options });
  const { url } = await server.listen(0, '127.0.0.1');
  return { server, url, logs };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Parses a complete text/event-stream body (comments skipped, multi-line data joined). */
export function parseSse(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) out.push({ event, data: JSON.parse(data.join('\n')) });
  }
  return out;
}

/** Reads an SSE response event by event as chunks arrive, calling `onEvent` for each. */
export async function readSse(res: Response, onEvent: (e: SseEvent) => void | Promise<void>): Promise<SseEvent[]> {
  const all: SseEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const events = parseSse(buf.slice(0, cut + 2));
      buf = buf.slice(cut + 2);
      for (const e of events) {
        all.push(e);
        await onEvent(e);
      }
    }
  }
  return all;
}

let ajv: Ajv2020 | undefined;
/** Validates `value` against `components/schemas/<name>` of openapi.yaml; returns ajv's errors (empty = valid). */
export function schemaErrors(name: string, value: unknown): string[] {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ ...(parse(readFileSync(SPEC_PATH, 'utf8')) as object), $id: 'openapi' });
  }
  const validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in openapi.yaml`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export const SUDOKU = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
