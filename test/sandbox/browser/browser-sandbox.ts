import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../sandbox/demo/browser';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/run';
import { createLogger } from '../../../src/platform/logger';
import { buildPage } from './build-page';

export interface BrowserSandbox {
  sandbox: Sandbox;
  browser: Browser;
  stop(): Promise<void>;
}

/** The page built from this checkout, a fresh sandbox serving it (quiet), and Chromium. */
export async function startBrowserSandbox(
  prefix: string,
  options: Pick<SandboxOptions, 'stepUp'> = {},
): Promise<BrowserSandbox> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  await buildPage(join(dir, 'web'));
  const sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    pagePort: 0,
    webRoot: join(dir, 'web'),
    log: createLogger({ level: 'warn', destination: new Writable({ write: (_c, _e, done) => done() }) }),
    ...options,
  });
  const browser = await launchChromium();
  return {
    sandbox,
    browser,
    async stop() {
      await browser.close();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
