import { demoAccessKeyId } from '../../../sandbox/demo/account';
import type { Sandbox } from '../../../sandbox/run';
import { useBrowserSandbox } from './browser-sandbox';

/**
 * Issue 26, items 2 and 3, in the sandbox: a report line acted on is rewritten in place for the whole
 * channel, and a decision taken from the Home comes back on the Home, not in another channel; and
 * the panel's audit reads as Slack's `/keys audit` does.
 */
const BOB_KEY = demoAccessKeyId('bob', 0);

const stories = useBrowserSandbox('keywarden-feedback-');
const open = (as: string) => stories.open(as);
let sandbox: Sandbox;
beforeAll(() => {
  sandbox = stories.sandbox;
});

describe('item 2, as the admin in #secops: a line acted on is rewritten in place', () => {
  it('shows who deactivated the key on the line itself, and offers nothing more on it', async () => {
    const page = await open('ada');
    await page.page
      .getByRole('complementary', { name: 'Behind the scenes' })
      .getByRole('button', { name: 'Run now' })
      .first()
      .click();
    await page.openChannel('secops');
    const report = await page.message(/Showing the \d+ worst of \d+/);
    const row = report.locator('.bk-section', { hasText: 'quentin.roy' });
    await row.getByRole('button', { name: 'More actions' }).click();
    await row.getByRole('menuitem', { name: 'Deactivate' }).click();
    await row.getByRole('dialog').getByRole('button', { name: 'Go on' }).click();

    // The channel's own message, changed where it is: no reload, no second report.
    await page.waitFor(row.filter({ hasText: /Deactivated by @/ }), 'the line marked as deactivated', row);
    expect(await row.getByRole('button', { name: 'More actions' }).count()).toBe(0);
    const status = sandbox.iam.state.keysOf('quentin.roy').map((key) => key.status);
    expect(status).toContain('Inactive');

    // The panel's audit says it as `/keys audit` does in Slack; the stored codes stay in its title.
    const audit = page.page
      .getByRole('complementary', { name: 'Behind the scenes' })
      .getByRole('region', { name: 'Audit events' });
    const said = audit.getByRole('listitem').filter({ hasText: /deactivated key AKIA\w+ of quentin\.roy/ });
    await page.waitFor(said.first(), 'the deactivation in words in the panel', audit);
    expect(await said.first().getAttribute('title')).toMatch(/ · deactivate · ok · quentin\.roy · AKIA\w+/);
    expect(await said.first().textContent()).toContain('@Ada Admin deactivated key');
  }, 90_000);
});

describe('item 3, as april on her Home: Approve… from the Home answers on the Home', () => {
  it('republishes the Home with the outcome at the top, the request no longer offered', async () => {
    const bob = await open('bob');
    await bob.openChannel('Keywarden');
    await bob.sendAndAwait(`/keys delete ${BOB_KEY} INC-101 replaced last week`, 'requested');

    const april = await open('april');
    await april.page
      .getByRole('navigation', { name: 'Workspace' })
      .getByRole('button', { name: 'Home', exact: true })
      .click();
    const home = april.messages.locator('.home-view');
    const request = home.locator('.bk-section', { hasText: BOB_KEY });
    await april.waitFor(request, 'the request on april’s Home', home);
    await home.getByRole('button', { name: 'Approve…' }).first().click();
    const modal = april.page.getByRole('dialog', { name: 'Approve the deletion' });
    await modal.waitFor();
    await modal.getByRole('button', { name: 'Approve' }).click();
    await modal.waitFor({ state: 'detached' });

    await april.waitFor(home.getByText('Approved. The key was deleted.'), 'the outcome on the Home', home);
    expect(await home.getByRole('button', { name: 'Approve…' }).count()).toBe(0);
    expect(sandbox.iam.state.findKey(BOB_KEY)).toBeUndefined();
  }, 90_000);
});
