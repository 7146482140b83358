/**
 * The package as a stranger gets it: `npm pack`, install the tarball into an empty project, then
 * import it (ESM), call it through `npx trm-sdk`, and `require` it (a clear ESM-only error). Also
 * checks what ships: no training state, held-out sets, metrics, bench code, source maps or test
 * fixtures (test/fixtures/ holds ~15 MB of goldens and ARC data for the suite, never for users).
 * Needs the npm registry for the dependencies (as `npm ci` does); it uses the local cache first.
 * Then every `npx trm-sdk …` line of the README runs, as written, in that project (one pack and
 * one install for both): README commands must work from a user's own project, not only here.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readmeCliLines } from '../support/readme-lines.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** One pack and one install, shared by the tests below (the install is the slow part). */
interface Installed {
  dir: string;
  proj: string;
  files: string[];
  unpackedSize: number;
}
let installed: Installed | null = null;
let installing: Promise<Installed> | null = null;

/** Runs a command without blocking the event loop (vitest's worker must stay responsive for minutes). */
function runAsync(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function packAndInstall(): Promise<Installed> {
  return (installing ??= packAndInstallOnce());
}

async function packAndInstallOnce(): Promise<Installed> {
  if (!fs.existsSync(path.join(ROOT, 'dist/src/index.js'))) throw new Error('dist/ missing: npm ci builds it (prepare)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-pack-'));
  // --ignore-scripts: dist/ is already built by `npm ci`; pack what is there.
  const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  const info = packed[0]!;
  const files = info.files.map((f) => f.path);
  console.info(`[pack] ${info.filename}: ${(info.size / 1e6).toFixed(1)} MB packed, ${(info.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${files.length} files`);
  const proj = path.join(dir, 'proj');
  fs.mkdirSync(proj);
  fs.writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'stranger', version: '1.0.0', type: 'module', private: true }));
  const install = await runAsync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, info.filename)], { cwd: proj, timeoutMs: 300_000 });
  if (install.status !== 0) throw new Error(`npm install of the tarball failed: ${install.stderr}`);
  installed = { dir, proj, files, unpackedSize: info.unpackedSize };
  return installed;
}

afterAll(() => {
  if (installed) fs.rmSync(installed.dir, { recursive: true, force: true });
});

describe('npm pack → install into an empty project', () => {
  it('installs, imports, runs the CLI, and refuses require() clearly', async () => {
    const { proj, files, unpackedSize } = await packAndInstall();
    for (const bad of [/raw\.(optim\.)?safetensors$/, /heldout\.jsonl$/, /metrics\.jsonl$/, /^dist\/bench\//, /\.map$/, /^training\//, /^test\//]) {
      expect(files.filter((f) => bad.test(f)), String(bad)).toEqual([]);
    }
    for (const must of ['LICENSE', 'README.md', 'dist/src/index.js', 'bin/trm-sdk.js', 'tasks/sudoku-4x4/model.safetensors', 'tasks/sudoku-4x4/MODEL_CARD.md', 'examples/latin-square.ts', 'dist/examples/latin-square.js', 'docs/decisions.md']) {
      expect(files, must).toContain(must);
    }
    expect(unpackedSize).toBeLessThan(10e6);

    fs.writeFileSync(path.join(proj, 'main.js'), [
      "import { solve } from 'trm-sdk';",
      "const r = await solve('sudoku-4x4', '1.3..........4.2');",
      'console.log(JSON.stringify({ verified: r.verified, source: r.source, formatted: r.formatted }));',
    ].join('\n'));
    const env = { ...process.env, TRM_QUIET: '1' };
    const run = await runAsync(process.execPath, ['main.js'], { cwd: proj, env, timeoutMs: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ verified: true, source: 'neural', formatted: '1234432121433412' });

    const cli = await runAsync(process.execPath, [path.join(proj, 'node_modules/trm-sdk/bin/trm-sdk.js'), 'solve', 'sudoku', '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79', '--json'], { cwd: proj, env, timeoutMs: 120_000 });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).verified).toBe(true);

    // Typed per task, and the declarations compile with skipLibCheck: false (no tfjs typings pulled in).
    fs.writeFileSync(path.join(proj, 'typed.ts'), "import { solve } from 'trm-sdk';\nconst r = await solve('sudoku', '');\nconst s: string | null = r.formatted;\nconsole.log(s);\nexport {};\n");
    fs.writeFileSync(path.join(proj, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true, types: [] }, files: ['typed.ts'] }));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const typed = await runAsync(process.execPath, [tsc, '-p', '.'], { cwd: proj, timeoutMs: 180_000 });
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.status).toBe(0);

    const req = await runAsync(process.execPath, ['-e', "require('trm-sdk')"], { cwd: proj, timeoutMs: 60_000 });
    expect(req.status).not.toBe(0);
    expect(req.stderr).toMatch(/trm-sdk is an ES module package and cannot be loaded with require\(\)/);
  }, 600_000);
});

describe('trm-sdk/browser from the tarball', () => {
  it('ships the bundle and demo; a bundler project imports it, bundles with no Node built-in, runs it, and type-checks it', async () => {
    const { proj, files } = await packAndInstall();
    for (const must of ['dist/browser/index.js', 'dist/browser/tfjs-backend-wasm-simd.wasm', 'dist/src/browser.d.ts', 'examples/browser/index.html', 'examples/browser/demo.js']) {
      expect(files, must).toContain(must);
    }
    // As a web app's bundler would: esbuild resolves the package export and bundles for the browser;
    // symbolic-only solving needs no engine or model, so the bundle also runs here.
    fs.writeFileSync(path.join(proj, 'web.js'), [
      "import { solve, verify } from 'trm-sdk/browser';",
      "const r = await solve('sudoku-4x4', '13.......42.....', { strategy: 'symbolic-only' });",
      "console.log(JSON.stringify({ verified: r.verified, source: r.source, formatted: r.formatted, check: verify('sudoku-4x4', '13.......42.....', r.formatted).ok }));",
    ].join('\n'));
    const esbuild = await import('esbuild');
    await esbuild.build({ absWorkingDir: proj, entryPoints: ['web.js'], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', outfile: path.join(proj, 'out', 'web.mjs'), logLevel: 'silent' });
    const { nodeImportsIn } = (await import(path.join(ROOT, 'scripts', 'build-browser.mjs'))) as { nodeImportsIn(dir: string): string[] };
    expect(nodeImportsIn(path.join(proj, 'out'))).toEqual([]);
    const web = await runAsync(process.execPath, [path.join(proj, 'out', 'web.mjs')], { cwd: proj, env: { ...process.env, TRM_QUIET: '1' }, timeoutMs: 60_000 });
    expect(web.status, web.stderr).toBe(0);
    expect(JSON.parse(web.stdout.trim())).toEqual({ verified: true, source: 'symbolic', formatted: '1342421334212134', check: true });
    // Its declarations compile with skipLibCheck: false and DOM types (no tfjs typings pulled in).
    fs.writeFileSync(path.join(proj, 'typed-web.ts'), "import { createSdk, engineInfo, type BrowserBackendInfo } from 'trm-sdk/browser';\nconst sdk = createSdk({ models: { 'sudoku-4x4': new URL('https://example.org/m.safetensors') } });\nconst r = await sdk.solve('sudoku-4x4', '');\nconst s: string | null = r.formatted;\nconst e: BrowserBackendInfo = await engineInfo();\nconsole.log(s, e.backend);\nexport {};\n");
    fs.writeFileSync(path.join(proj, 'tsconfig.web.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true, types: [], lib: ['ES2022', 'DOM'] }, files: ['typed-web.ts'] }));
    const typed = await runAsync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.web.json'], { cwd: proj, timeoutMs: 180_000 });
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.status).toBe(0);
  }, 600_000);
});

describe('every `npx trm-sdk …` line of the README, from the empty project', () => {
  it('runs each line as written and exits 0 (placeholders and downloads exempt)', async () => {
    const { proj } = await packAndInstall();
    const lines = readmeCliLines(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    // TRM_PORT=0: `serve` listens on any free port (the machine may already use 8080).
    const env = { ...process.env, TRM_QUIET: '1', TRM_PORT: '0' };
    const failures: string[] = [];
    for (const l of lines) {
      if (l.exempt) {
        console.info(`[readme] line ${l.line} exempt (${l.exempt}): ${l.command}`);
        continue;
      }
      const t0 = Date.now();
      const result = / serve\b/.test(l.command.replace(/\s+#\s.*$/, '')) ? await runServe(l.command, proj, env) : await runLine(l.command, proj, env);
      console.info(`[readme] line ${l.line} exit ${result.status} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${l.command.slice(0, 100)}`);
      if (result.status !== 0) failures.push(`README line ${l.line} exited ${String(result.status)}: ${l.command}\n${result.output.slice(-1500)}`);
    }
    expect(failures).toEqual([]);
  }, 900_000);
});

async function runLine(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const r = await runAsync('bash', ['-c', command], { cwd, env, timeoutMs: 300_000 });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

/** `serve` runs until stopped: wait for "listening on <url>", check GET /health, then SIGTERM (it drains and exits 0). */
async function runServe(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  const child = spawn('bash', ['-c', `exec ${command.replace(/\s+#\s.*$/, '')}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 60_000);
    const onData = (b: Buffer): void => {
      output += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => resolve(null));
  });
  let healthy = false;
  if (url) healthy = (await fetch(`${url}/health`)).status === 200;
  // npx passes SIGTERM to the server (which drains and exits) and then ends by that signal
  // itself, so what counts is that everything ended, promptly.
  const ended = new Promise<boolean>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), 30_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  child.kill('SIGTERM');
  const stopped = await ended;
  if (!stopped) child.kill('SIGKILL');
  const why = !url ? '\n(never said "listening on")' : !healthy ? '\n(GET /health was not 200)' : !stopped ? '\n(still running 30 s after SIGTERM)' : '';
  return { status: url && healthy && stopped ? 0 : -1, output: output + why };
}
