/**
 * A `trm-sdk serve` whose launcher dies without passing a signal on (as `npx` or a shell loop can)
 * must not stay behind as an orphan: it notices it was re-parented, drains and exits.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/trm-sdk.js', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('serve without its launcher', () => {
  it('exits by itself when the process that started it is killed with SIGKILL', async () => {
    // sh starts the server in the background, prints its pid, and waits: sh is the launcher.
    const sh = spawn('sh', ['-c', `TRM_QUIET=1 TRM_WORKERS=1 "${process.execPath}" "${BIN}" serve --port 0 & echo $!; wait`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = await new Promise<number>((resolve) => sh.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    expect(pid).toBeGreaterThan(0);
    // Wait until the server listens (it shares sh's stderr): startup takes seconds on a loaded machine.
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${stderr}`)), 30_000);
      sh.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/listening on/.test(stderr)) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    expect(alive(pid)).toBe(true);
    sh.kill('SIGKILL');
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 200));
      gone = !alive(pid);
    }
    if (!gone) process.kill(pid, 'SIGKILL');
    expect(gone).toBe(true);
  }, 60_000);
});
