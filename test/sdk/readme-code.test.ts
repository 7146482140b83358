/**
 * The README's code runs as written: every ```ts block marked `<!-- readme-test: run -->` is
 * written to a file and imported (the package name resolves to the sources, `./latin-square.js`
 * to the example plugin), so a README promise that breaks fails the suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const OUT = path.join(ROOT, 'test-output', 'readme');

/** The marked blocks, in order, with the line each starts on. */
function markedBlocks(): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const re = /<!-- readme-test: run -->\n```ts\n([\s\S]*?)\n```/g;
  for (let m = re.exec(README); m; m = re.exec(README)) out.push({ line: README.slice(0, m.index).split('\n').length + 2, code: m[1]! });
  return out;
}

describe('README code blocks run as written', () => {
  const blocks = markedBlocks();
  const cwd = process.cwd();
  afterAll(() => process.chdir(cwd));

  it('there are marked blocks: Use it, training, add your own task', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  blocks.forEach((b, k) => {
    it(`block ${k + 1} (README line ${b.line})`, async () => {
      fs.mkdirSync(OUT, { recursive: true });
      const example = path.join(ROOT, 'examples', 'latin-square.js');
      const code = b.code.replaceAll("'./latin-square.js'", `'${pathToFileURL(example).href}'`);
      const file = path.join(OUT, `block-${k + 1}.ts`);
      fs.writeFileSync(file, `${code}\nexport {};\n`);
      // Runs write relative paths (runs/latin): keep them out of the repository root.
      const work = fs.mkdtempSync(path.join(OUT, 'cwd-'));
      process.chdir(work);
      const logs: string[] = [];
      const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')));
      try {
        await import(pathToFileURL(file).href);
      } finally {
        spy.mockRestore();
        process.chdir(cwd);
      }
      // Each block states what it prints; the ones with a verified answer must print `true`.
      expect(logs.length, 'the block printed nothing').toBeGreaterThan(0);
      if (/verified/.test(b.code)) expect(logs.some((l) => /\btrue\b/.test(l)), logs.join('\n')).toBe(true);
      if (k === 0) expect(logs).toContain(JSON.stringify(['neural', 'neural', 'TRM_ERR_INVALID_INPUT']));
    });
  });
});
