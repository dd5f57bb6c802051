import { IamState } from '../../../../sandbox/iam';
import { SlackDriver } from '../../../../sandbox/slack';
import { HELP_TEXT } from '../../../../src/features/command/slack/help';
import { USAGE_LINE } from '../../../../src/features/command/slack/texts';
import { PEOPLE, SIGNING_SECRET, startBot, type Bot } from '../../../support/bot';

/** A driver that leaves ack bodies alone, so what the bot itself POSTs to a response_url can be counted. */
function rawDriver(bot: Bot): SlackDriver {
  return new SlackDriver({
    server: bot.slack,
    eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
    signingSecret: SIGNING_SECRET,
    showAckBodies: false,
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('/keys answers that need no I/O come in the ack', () => {
  let bot: Bot;

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    bot = await startBot({ iamState: state });
  });

  afterAll(async () => {
    await bot.stop();
  });

  it('help is acked at once and answered for the person: admin commands only to admins, no IAM call', async () => {
    const forAlice = await bot.driver.command('help', { userId: PEOPLE.alice });
    const alices = JSON.stringify(await bot.driver.waitForResponse(forAlice.responseUrl));
    const forAdmin = await bot.driver.command('help', { userId: PEOPLE.admin });
    const admins = JSON.stringify(await bot.driver.waitForResponse(forAdmin.responseUrl));
    expect(alices).toContain('/keys list [USER]');
    expect(alices).not.toContain('/keys audit');
    expect(alices).not.toContain('/keys stale');
    expect(admins).toContain('/keys audit export [DAYS]');
    expect(admins).toContain('/keys stale');
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('a usage error is the ack body, and nothing is POSTed to the response_url', async () => {
    const reply = await rawDriver(bot).command('frobnicate', { userId: PEOPLE.alice });
    const body = JSON.parse(reply.body) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain(USAGE_LINE);
    await settle();
    expect(bot.slack.responses().filter((r) => r.url === reply.responseUrl)).toHaveLength(0);
  });

  it('the person sees help in their conversation, as Slack shows an ack body', async () => {
    const reply = await bot.driver.command('help', { userId: PEOPLE.alice });
    const seen = await bot.driver.waitForResponse(reply.responseUrl);
    expect(seen.text).toBe(HELP_TEXT);
    const shown = bot.slack.messages(bot.slack.dmChannelOf(PEOPLE.alice)).at(-1);
    expect(shown).toMatchObject({ text: HELP_TEXT, ephemeralTo: PEOPLE.alice });
  });

  it('a command that needs IAM is acked empty and answered through the response_url', async () => {
    const reply = await rawDriver(bot).command('list', { userId: PEOPLE.alice });
    expect(reply.body).toBe('');
    const answer = await bot.driver.waitForResponse(reply.responseUrl);
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer)).toContain('alice');
  });
});
