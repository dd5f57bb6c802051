import type { ServerResponse } from 'node:http';
import type { LiveEvent } from './api';

/** A comment line now and then keeps proxies and the browser from deciding the stream is dead. */
const HEARTBEAT_MS = 15_000;
/** Audit items are often written just after the last message of an action; a late nudge catches them. */
const PANEL_NUDGES_MS = [250, 1_500];

/** Server-Sent Events to every open page: small nudges, after which the page fetches its own view. */
export class LiveEvents {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private panelTimers: NodeJS.Timeout[] = [];

  constructor() {
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  open(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  get count(): number {
    return this.clients.size;
  }

  send(event: LiveEvent): void {
    this.write(`data: ${JSON.stringify(event)}\n\n`);
    if (event.type !== 'panel') this.schedulePanel();
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const timer of this.panelTimers) clearTimeout(timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  /** Restarted by every change, so a burst of changes gives one pair of nudges after it. */
  private schedulePanel(): void {
    for (const timer of this.panelTimers) clearTimeout(timer);
    this.panelTimers = PANEL_NUDGES_MS.map((ms) => {
      const timer = setTimeout(() => this.write(`data: ${JSON.stringify({ type: 'panel' })}\n\n`), ms);
      timer.unref();
      return timer;
    });
  }

  private write(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }
}
