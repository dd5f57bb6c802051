import { IamState } from '../../../sandbox/iam';
import { slashCommandPayload, startSlackServer } from '../../../sandbox/slack';
import { createKeywarden } from '../../../src/app';
import { createLogger } from '../../../src/platform/logger';
import { eventually } from '../../support/approvals';
import { BOT_TOKEN, PEOPLE, replyText, SLACK_USERS, startBot, testConfig } from '../../support/bot';

describe('Socket Mode, end to end', () => {
  it('answers /keys list through the stand-in WebSocket, and serves /healthz on PORT', async () => {
    const state = new IamState();
    state.addUser('alice');
    const key = state.addKey('alice', { createDate: new Date(Date.now() - 5 * 86_400_000) });
    const bot = await startBot({ mode: 'socket', iamState: state });
    try {
      expect(bot.keywarden.bolt.mode).toBe('socket');
      expect(bot.slack.socket.connectionCount()).toBe(1);
      const responseUrl = bot.slack.newResponseUrl({
        channel: bot.slack.dmChannelOf(PEOPLE.alice),
        user: PEOPLE.alice,
      });
      const ack = await bot.slack.socket.send(
        'slash_commands',
        slashCommandPayload({
          command: '/keys',
          text: 'list',
          userId: PEOPLE.alice,
          channelId: bot.slack.dmChannelOf(PEOPLE.alice),
          responseUrl,
        }),
        { acceptsResponsePayload: true },
      );
      expect(ack.envelope_id).toBeTruthy();
      expect(replyText(await bot.driver.waitForResponse(responseUrl))).toContain(key.accessKeyId);
      const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await bot.stop();
    }
  });
});

describe('start-up and shutdown', () => {
  it('a bad bot token is a clear start-up error, not a late one', async () => {
    const slack = await startSlackServer({ botToken: BOT_TOKEN, users: SLACK_USERS });
    try {
      const config = testConfig('http', slack);
      config.slack.botToken = 'xoxb-wrong';
      const log = createLogger({ level: 'silent' });
      await expect(createKeywarden({ config, log, inMemoryStore: true })).rejects.toThrow(/invalid_auth/);
    } finally {
      await slack.close();
    }
  });

  it('stop() reports draining and waits for work in flight before releasing the store', async () => {
    const bot = await startBot();
    let finish: () => void = () => undefined;
    const work = bot.keywarden.inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const stopping = bot.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bot.keywarden.readiness.state).toBe('draining');
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    finish();
    await work;
    await stopping;
    expect(stopped).toBe(true);
  });

  it('logs JSON lines with a child logger per request', async () => {
    const state = new IamState();
    state.addUser('alice');
    const bot = await startBot({ iamState: state });
    try {
      const reply = await bot.driver.command('list', { userId: PEOPLE.alice });
      await bot.driver.waitForResponse(reply.responseUrl);
      // The line is written once the bot has Slack's answer to its reply, a moment after Slack has it.
      const answeredLine = () =>
        bot.logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'answered');
      await eventually(() => answeredLine() !== undefined);
      const answered = answeredLine();
      expect(answered).toMatchObject({ slackUser: PEOPLE.alice, command: '/keys', subcommand: 'list' });
      expect(answered.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await bot.stop();
    }
  });
});
