import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An error a stand-in of an AWS JSON service (EventBridge, SQS, CloudTrail) answers as
 * `{"__type": .., "message": ..}`; `headers` carries what a service adds, e.g. SQS's x-amzn-query-error.
 */
export class JsonApiError extends Error {
  override name = 'JsonApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** The body's `__type` when the service qualifies it (SQS: `com.amazonaws.sqs#QueueDoesNotExist`). */
    readonly wireType: string = code,
  ) {
    super(message);
  }
}

/** Reads the whole body, refusing more than maxBytes before it is all in memory. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new JsonApiError(413, 'RequestEntityTooLarge', 'Request is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON object, or undefined for anything else (invalid JSON, an array, a scalar). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function sendJson(
  res: ServerResponse,
  contentType: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    // The SDK reads $metadata.requestId from this header, as from the real services.
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(text);
}

/** The error body every AWS JSON protocol reads: `__type` (the code) and `message`. */
export function sendJsonError(res: ServerResponse, contentType: string, error: JsonApiError): void {
  sendJson(
    res,
    contentType,
    error.status,
    { __type: error.wireType, message: error.message },
    { 'x-amzn-ErrorType': error.wireType, ...error.headers },
  );
}
