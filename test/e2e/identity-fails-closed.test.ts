import { IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import { startSlackServer, type SlackServer } from '../../sandbox/slack';
import {
  IDENTITY_UNCONFIRMED,
  NO_IDENTITY_OF_YOURS,
  NOT_ALLOWED,
} from '../../src/platform/slack/blocks/texts';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { noOwnerText, ownerUnconfirmedText } from '../../src/features/creation/slack/texts';
import { BOT_TOKEN, PEOPLE, SLACK_USERS, startBot, type Bot, commandReply as command } from '../support/bot';

/** Security rule 2 against a hostile workspace and a failing Slack: identity fails closed. */
const MALLORY = 'U0MALLORY'; // a second account whose profile email is alice's
const GINA = 'U0GINA'; // a guest whose email matches an IAM user

function account() {
  const state = new IamState();
  for (const user of ['alice', 'bob', 'carol', 'gina', 'ci-deploy']) state.addUser(user);
  state.addKey('alice');
  return state;
}

const mutations = (iam: IamServer) =>
  iam.calls().filter((call) => /^(Create|Update|Delete)/.test(call.action)).length;

describe('identity fails closed', () => {
  let bot: Bot;
  let slack: SlackServer;

  beforeAll(async () => {
    slack = await startSlackServer({
      botToken: BOT_TOKEN,
      users: [
        ...SLACK_USERS,
        { id: MALLORY, name: 'mallory', email: 'alice@example.com' },
        { id: GINA, name: 'gina', email: 'gina@example.com', isRestricted: true },
      ],
      usergroups: { S0APPROVERS: [PEOPLE.approver2] },
    });
    bot = await startBot({ iam: await startIamServer({ state: account() }), slack });
  });
  afterAll(async () => {
    await bot.stop();
    await slack.close();
    await bot.iam.close();
  });

  it.each([
    ['an error answer', { error: 'internal_error' }],
    ['a 500, past every retry', { status: 500, times: 4 }],
  ])(
    'a failed owner lookup (%s) refuses the create: no key, no secret to the admin',
    async (_name, failure) => {
      const before = mutations(bot.iam);
      const ephemerals = slack.calls('chat.postEphemeral').length;
      slack.failNext('users.lookupByEmail', failure);
      expect(await command(bot, 'create bob', PEOPLE.admin)).toContain(ownerUnconfirmedText('bob'));
      expect(mutations(bot.iam)).toBe(before);
      expect(slack.calls('chat.postEphemeral')).toHaveLength(ephemerals);
      expect(bot.iam.state.keysOf('bob')).toHaveLength(0);
    },
  );

  it('a failed lookup of the asker is "could not confirm", not "you are not mapped"', async () => {
    slack.failNext('users.info', { error: 'internal_error' });
    expect(await command(bot, 'list', PEOPLE.bob)).toContain(IDENTITY_UNCONFIRMED);
    // The failure was not cached: the next try finds bob.
    expect(await command(bot, 'list', PEOPLE.bob)).toContain('bob');
  });

  it('an IAM user that is neither mapped nor a service user gets no key, even from an admin', async () => {
    const before = mutations(bot.iam);
    expect(await command(bot, 'create carol', PEOPLE.admin)).toContain(noOwnerText('carol'));
    expect(await command(bot, 'rotate carol', PEOPLE.admin)).toContain(noOwnerText('carol'));
    expect(mutations(bot.iam)).toBe(before);
    // Both refusals are in the trail, the rotation's too.
    const trail = await command(bot, 'audit carol', PEOPLE.admin);
    expect(trail).toContain('created a key for `carol`: refused');
    expect(trail).toContain('rotated the key of `carol`: refused');
  });

  it('a named service user: the secret goes to the admin who asked', async () => {
    await command(bot, 'create ci-deploy', PEOPLE.admin);
    const secret = bot.iam.state.keysOf('ci-deploy')[0]?.secretAccessKey as string;
    const shown = slack
      .calls('chat.postEphemeral')
      .filter((call) => JSON.stringify(call.params).includes(secret));
    expect(shown.map((call) => call.params.user)).toEqual([PEOPLE.admin]);
  });

  it("an account showing alice's email is not alice: it cannot list, deactivate or delete her keys", async () => {
    const aliceKey = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    const before = mutations(bot.iam);
    expect(await command(bot, 'list', MALLORY)).toContain(NO_IDENTITY_OF_YOURS);
    expect(await command(bot, 'list alice', MALLORY)).toContain(NOT_ALLOWED);
    // A stranger is told they have no right to make a key, not to name a user they may not name.
    expect(await command(bot, 'create', MALLORY)).toContain(NOT_ALLOWED);
    expect(await command(bot, 'rotate', MALLORY)).toContain(NOT_ALLOWED);
    // Refused reads are in the trail: another person's keys, a key's last use, the trail itself.
    expect(await command(bot, `last-used ${aliceKey}`, MALLORY)).toContain(NOT_ALLOWED);
    expect(await command(bot, 'audit alice', MALLORY)).toContain(NOT_ALLOWED);
    const trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, {
      now: () => new Date(),
    });
    const refusedReads = (await trail.recent({ limit: 200 }))
      .filter((event) => event.actor === MALLORY && event.outcome === 'refused')
      .map((event) => [event.action, event.owner ?? '', event.keyId ?? '']);
    expect(refusedReads).toEqual(
      expect.arrayContaining([
        ['list', 'alice', ''],
        ['last-used', 'alice', aliceKey],
        ['audit', 'alice', ''],
      ]),
    );
    expect(await command(bot, `deactivate ${aliceKey}`, MALLORY)).toContain(NOT_ALLOWED);
    expect(await command(bot, `delete ${aliceKey} mine`, MALLORY)).toContain(NOT_ALLOWED);
    expect(mutations(bot.iam)).toBe(before);
    expect(
      slack.calls('chat.postMessage').filter((call) => call.params.channel === 'C0APPROVALS'),
    ).toHaveLength(0);
  });

  it('a guest never matches an IAM user by email, in either direction', async () => {
    expect(await command(bot, 'list', GINA)).toContain(NO_IDENTITY_OF_YOURS);
    expect(await command(bot, 'create gina', PEOPLE.admin)).toContain(noOwnerText('gina'));
    expect(bot.iam.state.keysOf('gina')).toHaveLength(0);
  });

  it('ALICE is alice: the same owner, and the name acted on as IAM spells it', async () => {
    expect(await command(bot, 'list ALICE', PEOPLE.alice)).toContain(
      bot.iam.state.keysOf('alice')[0]?.accessKeyId as string,
    );
    const answer = await command(bot, 'create ALICE', PEOPLE.admin);
    // alice owns alice, so the admin is told an invitation went to her; no key is made yet.
    expect(answer).toContain(`<@${PEOPLE.alice}>`);
    expect(
      slack.calls('chat.postEphemeral').filter((call) => call.params.user === PEOPLE.admin),
    ).toHaveLength(1);
    const invitation = slack
      .messages(slack.dmChannelOf(PEOPLE.alice))
      .filter((message) => JSON.stringify(message.blocks ?? []).includes('Create my key'));
    expect(invitation).toHaveLength(1);
    expect(bot.iam.state.keysOf('alice')).toHaveLength(1);
  });
});
