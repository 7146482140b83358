/**
 * The package as a stranger gets it: `npm pack`, install the tarball into an empty project, then
 * import it (ESM), call it through `npx trm-sdk`, bundle `trm-sdk/browser` with esbuild as a web
 * app would (and run the bundle), and `require` it (a clear ESM-only error). Also
 * checks what ships: no training state, held-out sets, metrics, bench code, source maps or test
 * fixtures (test/fixtures/ holds ~15 MB of goldens and ARC data for the suite, never for users).
 * Needs the npm registry for the dependencies (as `npm ci` does); it uses the local cache first.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * spawnSync's result, without blocking the event loop: a minutes-long `npm install` or `tsc` run
 * synchronously starves vitest's worker RPC ("Timeout calling onTaskUpdate").
 */
function run(cmd: string, args: string[], options: { cwd: string; timeout: number; env?: NodeJS.ProcessEnv }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('npm pack → install into an empty project', () => {
  it('installs, imports, runs the CLI, bundles trm-sdk/browser, and refuses require() clearly', async () => {
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
    for (const bad of [/raw\.(optim\.)?safetensors$/, /heldout\.jsonl$/, /metrics\.jsonl$/, /^dist\/bench\//, /\.map$/, /^training\//, /^test\//]) {
      expect(files.filter((f) => bad.test(f)), String(bad)).toEqual([]);
    }
    for (const must of ['LICENSE', 'README.md', 'dist/src/index.js', 'bin/trm-sdk.js', 'tasks/sudoku-4x4/model.safetensors', 'tasks/sudoku-4x4/MODEL_CARD.md', 'examples/latin-square.ts', 'docs/decisions.md',
      'dist/browser/index.js', 'dist/browser/tfjs-backend-wasm-simd.wasm', 'dist/src/browser.d.ts', 'examples/browser/index.html', 'examples/browser/demo.js']) {
      expect(files, must).toContain(must);
    }
    expect(info.unpackedSize).toBeLessThan(10e6);

    const proj = path.join(dir, 'proj');
    fs.mkdirSync(proj);
    fs.writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'stranger', version: '1.0.0', type: 'module', private: true }));
    const install = await run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, info.filename)], { cwd: proj, timeout: 300_000 });
    expect(install.status, install.stderr).toBe(0);

    fs.writeFileSync(path.join(proj, 'main.js'), [
      "import { solve } from 'trm-sdk';",
      "const r = await solve('sudoku-4x4', '1.3..........4.2');",
      'console.log(JSON.stringify({ verified: r.verified, source: r.source, formatted: r.formatted }));',
    ].join('\n'));
    const env = { ...process.env, TRM_QUIET: '1' };
    const main = await run(process.execPath, ['main.js'], { cwd: proj, env, timeout: 120_000 });
    expect(main.status, main.stderr).toBe(0);
    expect(JSON.parse(main.stdout.trim())).toEqual({ verified: true, source: 'neural', formatted: '1234432121433412' });

    const cli = await run(process.execPath, [path.join(proj, 'node_modules/trm-sdk/bin/trm-sdk.js'), 'solve', 'sudoku', '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79', '--json'], { cwd: proj, env, timeout: 120_000 });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).verified).toBe(true);

    // Typed per task, and the declarations compile with skipLibCheck: false (no tfjs typings pulled in).
    fs.writeFileSync(path.join(proj, 'typed.ts'), "import { solve } from 'trm-sdk';\nconst r = await solve('sudoku', '');\nconst s: string | null = r.formatted;\nconsole.log(s);\nexport {};\n");
    fs.writeFileSync(path.join(proj, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true, types: [] }, files: ['typed.ts'] }));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const typed = await run(process.execPath, [tsc, '-p', '.'], { cwd: proj, timeout: 180_000 });
    expect(typed.stdout + typed.stderr).toBe('');
    expect(typed.status).toBe(0);

    // trm-sdk/browser in a bundler project: esbuild resolves the package export, bundles for the
    // browser with no Node built-in, and the bundle solves (symbolic-only needs no engine or model).
    fs.writeFileSync(path.join(proj, 'web.js'), [
      "import { solve, verify } from 'trm-sdk/browser';",
      "const r = await solve('sudoku-4x4', '13.......42.....', { strategy: 'symbolic-only' });",
      "console.log(JSON.stringify({ verified: r.verified, source: r.source, formatted: r.formatted, check: verify('sudoku-4x4', '13.......42.....', r.formatted).ok }));",
    ].join('\n'));
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    await esbuild.build({ absWorkingDir: proj, entryPoints: ['web.js'], bundle: true, platform: 'browser', format: 'esm', target: 'es2022', outfile: path.join(proj, 'out', 'web.mjs'), logLevel: 'silent' });
    const { nodeImportsIn } = (await import(path.join(ROOT, 'scripts', 'build-browser.mjs'))) as { nodeImportsIn(dir: string): string[] };
    expect(nodeImportsIn(path.join(proj, 'out'))).toEqual([]);
    const web = spawnSync(process.execPath, [path.join(proj, 'out', 'web.mjs')], { cwd: proj, encoding: 'utf8', env, timeout: 60_000 });
    expect(web.status, web.stderr).toBe(0);
    expect(JSON.parse(web.stdout.trim())).toEqual({ verified: true, source: 'symbolic', formatted: '1342421334212134', check: true });
    // …and its declarations type-check with skipLibCheck: false.
    fs.writeFileSync(path.join(proj, 'typed-web.ts'), "import { createSdk, engineInfo, type BrowserBackendInfo } from 'trm-sdk/browser';\nconst sdk = createSdk({ models: { 'sudoku-4x4': new URL('https://example.org/m.safetensors') } });\nconst r = await sdk.solve('sudoku-4x4', '');\nconst s: string | null = r.formatted;\nconst e: BrowserBackendInfo = await engineInfo();\nconsole.log(s, e.backend);\nexport {};\n");
    fs.writeFileSync(path.join(proj, 'tsconfig.web.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true, types: [], lib: ['ES2022', 'DOM'] }, files: ['typed-web.ts'] }));
    const typedWeb = await run(process.execPath, [tsc, '-p', 'tsconfig.web.json'], { cwd: proj, timeout: 180_000 });
    expect(typedWeb.stdout + typedWeb.stderr).toBe('');
    expect(typedWeb.status).toBe(0);

    const req = spawnSync(process.execPath, ['-e', "require('trm-sdk')"], { cwd: proj, encoding: 'utf8', timeout: 60_000 });
    expect(req.status).not.toBe(0);
    expect(req.stderr).toMatch(/trm-sdk is an ES module package and cannot be loaded with require\(\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 600_000);
});
