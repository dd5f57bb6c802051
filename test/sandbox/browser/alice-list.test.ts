import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { launchChromium, SandboxPage } from '../../../sandbox/demo/browser';
import { startSandbox, type Sandbox } from '../../../sandbox/run';
import { createLogger } from '../../../src/logger';
import { buildPage } from './build-page';

const ALICE_KEY = demoAccessKeyId('alice', 0);

let dir: string;
let sandbox: Sandbox;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keywarden-browser-'));
  await buildPage(join(dir, 'web'));
  sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    pagePort: 0,
    webRoot: join(dir, 'web'),
    log: createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) }),
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the sandbox page in Chromium', () => {
  it('shows alice her keys in her DM, only to her, live; bob does not see them', async () => {
    const page = await SandboxPage.open(browser, sandbox.pageUrl, 'alice');
    const problems: string[] = [];
    page.page.on('pageerror', (error) => problems.push(error.message));
    page.page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.openChannel('Keywarden');
    // Set before sending: still there afterwards means the answer arrived without a reload.
    await page.page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    await page.send('/keys list');
    const answer = await page.message(ALICE_KEY);
    expect(await answer.textContent()).toContain('Only visible to you');
    expect(await answer.getByRole('heading').first().textContent()).toMatch(/alice/);
    expect(await page.page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);

    await page.signInAs('bob');
    await page.page.getByText('No messages yet.').waitFor();
    expect(await page.page.getByRole('heading', { level: 1 }).textContent()).toBe('Keywarden');
    expect(await page.messages.textContent()).not.toContain(ALICE_KEY);
    const sidebar = page.page.getByRole('navigation', { name: 'Workspace' });
    expect(await sidebar.getByRole('button').allTextContents()).toEqual([
      '# general',
      '# key-approvals',
      '# secops',
      'Keywarden',
    ]);

    await page.send('hello there');
    await page.page.getByRole('status').filter({ hasText: 'Only /keys commands' }).waitFor();
    expect(problems).toEqual([]);
  }, 60_000);
});
