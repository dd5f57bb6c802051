import { App, LogLevel } from '@slack/bolt';
import { type Logger, SocketModeClient } from '@slack/socket-mode';
import WebSocket from 'ws';

import {
  blockActionsPayload,
  slashCommandPayload,
  startSlackServer,
  type RecordedResponse,
  type SlackServer,
} from '../../../sandbox/slack';
import { ALICE, APP_TOKEN, BOT_TOKEN, buttons, silentLogger, startSandbox, webClient } from './fixtures';

let server: SlackServer;
const stops: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  server = await startSandbox();
});

afterEach(async () => {
  // Clients first: a connected client answers the server's going away by reconnecting.
  for (const stop of stops.splice(0).reverse()) await stop();
  await server.close();
});

function socketClient(
  options: {
    autoReconnectEnabled?: boolean;
    clientPingTimeout?: number;
    pingPongLoggingEnabled?: boolean;
    logger?: Logger;
  } = {},
): SocketModeClient {
  const client = new SocketModeClient({
    appToken: APP_TOKEN,
    logger: silentLogger,
    clientOptions: { slackApiUrl: server.apiUrl },
    ...options,
  });
  stops.push(() => client.disconnect());
  return client;
}

function nextResponse(url: string, timeoutMs = 3000): Promise<RecordedResponse> {
  const already = server.responses().find((r) => r.url === url);
  if (already) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no response to ${url}`)), timeoutMs);
    const stop = server.onResponse((r) => {
      if (r.url !== url) return;
      clearTimeout(timer);
      stop();
      resolve(r);
    });
  });
}

describe('Socket Mode with the real SocketModeClient', () => {
  it('connects through apps.connections.open with the app token and says hello', async () => {
    const client = socketClient();
    const hello = new Promise<void>((resolve) => client.once('connected', () => resolve()));
    await client.start();
    await hello;
    await server.socket.waitForConnection();
    expect(server.socket.connectionCount()).toBe(1);
    expect(server.calls('apps.connections.open')).toEqual([
      expect.objectContaining({ ok: true, token: APP_TOKEN }),
    ]);
  });

  it('delivers an envelope and resolves with the ack and its payload', async () => {
    const client = socketClient();
    const seen: { body: unknown; accepts: unknown }[] = [];
    client.on('slash_commands', async ({ ack, body, accepts_response_payload }) => {
      seen.push({ body, accepts: accepts_response_payload });
      await ack({ text: 'on it' });
    });
    await client.start();
    const payload = slashCommandPayload({
      command: '/keys',
      text: 'list',
      userId: ALICE.id,
      channelId: 'C0OPS',
      responseUrl: server.newResponseUrl({ channel: 'C0OPS', user: ALICE.id }),
    });
    const ack = await server.socket.send('slash_commands', payload);
    expect(ack.envelope_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ack.payload).toEqual({ text: 'on it' });
    expect(seen).toEqual([{ body: payload, accepts: true }]);
  });

  it('rejects when nobody acks in time, and when nobody is connected', async () => {
    const client = socketClient();
    await client.start();
    await expect(
      server.socket.send('events_api', { event: { type: 'app_mention' } }, { timeoutMs: 200 }),
    ).rejects.toThrow(/no ack/);
    await client.disconnect();
    await expect(server.socket.send('slash_commands', {})).rejects.toThrow(/no Socket Mode client/);
  });

  it('accepts each wss URL once, as Slack’s one-time tickets', async () => {
    const opened = await webClient(server, {}, APP_TOKEN).apps.connections.open();
    const first = new WebSocket(opened.url ?? '');
    await new Promise((resolve) => first.once('message', resolve));
    const second = new WebSocket(opened.url ?? '');
    second.on('error', () => undefined);
    const status = await new Promise<number>((resolve) =>
      second.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
    second.terminate();
    await new Promise<void>((resolve) => {
      first.once('close', () => resolve());
      first.close();
    });
  });

  it('answers the client’s pings, so a client with a tight pong deadline stays on one connection', async () => {
    // The client pings every clientPingTimeout/3 ms and drops the connection when no pong came within
    // clientPingTimeout. Its debug log says each pong: the test waits for three, not for a stretch of time
    // (client and server share this process: a 400 ms deadline is shorter than a busy machine can stall it).
    let pongs = 0;
    let threePongs: () => void = () => undefined;
    const counted = new Promise<void>((resolve) => (threePongs = resolve));
    const client = socketClient({
      clientPingTimeout: 2_100,
      pingPongLoggingEnabled: true,
      logger: {
        ...silentLogger,
        debug: (...messages: unknown[]) => {
          if (String(messages[0]).startsWith('WebSocket received pong') && ++pongs === 3) threePongs();
        },
      },
    });
    await client.start();
    await counted;
    expect(server.calls('apps.connections.open')).toHaveLength(1);
    expect(server.socket.connectionCount()).toBe(1);
  });

  it('pings each connection, as Slack does', async () => {
    const pinging = await startSlackServer({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketPingIntervalMs: 30,
    });
    const opened = await webClient(pinging, {}, APP_TOKEN).apps.connections.open();
    const ws = new WebSocket(opened.url ?? '');
    // Wait for the pings rather than a fixed window: a loaded CI machine may fire the interval late.
    let pings = 0;
    await new Promise<void>((resolve) =>
      ws.on('ping', () => {
        pings += 1;
        if (pings === 3) resolve();
      }),
    );
    expect(pings).toBeGreaterThanOrEqual(3);
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    });
    await pinging.close();
  });

  it('makes the client reconnect through a fresh apps.connections.open on a disconnect message', async () => {
    const client = socketClient({ clientPingTimeout: 300 });
    client.on('slash_commands', async ({ ack }) => ack());
    await client.start();
    const reconnected = new Promise<void>((resolve) => client.once('connected', () => resolve()));
    server.socket.requestReconnect();
    await reconnected;
    expect(server.calls('apps.connections.open')).toHaveLength(2);
    expect(server.socket.connectionCount()).toBe(1);
    await expect(server.socket.send('slash_commands', {})).resolves.toMatchObject({ payload: {} });
  });

  it('lets a client without auto-reconnect see the server close and stop', async () => {
    const client = socketClient({ autoReconnectEnabled: false });
    await client.start();
    const disconnected = new Promise<void>((resolve) => client.once('disconnected', () => resolve()));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await server.close();
    await disconnected;
    expect(server.socket.connectionCount()).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('stop the app'));
    warn.mockRestore();
    server = await startSandbox();
  });
});

describe('a Bolt app in Socket Mode', () => {
  let app: App;
  let clicks: string[];

  beforeEach(async () => {
    clicks = [];
    app = new App({
      token: BOT_TOKEN,
      appToken: APP_TOKEN,
      socketMode: true,
      clientOptions: { slackApiUrl: server.apiUrl },
      logLevel: LogLevel.ERROR,
      deferInitialization: true,
    });
    await app.init();
    app.command('/keys', async ({ ack, respond, command }) => {
      await ack({ text: `Working on "${command.text}"` });
      await respond({ text: 'Done', blocks: [buttons('undo', { actionId: 'undo', value: command.text })] });
    });
    app.action('undo', async ({ ack, action }) => {
      await ack();
      if (action.type === 'button') clicks.push(action.value ?? '');
    });
    await app.start();
    stops.push(() => app.stop());
  });

  it('acks a command with the payload the app gave ack(), then answers through response_url', async () => {
    const responseUrl = server.newResponseUrl({ channel: 'C0OPS', user: ALICE.id });
    const ack = await server.socket.send(
      'slash_commands',
      slashCommandPayload({
        command: '/keys',
        text: 'rotate',
        userId: ALICE.id,
        channelId: 'C0OPS',
        responseUrl,
      }),
    );
    expect(ack.payload).toEqual({ text: 'Working on "rotate"' });
    expect((await nextResponse(responseUrl)).body).toMatchObject({ text: 'Done' });
    expect(server.messages('C0OPS')).toEqual([
      expect.objectContaining({ text: 'Done', ephemeralTo: ALICE.id }),
    ]);
  });

  it('delivers a button click as an interactive envelope', async () => {
    const ack = await server.socket.send(
      'interactive',
      blockActionsPayload({
        userId: ALICE.id,
        actionId: 'undo',
        value: 'rotate',
        channelId: 'C0OPS',
        messageTs: '1700000000.000100',
        responseUrl: server.newResponseUrl({
          channel: 'C0OPS',
          user: ALICE.id,
          messageTs: '1700000000.000100',
        }),
      }),
    );
    expect(ack.payload).toEqual({});
    expect(clicks).toEqual(['rotate']);
  });
});
