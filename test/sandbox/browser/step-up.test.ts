import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { launchChromium, SandboxPage } from '../../../sandbox/demo/browser';
import { DEMO_ONE_TIME_CODE, DEMO_PASSWORD } from '../../../sandbox/idp';
import { startSandbox, type Sandbox } from '../../../sandbox/run';
import { createLogger } from '../../../src/platform/logger';
import { STEP_UP_APPROVED_PAGE } from '../../../src/features/stepup/slack/texts';
import { buildPage } from './build-page';

const BOB_KEY = demoAccessKeyId('bob', 0);

let dir: string;
let sandbox: Sandbox;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keywarden-stepup-'));
  await buildPage(join(dir, 'web'));
  sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    pagePort: 0,
    webRoot: join(dir, 'web'),
    stepUp: true,
    log: createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) }),
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the sandbox with step-up: Approve opens the local identity provider', () => {
  it('april approves after signing in with the demo password and one-time code; the message says (MFA)', async () => {
    const page = await SandboxPage.open(browser, sandbox.pageUrl, 'bob');
    // The panel tells the reviewer what to type at the provider.
    const panel = page.page.getByRole('region', { name: 'Step-up sign-in' });
    expect(await panel.textContent()).toContain(DEMO_PASSWORD);
    expect(await panel.textContent()).toContain(DEMO_ONE_TIME_CODE);

    await page.openChannel('Keywarden');
    await page.send(`/keys delete ${BOB_KEY} INC-202 leaked in a log`);
    await page.message('requested');

    await page.signInAs('april');
    await page.openChannel('key-approvals');
    await page.press(BOB_KEY, 'Approve');
    const prompt = await page.message('verify with');
    const [signIn] = await Promise.all([
      page.page.context().waitForEvent('page'),
      prompt.getByRole('link', { name: /^Verify with/ }).click(),
    ]);
    await signIn.getByRole('heading', { name: 'Sandbox identity provider' }).waitFor();
    expect(await signIn.getByLabel('Email').inputValue()).toBe('april@example.com');
    await signIn.getByLabel('Password').fill(DEMO_PASSWORD);
    await signIn.getByLabel('One-time code').fill(DEMO_ONE_TIME_CODE);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.getByText(STEP_UP_APPROVED_PAGE).waitFor();
    await signIn.close();

    await page.message('Key deleted');
    expect(await (await page.message(BOB_KEY)).textContent()).toContain('(MFA)');
    expect(sandbox.idp?.signIns()).toEqual([{ email: 'april@example.com', amr: ['pwd', 'otp'] }]);
  }, 90_000);
});
