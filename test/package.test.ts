import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** What each file of src/ loads when it runs: static imports and re-exports (not `import type`), and `import()`. */
function runtimeImports(): { file: string; specifier: string }[] {
  const statement = /^(?:import|export)\s+(type\s+)?(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm;
  const dynamic = /\bimport\(\s*'([^']+)'\s*\)/g;
  const found: { file: string; specifier: string }[] = [];
  for (const file of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const source = readFileSync(join(ROOT, 'src', file), 'utf8');
    for (const [, typeOnly, specifier = ''] of source.matchAll(statement)) {
      if (!typeOnly) found.push({ file, specifier });
    }
    for (const [, specifier = ''] of source.matchAll(dynamic)) found.push({ file, specifier });
  }
  return found;
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The image (Dockerfile) installs `dependencies` only (`npm ci --omit=dev`) and copies dist/src alone:
 * a package src/ needs that sits in devDependencies, or a file it loads from sandbox/ or test/, works
 * in every test here and fails only in the container.
 */
describe('package.json: what the built bot loads is what the image holds', () => {
  const imports = runtimeImports();

  it('every package src/ loads at run time is a dependency, not a devDependency', () => {
    const packages = imports.filter(
      ({ specifier }) => !specifier.startsWith('.') && !specifier.startsWith('node:'),
    );
    expect(packages.map(({ specifier }) => packageOf(specifier))).toEqual(
      expect.arrayContaining(['@slack/bolt', '@aws-sdk/client-iam', 'pino']),
    );
    const outside = packages
      .filter(({ specifier }) => !(packageOf(specifier) in pkg.dependencies))
      .map(({ file, specifier }) => `${file}: ${specifier}`);
    expect(outside).toEqual([]);
  });

  it('src/ loads no file from outside src/ (sandbox/ and test/ are not in the image)', () => {
    const outside = imports
      .filter(({ specifier }) => specifier.startsWith('.'))
      .filter(({ file, specifier }) =>
        relative(join(ROOT, 'src'), normalize(join(ROOT, 'src', dirname(file), specifier))).startsWith('..'),
      )
      .map(({ file, specifier }) => `${file}: ${specifier}`);
    expect(outside).toEqual([]);
  });
});
