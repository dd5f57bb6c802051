import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/platform/logger';
import { launchChromium, SandboxPage } from './demo/browser';
import { demoAccessKeyId } from './demo/account';
import { startSandbox } from './demo/start-sandbox';
import { defaultWebRoot, isBuilt, repoRoot } from './page-server';

/** One picture for the docs: the steps that lead to it, and its file name under docs/images/. */
interface Shot {
  file: string;
  steps(page: SandboxPage): Promise<void>;
}

const SHOTS: Shot[] = [
  {
    file: 'sandbox-alice-list.png',
    async steps(page) {
      await page.signInAs('alice');
      await page.openChannel('Keywarden');
      await page.send('/keys list');
      await page.message(demoAccessKeyId('alice', 0));
    },
  },
  {
    file: 'sandbox-alice-secret.png',
    async steps(page) {
      await page.signInAs('alice');
      await page.openChannel('Keywarden');
      await page.sendAndAwait('/keys create', 'Secret access key');
    },
  },
  {
    file: 'sandbox-approval-executed.png',
    async steps(page) {
      const key = demoAccessKeyId('bob', 0);
      await page.signInAs('bob');
      await page.openChannel('Keywarden');
      await page.sendAndAwait(`/keys delete ${key} INC-101 replaced last week`, 'requested');
      await page.signInAs('april');
      await page.openChannel('key-approvals');
      await page.press(key, 'Approve');
      await page.message('Key deleted');
    },
  },
  {
    file: 'sandbox-stale-report.png',
    async steps(page) {
      await page.signInAs('ada');
      await page.openChannel('Keywarden');
      const report = await page.sendAndAwait('/keys stale', /Showing the \d+ worst of \d+/);
      // Show the report from its top: summary, provenance and the worst keys.
      await report.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    },
  },
  {
    file: 'sandbox-key-leak.png',
    async steps(page) {
      await page.signInAs('ada');
      await page.openChannel('key-incidents');
      const card = await page.simulateLeak(demoAccessKeyId('alice', 0));
      await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    },
  },
];

/**
 * Drives the page through the demo stories in Debian's Chromium and saves what it shows to docs/images/.
 * Each run starts from a fresh demo account in a temporary directory; data/sandbox/ is left alone.
 */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (!isBuilt(defaultWebRoot())) throw new Error('the page is not built: run npm run build first');
  const outDir = join(repoRoot(), 'docs', 'images');
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'keywarden-screenshots-'));
  const sandbox = await startSandbox({
    dataDir,
    pagePort: 0,
    log: createLogger({ level: 'warn', pretty: true }),
  });
  const browser = await launchChromium();
  try {
    for (const shot of SHOTS) {
      const page = await SandboxPage.open(browser, sandbox.pageUrl);
      await shot.steps(page);
      const path = join(outDir, shot.file);
      await page.screenshot(path);
      await page.page.close();
      console.log(`saved ${path}`);
    }
  } finally {
    await browser.close();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('screenshots failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
