import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { launchChromium, SandboxPage } from '../../../sandbox/demo/browser';
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
  const problems: string[] = [];
  await buildPage(join(dir, 'web'));
  const sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    pagePort: 0,
    webRoot: join(dir, 'web'),
    log: createLogger({ level: 'warn', destination: keepProblems(problems) }),
    ...options,
  });
  const browser = await launchChromium();
  return {
    sandbox,
    browser,
    async stop() {
      await browser.close();
      await sandbox.stop();
      // Quiet when all went well; when the bot logged an error, the CI output says which.
      // eslint-disable-next-line no-console -- the one way a test's diagnostics reach the CI output
      if (problems.length > 0) console.warn(`the sandbox logged errors:\n${problems.join('\n')}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface StorySandbox {
  /** The started sandbox (inside a story, or a hook after the file's first beforeAll). */
  readonly sandbox: Sandbox;
  /** A page signed in as `as`, closed after the story that opened it. */
  open(as: string): Promise<SandboxPage>;
}

/**
 * A test file's sandbox and Chromium, started before its stories and stopped after them. Each story's
 * pages are closed after it: pages left open keep listening to the live events and fetching their
 * views, and slow every later story down (CI timed out two stories so).
 */
export function useBrowserSandbox(prefix: string): StorySandbox {
  let started: BrowserSandbox | undefined;
  let opened: SandboxPage[] = [];
  beforeAll(async () => {
    started = await startBrowserSandbox(prefix);
  }, 90_000);
  afterEach(async () => {
    await Promise.all(opened.map((page) => page.page.close()));
    opened = [];
  });
  afterAll(async () => {
    await started?.stop();
  });
  const running = (): BrowserSandbox => {
    if (!started) throw new Error('the browser sandbox has not started');
    return started;
  };
  return {
    get sandbox() {
      return running().sandbox;
    },
    async open(as) {
      const { browser, sandbox } = running();
      const page = await SandboxPage.open(browser, sandbox.pageUrl, as);
      opened.push(page);
      return page;
    },
  };
}

/** The sandbox's log lines at level error and above (the last 50), kept for a failed run's output. */
function keepProblems(problems: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          if (((JSON.parse(line) as { level?: number }).level ?? 0) >= 50)
            problems.push(line.slice(0, 2_000));
        } catch {
          problems.push(line.slice(0, 2_000));
        }
      }
      problems.splice(0, Math.max(0, problems.length - 50));
      done();
    },
  });
}
