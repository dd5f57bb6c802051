import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

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

/**
 * Any failure as the service's error: a JsonApiError as it is, anything else (a bug in the stand-in)
 * as the service's internal error, said where a developer sees it.
 */
export function asJsonApiError(error: unknown, internal: () => JsonApiError, service: string): JsonApiError {
  if (error instanceof JsonApiError) return error;
  console.error(`sandbox ${service}: unexpected error`, error);
  return internal();
}

/** An HTTP server for a stand-in's handler; a handler that throws past its own catch answers a bare 500. */
export function jsonApiServer(
  service: string,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Server {
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`sandbox ${service}: request failed`, error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}
