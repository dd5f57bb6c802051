import type { IncomingMessage, ServerResponse } from 'node:http';

export type ReadinessState = 'starting' | 'ready' | 'draining';

/** What GET /healthz reports: 200 only while the app can take work. */
export class Readiness {
  state: ReadinessState = 'starting';

  route() {
    return {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        const ready = this.state === 'ready';
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ status: this.state }));
      },
    };
  }
}
