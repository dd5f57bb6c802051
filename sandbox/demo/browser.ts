import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_PEOPLE } from './people';

/** Debian's Chromium; Playwright's own browser download cannot work here and is never attempted. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * The sandbox page as a person uses it, for the browser test and the screenshots: sign in as someone,
 * open a channel, type a command, find messages and buttons. Waits are for what the page shows, never
 * for a fixed time.
 */
export class SandboxPage {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string, as = 'alice'): Promise<SandboxPage> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const sandbox = new SandboxPage(page);
    await page.goto(url);
    await sandbox.signInAs(as);
    return sandbox;
  }

  /** By demo name: alice, bob, ada (admin), april and arne (approvers), sam (no access). */
  async signInAs(name: string): Promise<void> {
    const person = DEMO_PEOPLE.find((p) => p.name === name);
    if (!person) throw new Error(`no demo person called ${name}`);
    await this.page.getByLabel('Signed in as').selectOption(person.id);
    await this.page.waitForURL((url) => url.searchParams.get('as') === person.id);
  }

  /** "Keywarden" for the DM with the bot, or a channel name without the #. */
  async openChannel(name: string): Promise<void> {
    const label = name === 'Keywarden' ? 'Keywarden' : `# ${name}`;
    await this.page
      .getByRole('navigation', { name: 'Workspace' })
      .getByRole('button', { name: label })
      .click();
    await this.page
      .getByRole('heading', { level: 1, name: name === 'Keywarden' ? name : `#${name}` })
      .waitFor();
  }

  async send(text: string): Promise<void> {
    const box = this.page.getByRole('textbox', { name: /^Message / });
    await box.fill(text);
    await box.press('Enter');
  }

  get messages(): Locator {
    return this.page.getByRole('region', { name: 'Messages' });
  }

  /** The newest message on screen holding this text; waits until it is there. */
  async message(text: string | RegExp): Promise<Locator> {
    const found = this.messages.getByRole('article').filter({ hasText: text }).last();
    await this.waitFor(found, `a message holding ${String(text)}`);
    return found;
  }

  /** Sends a command and waits for a new message holding `text` (not one already on screen). */
  async sendAndAwait(command: string, text: string | RegExp): Promise<Locator> {
    const matching = this.messages.getByRole('article').filter({ hasText: text });
    const before = await matching.count();
    await this.send(command);
    const fresh = matching.nth(before);
    await this.waitFor(fresh, `an answer to ${command} holding ${String(text)}`);
    return fresh;
  }

  /**
   * Waits for the locator to be visible; when it never is, the error says what the page showed
   * instead (the channel, its newest messages, the page's notices), so a failure on a CI machine
   * explains itself without a rerun.
   */
  async waitFor(locator: Locator, what: string, around?: Locator): Promise<void> {
    try {
      await locator.waitFor();
    } catch (error) {
      const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      throw new Error(`${what}: ${why}\n${await this.shown(around)}`, { cause: error });
    }
  }

  /**
   * The open channel, its last five messages, every status or alert on the page, and the text of
   * `around` (a panel the wait was in), as text.
   */
  async shown(around?: Locator): Promise<string> {
    const texts = async (locator: Locator) =>
      (await locator.allTextContents().catch(() => [])).map((text) => text.replace(/\s+/g, ' ').trim());
    const heading = await texts(this.page.getByRole('heading', { level: 1 }));
    const messages = (await texts(this.messages.getByRole('article'))).slice(-5);
    const notices = await texts(this.page.getByRole('status').or(this.page.getByRole('alert')));
    return [
      `the page showed: ${heading.join(' / ') || '(no channel)'}`,
      ...messages.map((text) => `  message: ${text.slice(0, 300)}`),
      ...notices.filter(Boolean).map((text) => `  notice: ${text.slice(0, 300)}`),
      ...(around ? (await texts(around)).map((text) => `  around: ${text.slice(0, 600)}`) : []),
    ].join('\n');
  }

  /**
   * Presses a button on the newest message holding `text`, and confirms its confirm step when it
   * has one, as a person does.
   */
  async press(text: string | RegExp, buttonName: string): Promise<void> {
    const message = await this.message(text);
    await message.getByRole('button', { name: buttonName, exact: true }).first().click();
    const dialog = message.getByRole('dialog');
    if (await dialog.isVisible()) await dialog.getByRole('button').last().click();
  }

  /**
   * The panel's "Simulate a leak" for this key, as a person clicks it; waits for the page to say the
   * Health event was sent, and then for the incident card, completed in place with the user's rights and
   * the key's CloudTrail activity (nothing left "reading…").
   */
  async simulateLeak(keyId: string): Promise<Locator> {
    const panel = this.page.getByRole('complementary', { name: 'Behind the scenes' });
    const leak = panel.getByRole('region', { name: 'Simulate a leak' });
    await leak.getByLabel('Key').selectOption(keyId);
    await leak.getByRole('button', { name: 'Simulate a leak' }).click();
    await this.page
      .getByRole('status')
      .filter({ hasText: `AWS Health reported ${keyId} exposed` })
      .waitFor();
    const card = this.messages
      .getByRole('article')
      .filter({ hasText: `Leaked access key ${keyId}` })
      .filter({ hasText: 'What the key did' })
      .filter({ hasNotText: /reading/ })
      .last();
    await card.waitFor();
    return card;
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: false });
  }
}
