import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';

import type { SlackServer } from '../../../sandbox/slack';
import {
  ALICE,
  APP_TOKEN,
  BOB,
  BOT_TOKEN,
  CAROL,
  section,
  silentLogger,
  startSandbox,
  webClient,
} from './fixtures';

let server: SlackServer;

beforeEach(async () => {
  server = await startSandbox();
});

afterEach(async () => {
  await server.close();
});

async function platformError(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: ErrorCode.PlatformError });
  return error as WebAPIPlatformError;
}

describe('authentication', () => {
  it('answers auth.test for the bot token with the bot identity', async () => {
    const result = await webClient(server).auth.test();
    expect(result).toMatchObject({
      ok: true,
      user_id: server.botUserId,
      bot_id: server.botId,
      team_id: server.teamId,
      url: `${server.url}/`,
    });
    const [call] = server.calls('auth.test');
    expect(call).toMatchObject({ method: 'auth.test', token: BOT_TOKEN, ok: true });
  });

  it('refuses an unknown token with invalid_auth and records the failed call', async () => {
    const error = await platformError(webClient(server, {}, 'xoxb-wrong').auth.test());
    expect(error.data.error).toBe('invalid_auth');
    expect(server.calls()).toEqual([
      expect.objectContaining({ ok: false, error: 'invalid_auth', token: 'xoxb-wrong' }),
    ]);
  });

  it('refuses a call without a token with not_authed', async () => {
    const error = await platformError(webClient(server, {}, '').auth.test());
    expect(error.data.error).toBe('not_authed');
  });

  it('keeps the app token to apps.connections.open and the bot token away from it', async () => {
    const asApp = await platformError(webClient(server, {}, APP_TOKEN).auth.test());
    expect(asApp.data.error).toBe('not_allowed_token_type');
    const asBot = await platformError(webClient(server).apps.connections.open());
    expect(asBot.data.error).toBe('not_allowed_token_type');
    const opened = await webClient(server, {}, APP_TOKEN).apps.connections.open();
    expect(opened.url).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/socket\\?ticket=[\\w-]+&app_id=${server.appId}$`),
    );
  });

  it('answers an unknown method with unknown_method', async () => {
    const error = await platformError(webClient(server).apiCall('keys.magic', {}));
    expect(error.data.error).toBe('unknown_method');
    expect(server.calls('keys.magic')).toHaveLength(1);
  });
});

describe('chat', () => {
  it('posts to a user id in the DM and records the form fields with blocks decoded', async () => {
    const blocks = [section('*hello*', 'greeting')];
    const result = await webClient(server).chat.postMessage({ channel: ALICE.id, text: 'hello', blocks });
    expect(result).toMatchObject({
      ok: true,
      channel: server.dmChannelOf(ALICE.id),
      message: { text: 'hello', user: server.botUserId, bot_id: server.botId, blocks },
    });
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);
    const [call] = server.calls('chat.postMessage');
    expect(call?.params).toEqual({ channel: ALICE.id, text: 'hello', blocks });
    expect(server.messages(server.dmChannelOf(ALICE.id))).toEqual([
      { ts: result.ts, channel: 'D0ALICE', user: server.botUserId, text: 'hello', blocks },
    ]);
  });

  it('gives each message a later ts than the one before', async () => {
    const client = webClient(server);
    const first = await client.chat.postMessage({ channel: 'C0OPS', text: 'one' });
    const second = await client.chat.postMessage({ channel: 'C0OPS', text: 'two' });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(server.messages('C0OPS').map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('refuses a message without text or blocks, and to an unknown user', async () => {
    const client = webClient(server);
    expect((await platformError(client.chat.postMessage({ channel: 'C0OPS', text: '' }))).data.error).toBe(
      'no_text',
    );
    expect(
      (await platformError(client.chat.postMessage({ channel: 'U0NOBODY', text: 'x' }))).data.error,
    ).toBe('channel_not_found');
    expect(server.messages()).toEqual([]);
  });

  it('refuses blocks beyond Block Kit limits with invalid_blocks and a pointer to the culprit', async () => {
    const client = webClient(server, { logger: silentLogger });
    const error = await platformError(
      client.chat.postMessage({ channel: 'C0OPS', text: 'long', blocks: [section('x'.repeat(3001))] }),
    );
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata?.messages).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    const error2 = await platformError(
      client.chat.postMessage({ channel: 'C0OPS', text: 'many', blocks: tooMany }),
    );
    expect(error2.data.error).toBe('invalid_blocks');
  });

  it('posts an ephemeral message only to a known user, and only in a conversation they are in', async () => {
    const client = webClient(server);
    const result = await client.chat.postEphemeral({
      channel: 'C0OPS',
      user: ALICE.id,
      text: 'just for you',
    });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(server.messages('C0OPS')).toEqual([
      expect.objectContaining({ ts: result.message_ts, ephemeralTo: ALICE.id, text: 'just for you' }),
    ]);
    const unknown = await platformError(
      client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0NOBODY', text: 'x' }),
    );
    expect(unknown.data.error).toBe('user_not_found');
    const wrongDm = await platformError(
      client.chat.postEphemeral({ channel: server.dmChannelOf(ALICE.id), user: BOB.id, text: 'secret' }),
    );
    expect(wrongDm.data.error).toBe('user_not_in_channel');
  });

  it('updates a message in place, keeping its ts and marking it edited', async () => {
    const client = webClient(server);
    const posted = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'pending',
      blocks: [section('pending')],
    });
    const updated = await client.chat.update({
      channel: 'C0OPS',
      ts: posted.ts ?? '',
      text: 'approved',
      blocks: [section('approved')],
    });
    expect(updated).toMatchObject({ ok: true, channel: 'C0OPS', ts: posted.ts, text: 'approved' });
    expect(server.messages('C0OPS')).toEqual([
      expect.objectContaining({
        ts: posted.ts,
        text: 'approved',
        blocks: [section('approved')],
        edited: true,
      }),
    ]);
    await client.chat.update({ channel: 'C0OPS', ts: posted.ts ?? '', text: 'approved twice' });
    expect(server.messages('C0OPS')[0]).toMatchObject({
      text: 'approved twice',
      blocks: [section('approved')],
    });
  });

  it('refuses to update through a user id, an ephemeral message, or a person’s message', async () => {
    const client = webClient(server);
    const dm = await client.chat.postMessage({ channel: ALICE.id, text: 'in the DM' });
    const viaUser = await platformError(
      client.chat.update({ channel: ALICE.id, ts: dm.ts ?? '', text: 'x' }),
    );
    expect(viaUser.data.error).toBe('channel_not_found');
    const ephemeral = await client.chat.postEphemeral({ channel: 'C0OPS', user: ALICE.id, text: 'psst' });
    const ephemeralUpdate = await platformError(
      client.chat.update({ channel: 'C0OPS', ts: ephemeral.message_ts ?? '', text: 'x' }),
    );
    expect(ephemeralUpdate.data.error).toBe('message_not_found');
    const alices = server.postAs(ALICE.id, 'C0OPS', 'my own words');
    const others = await platformError(client.chat.update({ channel: 'C0OPS', ts: alices.ts, text: 'x' }));
    expect(others.data.error).toBe('cant_update_message');
    expect(server.messages('C0OPS').find((m) => m.ts === alices.ts)?.text).toBe('my own words');
  });

  it('deletes a message so it is gone from the conversation', async () => {
    const client = webClient(server);
    const keep = await client.chat.postMessage({ channel: 'C0OPS', text: 'keep' });
    const drop = await client.chat.postMessage({ channel: 'C0OPS', text: 'drop' });
    expect(await client.chat.delete({ channel: 'C0OPS', ts: drop.ts ?? '' })).toMatchObject({
      ok: true,
      ts: drop.ts,
    });
    expect(server.messages('C0OPS').map((m) => m.ts)).toEqual([keep.ts]);
    const again = await platformError(client.chat.delete({ channel: 'C0OPS', ts: drop.ts ?? '' }));
    expect(again.data.error).toBe('message_not_found');
  });

  it('tells listeners of every post, update and delete, in order', async () => {
    const client = webClient(server);
    const seen: string[] = [];
    const stop = server.onChange((change) => seen.push(`${change.kind}:${change.message.text}`));
    const posted = await client.chat.postMessage({ channel: 'C0OPS', text: 'one' });
    await client.chat.update({ channel: 'C0OPS', ts: posted.ts ?? '', text: 'two' });
    await client.chat.delete({ channel: 'C0OPS', ts: posted.ts ?? '' });
    stop();
    await client.chat.postMessage({ channel: 'C0OPS', text: 'unheard' });
    expect(seen).toEqual(['posted:one', 'updated:two', 'deleted:two']);
  });
});

describe('people', () => {
  it('opens the same deterministic DM for a user, saying so the second time', async () => {
    const client = webClient(server);
    const first = await client.conversations.open({ users: ALICE.id });
    const second = await client.conversations.open({ users: ALICE.id });
    expect(first).toMatchObject({ ok: true, channel: { id: server.dmChannelOf(ALICE.id) } });
    expect(first.already_open).toBeUndefined();
    expect(second).toMatchObject({ already_open: true, channel: { id: 'D0ALICE' } });
    expect((await platformError(client.conversations.open({ users: 'U0NOBODY' }))).data.error).toBe(
      'user_not_found',
    );
    expect((await platformError(client.conversations.open({ users: CAROL.id }))).data.error).toBe(
      'user_disabled',
    );
  });

  it('describes a user as users.info does, and refuses an unknown one', async () => {
    const client = webClient(server);
    const result = await client.users.info({ user: ALICE.id });
    expect(result.user).toMatchObject({
      id: ALICE.id,
      name: 'alice',
      real_name: 'Alice Liddell',
      is_bot: false,
      deleted: false,
      profile: { email: 'alice@example.com', real_name: 'Alice Liddell' },
    });
    expect((await client.users.info({ user: server.botUserId })).user).toMatchObject({ is_bot: true });
    expect((await client.users.info({ user: CAROL.id })).user).toMatchObject({ deleted: true });
    expect((await platformError(client.users.info({ user: 'U0NOBODY' }))).data.error).toBe('user_not_found');
  });

  it('finds a user by email regardless of case', async () => {
    const client = webClient(server);
    expect((await client.users.lookupByEmail({ email: 'bob@example.com' })).user?.id).toBe(BOB.id);
    const missing = await platformError(client.users.lookupByEmail({ email: 'eve@example.com' }));
    expect(missing.data.error).toBe('users_not_found');
  });

  it('lists a user group’s members and refuses an unknown group', async () => {
    const client = webClient(server);
    expect((await client.usergroups.users.list({ usergroup: 'S0ADMINS' })).users).toEqual([ALICE.id]);
    const missing = await platformError(client.usergroups.users.list({ usergroup: 'S0NOPE' }));
    expect(missing.data.error).toBe('no_such_subteam');
  });
});

describe('failures on demand', () => {
  it('fails the next call of a method with the given error, then recovers', async () => {
    const client = webClient(server);
    server.failNext('users.info', { error: 'fatal_error', times: 2 });
    expect((await platformError(client.users.info({ user: ALICE.id }))).data.error).toBe('fatal_error');
    expect((await platformError(client.users.info({ user: ALICE.id }))).data.error).toBe('fatal_error');
    expect((await client.users.info({ user: ALICE.id })).ok).toBe(true);
    expect(server.calls('users.info').map((c) => c.ok)).toEqual([false, false, true]);
  });

  it('answers an HTTP status that the WebClient reports as an HTTP error', async () => {
    server.failNext('chat.postMessage', { status: 503 });
    const error = await webClient(server)
      .chat.postMessage({ channel: 'C0OPS', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(server.messages()).toEqual([]);
  });

  it('rate limits with 429 and Retry-After, which the WebClient turns into a rate-limited error', async () => {
    server.failNext('chat.postMessage', { retryAfterSeconds: 7 });
    const client = webClient(server, { rejectRateLimitedCalls: true });
    const error = await client.chat.postMessage({ channel: 'C0OPS', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(server.calls('chat.postMessage')).toEqual([
      expect.objectContaining({ ok: false, error: 'ratelimited' }),
    ]);
  });

  it('lets a retrying WebClient wait out Retry-After and then succeed', async () => {
    server.failNext('chat.postMessage', { retryAfterSeconds: 1 });
    const client = webClient(server, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const started = Date.now();
    const result = await client.chat.postMessage({ channel: 'C0OPS', text: 'eventually' });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.calls('chat.postMessage').map((c) => c.ok)).toEqual([false, true]);
    expect(server.messages('C0OPS')).toHaveLength(1);
  });

  it('drops the connection without answering, records the call, and answers the next one', async () => {
    server.failNext('chat.postEphemeral', { dropConnection: true });
    const client = webClient(server, { logger: silentLogger });
    const error = await client.chat
      .postEphemeral({ channel: 'C0OPS', user: ALICE.id, text: 'lost' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RequestError });
    // web-api 8 (fetch): undici's "fetch failed"; the socket's own error is its cause outside jest.
    expect(String((error as Error).message)).toMatch(/fetch failed/);
    expect(server.calls('chat.postEphemeral')).toEqual([
      expect.objectContaining({
        ok: false,
        error: 'connection_dropped',
        params: expect.objectContaining({ text: 'lost' }),
      }),
    ]);
    expect(server.messages('C0OPS')).toEqual([]);
    expect((await client.chat.postEphemeral({ channel: 'C0OPS', user: ALICE.id, text: 'x' })).ok).toBe(true);
  });

  it('answers late: a client with a shorter timeout gives up, though the call took effect', async () => {
    // A minute late (closing the server ends the wait): the client's 150 ms is over long before, however
    // slow the machine; the error being the client's own timeout says it did not wait for the answer.
    server.failNext('chat.postMessage', { delayMs: 60_000 });
    const impatient = webClient(server, { timeout: 150, logger: silentLogger });
    const error = await impatient.chat
      .postMessage({ channel: 'C0OPS', text: 'slow' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RequestError });
    expect(String((error as Error).message)).toMatch(/timeout/);
    expect(server.messages('C0OPS').map((m) => m.text)).toEqual(['slow']);
  });

  it('answers late with the normal answer to a patient client, or with the failure asked for', async () => {
    server.failNext('chat.postMessage', { delayMs: 300 });
    server.failNext('chat.postMessage', { delayMs: 300, error: 'fatal_error' });
    const client = webClient(server);
    const started = Date.now();
    expect((await client.chat.postMessage({ channel: 'C0OPS', text: 'late' })).ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const late = await platformError(client.chat.postMessage({ channel: 'C0OPS', text: 'refused' }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(580);
    expect(late.data.error).toBe('fatal_error');
    expect(server.calls('chat.postMessage').map((c) => c.ok)).toEqual([true, false]);
  });

  it('with retries off and without rejectRateLimitedCalls, still waits Retry-After before failing', async () => {
    server.failNext('auth.test', { retryAfterSeconds: 1 });
    const started = Date.now();
    const error = await webClient(server)
      .auth.test()
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(String(error)).toContain('A rate limit was exceeded');
  });
});
