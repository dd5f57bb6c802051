import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

async function answer(metrics: Metrics, res: ServerResponse, log: Logger): Promise<void> {
  try {
    const { contentType, body } = await metrics.scrape();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(body);
  } catch (error) {
    log.warn({ err: error }, 'metrics could not be collected');
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('metrics could not be collected\n');
  }
}

/** GET /metrics as a Bolt custom route: served on PORT in both modes, beside /healthz. */
export function metricsRoute(metrics: Metrics, log: Logger) {
  return {
    path: METRICS_PATH,
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => void answer(metrics, res, log),
  };
}

/** A small server of its own for METRICS_PORT: GET /metrics, and 404 for anything else. */
export async function startMetricsServer(
  metrics: Metrics,
  { port, host, log }: { port: number; host?: string; log: Logger },
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === METRICS_PATH) {
      void answer(metrics, res, log);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
