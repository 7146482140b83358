/** The fixture paths resolve inside the repository, whatever the current directory, and a missing one fails naming the file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { arcDataDir, fixture, FIXTURES_DIR, goldenDir, tdokuPath } from './fixtures.js';

describe('test fixtures', () => {
  it('live in the repository under test/fixtures/', () => {
    expect(FIXTURES_DIR).toBe(fileURLToPath(new URL('../fixtures/', import.meta.url)));
    for (const p of [arcDataDir(), tdokuPath()]) expect(p.startsWith(FIXTURES_DIR)).toBe(true);
    expect(goldenDir()).toBe(process.env.TRM_GOLDEN_DIR || path.join(FIXTURES_DIR, 'golden'));
  });

  it('a missing fixture throws, naming the file', () => {
    expect(() => fixture('data', 'no-such-file.json')).toThrow(`test fixture missing: ${path.join(FIXTURES_DIR, 'data', 'no-such-file.json')}`);
  });
});
