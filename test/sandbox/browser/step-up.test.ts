import type { Browser } from 'playwright-core';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { SandboxPage } from '../../../sandbox/demo/browser';
import { DEMO_ONE_TIME_CODE, DEMO_PASSWORD } from '../../../sandbox/idp';
import type { Sandbox } from '../../../sandbox/run';
import { startBrowserSandbox, type BrowserSandbox } from './browser-sandbox';
import { STEP_UP_APPROVED_PAGE } from '../../../src/features/stepup/slack/texts';

const BOB_KEY = demoAccessKeyId('bob', 0);

let sandbox: Sandbox;
let browser: Browser;
let started: BrowserSandbox | undefined;

beforeAll(async () => {
  started = await startBrowserSandbox('keywarden-stepup-', { stepUp: true });
  ({ sandbox, browser } = started);
}, 90_000);

afterAll(async () => {
  await started?.stop();
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
