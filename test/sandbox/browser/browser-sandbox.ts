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
