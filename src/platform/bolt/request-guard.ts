import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../logger';

/** Slack's own requests are a few kilobytes; a view submission stays far below this. */
export const MAX_BODY_BYTES = 1024 * 1024;

// The shape of Slack's headers only; Bolt still checks the HMAC and the five-minute window.
const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export interface RequestGuardOptions {
  /** The path Bolt receives Slack's requests on; other paths go to Bolt untouched. */
  path: string;
  log: Logger;
  maxBodyBytes?: number;
}

/** Bolt reads a body it finds already read (`rawBody`) instead of reading the request again. */
type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

function pathOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function unsigned(req: IncomingMessage): boolean {
  const signature = header(req, 'x-slack-signature');
  const timestamp = header(req, 'x-slack-request-timestamp');
  return !signature || !SIGNATURE.test(signature) || !timestamp || !TIMESTAMP.test(timestamp);
}

/**
 * Answers at once and closes the connection: with `Connection: close`, Node ends the socket as soon as
 * the answer is out, so the rest of the body is never read, let alone kept.
 */
function refuse(res: ServerResponse, status: 401 | 413): void {
  if (res.headersSent) return;
  res.writeHead(status, { connection: 'close', 'content-length': '0' });
  res.end();
}

/**
 * Reads the body as it streams, counting bytes, so a chunked body (which has no Content-Length) is
 * stopped as soon as it passes the limit instead of when it ends.
 */
function readBounded(
  req: IncomingMessage,
  maxBytes: number,
  onBody: (body: Buffer) => void,
  onTooLarge: () => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const stop = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', stop);
    req.off('close', stop);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      stop();
      chunks.length = 0;
      // Whatever still arrives before the connection closes is dropped, never kept.
      req.resume();
      onTooLarge();
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    stop();
    onBody(Buffer.concat(chunks, size));
  };
  req.on('data', onData);
  req.on('end', onEnd);
  // A client that goes away mid-body needs no answer; Node closes its socket.
  req.on('error', stop);
  req.on('close', stop);
}

/**
 * Bolt's HTTPReceiver reads the whole body into memory before it checks the signature, so anyone who
 * can reach the port could make the bot hold any amount of memory (an unsigned 96 MB POST grew it by
 * about 290 MB before its 401). This guard stands in front of Bolt on the events path: a request
 * without Slack's signature headers gets 401 and a body over the limit gets 413, both before the body
 * is read, and the body that passes is handed to Bolt already read, where the signature check stays.
 */
export function guardSlackRequests(next: RequestListener, options: RequestGuardOptions): RequestListener {
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return (req, res) => {
    if (req.method !== 'POST' || pathOf(req) !== options.path) {
      next(req, res);
      return;
    }
    if (unsigned(req)) {
      options.log.warn({ status: 401 }, 'refused a request without Slack signature headers');
      refuse(res, 401);
      return;
    }
    const declared = Number(header(req, 'content-length') ?? 0);
    if (declared > maxBytes) {
      options.log.warn({ status: 413, bytes: declared }, 'refused a request body over the size limit');
      refuse(res, 413);
      return;
    }
    readBounded(
      req,
      maxBytes,
      (body) => {
        (req as BufferedRequest).rawBody = body;
        try {
          next(req, res);
        } catch (err) {
          // Bolt routes this path without throwing; if it ever does, the request still gets an answer.
          options.log.error({ err }, 'the Slack request handler failed');
          if (!res.headersSent) res.writeHead(500).end();
        }
      },
      () => {
        options.log.warn({ status: 413 }, 'refused a streamed request body over the size limit');
        refuse(res, 413);
      },
    );
  };
}
