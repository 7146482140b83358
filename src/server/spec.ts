/**
 * Finds and reads `openapi.yaml`, the service's contract, from the package root — the same file
 * whether the server runs from `src/` (tests) or `dist/src/` (installed package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { TrmError } from '../errors.js';

export interface LoadedSpec {
  /** The document as served by `GET /openapi.yaml`. */
  text: string;
  /** The parsed document, handed to the request validator. */
  doc: Record<string, unknown>;
  path: string;
}

/** Walks up from this file to the directory holding `openapi.yaml` and trm-sdk's package.json. */
export function findSpecPath(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'openapi.yaml');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new TrmError('TRM_ERR_IO', `openapi.yaml not found in any directory above ${from}`);
    dir = up;
  }
}

/** Reads and parses the contract; throws TRM_ERR_IO / TRM_ERR_INVALID_CONFIG saying which. */
export function loadSpec(path: string = findSpecPath()): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TrmError('TRM_ERR_IO', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const doc = parse(text) as unknown;
  if (typeof doc !== 'object' || doc === null || !String((doc as { openapi?: unknown }).openapi).startsWith('3.1')) {
    throw new TrmError('TRM_ERR_INVALID_CONFIG', `${path} is not an OpenAPI 3.1 document`);
  }
  return { text, doc: doc as Record<string, unknown>, path };
}
