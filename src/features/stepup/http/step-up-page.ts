import type { ServerResponse } from 'node:http';

import { escapeHtml } from '../../../platform/http/escape-html';

/**
 * The page a browser lands on: one fixed sentence of ours, escaped anyway, and nothing from the
 * request. No script, no outside resource, no framing, no referrer, never cached.
 */
export function sendPage(res: ServerResponse, status: number, sentence: string): void {
  const text = escapeHtml(sentence);
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Keywarden</title>' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"></head>' +
    `<body><main><h1>Keywarden</h1><p id="outcome">${text}</p></main></body></html>\n`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  });
  res.end(body);
}
