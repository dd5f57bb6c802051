import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Every method is routed to the handler, which answers what it does not serve itself: Bolt's
 * Socket Mode server logs an unhandled request with its whole URL (SocketModeReceiver.js, "An
 * unhandled HTTP request ... made to ${req.url} was ignored"), query string and its tokens included.
 */
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Pages a slice serves on PORT beside /healthz (the step-up's /stepup/start and /stepup/callback),
 * as Bolt custom routes in both modes. Bolt takes its routes when the receiver is built, before any
 * slice is installed, so the paths are declared then and each slice plugs its handler in at install.
 */
export class HttpRoutes {
  private readonly handlers = new Map<string, RouteHandler>();

  constructor(
    private readonly paths: readonly string[],
    private readonly log: Logger,
  ) {}

  on(path: string, handler: RouteHandler): void {
    if (!this.paths.includes(path)) throw new Error(`the route ${path} was not declared`);
    if (this.handlers.has(path)) throw new Error(`two handlers for the route ${path}`);
    this.handlers.set(path, handler);
  }

  /** For the receiver's customRoutes. */
  customRoutes() {
    return this.paths.map((path) => ({
      path,
      method: ALL_METHODS,
      handler: (req: IncomingMessage, res: ServerResponse) => void this.serve(path, req, res),
    }));
  }

  private async serve(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const handler = this.handlers.get(path);
    try {
      if (!handler) throw new Error(`no handler for the route ${path}`);
      await handler(req, res);
    } catch (error) {
      // The path only: the URL's query may hold a token.
      this.log.error({ err: error, path }, 'a route failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Something went wrong.\n');
    }
  }
}
