/**
 * `trm-sdk/browser` in a real headless Chromium: the bundle (dist/browser/, built here by
 * scripts/build-browser.mjs) behind a static server, the demo page (examples/browser/) driven
 * through its `window.trmDemo` hook. Checks: every built-in sample solved and verified in the page;
 * neural-only answers on 50 held-out 4×4 puzzles identical to Node's with the same model; the
 * engine the page reports; a 404 model URL and a corrupted model each give their error while a
 * symbolic-only solve still succeeds; WebGPU as Chromium offers it here. The no-Node-import build
 * check runs without Chromium.
 *
 * Needs Chromium at /usr/bin/chromium or $CHROMIUM_PATH (Debian/Ubuntu: `apt-get install -y chromium`);
 * skipped, saying so, where it is absent.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { missingTool } from '../support/system-tools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = path.join(ROOT, 'dist', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
const SKIP_NOTE = missingTool('Chromium', `no ${CHROMIUM}`);
if (!haveChromium) console.warn(`[browser.test]${SKIP_NOTE}`);

const buildScript = path.join(ROOT, 'scripts', 'build-browser.mjs');
let built = false;
/** Builds dist/browser once per run (about 3 s). */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [buildScript, '--quiet'], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

describe('dist/browser build check', () => {
  it('the bundle imports no Node built-in, and the check finds one when it is there', async () => {
    buildOnce();
    const { nodeImportsIn } = (await import(buildScript)) as { nodeImportsIn(dir: string): string[] };
    expect(nodeImportsIn(OUT)).toEqual([]);
    expect(fs.existsSync(path.join(OUT, 'index.js'))).toBe(true);
    expect(fs.readdirSync(OUT).filter((f) => f.endsWith('.wasm')).sort()).toEqual(['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm.wasm']);
    // The core chunk a symbolic-only page loads holds no tfjs.
    const sizes = JSON.parse(fs.readFileSync(path.join(OUT, 'sizes.json'), 'utf8')) as { core: { files: string[] } };
    for (const f of sizes.core.files) expect(fs.readFileSync(path.join(OUT, f), 'utf8'), f).not.toMatch(/tfjs-core|registerBackend\(/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trm-nodeimport-'));
    fs.writeFileSync(path.join(dir, 'a.js'), 'import{readFileSync as r}from"node:fs";export const x=r;');
    fs.writeFileSync(path.join(dir, 'b.js'), 'const p=await import("path");');
    fs.writeFileSync(path.join(dir, 'c.js'), 'var require=function(){};require("fs");const s=\'require("worker_threads")\';');
    expect(nodeImportsIn(dir).sort()).toEqual(['a.js: "node:fs"', 'b.js: "path"']);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});

const launch = (args: string[] = []): Promise<BrowserContext> =>
  chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'trm-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...args],
    viewport: { width: 1100, height: 800 },
  });

interface Summary {
  task: string;
  verified?: boolean;
  source?: string;
  steps?: number;
  formatted?: unknown;
  backend?: string | null;
  error?: string;
  message?: string;
}

describe.skipIf(!haveChromium)(`trm-sdk/browser in headless Chromium${haveChromium ? '' : SKIP_NOTE}`, () => {
  let srv: StaticServer;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildOnce();
    srv = await serveStatic(ROOT, { isolated: true });
    context = await launch(['--disable-gpu']);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${srv.url}/examples/browser/`);
    await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready');
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await srv?.close();
  });

  const solveSample = (task: string, strategy: string): Promise<Summary> =>
    page.evaluate(async ([t, s]) => {
      const sel = document.querySelector('#task') as HTMLSelectElement;
      sel.value = t!;
      (window as unknown as { trmDemo: { loadSample(): void } }).trmDemo.loadSample();
      return (window as unknown as { trmDemo: { solve(s: string): Promise<Summary> } }).trmDemo.solve(s!);
    }, [task, strategy]);

  it('the demo page solves each built-in task\'s sample, verified (checked again in Node)', async () => {
    const node = createSdk({ models: 'none' });
    for (const task of ['sudoku', 'sudoku-6x6', 'sudoku-4x4', 'maze', 'arc']) {
      const r = await solveSample(task, 'neural-first');
      expect(r.verified, `${task}: ${JSON.stringify(r)}`).toBe(true);
      const sample = node.tasks().find((t) => t.name === task)!.samples[0];
      if (task !== 'arc') expect(node.verify(task, sample, r.formatted).ok, task).toBe(true);
      // The board on the page shows the answer, every cell marked verified.
      const cells = await page.$$eval('#board .cell', (cs) => cs.map((c) => c.classList.contains('verified')));
      expect(cells.length, task).toBeGreaterThan(0);
      expect(cells.every(Boolean), task).toBe(true);
    }
    // The 4×4 sample was the model's own answer, on the engine the page reports.
    const r4 = await solveSample('sudoku-4x4', 'neural-first');
    expect(r4.source).toBe('neural');
    expect(r4.backend).toBe('tfjs/wasm');
    expect(await page.textContent('#engine')).toMatch(/^tfjs\/wasm/);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('the engine is tfjs/wasm: the threaded build when the page is cross-origin isolated, else the plain one, saying why', async () => {
    type Info = { engine: string; backend: string; threads?: number; threadedBinary?: boolean; reason: string };
    const read = (p: Page) => p.evaluate(async () => {
      const w = window as unknown as { trmDemo: { trm: { engineInfo(): Promise<Info> } } };
      return { info: await w.trmDemo.trm.engineInfo(), isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency };
    });
    const e = await read(page);
    expect(e.isolated).toBe(true);
    expect(e.info).toMatchObject({ engine: 'tfjs', backend: 'wasm', threadedBinary: true });
    console.info(`[browser] isolated page: tfjs/${e.info.backend}, threaded build, ${e.info.threads} thread(s) on ${e.cores} cores; reason: ${e.info.reason}`);
    const plain = await serveStatic(ROOT);
    const p2 = await context.newPage();
    try {
      await p2.goto(`${plain.url}/examples/browser/`);
      await p2.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready');
      const e2 = await read(p2);
      expect(e2.isolated).toBe(false);
      expect(e2.info).toMatchObject({ engine: 'tfjs', backend: 'wasm', threads: 1, threadedBinary: false });
      expect(e2.info.reason).toMatch(/not cross-origin isolated/);
    } finally {
      await p2.close();
      await plain.close();
    }
  }, 60_000);

  it('neural-only answers on 50 held-out 4×4 puzzles are identical to Node\'s for the same model', async () => {
    const rows = fs.readFileSync(path.join(ROOT, 'training', 'sudoku-4x4', 'heldout.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).slice(0, 50);
    const puzzles = rows.map((l) => (JSON.parse(l) as { puzzle: string }).puzzle);
    const node = createSdk({ backend: 'wasm' });
    const inNode: Summary[] = [];
    for (const p of puzzles) {
      const r = await node.solve('sudoku-4x4', p, { strategy: 'neural-only' });
      inNode.push({ task: 'sudoku-4x4', verified: r.verified, steps: r.steps, formatted: r.formatted });
    }
    const inPage = await page.evaluate(async (ps) => {
      const { sdk } = (window as unknown as { trmDemo: { sdk: { solve(t: string, p: string, o: object): Promise<{ verified: boolean; steps: number; formatted: unknown }> } } }).trmDemo;
      const out = [];
      for (const p of ps) {
        const r = await sdk.solve('sudoku-4x4', p, { strategy: 'neural-only' });
        out.push({ task: 'sudoku-4x4', verified: r.verified, steps: r.steps, formatted: r.formatted });
      }
      return out;
    }, puzzles);
    expect(inPage).toEqual(inNode);
    expect(inNode.filter((r) => r.verified).length).toBeGreaterThanOrEqual(45);
  }, 180_000);

  it('a 404 model URL and a corrupted model each give their error; symbolic-only still solves', async () => {
    const out = await page.evaluate(async () => {
      const { trm } = (window as unknown as { trmDemo: { trm: { createSdk(o: object): { solve(t: string, p: string, o: object): Promise<{ verified: boolean; source: string }> }; SHIPPED_MODELS: Record<string, { sha256: string }> } } }).trmDemo;
      const puzzles: Record<string, string> = { 'sudoku-4x4': '13.......42.....', sudoku: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' };
      const attempt = async (task: string, model: unknown) => {
        const sdk = trm.createSdk({ models: { [task]: model }, shippedModels: false });
        let error: { code?: string; message: string } | null = null;
        try {
          await sdk.solve(task, puzzles[task]!, { strategy: 'neural-only' });
        } catch (e) {
          error = { code: (e as { code?: string }).code, message: (e as Error).message };
        }
        const sym = await sdk.solve(task, puzzles[task]!, { strategy: 'symbolic-only' });
        return { error, symbolic: { verified: sym.verified, source: sym.source } };
      };
      const at = (p: string) => new URL(p, location.href);
      return {
        missing: await attempt('sudoku-4x4', at('/no/such/model.safetensors')),
        // Pinned to the manifest's SHA-256 of the whole file.
        pinned: await attempt('sudoku-4x4', { url: at('/__corrupt/sudoku-4x4.safetensors'), sha256: trm.SHIPPED_MODELS['sudoku-4x4']!.sha256 }),
        // Not pinned: the 9×9 file carries its own data checksum (__metadata__.data_sha256).
        unpinned: await attempt('sudoku', at('/__corrupt/sudoku.safetensors')),
      };
    });
    expect(out.missing.error?.code).toBe('TRM_ERR_MODEL_FETCH');
    expect(out.missing.error?.message).toMatch(/HTTP 404/);
    expect(out.pinned.error?.code).toBe('TRM_ERR_MODEL_CHECKSUM');
    expect(out.unpinned.error?.code).toBe('TRM_ERR_INVALID_CHECKPOINT');
    expect(out.unpinned.error?.message).toMatch(/data checksum mismatch/);
    for (const k of ['missing', 'pinned', 'unpinned'] as const) expect(out[k].symbolic, k).toEqual({ verified: true, source: 'symbolic' });
  }, 60_000);

  it('WebGPU: with --enable-unsafe-webgpu Chromium offers a software adapter; auto keeps wasm and says why, forced webgpu solves verified', async () => {
    const gpuContext = await launch(['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader']);
    try {
      const p = gpuContext.pages()[0] ?? (await gpuContext.newPage());
      await p.goto(`${srv.url}/examples/browser/?backend=webgpu`);
      await p.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready');
      const probe = await p.evaluate(async () => {
        const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null> } }).gpu;
        const a = gpu ? await gpu.requestAdapter() : null;
        return a ? { vendor: a.info?.vendor ?? '', architecture: a.info?.architecture ?? '', description: a.info?.description ?? '' } : null;
      });
      console.info(`[browser] WebGPU adapter with --enable-unsafe-webgpu: ${JSON.stringify(probe)}`);
      expect(probe).not.toBeNull();
      const r = await p.evaluate(async () => {
        const w = window as unknown as { trmDemo: { solve(s: string): Promise<Summary> } };
        return w.trmDemo.solve('neural-only');
      });
      expect(r).toMatchObject({ task: 'sudoku-4x4', verified: true, source: 'neural', backend: 'tfjs/webgpu' });
      expect(await p.textContent('#engine')).toMatch(/^tfjs\/webgpu · .*swiftshader/i);
      // The same page without the forced backend: auto skips the software adapter for wasm, saying so.
      await p.goto(`${srv.url}/examples/browser/`);
      await p.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready');
      const auto = await p.evaluate(async () => (window as unknown as { trmDemo: { trm: { engineInfo(): Promise<{ backend: string; reason: string }> } } }).trmDemo.trm.engineInfo());
      expect(auto.backend).toBe('wasm');
      expect(auto.reason).toMatch(/only a software adapter/);
    } finally {
      await gpuContext.close();
    }
  }, 120_000);
});
