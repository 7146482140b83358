/** Runs the CLI in-process with console output and stderr captured, for the CLI tests. */
import { vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { TrmSdk } from '../../src/sdk/sdk.js';

export interface CliRun {
  code: number;
  /** console.log lines, joined by newlines. */
  out: string;
  /** console.error lines and raw stderr writes, joined by `errSep`. */
  err: string;
}

export async function runCaptured(args: string[], opts: { sdkFactory?: () => TrmSdk; errSep?: string } = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const stderrWrite = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => (err.push(String(chunk)), true));
  try {
    const code = await runCli(args, opts.sdkFactory);
    return { code, out: out.join('\n'), err: err.join(opts.errSep ?? '\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    stderrWrite.mockRestore();
  }
}
