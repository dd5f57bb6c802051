import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer, type RawData } from 'ws';

import type { EnvelopeType, SlackSocket, SocketAck } from './types';

interface PendingAck {
  resolve(ack: SocketAck): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  socket: WebSocket;
}

/** Slack gives an app 3 seconds to ack an envelope. */
const ACK_TIMEOUT_MS = 3000;
const CLOSE_GRACE_MS = 1000;
const DEBUG_INFO = { host: 'sandbox-applink-1', build_number: 1, approximate_connection_time: 18060 };

/**
 * The Socket Mode side of Slack: one-time wss URLs from apps.connections.open, a `hello` on connect,
 * envelopes out, acks (`{envelope_id, payload}`) back, and pings, which the client watches for.
 */
export class SocketModeServer implements SlackSocket {
  // The client pings every clientPingTimeout/3 ms and drops a connection whose pongs stop: ws answers them.
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: true });
  private readonly tickets = new Set<string>();
  private readonly connections: WebSocket[] = [];
  private readonly pending = new Map<string, PendingAck>();
  private readonly waiters = new Set<() => void>();
  private turn = 0;
  private closed = false;

  constructor(private readonly options: { appId: string; pingIntervalMs: number }) {}

  issueUrl(wsBase: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${wsBase}/socket?ticket=${ticket}&app_id=${this.options.appId}`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const ticket = url.searchParams.get('ticket') ?? '';
    // A ticket is good for one connection, as Slack's are: reconnecting means calling apps.connections.open again.
    if (this.closed || url.pathname !== '/socket' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  connectionCount(): number {
    return this.connections.length;
  }

  waitForConnection(timeoutMs = 15_000): Promise<void> {
    if (this.connections.length > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`no Socket Mode client connected within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(done);
    });
  }

  send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options: { acceptsResponsePayload?: boolean; timeoutMs?: number } = {},
  ): Promise<SocketAck> {
    const open = this.connections.filter((ws) => ws.readyState === WebSocket.OPEN);
    // Slack spreads envelopes over an app's connections; round robin is the predictable version of that.
    const socket = open[this.turn++ % Math.max(open.length, 1)];
    if (!socket) return Promise.reject(new Error('no Socket Mode client is connected'));
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      payload,
      type,
      accepts_response_payload: options.acceptsResponsePayload ?? acceptsResponsePayload(type, payload),
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    const timeoutMs = options.timeoutMs ?? ACK_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { resolve, reject, timer, socket });
      socket.send(JSON.stringify(envelope), (error) => {
        if (error) this.settle(envelopeId, error);
      });
    });
  }

  requestReconnect(reason = 'refresh_requested'): void {
    for (const ws of this.connections)
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: DEBUG_INFO }));
  }

  /**
   * A still-connected SocketModeClient answers a close by reconnecting through apps.connections.open, which
   * is gone by then; it retries that for many minutes, and its disconnect() does not stop those retries.
   * Nothing said on the socket prevents it, so stop the app (`app.stop()`) before closing the server.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.connections.length > 0) {
      console.warn(
        `slack sandbox: closing with ${this.connections.length} Socket Mode connection(s) open; ` +
          'stop the app (app.stop() / client.disconnect()) first, or its client retries apps.connections.open for minutes',
      );
    }
    for (const id of [...this.pending.keys()]) this.settle(id, new Error('the Slack sandbox closed'));
    const sockets = [...this.connections];
    await Promise.all(sockets.map((ws) => closeOrTerminate(ws)));
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.connections.push(ws);
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections.length,
        debug_info: DEBUG_INFO,
        connection_info: { app_id: this.options.appId },
      }),
    );
    const pinger = setInterval(() => ws.ping(), this.options.pingIntervalMs);
    pinger.unref();
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('error', () => undefined);
    ws.on('close', () => {
      clearInterval(pinger);
      this.connections.splice(this.connections.indexOf(ws), 1);
      for (const [id, pending] of this.pending) {
        if (pending.socket === ws)
          this.settle(id, new Error('the Socket Mode connection closed before its ack'));
      }
    });
    for (const waiter of [...this.waiters]) waiter();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== 'string') return;
    this.settle(envelopeId, undefined, {
      envelope_id: envelopeId,
      ...(payload !== undefined ? { payload } : {}),
    });
  }

  private settle(envelopeId: string, error: Error | undefined, ack?: SocketAck): void {
    const pending = this.pending.get(envelopeId);
    if (!pending) return;
    this.pending.delete(envelopeId);
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else if (ack) pending.resolve(ack);
  }
}

/** Slack lets an app answer in the ack where a reply is possible: commands, view submissions, suggestions. */
function acceptsResponsePayload(type: EnvelopeType, payload: Record<string, unknown>): boolean {
  if (type === 'slash_commands') return true;
  if (type === 'interactive')
    return payload.type === 'view_submission' || payload.type === 'block_suggestion';
  return false;
}

function closeOrTerminate(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(1001, 'going away');
  });
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
