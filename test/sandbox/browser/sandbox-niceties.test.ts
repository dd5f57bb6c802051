import type { Browser } from 'playwright-core';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { SandboxPage } from '../../../sandbox/demo/browser';
import type { Sandbox } from '../../../sandbox/run';
import { NUDGE_TITLE } from '../../../src/features/reports/slack/owner-nudge';
import { SNOOZE_TITLE } from '../../../src/features/reports/slack/snooze-modal';
import { MY_KEYS_HEADER } from '../../../src/features/home/slack/home-texts';
import { startBrowserSandbox, type BrowserSandbox } from './browser-sandbox';

const ALICE_PROD_KEY = demoAccessKeyId('alice', 0, 'prod');

let sandbox: Sandbox;
let browser: Browser;
let started: BrowserSandbox | undefined;
let page: SandboxPage | undefined;

beforeAll(async () => {
  started = await startBrowserSandbox('keywarden-niceties-');
  ({ sandbox, browser } = started);
}, 90_000);

afterEach(async () => {
  await page?.page.close();
  page = undefined;
});

afterAll(async () => {
  await started?.stop();
});

const composer = (on: SandboxPage) => on.page.getByRole('textbox', { name: /^Message / });

/** Issue 26, item 14: the sandbox behaves as Slack does where a newcomer would notice. */
describe('the sandbox, as Slack would behave', () => {
  it('has a favicon', async () => {
    page = await SandboxPage.open(browser, sandbox.pageUrl, 'alice');
    const href = await page.page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('/favicon.svg');
    const icon = await page.page.request.get(new URL(href ?? '', sandbox.pageUrl).toString());
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
  }, 60_000);

  it('hides the composer on the Home tab, and shows it again in a conversation', async () => {
    page = await SandboxPage.open(browser, sandbox.pageUrl, 'alice');
    await page.openChannel('Keywarden');
    await composer(page).waitFor();
    await page.page
      .getByRole('navigation', { name: 'Workspace' })
      .getByRole('button', { name: 'Home', exact: true })
      .click();
    await page.messages.locator('.home-view').getByRole('heading', { name: MY_KEYS_HEADER }).waitFor();
    await composer(page).waitFor({ state: 'hidden' });
    await page.openChannel('Keywarden');
    await composer(page).waitFor();
  }, 60_000);

  it('completes @name to a mention, which the bot reads as that person', async () => {
    page = await SandboxPage.open(browser, sandbox.pageUrl, 'ada');
    await page.openChannel('Keywarden');
    const box = composer(page);
    await box.fill('/keys list @bo');
    await box.press('Tab');
    expect(await box.inputValue()).toBe('/keys list @bob ');
    const before = await page.messages.getByRole('article').filter({ hasText: 'Access keys of bob' }).count();
    await box.press('Enter');
    await page.messages.getByRole('article').filter({ hasText: 'Access keys of bob' }).nth(before).waitFor();
  }, 60_000);

  it('sends the full stale list as a CSV: the demo has more stale keys than a message shows', async () => {
    page = await SandboxPage.open(browser, sandbox.pageUrl, 'ada');
    await page.openChannel('Keywarden');
    const report = await page.sendAndAwait('/keys stale', /Showing the \d+ worst of \d+/);
    expect(await report.textContent()).toMatch(/The full list is .* as a CSV file/);
    const file = await page.message(/\.csv/);
    expect(await file.getByRole('link', { name: /^Download / }).count()).toBe(1);
  }, 90_000);

  it('nudges alice about her stale prod key, and her snooze reads with its :zzz: drawn', async () => {
    page = await SandboxPage.open(browser, sandbox.pageUrl, 'ada');
    const panel = page.page.getByRole('complementary', { name: 'Behind the scenes' });
    await panel.getByRole('button', { name: 'Run now' }).first().click();
    await page.page.getByRole('status').filter({ hasText: 'Report 1:' }).waitFor();

    await page.signInAs('alice');
    await page.openChannel('Keywarden');
    const nudge = await page.message(NUDGE_TITLE);
    expect(await nudge.textContent()).toContain(ALICE_PROD_KEY);
    await page.press(NUDGE_TITLE, 'Snooze');
    const modal = page.page.getByRole('dialog', { name: SNOOZE_TITLE });
    await modal.getByLabel('Reason').fill('INC-88 the vendor rotates it on Friday');
    await modal.getByLabel(/^Days/).fill('5');
    await modal.getByRole('button', { name: 'Snooze' }).click();
    await modal.waitFor({ state: 'detached' });
    const snoozed = await page.message(/Snoozed until/);
    expect(await snoozed.getByRole('img', { name: 'zzz' }).count()).toBeGreaterThan(0);
    expect(await snoozed.textContent()).not.toContain(':zzz:');
  }, 120_000);

  it("keeps what someone is typing into the panel's forms while live updates redraw it", async () => {
    page = await SandboxPage.open(browser, sandbox.pageUrl, 'ada');
    const runs = page.page.getByRole('region', { name: 'Workflow runs' });
    await runs.getByLabel('Key id').fill(ALICE_PROD_KEY);
    await runs.getByLabel('Reason').fill('INC-301 typed before a redraw');
    // Marks this drawing of the form: a form without the mark is the panel drawn again.
    await runs.locator('form').evaluate((form) => form.setAttribute('data-drawn-before', ''));
    const bob = await SandboxPage.open(browser, sandbox.pageUrl, 'bob');
    try {
      await bob.openChannel('Keywarden');
      await bob.sendAndAwait('/keys list', /AKIA/);
      await page.waitFor(runs.locator('form:not([data-drawn-before])'), 'the panel drawn again', runs);
    } finally {
      await bob.page.close();
    }
    expect(await runs.getByLabel('Key id').inputValue()).toBe(ALICE_PROD_KEY);
    expect(await runs.getByLabel('Reason').inputValue()).toBe('INC-301 typed before a redraw');
  }, 60_000);

  it('forgets ephemeral messages on reload, as Slack does, and keeps the others', async () => {
    page = await SandboxPage.open(browser, sandbox.pageUrl, 'alice');
    await page.openChannel('Keywarden');
    const answer = await page.sendAndAwait('/keys help', /USER@ACCOUNT/);
    expect(await answer.textContent()).toContain('Only visible to you');
    const kept = await page.messages
      .getByRole('article')
      .filter({ hasNotText: 'Only visible to you' })
      .count();
    expect(kept).toBeGreaterThan(0); // the nudge of the story before, a message of the bot's own
    await page.page.reload();
    await page.page.getByRole('heading', { level: 1, name: 'Keywarden' }).waitFor();
    await page.messages.getByRole('article').first().waitFor();
    expect(await page.messages.getByRole('article').filter({ hasText: 'Only visible to you' }).count()).toBe(
      0,
    );
    expect(await page.messages.getByRole('article').count()).toBe(kept);
  }, 60_000);
});
