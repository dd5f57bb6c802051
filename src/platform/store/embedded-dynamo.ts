import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import {
  generateCredentials,
  MAX_BODY_BYTES,
  SignatureCheck,
  type EmbeddedCredentials,
} from './embedded-auth';

export interface EmbeddedDynamo {
  endpoint: string;
  /** The only pair the store accepts; generated at start, held in memory only. */
  credentials: EmbeddedCredentials;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * dynalite, a DynamoDB-compatible server, in this process on loopback: a single replica needs no
 * AWS account. It speaks the real DynamoDB API, so the store's code path is the production one.
 * It answers only requests signed with the pair generated at start (see docs/security.md for
 * what that does and does not protect). `dataDir` undefined keeps everything in memory (tests);
 * on disk the directory is private to the bot's user.
 */
export async function startEmbeddedDynamo(
  dataDir?: string,
  options: { credentials?: EmbeddedCredentials } = {},
): Promise<EmbeddedDynamo> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Tests that share one server between replicas name the pair; the bot never does.
  const credentials = options.credentials ?? generateCredentials();
  const requests = guard(server, new SignatureCheck(credentials));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    credentials,
    close: async () => {
      // dynalite throws (an uncaught exception) from a request whose action reaches the database
      // after it closed: requests already taken finish first, and none is taken meanwhile.
      await requests.finish(CLOSE_WAIT_MS);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}

/** How long close() lets requests already taken finish; each is one in-memory or on-disk operation. */
const CLOSE_WAIT_MS = 5_000;

interface TakenRequests {
  /** Refuses new requests from now on and resolves once those taken are answered (or after `ms`). */
  finish(ms: number): Promise<void>;
}

/**
 * Puts the signature check in front of dynalite's own handler, which then reads a replayed body,
 * and counts the requests taken, so that closing waits for them.
 */
function guard(server: Server, check: SignatureCheck): TakenRequests {
  const [dynaliteHandler] = server.listeners('request') as Handler[];
  if (!dynaliteHandler) throw new Error('dynalite registered no request handler');
  server.removeAllListeners('request');
  let taken = 0;
  let closing = false;
  let idle: (() => void) | undefined;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (closing) return refuse(res, 503, 'ServiceUnavailable', 'The store is closing.');
    taken += 1;
    res.once('close', () => {
      taken -= 1;
      if (taken === 0) idle?.();
    });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refuse(res, 413, 'RequestEntityTooLarge');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      const body = Buffer.concat(chunks);
      check.verify(req, body).then(
        (valid) => {
          if (!valid) return refuse(res, 403, 'UnrecognizedClientException');
          const replay = Object.assign(new PassThrough(), {
            headers: req.headers,
            method: req.method,
            url: req.url,
            socket: req.socket,
          });
          dynaliteHandler(replay as unknown as IncomingMessage, res);
          replay.end(body);
        },
        () => refuse(res, 403, 'UnrecognizedClientException'),
      );
    });
  });
  return {
    finish(ms) {
      closing = true;
      if (taken === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        timer.unref();
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

function refuse(
  res: ServerResponse,
  status: number,
  type: string,
  message = 'The security token included in the request is invalid.',
): void {
  if (res.headersSent) return;
  const body = JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
