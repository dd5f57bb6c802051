import type { Browser } from 'playwright-core';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { SandboxPage } from '../../../sandbox/demo/browser';
import type { Sandbox } from '../../../sandbox/run';
import { startBrowserSandbox, type BrowserSandbox } from './browser-sandbox';

const QUENTIN_KEY = demoAccessKeyId('quentin.roy', 0);

let sandbox: Sandbox;
let browser: Browser;
let started: BrowserSandbox | undefined;

beforeAll(async () => {
  started = await startBrowserSandbox('keywarden-report-true-');
  ({ sandbox, browser } = started);
}, 90_000);

afterAll(async () => {
  await started?.stop();
});

describe('issue 26, items 1 and 12, as the admin in the sandbox: a report that stays true', () => {
  it('a line names its key and owner and has one menu; after Deactivate, the next report marks it, menu gone', async () => {
    const page = await SandboxPage.open(browser, sandbox.pageUrl, 'ada');
    try {
      await page.openChannel('Keywarden');
      // A regular expression: case-sensitive, so the CSV's message ("All 27 stale access keys") is not it.
      const first = await page.sendAndAwait('/keys stale', /Stale access keys/);
      const row = first.locator('.bk-section', { hasText: 'quentin.roy' });
      expect(await row.textContent()).toContain(QUENTIN_KEY);
      expect(await first.getByRole('button', { name: 'Deactivate' }).count()).toBe(0);

      await row.getByRole('button', { name: 'More actions' }).click();
      const options = await row.getByRole('menuitem').allTextContents();
      expect(options).toEqual(['Rotate', 'Deactivate', 'Request deletion', 'Nudge owner']);
      await row.getByRole('menuitem', { name: 'Deactivate' }).click();
      const confirm = row.getByRole('dialog');
      expect(await confirm.textContent()).toContain(QUENTIN_KEY);
      await confirm.getByRole('button', { name: 'Go on' }).click();
      await page.message(/now inactive/);
      expect(sandbox.iam.state.findKey(QUENTIN_KEY)?.status).toBe('Inactive');

      // The credential report IAM keeps still says Active: the re-check and the trail say otherwise.
      const second = await page.sendAndAwait('/keys stale', /Inactive since .* \(by/);
      const marked = second.locator('.bk-section', { hasText: 'quentin.roy' });
      expect(await marked.textContent()).toMatch(
        /Inactive since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(by @Ada Admin\)/,
      );
      expect(await marked.getByRole('button', { name: 'More actions' }).count()).toBe(0);
      expect(await second.getByRole('button', { name: 'More actions' }).count()).toBeGreaterThan(0);
    } finally {
      await page.page.close();
    }
  }, 90_000);
});
