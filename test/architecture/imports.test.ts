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
    return e.isDirectory() ? files(p) : /\.(ts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative specifiers a source imports (static, type-only and dynamic; single or double quotes). */
function relativeSpecifiers(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*(['"])(\.[^'"]+)\1/g)].map((m) => m[2]!);
}

/** Relative imports of a file resolved to paths under src/ (`x.js` is `x.ts` where the sources have one). */
function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const spec of relativeSpecifiers(fs.readFileSync(file, 'utf8'))) {
    const resolved = path.resolve(path.dirname(file), spec);
    const ts = resolved.replace(/\.js$/, '.ts');
    const target = fs.existsSync(ts) ? ts : resolved;
    if (target.startsWith(SRC)) out.push(target);
  }
  return out;
}

const layer = (f: string): string => path.relative(SRC, f).split(path.sep)[0]!.replace(/\.(ts|js|mjs|cjs)$/, '');
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

  it('reads every source kind (.ts, .js, .mjs) and both quote styles', () => {
    expect(all.map((f) => path.relative(SRC, f))).toContain(path.join('util', 'worker-dev.mjs'));
    expect(relativeSpecifiers(`import a from "./a.js";\nimport type { B } from '../b.js';\nconst c = await import("./c.mjs");\nexport * from './d.js';`)).toEqual(['./a.js', '../b.js', './c.mjs', './d.js']);
  });
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
