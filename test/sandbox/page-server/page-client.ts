import { request } from 'node:http';
import type { ChannelView, LiveEvent, MessageView, StateView } from '../../../sandbox/page-server/api';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw HTTP request, so a test can send the headers a browser would refuse to forge (Host, Origin). */
export function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; text: string; headers: Answer['headers'] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function postJson(base: string, path: string, body: unknown): Promise<Answer> {
  const res = await raw(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown>, headers: res.headers };
}

export async function stateOf(base: string, as: string): Promise<StateView> {
  const res = await raw(`${base}/api/state?as=${as}`);
  if (res.status !== 200) throw new Error(`GET /api/state answered ${res.status}: ${res.text}`);
  return JSON.parse(res.text) as StateView;
}

export function channel(state: StateView, id: string): ChannelView | undefined {
  return state.channels.find((c) => c.id === id);
}

export const everything = (message: MessageView) => JSON.stringify(message);

/** Polls until the check returns a value; the bot answers after its ack, so answers arrive a moment later. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Listens to /api/events until an event matches; resolves with every event seen until then. */
export function collectEvents(
  base: string,
  until: (event: LiveEvent) => boolean,
  timeoutMs = 8000,
): { opened: Promise<void>; done: Promise<LiveEvent[]> } {
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpen = resolve));
  const done = new Promise<LiveEvent[]>((resolve, reject) => {
    const events: LiveEvent[] = [];
    let buffer = '';
    const req = request(`${base}/api/events`, { agent: false }, (res) => {
      markOpen();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as LiveEvent;
          events.push(event);
          if (until(event)) {
            clearTimeout(timer);
            req.destroy();
            resolve(events);
          }
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no matching event within ${timeoutMs} ms; saw ${JSON.stringify(events)}`));
    }, timeoutMs);
    // Destroying the request after a match reports an error too; by then the promise is settled.
    req.on('error', reject);
    req.end();
  });
  return { opened, done };
}
