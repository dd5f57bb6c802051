// `npm run sandbox` builds only when a source changed since the last build (a full build takes 12-15 s
// a start). Plain JavaScript, because it runs before anything is compiled. `npm run build` stays a
// full build; this only decides whether to run it.
//
//   node sandbox/build-when-changed.mjs [--root DIR] [--build COMMAND]
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { argv, cwd, exit, stdout } from 'node:process';

/** What the build reads: the sources of both builds, and the settings and lock file that shape them. */
const SOURCE_DIRS = ['src', 'sandbox', 'bench'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** What `npm run sandbox` runs: missing, the build runs whatever the stamp says. */
const OUTPUTS = ['dist/sandbox/run.js', 'dist/sandbox-web/index.html'];
const STAMP = 'dist/.sandbox-sources.sha256';

function option(name, fallback) {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] !== undefined ? argv[at + 1] : fallback;
}

function filesUnder(root, dir) {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)));
}

/** A content hash of every source, by path and bytes: a checkout that only touches mtimes changes nothing. */
export function sourcesHash(root) {
  const hash = createHash('sha256');
  const files = [...SOURCE_DIRS.flatMap((dir) => filesUnder(root, dir)), ...SOURCE_FILES]
    .filter((file) => existsSync(join(root, file)))
    .sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const root = option('--root', cwd());
const build = option('--build', 'npm run build');
const hash = sourcesHash(root);
const stampPath = join(root, STAMP);
const built = OUTPUTS.every((output) => existsSync(join(root, output)));
const stamped = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : '';
if (built && stamped === hash) {
  stdout.write('sandbox: sources unchanged since the last build; not rebuilding\n');
  exit(0);
}
stdout.write(built ? 'sandbox: sources changed; building\n' : 'sandbox: no build yet; building\n');
try {
  execSync(build, { cwd: root, stdio: 'inherit' });
} catch {
  exit(1);
}
// Written after the build (prebuild empties dist/), so a failed build is never taken as fresh.
writeFileSync(stampPath, `${hash}\n`);
