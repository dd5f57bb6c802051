import type { IncomingMessage } from 'node:http';

import { parseMultipart } from './multipart';

/** Fields the WebClient JSON-encodes because their values are objects or arrays. */
const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'files', 'view', 'outputs'];

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Web API arguments however they came: form-encoded (what the WebClient sends), JSON, multipart, or a
 * GET query string, all of which Slack accepts.
 */
export function apiParams(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const contentType = req.headers['content-type'] ?? '';
  const query = new URL(req.url ?? '/', 'http://sandbox').searchParams;
  const fields: Record<string, unknown> = Object.fromEntries(query);
  if (contentType.startsWith('application/json')) {
    const parsed: unknown = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
    if (typeof parsed === 'object' && parsed !== null) Object.assign(fields, parsed);
    return fields;
  }
  if (contentType.startsWith('multipart/form-data')) {
    for (const part of parseMultipart(body, contentType)) {
      fields[part.name] = part.filename !== undefined ? part.data : part.data.toString('utf8');
    }
  } else {
    Object.assign(fields, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  for (const name of JSON_FIELDS) {
    const value = fields[name];
    if (typeof value === 'string') fields[name] = parseJsonOr(value);
  }
  return fields;
}

/** A field that does not parse stays a string, so the method can answer as Slack does (e.g. invalid_blocks_format). */
function parseJsonOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
