/**
 * The playground in a real (headless) Chromium: load `/`, generate a Sudoku, solve it through
 * the streaming endpoint, and check the 81 cells on the page against the Sudoku plugin's
 * verifier; then watch a stepped solve render its steps. Screenshots go to test-output/.
 *
 * Needs Chromium at /usr/bin/chromium (CI: `apt-get install -y chromium`) or at $CHROMIUM_PATH;
 * skipped, saying so, where it is absent.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSdk } from '../../src/sdk/sdk.js';
import { startServer, type Running } from './helpers.js';
import { missingTool } from '../support/system-tools.js';

/** Where Chromium lives; CHROMIUM_PATH overrides (e.g. /usr/bin/google-chrome on CI images that ship Chrome). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

const outDir = fileURLToPath(new URL('../../test-output/', import.meta.url));
const sdk = createSdk();

describe.skipIf(!haveChromium)(`playground (headless Chromium)${haveChromium ? '' : missingTool('Chromium', `no ${CHROMIUM}`)}`, () => {
  let srv: Running;
  let profile: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    srv = await startServer({ workers: 1 });
    profile = mkdtempSync(join(tmpdir(), 'trm-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      viewport: { width: 1100, height: 760 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(outDir, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await srv?.server.close();
  });

  it('generates and solves a Sudoku; the grid on the page is a verified solution', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(srv.url + '/');
    await page.waitForSelector('#task option[value="sudoku"]', { state: 'attached' });
    await page.selectOption('#task', 'sudoku');
    await page.selectOption('#difficulty', 'easy');
    await page.click('#generate');
    await page.waitForFunction(() => /^Generated/.test(document.querySelector('#status')!.textContent ?? ''));
    const puzzle = (await page.inputValue('#input')).replace(/\s+/g, '');
    expect(puzzle).toHaveLength(81);

    await page.click('#solve');
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]');
    expect(await page.getAttribute('#status', 'data-verified')).toBe('true');
    const cells = await page.$$eval('#board .cell', (els) => els.map((e) => e.textContent ?? ''));
    expect(cells).toHaveLength(81);
    const answer = cells.join('');
    expect(answer).toMatch(/^[1-9]{81}$/);
    expect(sdk.verify('sudoku', puzzle, answer)).toEqual({ ok: true, violations: [] });
    // The shipped 9×9 model proposes; the hybrid loop ends at whichever verified source got there.
    expect(await page.textContent("#result")).toMatch(/source: (neural|neural-vote|neural-guided-symbolic|symbolic)\nverified: true/);
    await page.screenshot({ path: join(outDir, 'playground-sudoku.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('renders streamed steps: each step listed, the verified one marked, its changed cells highlighted', async () => {
    await page.selectOption('#task', 'latin-square');
    await page.click('#solve');
    await page.waitForSelector('#status[data-state="done"]');
    const steps = await page.$$eval('#steps li', (els) => els.map((e) => ({ text: e.textContent ?? '', verified: e.classList.contains('verified') })));
    expect(steps.map((s) => s.verified)).toEqual([false, false, true]);
    expect(await page.getAttribute('#status', 'data-verified')).toBe('true');
    // Replaying step 2 shows its answer with exactly the cells it changed highlighted.
    const changedInStep2 = Number(/(\d+) changed/.exec(steps[1]!.text)![1]);
    expect(changedInStep2).toBeGreaterThan(0);
    await page.click('#steps li:nth-child(2)');
    expect(await page.$$eval('#board .cell.changed', (els) => els.length)).toBe(changedInStep2);
    await page.screenshot({ path: join(outDir, 'playground-steps.png'), fullPage: true });
  });

  it('solves the ARC sample: colour grids on the board, the program found and its verification in the result', async () => {
    await page.selectOption('#task', 'arc');
    await page.click('#solve');
    await page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', { timeout: 60_000 });
    expect(await page.getAttribute('#status', 'data-verified')).toBe('true');
    const text = (await page.textContent('#result')) ?? '';
    expect(text).toMatch(/source: program\nverified: true \(demonstrations\)\nprogram: \S+/);
    expect(await page.$$eval('#board .arc', (els) => els.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(outDir, 'playground-arc.png'), fullPage: true });
  });

  it('shows the error of a bad puzzle instead of breaking', async () => {
    await page.selectOption('#task', 'sudoku');
    await page.fill('#input', '1234');
    await page.click('#solve');
    await page.waitForSelector('#status[data-state="error"]');
    expect(await page.textContent('#status')).toMatch(/^TRM_ERR_INVALID_INPUT: /);
  });

  it('asks for the API key of a server that has keys, keeps it for the tab, and sends it with its calls', async () => {
    const keyed = await startServer({ workers: 1, apiKeys: ['playground-key-1'] });
    try {
      await page.goto(keyed.url + '/');
      await page.waitForSelector('#status[data-state="error"]');
      expect(await page.textContent('#status')).toMatch(/^TRM_ERR_UNAUTHORIZED: /);
      await page.fill('#apikey', 'playground-key-1');
      await page.dispatchEvent('#apikey', 'change');
      await page.waitForSelector('#task option[value="sudoku"]', { state: 'attached' });
      expect(await page.evaluate(() => sessionStorage.getItem('trm-sdk.apiKey'))).toBe('playground-key-1');
      await page.selectOption('#task', 'sudoku');
      await page.selectOption('#strategy', 'symbolic-only');
      await page.click('#solve');
      await page.waitForSelector('#status[data-state="done"]');
      expect(await page.getAttribute('#status', 'data-verified')).toBe('true');
      // A reload in the same tab keeps the key (sessionStorage).
      await page.reload();
      await page.waitForSelector('#task option[value="sudoku"]', { state: 'attached' });
      expect(await page.inputValue('#apikey')).toBe('playground-key-1');
      expect(keyed.logs.join('\n')).not.toContain('playground-key-1');
    } finally {
      await keyed.server.close();
    }
  });
});
