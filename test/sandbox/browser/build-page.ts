import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../../sandbox/page-server';

/**
 * Builds the page from the current source into `outDir` with Vite's own command line, so the browser test
 * checks this checkout's page (not a stale dist/) and works on a clean clone.
 */
export async function buildPage(outDir: string): Promise<void> {
  const root = repoRoot();
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(root, 'sandbox', 'web', 'vite.config.mts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: root, timeout: 60_000 },
  );
}
