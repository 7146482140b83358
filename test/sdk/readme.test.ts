import { describe, it, expect } from 'vitest';
import fs from 'node:fs';

describe('README', () => {
  const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('starts with the two set-up commands that CI and users run', () => {
    const quick = readme.slice(0, readme.indexOf('## ', readme.indexOf('## Quick start') + 3));
    expect(quick).toContain('npm ci && npx trm-sdk demo');
    expect(quick).toContain('npm ci && npm test');
    expect(fs.readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toContain('npm ci && npm test');
  });

  it('embeds the example plugin exactly as it is in examples/latin-square.ts', () => {
    const code = fs.readFileSync(new URL('../../examples/latin-square.ts', import.meta.url), 'utf8');
    expect(readme).toContain(code);
  });
});
