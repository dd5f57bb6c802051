import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { PROD_ACCOUNT_ID } from '../../../sandbox/demo/accounts';
import type { Sandbox } from '../../../sandbox/run';
import { useBrowserSandbox } from './browser-sandbox';
import { MY_KEYS_HEADER } from '../../../src/features/home/slack/home-texts';
import { NUDGE_TITLE } from '../../../src/features/reports/slack/owner-nudge';
import { SNOOZE_TITLE } from '../../../src/features/reports/slack/snooze-modal';
import { NOT_APPROVER } from '../../../src/features/approvals/slack/texts';

const ALICE_KEY = demoAccessKeyId('alice', 0);
const QUENTIN_KEY = demoAccessKeyId('quentin.roy', 0);
const ALICE_PROD_KEY = demoAccessKeyId('alice', 0, 'prod');
const BOB_KEY = demoAccessKeyId('bob', 0);

const stories = useBrowserSandbox('keywarden-stories-');
const open = (as: string) => stories.open(as);
let sandbox: Sandbox;
beforeAll(() => {
  sandbox = stories.sandbox;
});

describe('the sandbox page in Chromium', () => {
  it('shows alice her keys in her DM, only to her, live; bob does not see them', async () => {
    const page = await open('alice');
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
      '# key-incidents',
      'Keywarden',
      'Home',
    ]);

    await page.send('hello there');
    await page.page.getByRole('status').filter({ hasText: 'Only /keys commands' }).waitFor();
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('story one, as alice: list, create, delete with someone else’s approval', () => {
  it('runs end to end in Chromium', async () => {
    const page = await open('alice');
    await page.openChannel('Keywarden');

    await page.send('/keys list');
    await page.message(ALICE_KEY);

    await page.send('/keys create');
    const secretMessage = await page.message('Secret access key');
    expect(await secretMessage.textContent()).toContain('Only visible to you');
    const secret = (await secretMessage.locator('pre').first().textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9/+]{40}$/);
    const everywhere = async () => (await page.page.locator('body').textContent()) ?? '';
    // Only in that one message: the value and its two copy-ready snippets (environment, CLI profile).
    const inMessage = ((await secretMessage.textContent()) ?? '').split(secret).length - 1;
    expect(inMessage).toBe(3);
    expect((await everywhere()).split(secret).length - 1).toBe(inMessage);
    // "Copied, hide it" takes the message away; the secret is then nowhere on the page.
    await secretMessage.getByRole('button', { name: 'Copied, hide it' }).click();
    await secretMessage.waitFor({ state: 'detached' });
    expect(await everywhere()).not.toContain(secret);
    await page.openChannel('key-approvals');
    expect(await everywhere()).not.toContain(secret);
    await page.signInAs('bob');
    await page.openChannel('Keywarden');
    expect(await everywhere()).not.toContain(secret);

    await page.signInAs('alice');
    await page.openChannel('Keywarden');
    await page.send(`/keys delete ${ALICE_KEY} INC-101 replaced by the new key`);
    await page.message('requested');
    await page.openChannel('key-approvals');
    const request = await page.message(ALICE_KEY);
    expect(await request.textContent()).toContain('replaced by the new key');

    await page.press(ALICE_KEY, 'Approve');
    await page.message(NOT_APPROVER);

    await page.signInAs('april');
    await page.openChannel('key-approvals');
    await page.press(ALICE_KEY, 'Approve');
    await page.message('Key deleted');
    expect(await (await page.message(ALICE_KEY)).textContent()).toContain('(edited)');

    await page.signInAs('alice');
    await page.openChannel('Keywarden');
    const listing = await page.sendAndAwait('/keys list', 'Access keys of alice');
    expect(await listing.textContent()).not.toContain(ALICE_KEY);
  }, 90_000);
});

describe('story two, as the admin: the stale report, and Deactivate from it', () => {
  it('runs end to end in Chromium', async () => {
    const page = await open('ada');
    await page.openChannel('Keywarden');

    // The demo holds more stale keys than a message shows: the full list also comes, as a CSV file
    // in a message of its own ("All 27 stale access keys"), so the report is the one showing the worst.
    const report = await page.sendAndAwait('/keys stale', /Showing the \d+ worst of \d+/);
    const text = (await report.textContent()) ?? '';
    for (const user of ['bob', 'carol.jones', 'dan.chen', 'frank.kim', 'quentin.roy'])
      expect(text).toContain(user);
    // Exempt, inactive, and just short of both thresholds: not reported.
    for (const user of ['ci-deploy', 'ivan.ito', 'sybil.fox', 'trent.moss']) expect(text).not.toContain(user);

    // A line's one menu (issue 26, item 12): "…", Deactivate, and the menu's confirm.
    const row = report.locator('.bk-section', { hasText: 'quentin.roy' });
    await row.getByRole('button', { name: 'More actions' }).click();
    await row.getByRole('menuitem', { name: 'Deactivate' }).click();
    await row.getByRole('dialog').getByRole('button', { name: 'Go on' }).click();
    await page.message(/now inactive/);

    const listing = await page.sendAndAwait('/keys list quentin.roy', 'Access keys of quentin.roy');
    expect(await listing.textContent()).toContain(QUENTIN_KEY);
    expect(await listing.textContent()).toContain('Inactive');
  }, 90_000);
});

describe('story three, as alice: a guided rotation, the new key seen in use before the old one goes', () => {
  it('runs end to end in Chromium', async () => {
    const page = await open('alice');
    await page.openChannel('Keywarden');
    const before = sandbox.iam.state.keysOf('alice').map((key) => key.accessKeyId);
    expect(before).toHaveLength(1);

    const guide = await page.sendAndAwait('/keys rotate', 'Rotating the access key of alice');
    expect(await guide.getByRole('button', { name: 'Deactivate old key' }).count()).toBe(0);
    const newKey = /New key\s*(AKIA[A-Z0-9]{16})/.exec((await guide.textContent()) ?? '')?.[1] ?? '';
    expect(newKey).not.toBe('');
    expect(before).not.toContain(newKey);

    const traffic = page.page.getByRole('region', { name: 'Simulate traffic' });
    await traffic.getByLabel('Key id').fill(newKey);
    await traffic.getByRole('button', { name: 'Use it now' }).click();
    await page.page.getByRole('status').filter({ hasText: 'used just now' }).waitFor();

    await guide.getByRole('button', { name: 'Refresh' }).click();
    await page.press('Rotating the access key of alice', 'Deactivate old key');
    // The guide itself, updated in place, marks the step done.
    await page.message(/Done: the old key is inactive/);
    expect(sandbox.iam.state.findKey(before[0] as string)?.status).toBe('Inactive');

    // The demo policy asks for a ticket id: the guide's last button asks for the reason in a modal.
    await page.press('Rotating the access key of alice', 'Request deletion of old key');
    const modal = page.page.getByRole('dialog', { name: 'Request deletion' });
    await modal.waitFor();
    await modal.getByLabel('Why should the key be deleted?').fill('rotated, nothing broke');
    await modal.getByRole('button', { name: 'Request deletion' }).click();
    await modal
      .getByRole('alert')
      .filter({ hasText: /ticket id/ })
      .waitFor();
    await modal.getByLabel('Why should the key be deleted?').fill('CHG-102 rotated');
    await modal.getByRole('button', { name: 'Request deletion' }).click();
    await modal.waitFor({ state: 'detached' });
    await page.message(/waiting for an approver/);
    await page.openChannel('key-approvals');
    await page.message(before[0] as string);
  }, 90_000);
});

describe('alice in prod: the IAM panel says which account and which SourceIdentity', () => {
  it('shows her prod key, and the call in prod as her', async () => {
    const page = await open('alice');
    await page.openChannel('Keywarden');
    await page.sendAndAwait('/keys list alice@prod', ALICE_PROD_KEY);
    const iamCalls = page.page.getByRole('region', { name: 'IAM calls' });
    const ranAs = `prod ${PROD_ACCOUNT_ID} · SourceIdentity U0ALICE (Alice Smith)`;
    await iamCalls.getByText(ranAs).first().waitFor();
    expect(await iamCalls.textContent()).toContain(ranAs);
  }, 60_000);
});

describe('story four: the Home tab, and an owner snoozes a stale key from the nudge in a modal', () => {
  it('runs end to end in Chromium', async () => {
    const page = await open('alice');
    const sidebar = page.page.getByRole('navigation', { name: 'Workspace' });
    await sidebar.getByRole('button', { name: 'Home', exact: true }).click();
    const home = page.messages.locator('.home-view');
    await home.getByRole('heading', { name: MY_KEYS_HEADER }).waitFor();
    const aliceKeys = sandbox.iam.state.keysOf('alice').map((key) => key.accessKeyId);
    expect(aliceKeys.length).toBeGreaterThan(0);
    for (const key of aliceKeys) await home.getByText(key).first().waitFor();

    // alice's keys are fresh; bob's is older than 90 days, so the run nudges him.
    // The panel's, not the one on ada's Home tab.
    const runNow = page.page
      .getByRole('complementary', { name: 'Behind the scenes' })
      .getByRole('button', { name: 'Run now' })
      .first();
    await page.signInAs('ada');
    await runNow.click();
    await page.page.getByRole('status').filter({ hasText: 'Report 1:' }).waitFor();

    await page.signInAs('bob');
    await page.openChannel('Keywarden');
    await page.press(NUDGE_TITLE, 'Snooze');
    const modal = page.page.getByRole('dialog', { name: SNOOZE_TITLE });
    await modal.waitFor();
    await modal.getByLabel('Reason').fill('INC-204 vendor rotates it next week');
    const days = modal.getByLabel(/^Days/);
    await days.fill('99');
    await modal.getByRole('button', { name: 'Snooze' }).click();
    const refused = modal.getByRole('alert').filter({ hasText: /\S/ });
    await refused.waitFor();
    expect(await modal.isVisible()).toBe(true);
    await days.fill('5');
    await modal.getByRole('button', { name: 'Snooze' }).click();
    await modal.waitFor({ state: 'detached' });
    await page.message(/Snoozed until/);

    await page.signInAs('ada');
    await runNow.click();
    await page.openChannel('secops');
    const report = await page.message('snoozed by');
    expect(await report.textContent()).toContain('INC-204 vendor rotates it next week');
  }, 120_000);
});

describe('a workflow run, as ada the admin: request deletion of a key, completed after the approval', () => {
  it('runs end to end in Chromium', async () => {
    const key = demoAccessKeyId('heidi.silva', 0);
    const ada = await open('ada');
    const runs = ada.page.getByRole('region', { name: 'Workflow runs' });
    await runs.getByLabel('Key id').fill(key);
    await runs.getByLabel('Reason').fill('INC-300 offboarding heidi');
    await runs.getByRole('button', { name: 'Request deletion of this key' }).click();
    await ada.waitFor(runs.getByText('waiting for the request to end'), 'the run waiting', runs);

    const april = await open('april');
    await april.openChannel('key-approvals');
    await april.press(key, 'Approve');
    await ada.waitFor(runs.getByText('decision: deleted'), 'the run completed', runs);
    expect(sandbox.iam.state.findKey(key)).toBeUndefined();
  }, 90_000);
});

describe('story five, as the admin: AWS reports a key leaked, and Keywarden contains it', () => {
  it('runs end to end in Chromium', async () => {
    const page = await open('ada');
    await page.openChannel('key-incidents');
    const panel = page.page.getByRole('complementary', { name: 'Behind the scenes' });
    // The card arrives through the queue, and is completed in place with the user's rights and CloudTrail.
    const card = await page.simulateLeak(BOB_KEY);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`Leaked access key ${BOB_KEY}`);
    expect(text).toContain('Inactive');
    expect(text).toContain('AWSCompromisedKeyQuarantine');
    expect(text).toContain('203.0.113.66');
    expect(await card.getByRole('button', { name: 'Request deletion' }).count()).toBe(1);

    const accounts = panel.getByRole('region', { name: 'AWS accounts' });
    await accounts.locator('details[data-account="dev"] summary').click();
    const row = accounts.getByRole('row').filter({ hasText: BOB_KEY });
    await row.filter({ hasText: 'Inactive' }).waitFor();
    const lookups = panel.getByRole('region', { name: 'CloudTrail LookupEvents' });
    await lookups
      .getByRole('listitem')
      .filter({ hasText: BOB_KEY })
      .filter({ hasText: 'eu-west-1' })
      .waitFor();
    await lookups
      .getByRole('listitem')
      .filter({ hasText: BOB_KEY })
      .filter({ hasText: 'us-east-1' })
      .waitFor();
    expect(sandbox.iam.state.findKey(BOB_KEY)?.status).toBe('Inactive');

    await page.signInAs('bob');
    await page.openChannel('Keywarden');
    const dm = await page.message(/reported exposed/);
    expect(await dm.textContent()).toContain(BOB_KEY);
  }, 120_000);
});
