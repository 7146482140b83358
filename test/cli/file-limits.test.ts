/**
 * Issue #23, the file items, each with its repro scaled down (D6–D8):
 *   D6  `inspect` on a device, a FIFO or a directory is TRM_ERR_INVALID_INPUT naming the path, at once;
 *   D7  a safetensors file is read header first: a 1 GB sparse file with a bad header costs a few bytes
 *       of reading, not 1 GB of memory;
 *   D8  a torch zip's storages are inflated only once the pickle has referenced them and their declared
 *       sizes have been checked: an entry that inflates to 256 MB is never inflated.
 * Memory is asserted as the child process's peak RSS, never as time.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileBounded } from '../../src/util/read-bounded.js';
import { TrmError } from '../../src/errors.js';
import { ascii, stateDictPickle, bytes, OP } from '../neural/pytorch-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-files-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `trm-sdk <args>` from sources in a child; resolves with its exit code, stderr and peak RSS. */
function cli(args: string[]): Promise<{ code: number; err: string; peakRss: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', './test/server/fixtures/register-ts.mjs', './test/support/cli-peak-rss.mjs', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.resume();
    child.on('close', (code) => {
      const m = /peak-rss-bytes (\d+)/.exec(err);
      resolve({ code: code ?? -1, err, peakRss: m ? Number(m[1]) : NaN });
    });
  });
}

const MB = 2 ** 20;

describe('file reads check stat first (issue #23, D6)', () => {
  it('inspect /dev/zero, a FIFO and a directory: TRM_ERR_INVALID_INPUT naming the path', async () => {
    const fifo = path.join(dir, 'pipe.safetensors');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const [file, kind] of [['/dev/zero', 'character device'], [fifo, 'FIFO'], [dir, 'directory']] as const) {
      const r = await cli(['inspect', file]);
      expect(r.code, file).not.toBe(0);
      expect(r.err, file).toContain('TRM_ERR_INVALID_INPUT');
      expect(r.err, file).toContain(file);
      expect(r.err, file).toContain(kind);
      expect(r.peakRss, file).toBeLessThan(400 * MB);
    }
  }, 120_000);

  it('the shared reader refuses non-regular files and files over the limit before reading', () => {
    const small = path.join(dir, 'small.bin');
    fs.writeFileSync(small, 'hello');
    expect(Buffer.from(readFileBounded(small, 5, 'test', 'TRM_ERR_PAYLOAD_TOO_LARGE')).toString()).toBe('hello');
    const codeOf = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as TrmError).code;
      }
      return 'none';
    };
    expect(codeOf(() => readFileBounded(small, 4, 'test', 'TRM_ERR_PAYLOAD_TOO_LARGE'))).toBe('TRM_ERR_PAYLOAD_TOO_LARGE');
    expect(codeOf(() => readFileBounded('/dev/zero', 1e9, 'test', 'TRM_ERR_PAYLOAD_TOO_LARGE'))).toBe('TRM_ERR_INVALID_INPUT');
    expect(codeOf(() => readFileBounded(path.join(dir, 'missing'), 1e9, 'test', 'TRM_ERR_PAYLOAD_TOO_LARGE'))).toBe('TRM_ERR_IO');
  });
});

describe('safetensors is read header first (issue #23, D7)', () => {
  it('inspect on a 1 GB sparse file reads its 8-byte header, not the gigabyte', async () => {
    const sparse = path.join(dir, 'sparse.safetensors');
    const fd = fs.openSync(sparse, 'w');
    fs.ftruncateSync(fd, 2 ** 30);
    fs.closeSync(fd);
    const r = await cli(['inspect', sparse]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('TRM_ERR_INVALID_CHECKPOINT');
    expect(r.err).toMatch(/header/);
    expect(r.peakRss).toBeLessThan(400 * MB);
  }, 60_000);
});

describe('torch zips inflate only referenced storages, sizes checked first (issue #23, D8)', () => {
  const BIG = 256 * MB;

  /** Sets the uncompressed size `name` declares, in its local header and its central directory entry. */
  function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
    const out = zip.slice();
    const dv = new DataView(out.buffer);
    const nameBytes = new TextEncoder().encode(name);
    const nameAt = (i: number): boolean => nameBytes.every((b, k) => out[i + k] === b);
    let patched = 0;
    for (let i = 0; i + 46 < out.length; i++) {
      const sig = dv.getUint32(i, true);
      if (sig === 0x04034b50 && dv.getUint16(i + 26, true) === nameBytes.length && nameAt(i + 30)) (dv.setUint32(i + 22, size, true), patched++);
      if (sig === 0x02014b50 && dv.getUint16(i + 28, true) === nameBytes.length && nameAt(i + 46)) (dv.setUint32(i + 24, size, true), patched++);
    }
    expect(patched).toBe(2);
    return out;
  }

  /**
   * A torch zip whose storage entry "0" holds 300 KB of deflated noise but declares 256 MB: within
   * deflate's ratio, so only inflating it (a 256 MB buffer) would show the lie.
   */
  function lyingZip(pickle: Uint8Array): Uint8Array {
    // xorshift32 noise: incompressible, so the compressed entry is ~300 KB.
    let x = 2463534242;
    const noise = Uint8Array.from({ length: 300 * 1024 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x & 0xff;
    });
    const zip = zipSync({
      'archive/data.pkl': [pickle, { level: 0 }],
      'archive/data/0': [noise, { level: 6 }],
      'archive/version': [Uint8Array.from(ascii('3\n')), { level: 0 }],
    });
    return declareSize(zip, 'archive/data/0', BIG);
  }

  it('an entry declaring 256 MB for a 1-element tensor is refused from the directory, never inflated', async () => {
    const file = path.join(dir, 'lying-storage.pt');
    fs.writeFileSync(file, lyingZip(stateDictPickle([{ name: 'w', storage: 'FloatStorage', key: '0', numel: 1, size: [1] }])));
    const r = await cli(['inspect', file]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('TRM_ERR_INVALID_CHECKPOINT');
    // The size check names the declared size; inflating first would have failed on the entry's content instead.
    expect(r.err, r.err).toMatch(/storage "0" \(archive\/data\/0\) is 268435456 bytes, but 1 float32 elements need 4/);
    expect(r.peakRss).toBeLessThan(BIG);
  }, 60_000);

  it('an archive whose pickle holds no tensors is refused before its storage is inflated', async () => {
    const file = path.join(dir, 'no-tensors.pt');
    fs.writeFileSync(file, lyingZip(bytes(OP.PROTO, 2, OP.EMPTY_DICT, OP.STOP)));
    const r = await cli(['inspect', file]);
    expect(r.code).not.toBe(0);
    expect(r.err, r.err).toMatch(/holds no tensors/);
    expect(r.peakRss).toBeLessThan(BIG);
  }, 60_000);
});
