import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeCliLines } from '../support/readme-lines.js';

describe('the README lines the tarball test runs', () => {
  it('finds the npx lines of shell blocks and exempts placeholders and downloads only', () => {
    const md = [
      '```sh', 'npm ci && npx trm-sdk demo   # all', 'npx trm-sdk verify sudoku <puzzle> <answer>', 'npx trm-sdk solve arc x.json  # needs a download: ARC', 'echo npx trm-sdk no', '```',
      '```ts', 'npx trm-sdk tasks', '```',
      '<!-- readme-test: needs a download (the HRM checkpoint) -->', '```sh', 'npx trm-sdk import hrm/checkpoint --task sudoku --out m', '```',
      '```sh', "npx trm-sdk solve maze m.txt   # rows of '#', ' '", '```',
    ].join('\n');
    expect(readmeCliLines(md)).toEqual([
      { line: 2, command: 'npx trm-sdk demo   # all', exempt: null },
      { line: 3, command: 'npx trm-sdk verify sudoku <puzzle> <answer>', exempt: 'placeholder' },
      { line: 4, command: 'npx trm-sdk solve arc x.json  # needs a download: ARC', exempt: 'needs a download' },
      { line: 12, command: 'npx trm-sdk import hrm/checkpoint --task sudoku --out m', exempt: 'needs a download' },
      { line: 15, command: "npx trm-sdk solve maze m.txt   # rows of '#', ' '", exempt: null },
    ]);
  });

  it('leaves most of the real README\'s CLI lines to run', () => {
    const lines = readmeCliLines(fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8'));
    const run = lines.filter((l) => !l.exempt);
    expect(run.length).toBeGreaterThanOrEqual(15);
    expect(run.map((l) => l.command.split(/\s+/)[2])).toEqual(expect.arrayContaining(['demo', 'solve', 'generate', 'tasks', 'inspect', 'train', 'eval', 'import', 'serve']));
  });
});
