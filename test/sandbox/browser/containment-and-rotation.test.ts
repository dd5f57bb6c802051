import type { Browser } from 'playwright-core';
import { demoAccessKeyId } from '../../../sandbox/demo/account';
import { SandboxPage } from '../../../sandbox/demo/browser';
import type { Sandbox } from '../../../sandbox/run';
import { startBrowserSandbox, type BrowserSandbox } from './browser-sandbox';

const ALICE_PROD_KEY = demoAccessKeyId('alice', 0, 'prod');

let sandbox: Sandbox;
let browser: Browser;
let started: BrowserSandbox | undefined;
const pages: SandboxPage[] = [];

beforeAll(async () => {
  started = await startBrowserSandbox('keywarden-containment-');
  ({ sandbox, browser } = started);
}, 90_000);

afterAll(async () => {
  for (const page of pages) await page.page.close();
  await started?.stop();
});

async function open(as: string): Promise<SandboxPage> {
  const page = await SandboxPage.open(browser, sandbox.pageUrl, as);
  pages.push(page);
  return page;
}

/** alice's keys in the default account, oldest first. */
const keysOfAlice = () =>
  sandbox.iam.state
    .keysOf('alice')
    .sort((a, b) => a.createDate.getTime() - b.createDate.getTime())
    .map((key) => key.accessKeyId);

describe('as alice: every account listed, a secret hidden once copied, containment first, a rotation to its end', () => {
  it('runs end to end in Chromium', async () => {
    const alice = await open('alice');
    await alice.openChannel('Keywarden');

    // Item 8: /keys list names every account she has keys in.
    const listing = await alice.sendAndAwait('/keys list', 'Access keys of alice');
    const listed = (await listing.textContent()) ?? '';
    for (const key of [...keysOfAlice(), ALICE_PROD_KEY]) expect(listed).toContain(key);
    expect(listed).toContain('prod');

    // Item 7: the secret with its copy-ready snippets, gone once "Copied, hide it" is pressed.
    const before = keysOfAlice();
    const secretMessage = await alice.sendAndAwait('/keys create', 'Secret access key');
    const secret = (await secretMessage.locator('pre').first().textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9/+]{40}$/);
    expect(await secretMessage.textContent()).toContain('AWS_SECRET_ACCESS_KEY');
    expect(await secretMessage.textContent()).toContain('aws configure');
    await secretMessage.getByRole('button', { name: 'Copied, hide it' }).click();
    await secretMessage.waitFor({ state: 'detached' });
    expect(await alice.page.locator('body').textContent()).not.toContain(secret);
    const [older] = keysOfAlice();
    expect(keysOfAlice()).toHaveLength(before.length + 1);

    // Item 11: at two keys, rotation offers to retire the older one with buttons.
    const refusal = await alice.sendAndAwait('/keys rotate', 'rotation needs room');
    expect(await refusal.textContent()).toContain(older);
    await refusal.getByRole('button', { name: 'Request deletion of older key' }).click();

    // Item 4: the Request deletion modal (the demo wants a ticket) offers "Deactivate now", ticked.
    const modal = alice.page.getByRole('dialog', { name: 'Request deletion' });
    await modal.waitFor();
    const deactivateNow = modal.getByLabel('Deactivate now');
    expect(await deactivateNow.isChecked()).toBe(true);
    await modal.getByLabel('Why should the key be deleted?').fill('INC-77 suspected leak');
    await modal.getByRole('button', { name: 'Request deletion' }).click();
    await modal.waitFor({ state: 'detached' });
    const answer = await alice.message(/is now inactive/);
    expect(await answer.textContent()).toContain('requested');
    expect(sandbox.iam.state.findKey(older as string)?.status).toBe('Inactive');

    // The approvers see it Inactive already; april approves, and the older key is gone.
    const april = await open('april');
    await april.openChannel('key-approvals');
    const card = await april.message(older as string);
    expect(await card.textContent()).toContain('Inactive');
    expect(await card.textContent()).not.toContain('Still Active');
    await april.press(older as string, 'Approve');
    await april.message('Key deleted');
    expect(sandbox.iam.state.findKey(older as string)).toBeUndefined();

    // Item 11: now a rotation starts; one guide, marked in place, to "Rotation complete".
    const oldKey = keysOfAlice()[0] as string;
    const guide = await alice.sendAndAwait('/keys rotate', 'Rotating the access key of alice');
    expect(await guide.textContent()).toContain('not used yet');
    const newKey = keysOfAlice().find((key) => key !== oldKey) as string;
    const traffic = alice.page.getByRole('region', { name: 'Simulate traffic' });
    await traffic.getByLabel('Key id').fill(newKey);
    await traffic.getByRole('button', { name: 'Use it now' }).click();
    await alice.page.getByRole('status').filter({ hasText: 'used just now' }).waitFor();
    await guide.getByRole('button', { name: 'Refresh' }).click();
    await alice.press('Rotating the access key of alice', 'Deactivate old key');
    await alice.message(/Done: the old key is inactive/);
    // Reactivate undoes it, and the guide goes back to step 2; then on again.
    await alice.press('Rotating the access key of alice', 'Reactivate old key');
    await guide.getByRole('button', { name: 'Deactivate old key' }).waitFor();
    expect(sandbox.iam.state.findKey(oldKey)?.status).toBe('Active');
    await alice.press('Rotating the access key of alice', 'Deactivate old key');
    await alice.message(/Done: the old key is inactive/);

    await alice.press('Rotating the access key of alice', 'Request deletion of old key');
    const last = alice.page.getByRole('dialog', { name: 'Request deletion' });
    await last.waitFor();
    await last.getByLabel('Why should the key be deleted?').fill('CHG-88 rotated');
    await last.getByRole('button', { name: 'Request deletion' }).click();
    await last.waitFor({ state: 'detached' });
    await alice.message(/waiting for an approver/);

    await april.openChannel('key-approvals');
    await april.press(oldKey, 'Approve');
    await april.message('Key deleted');
    const complete = await alice.message(/Rotation complete/);
    expect(await complete.textContent()).toContain(oldKey);
    expect(await complete.textContent()).toMatch(/deleted by @(april|April Approver)/);
    // One guide for the start, and no answers beside it.
    expect(
      await alice.messages.getByRole('article').filter({ hasText: 'Rotating the access key' }).count(),
    ).toBe(1);
    expect(await alice.messages.textContent()).not.toContain('Rotation started');
  }, 180_000);
});
