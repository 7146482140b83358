/**
 * The layers import one way: util ← plugins, symbolic ← neural ← sdk ← cli, server (errors.ts and
 * version.ts are leaves everyone may import). Checked on the real import graph of src/, with no
 * cycle anywhere. A new arrow the wrong way fails here, naming the file and the import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file (static, type-only and dynamic), resolved to .ts paths under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
    const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts');
    if (target.startsWith(SRC)) out.push(target);
  }
  return out;
}

const layer = (f: string): string => path.relative(SRC, f).split(path.sep)[0]!.replace(/\.ts$/, '');
/** Which layers each layer may import (besides itself and the leaves). */
const ALLOWED: Record<string, string[]> = {
  util: [],
  plugins: ['util', 'symbolic'],
  symbolic: ['util'],
  neural: ['util'],
  sdk: ['util', 'plugins', 'symbolic', 'neural'],
  cli: ['util', 'plugins', 'sdk', 'server'],
  server: ['util', 'plugins', 'sdk'],
  index: ['util', 'plugins', 'sdk', 'neural', 'symbolic'],
  browser: ['util', 'plugins', 'sdk', 'neural', 'symbolic'],
};
const LEAVES = new Set(['errors', 'version']);

describe('import graph of src/', () => {
  const all = files(SRC);
  const graph = new Map(all.map((f) => [f, importsOf(f)]));

  it('every arrow goes the allowed way (no neural → plugins, no adapters below the SDK)', () => {
    const wrong: string[] = [];
    for (const [f, deps] of graph) {
      const from = layer(f);
      for (const d of deps) {
        const to = layer(d);
        if (to === from || LEAVES.has(to)) continue;
        if (!(ALLOWED[from] ?? []).includes(to)) wrong.push(`${path.relative(SRC, f)} → ${path.relative(SRC, d)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => path.relative(SRC, x)).join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
