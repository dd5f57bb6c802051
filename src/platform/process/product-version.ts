import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Keywarden's version from its package.json, found upwards from here (src/ under tests, dist/src/ when built). */
export function productVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'keywarden' && pkg.version) return pkg.version;
    } catch {
      // No package.json here: look one level up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
