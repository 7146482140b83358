/**
 * Issue #13, the CLI's items: a missing file that looks like a path is "file not found" (9);
 * stdin is capped at 64 MiB with TRM_ERR_PAYLOAD_TOO_LARGE, as it is read (10); usage errors,
 * malformed numbers included, exit 2 (12); a malformed answer object on `verify` is a clean
 * TRM_ERR_INVALID_INPUT in user terms (3).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { looksLikePath, readInputArg, readStdinCapped } from '../../src/cli/input.js';
import { runCaptured, type CliRun } from './run-captured.js';
import { TrmError } from '../../src/errors.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const EASY = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';

const run = (args: string[]): Promise<CliRun> => runCaptured(args);

afterEach(() => vi.restoreAllMocks());

function errorOf(f: () => unknown): TrmError {
  try {
    f();
  } catch (e) {
    return e as TrmError;
  }
  throw new Error('no error');
}

describe('CLI hardening (issue #13)', () => {
  it('9: a missing file that looks like a path is "file not found", not puzzle text', async () => {
    for (const arg of ['my-maze.txt', './puzzles/a', 'dir\\p.json', 'task.JSON']) {
      expect(looksLikePath(arg), arg).toBe(true);
      const e = errorOf(() => readInputArg(arg));
      expect(e.code).toBe('TRM_ERR_IO');
      expect(e.message).toBe(`file not found: ${arg}`);
    }
    const r = await run(['solve', 'maze', 'my-maze.txt']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_IO: file not found: my-maze.txt');
    // Puzzle text and inline JSON are still input.
    for (const arg of [EASY, '#S #G#', '[[1,2],[3,4]]', '{"a": "x/y.txt"}']) expect(looksLikePath(arg), arg).toBe(false);
    expect(readInputArg(EASY)).toBe(EASY);
  });

  it('10: stdin is capped as it is read (TRM_ERR_PAYLOAD_TOO_LARGE)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-stdin-'));
    try {
      const file = path.join(dir, 'big');
      fs.writeFileSync(file, Buffer.alloc(300_000, 0x31));
      const fd = fs.openSync(file, 'r');
      try {
        const e = errorOf(() => readStdinCapped(fd, 200_000));
        expect(e.code).toBe('TRM_ERR_PAYLOAD_TOO_LARGE');
        expect(e.message).toMatch(/stdin is more than 200000 bytes; inputs over 64 MiB are refused/);
      } finally {
        fs.closeSync(fd);
      }
      const small = fs.openSync(file, 'r');
      try {
        expect(readStdinCapped(small, 400_000).length).toBe(300_000);
      } finally {
        fs.closeSync(small);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('10: `solve sudoku - < /dev/zero` stops at 64 MiB with TRM_ERR_PAYLOAD_TOO_LARGE', async () => {
    const zero = fs.openSync('/dev/zero', 'r');
    const child = spawn(process.execPath, ['--import', './test/server/fixtures/register-ts.mjs', './test/server/fixtures/cli-child.mjs', 'solve', 'sudoku', '-'], {
      cwd: root,
      stdio: [zero, 'pipe', 'pipe'],
    });
    fs.closeSync(zero);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('TRM_ERR_PAYLOAD_TOO_LARGE: stdin is more than 67108864 bytes');
  }, 30_000);

  it('12: a malformed number exits 2 like every other usage error; an option out of range too', async () => {
    for (const args of [['solve', 'sudoku', EASY, '--max-steps', 'abc'], ['solve', 'sudoku', EASY, '--vote', '1.5'], ['generate', 'sudoku', '--n', ''], ['solve']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const r = await run(['solve', 'sudoku', EASY, '--max-steps', 'abc']);
    expect(r.err).toContain('--max-steps must be an integer, got "abc"');
    const range = await run(['solve', 'sudoku', EASY, '--vote', '99']);
    expect(range.code).toBe(2);
    expect(range.err).toContain('TRM_ERR_INVALID_OPTIONS');
  });

  it('3: verify with a malformed answer object is a clean error in user terms', async () => {
    const r = await run(['verify', 'sudoku', EASY, '{"geometry": null, "cells": []}']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('TRM_ERR_INVALID_INPUT: expected a string of 81 cells or a 9×9 array of numbers, got object');
    expect(r.err).not.toMatch(/TypeError|Uint8Array|reading/);
  });
});
