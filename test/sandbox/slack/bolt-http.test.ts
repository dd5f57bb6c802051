import { request } from 'node:http';
import type { AddressInfo } from 'node:net';

import { App, LogLevel, verifySlackRequest } from '@slack/bolt';

import {
  SlackDriver,
  slackSignatureHeaders,
  slashCommandBody,
  type SlackServer,
} from '../../../sandbox/slack';
import { ALICE, BOB, BOT_TOKEN, SIGNING_SECRET, buttons, section, startSandbox } from './fixtures';

let server: SlackServer;
let app: App;
let eventsUrl: string;
let driver: SlackDriver;
let handled: string[];

/** A minimal Bolt app: the real receiver, signature checks and respond(), one command and one button. */
async function startApp(): Promise<void> {
  app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    clientOptions: { slackApiUrl: server.apiUrl },
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
  });
  await app.init();
  app.command('/keys', async ({ command, ack, respond }) => {
    handled.push(`command:${command.text}`);
    if (command.text === 'inline') {
      await ack('answered in the ack');
      return;
    }
    await ack();
    await respond({
      response_type: command.text === 'public' ? 'in_channel' : 'ephemeral',
      text: `keys of ${command.user_id}`,
      blocks: [
        section(`Keys of <@${command.user_id}>`, 'title'),
        buttons('key-AKIA1', { actionId: 'deactivate', value: 'AKIA1' }),
      ],
    });
  });
  app.action('deactivate', async ({ ack, respond, action, body, client }) => {
    await ack();
    const value = action.type === 'button' ? action.value : '';
    handled.push(`click:${value}:${body.user.id}`);
    await respond({ replace_original: true, text: `Deactivated ${value}` });
    await client.chat.postMessage({ channel: 'C0AUDIT', text: `${body.user.id} deactivated ${value}` });
  });
  const listening = await app.start(0);
  eventsUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/slack/events`;
  driver = new SlackDriver({ server, eventsUrl, signingSecret: SIGNING_SECRET });
}

beforeEach(async () => {
  handled = [];
  server = await startSandbox();
  await startApp();
});

afterEach(async () => {
  await app.stop();
  await server.close();
});

function postRaw(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a Bolt app over HTTP, driven like Slack drives it', () => {
  it('signs exactly as Bolt verifies', () => {
    const body = 'command=%2Fkeys&text=list';
    const now = Math.floor(Date.now() / 1000);
    const headers = slackSignatureHeaders(SIGNING_SECRET, body, now);
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    const verify = (secret: string): void =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': headers['x-slack-signature'] ?? '',
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    expect(() => verify(SIGNING_SECRET)).not.toThrow();
    expect(() => verify('another-secret')).toThrow(/signature mismatch/);
  });

  it('delivers a command that is acked at once and answered ephemerally through response_url', async () => {
    expect(server.calls('auth.test')).toEqual([expect.objectContaining({ ok: true, token: BOT_TOKEN })]);
    const reply = await driver.command('list', { userId: ALICE.id });
    expect(reply.status).toBe(200);
    expect(reply.elapsedMs).toBeLessThan(3000);
    const answer = await driver.waitForResponse(reply.responseUrl);
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: `keys of ${ALICE.id}` });
    expect(server.messages(server.dmChannelOf(ALICE.id))).toEqual([
      expect.objectContaining({ user: server.botUserId, ephemeralTo: ALICE.id, text: `keys of ${ALICE.id}` }),
    ]);
    expect(handled).toEqual(['command:list']);
  });

  it('returns what the app puts in ack() as the HTTP answer', async () => {
    const reply = await driver.command('inline', { userId: ALICE.id });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('answered in the ack');
  });

  it('shows an ack body to the person, as Slack does, unless told not to', async () => {
    const shown = await driver.command('inline', { userId: ALICE.id });
    expect(await driver.waitForResponse(shown.responseUrl)).toMatchObject({ text: 'answered in the ack' });
    expect(server.messages(server.dmChannelOf(ALICE.id))).toEqual([
      expect.objectContaining({ ephemeralTo: ALICE.id, text: 'answered in the ack' }),
    ]);
    const counting = new SlackDriver({
      server,
      eventsUrl,
      signingSecret: SIGNING_SECRET,
      showAckBodies: false,
    });
    const raw = await counting.command('inline', { userId: ALICE.id });
    expect(raw.body).toContain('answered in the ack');
    expect(server.responses().filter((r) => r.url === raw.responseUrl)).toEqual([]);
  });

  it('posts in the channel for everyone when the app answers in_channel', async () => {
    const reply = await driver.command('public', { userId: BOB.id, channelId: 'C0OPS' });
    await driver.waitForResponse(reply.responseUrl);
    const [message] = server.messages('C0OPS');
    expect(message).toMatchObject({ text: `keys of ${BOB.id}` });
    expect(message?.ephemeralTo).toBeUndefined();
  });

  it('rejects a request signed with the wrong secret with 401, before any listener runs', async () => {
    const forger = new SlackDriver({ server, eventsUrl, signingSecret: 'not-the-secret' });
    const reply = await forger.command('list', { userId: ALICE.id });
    expect(reply.status).toBe(401);
    expect(handled).toEqual([]);
  });

  it('rejects a correctly signed but stale request with 401', async () => {
    const body = slashCommandBody({
      command: '/keys',
      text: 'list',
      userId: ALICE.id,
      channelId: 'C0OPS',
      responseUrl: server.newResponseUrl({ channel: 'C0OPS', user: ALICE.id }),
    });
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const status = await postRaw(eventsUrl, body, slackSignatureHeaders(SIGNING_SECRET, body, tenMinutesAgo));
    expect(status).toBe(401);
    expect(handled).toEqual([]);
  });

  it('delivers a click on the ephemeral answer, whose replace_original rewrites that message in place', async () => {
    const reply = await driver.command('list', { userId: ALICE.id });
    await driver.waitForResponse(reply.responseUrl);
    const dm = server.dmChannelOf(ALICE.id);
    const [shown] = server.messages(dm);
    const click = await driver.click('deactivate', 'AKIA1', {
      userId: ALICE.id,
      channelId: dm,
      messageTs: shown?.ts,
    });
    expect(click.status).toBe(200);
    expect(await driver.waitForResponse(click.responseUrl)).toMatchObject({ replace_original: true });
    expect(handled).toEqual(['command:list', 'click:AKIA1:U0ALICE']);
    await waitFor(() => server.messages('C0AUDIT').length === 1);
    expect(server.messages(dm)).toEqual([
      {
        ts: shown?.ts,
        channel: dm,
        user: server.botUserId,
        text: 'Deactivated AKIA1',
        ephemeralTo: ALICE.id,
        edited: true,
      },
    ]);
    // Bolt's listener client carries the team id from auth.test, so the WebClient adds team_id to every call.
    expect(server.calls('chat.postMessage')[0]).toEqual(
      expect.objectContaining({
        token: BOT_TOKEN,
        params: { channel: 'C0AUDIT', text: 'U0ALICE deactivated AKIA1', team_id: server.teamId },
      }),
    );
  });

  it('will not let someone click a message that is ephemeral to someone else', async () => {
    const reply = await driver.command('list', { userId: ALICE.id });
    await driver.waitForResponse(reply.responseUrl);
    const [shown] = server.messages(server.dmChannelOf(ALICE.id));
    await expect(
      driver.click('deactivate', 'AKIA1', {
        userId: BOB.id,
        channelId: shown?.channel ?? '',
        messageTs: shown?.ts,
      }),
    ).rejects.toThrow(/ephemeral to U0ALICE/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
