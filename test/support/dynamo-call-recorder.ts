import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One DynamoDB request as it crossed the wire: its operation (from X-Amz-Target) and the answer's status. */
export interface DynamoCall {
  operation: string;
  status: number;
}

export interface DynamoCallRecorder {
  /** Where the bot's DynamoDB client points instead of the store. */
  url: string;
  calls(): DynamoCall[];
  close(): Promise<void>;
}

/**
 * A pass-through in front of a DynamoDB-compatible server that records each request's operation, so
 * a test can hold the bot's own counters to what really went over the wire. Headers and body go on
 * unchanged (the SigV4 signature covers the Host header, which stays the recorder's).
 */
export async function startDynamoCallRecorder(target: string): Promise<DynamoCallRecorder> {
  const calls: DynamoCall[] = [];
  const upstream = new URL(target);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        calls.push({ operation, status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => [...calls],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
