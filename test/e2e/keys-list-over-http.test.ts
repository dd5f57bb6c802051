import { request } from 'node:http';
import { IamState } from '../../sandbox/iam';
import { slackSignatureHeaders, slashCommandBody } from '../../sandbox/slack';
import { IAM_UNAVAILABLE, NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { USAGE_LINE } from '../../src/features/command/slack/texts';
import { PEOPLE, replyText, SIGNING_SECRET, startBot, type Bot } from '../support/bot';

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

function seededAccount(): { state: IamState; aliceKeys: string[] } {
  const state = new IamState();
  state.addUser('alice');
  state.addUser('bob');
  const used = state.addKey('alice', {
    createDate: daysAgo(120),
    lastUsed: { date: daysAgo(1), serviceName: 's3', region: 'eu-west-1' },
  });
  const unused = state.addKey('alice', { createDate: daysAgo(3), status: 'Inactive' });
  state.addKey('bob', { createDate: daysAgo(10) });
  return { state, aliceKeys: [used.accessKeyId, unused.accessKeyId] };
}

/** Posts a raw body with chosen headers, as a forger would. */
function rawPost(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { ...headers, connection: 'close' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('/keys list and /keys last-used over HTTP, end to end', () => {
  let bot: Bot;
  let aliceKeys: string[];

  beforeAll(async () => {
    const seeded = seededAccount();
    aliceKeys = seeded.aliceKeys;
    bot = await startBot({ iamState: seeded.state, iamPageSize: 1 });
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.iam.clearCalls());

  it('acknowledges at once and answers with every key, across IAM pages, with status, age and last use', async () => {
    const reply = await bot.driver.command('list alice', { userId: PEOPLE.alice });
    expect(reply.status).toBe(200);
    expect(reply.elapsedMs).toBeLessThan(3000);
    const answer = await bot.driver.waitForResponse(reply.responseUrl);
    expect(answer.response_type).toBe('ephemeral');
    const text = replyText(answer);
    for (const keyId of aliceKeys) expect(text).toContain(keyId);
    expect(text).toContain('Inactive');
    expect(text).toContain('120 days');
    expect(text).toContain('s3');
    expect(text).toContain('eu-west-1');
    expect(text).toContain('never used');
    // Two keys at one key per page: the paginator followed the Marker.
    expect(bot.iam.calls('ListAccessKeys').length).toBeGreaterThanOrEqual(2);
    expect(bot.iam.calls('ListAccessKeys').every((call) => call.params.UserName === 'alice')).toBe(true);
  });

  it('lists your own keys when no user is named', async () => {
    const reply = await bot.driver.command('list', { userId: PEOPLE.alice });
    const text = replyText(await bot.driver.waitForResponse(reply.responseUrl));
    expect(text).toContain(aliceKeys[0]);
  });

  it('maps a @mention to its IAM user', async () => {
    const reply = await bot.driver.command(`list <@${PEOPLE.alice}|alice>`, { userId: PEOPLE.admin });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl))).toContain(aliceKeys[0]);
  });

  it('refuses a stranger and never asks IAM', async () => {
    const reply = await bot.driver.command('list alice', { userId: PEOPLE.stranger });
    const answer = await bot.driver.waitForResponse(reply.responseUrl);
    expect(replyText(answer)).toContain(NOT_ALLOWED);
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('refuses bob on alice, though bob is mapped by email', async () => {
    const reply = await bot.driver.command('list alice', { userId: PEOPLE.bob });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl))).toContain(NOT_ALLOWED);
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('lets an admin list anyone, and says when a user has no keys or does not exist', async () => {
    bot.iam.state.addUser('carol');
    const empty = await bot.driver.command('list carol', { userId: PEOPLE.admin });
    expect(replyText(await bot.driver.waitForResponse(empty.responseUrl))).toContain('has no access keys');
    const missing = await bot.driver.command('list nosuchuser', { userId: PEOPLE.admin });
    expect(replyText(await bot.driver.waitForResponse(missing.responseUrl))).toContain(
      'There is no IAM user',
    );
  });

  it('answers hostile input with the usage line and no IAM call', async () => {
    const reply = await bot.driver.command('list <script>alert(1)</script>', { userId: PEOPLE.admin });
    const text = replyText(await bot.driver.waitForResponse(reply.responseUrl));
    expect(text).toContain(USAGE_LINE.slice(0, 30));
    expect(text).not.toContain('<script>');
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('answers last-used with the owner, checked against the asker', async () => {
    const own = await bot.driver.command(`last-used ${aliceKeys[0]}`, { userId: PEOPLE.alice });
    const text = replyText(await bot.driver.waitForResponse(own.responseUrl));
    expect(text).toContain('alice');
    expect(text).toContain('s3');
    const other = await bot.driver.command(`last-used ${aliceKeys[0]}`, { userId: PEOPLE.bob });
    expect(replyText(await bot.driver.waitForResponse(other.responseUrl))).toContain(NOT_ALLOWED);
  });

  it('rides out one IAM throttle: the SDK retries and the answer arrives', async () => {
    bot.iam.injectFault({ action: 'ListAccessKeys', code: 'Throttling', times: 1 });
    const reply = await bot.driver.command('list alice', { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000))).toContain(aliceKeys[0]);
    expect(bot.iam.calls('ListAccessKeys').some((call) => call.errorCode === 'Throttling')).toBe(true);
  });

  it('says clearly when IAM is down, and keeps serving', async () => {
    bot.iam.injectFault({ code: 'ServiceUnavailable', times: 10 });
    const reply = await bot.driver.command('list alice', { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 15_000))).toContain(IAM_UNAVAILABLE);
    bot.iam.clearFaults();
    const again = await bot.driver.command('list alice', { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(again.responseUrl))).toContain(aliceKeys[0]);
  });

  describe('forged requests', () => {
    const body = () =>
      slashCommandBody({
        command: '/keys',
        text: 'list alice',
        userId: PEOPLE.alice,
        channelId: 'D0ALICE',
        responseUrl: bot.slack.newResponseUrl({ channel: 'D0ALICE', user: PEOPLE.alice }),
      });
    const url = () => `http://127.0.0.1:${bot.port}/slack/events`;

    it('a wrong signature gets 401 and no IAM call', async () => {
      const text = body();
      const status = await rawPost(url(), text, slackSignatureHeaders('not-the-secret', text));
      expect(status).toBe(401);
      expect(bot.iam.calls()).toHaveLength(0);
    });

    it('a timestamp older than five minutes gets 401 and no IAM call', async () => {
      const text = body();
      const stale = Math.floor(Date.now() / 1000) - 6 * 60;
      const status = await rawPost(url(), text, slackSignatureHeaders(SIGNING_SECRET, text, stale));
      expect(status).toBe(401);
      expect(bot.iam.calls()).toHaveLength(0);
    });
  });

  it('serves /healthz with 200 once ready', async () => {
    const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });
});
