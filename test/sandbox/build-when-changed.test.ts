import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'sandbox', 'build-when-changed.mjs');

/**
 * Issue 26, item 14: `npm run sandbox` builds only when a source changed. The script runs on a
 * project of its own here, with a "build" that makes the outputs and counts how often it ran.
 */
describe('sandbox/build-when-changed.mjs', () => {
  let root: string;
  const builds = () =>
    existsSync(join(root, 'builds')) ? readFileSync(join(root, 'builds'), 'utf8').length : 0;
  const build = [
    "const fs = require('node:fs');",
    "fs.mkdirSync('dist/sandbox', { recursive: true }); fs.mkdirSync('dist/sandbox-web', { recursive: true });",
    "fs.writeFileSync('dist/sandbox/run.js', ''); fs.writeFileSync('dist/sandbox-web/index.html', '');",
    "fs.appendFileSync('builds', 'x');",
  ].join(' ');
  const run = () =>
    execFileSync('node', [SCRIPT, '--root', root, '--build', `node -e "${build}"`], { encoding: 'utf8' });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kw-build-'));
    mkdirSync(join(root, 'src'));
    mkdirSync(join(root, 'sandbox', 'web'), { recursive: true });
    writeFileSync(join(root, 'src', 'main.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'sandbox', 'web', 'main.ts'), 'export const b = 1;\n');
    writeFileSync(join(root, 'package.json'), '{}\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds the first time, then not again while the sources are the same', () => {
    expect(run()).toContain('no build yet; building');
    expect(builds()).toBe(1);
    expect(run()).toContain('not rebuilding');
    expect(builds()).toBe(1);
  });

  it('builds again after a source changes, in the bot or in the page', () => {
    run();
    writeFileSync(join(root, 'src', 'main.ts'), 'export const a = 2;\n');
    expect(run()).toContain('sources changed; building');
    writeFileSync(join(root, 'sandbox', 'web', 'new.ts'), 'export const c = 1;\n');
    run();
    expect(builds()).toBe(3);
  });

  it('does not build again when only mtimes change (a checkout), and does when an output is missing', () => {
    run();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src', 'main.ts'), later, later);
    run();
    expect(builds()).toBe(1);
    rmSync(join(root, 'dist', 'sandbox-web'), { recursive: true });
    run();
    expect(builds()).toBe(2);
  });
});
