/**
 * `trm-sdk serve` as a process (run from the TypeScript sources): settings from flags and
 * environment, the listening line, and a graceful stop on SIGTERM with exit code 0.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('trm-sdk serve', () => {
  it('listens where told, reads TRM_* settings, and drains and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', './test/server/fixtures/register-ts.mjs', './test/server/fixtures/cli-child.mjs', 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: root,
      env: { ...process.env, TRM_WORKERS: '1', TRM_QUEUE: '3', TRM_PORT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}) before listening:\n${stderr}`)));
    });
    const health = (await (await fetch(`${url}/health`)).json()) as { workers: number; queue: { capacity: number } };
    expect(health.workers).toBe(1);
    expect(health.queue.capacity).toBe(3);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/GET \/health 200 [\d.]+ms/);
    expect(stderr).toMatch(/SIGTERM: draining/);
    expect(stderr).toMatch(/stopped/);
  });
});
