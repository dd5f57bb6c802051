import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The page is served by sandbox/page-server from dist/sandbox-web, next to the compiled bot.
export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: here('../../dist/sandbox-web'),
    emptyOutDir: true,
    // The page server's Content-Security-Policy allows no inline script; this keeps Vite from adding one.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
