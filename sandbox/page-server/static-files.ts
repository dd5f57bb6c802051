import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from './http-io';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The directory holding package.json, found from here, so this works from sandbox/ and from dist/sandbox/. */
export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Where `vite build --config sandbox/web/vite.config.ts` puts the page. */
export function defaultWebRoot(): string {
  return join(repoRoot(), 'dist', 'sandbox-web');
}

export function isBuilt(webRoot: string): boolean {
  return existsSync(join(webRoot, 'index.html'));
}

const NOT_BUILT = `The sandbox page is not built yet.
Run: npm run build   (it builds the page with Vite into dist/sandbox-web)
`;

/** Serves the built page; a path that leaves the web root, or names a directory, is not found. */
export function serveStatic(webRoot: string, pathname: string, res: ServerResponse): void {
  const root = resolve(webRoot);
  if (!isBuilt(root)) {
    res.writeHead(503, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(NOT_BUILT);
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    relative = '';
  }
  const file = resolve(root, `.${relative}`);
  const inside = file.startsWith(root + sep);
  if (!inside || relative.includes('\0') || !existsSync(file) || !statSync(file).isFile()) {
    res
      .writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' })
      .end('Not found\n');
    return;
  }
  const body = readFileSync(file);
  // Vite names assets by their content hash, so they can be kept; the page itself is always fetched again.
  const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': cache,
  });
  res.end(body);
}
