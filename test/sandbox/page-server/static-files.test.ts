import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, serveStatic } from '../../../sandbox/page-server/static-files';
import { raw } from './page-client';

let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'keywarden-web-'));
  mkdirSync(join(root, 'web', 'assets'), { recursive: true });
  writeFileSync(join(root, 'web', 'index.html'), '<!doctype html><title>page</title>');
  writeFileSync(join(root, 'web', 'assets', 'app-1.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the web root');
  server = createServer((req, res) =>
    serveStatic(join(root, 'web'), new URL(req.url ?? '/', 'http://x').pathname, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('serving the built page', () => {
  it('serves the page and its assets with their types and the content security policy', async () => {
    const page = await raw(`${base}/`);
    expect(page).toMatchObject({ status: 200, text: '<!doctype html><title>page</title>' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const script = await raw(`${base}/assets/app-1.js`);
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
  });

  it.each([['/..%2fsecret.txt'], ['/%2e%2e%2fsecret.txt'], ['/assets'], ['/nothing.js'], ['/%E0%A4%A']])(
    'answers 404 for %s',
    async (path) => {
      const answer = await raw(`${base}${path}`);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain('outside the web root');
    },
  );

  it('finds the repository from the source tree', () => {
    expect(repoRoot(__dirname)).toBe(join(__dirname, '..', '..', '..'));
  });
});
