import { IamState } from '../../sandbox/iam';
import { ACCEPT_INVITATION_ACTION } from '../../src/features/creation/slack/invitation';
import { KEY_DEACTIVATE_ACTION } from '../../src/features/keys/slack/key-list';
import {
  ROTATION_DEACTIVATE_ACTION,
  ROTATION_DELETE_ACTION,
  ROTATION_REFRESH_ACTION,
} from '../../src/features/rotation/slack/rotation-guide';
import { HIDE_SECRET_ACTION, SHOWN_ONCE } from '../../src/features/creation/slack/secret';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import {
  DELIVERY_FAILED_NO_KEY,
  DELIVERY_FAILED_ROLLED_BACK,
  INVITATION_EXPIRED,
  INVITATION_USED,
  NOT_YOUR_INVITATION,
} from '../../src/features/creation/slack/texts';
import { NEW_KEY_NOT_USED_YET, ROTATION_STEP_DONE } from '../../src/features/rotation/slack/texts';
import { eventually } from '../support/approvals';
import { PEOPLE, replyText, startBot, type Bot, commandReply as command } from '../support/bot';
import { dmButton } from '../support/dm-button';
import { secretSightings } from '../support/secrets';
import { TestClock } from '../support/test-clock';

function account() {
  const state = new IamState();
  for (const user of ['alice', 'bob', 'ci-deploy', 'carol']) state.addUser(user);
  return state;
}

async function click(
  bot: Bot,
  user: string,
  actionId: string,
  button: { channel: string; message: { ts: string }; value: string },
) {
  const reply = await bot.driver.click(actionId, button.value, {
    userId: user,
    channelId: button.channel,
    messageTs: button.message.ts,
  });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl));
}

const ephemeralSecrets = (bot: Bot) => bot.slack.calls('chat.postEphemeral').filter((call) => call.ok);

describe('creating keys: the secret reaches exactly one person, once', () => {
  let bot: Bot;
  const clock = new TestClock();

  beforeAll(async () => {
    bot = await startBot({ iamState: account(), clock });
  });
  afterAll(() => bot.stop());

  it('alice creates her own key: the secret is an ephemeral message in her DM, the answer holds no secret', async () => {
    const answer = await command(bot, 'create', PEOPLE.alice);
    const key = bot.iam.state.keysOf('alice')[0];
    expect(key).toBeDefined();
    expect(answer).toContain(key?.accessKeyId);
    expect(answer).not.toContain(key?.secretAccessKey);
    const delivered = ephemeralSecrets(bot).at(-1);
    expect(delivered?.params).toMatchObject({
      channel: bot.slack.dmChannelOf(PEOPLE.alice),
      user: PEOPLE.alice,
    });
    expect(JSON.stringify(delivered?.params)).toContain(key?.secretAccessKey);
    expect(JSON.stringify(delivered?.params)).toContain(SHOWN_ONCE);
    expect(bot.iam.calls('CreateAccessKey').at(-1)?.params.UserName).toBe('alice');
  });

  it('the secret comes with ready-to-paste snippets and a "Copied, hide it" that removes the message', async () => {
    const dm = bot.slack.dmChannelOf(PEOPLE.alice);
    const key = bot.iam.state.keysOf('alice')[0];
    const secret = key?.secretAccessKey as string;
    const shown = bot.slack.messages(dm).find((message) => JSON.stringify(message.blocks).includes(secret));
    expect(shown?.ephemeralTo).toBe(PEOPLE.alice);
    const blocks = JSON.stringify(shown?.blocks);
    expect(blocks).toContain(`export AWS_SECRET_ACCESS_KEY=${secret}`);
    expect(blocks).toContain(
      `aws configure set aws_access_key_id ${key?.accessKeyId as string} --profile default-alice`,
    );
    const hidden = await bot.driver.click(HIDE_SECRET_ACTION, 'hide', {
      userId: PEOPLE.alice,
      channelId: dm,
      messageTs: shown?.ts as string,
    });
    await eventually(() => !bot.slack.messages(dm).some((message) => message.ts === shown?.ts));
    expect(
      bot.slack
        .responses()
        .filter((r) => r.url === hidden.responseUrl)
        .map((r) => r.body),
    ).toEqual([{ delete_original: true }]);
    expect(bot.iam.state.keysOf('alice')[0]?.status).toBe('Active');
  });

  it('an admin creating for alice sends her a "Create my key" invitation; the key is made at her click, once', async () => {
    const before = bot.iam.calls('CreateAccessKey').length;
    const first = bot.iam.state.keysOf('alice')[0]?.accessKeyId;
    const answer = await command(bot, 'create alice', PEOPLE.admin);
    expect(answer).toContain('Create my key');
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before);
    const invitation = dmButton(bot, PEOPLE.alice, ACCEPT_INVITATION_ACTION);

    expect(
      await click(bot, PEOPLE.bob, ACCEPT_INVITATION_ACTION, invitation).catch(() => NOT_YOUR_INVITATION),
    ).toContain(NOT_YOUR_INVITATION);
    const accepted = await click(bot, PEOPLE.alice, ACCEPT_INVITATION_ACTION, invitation);
    expect(accepted).toContain('was made');
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before + 1);
    expect(bot.iam.state.keysOf('alice')).toHaveLength(2);
    const secret = bot.iam.state.keysOf('alice').find((key) => key.accessKeyId !== first)
      ?.secretAccessKey as string;
    expect(JSON.stringify(ephemeralSecrets(bot).at(-1)?.params)).toContain(secret);
    expect(ephemeralSecrets(bot).at(-1)?.params).toMatchObject({ user: PEOPLE.alice });

    expect(await click(bot, PEOPLE.alice, ACCEPT_INVITATION_ACTION, invitation)).toContain(INVITATION_USED);
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before + 1);
  });

  it('at the two-key limit: a clear answer at once, listing the keys, and no doomed CreateAccessKey', async () => {
    const before = bot.iam.calls('CreateAccessKey').length;
    const answer = await command(bot, 'create', PEOPLE.alice);
    expect(answer).toContain('already has two access keys');
    for (const key of bot.iam.state.keysOf('alice')) expect(answer).toContain(key.accessKeyId);
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before);
  });

  it('LimitExceeded from a race is answered without the SDK retrying it', async () => {
    bot.iam.injectFault({ action: 'CreateAccessKey', code: 'LimitExceeded' });
    const before = bot.iam.calls('CreateAccessKey').length;
    expect(await command(bot, 'create bob', PEOPLE.admin)).toContain('Create my key');
    const invitation = dmButton(bot, PEOPLE.bob, ACCEPT_INVITATION_ACTION);
    expect(await click(bot, PEOPLE.bob, ACCEPT_INVITATION_ACTION, invitation)).toContain('two access keys');
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before + 1);
  });

  it('an expired invitation refuses and makes nothing', async () => {
    await command(bot, 'create bob', PEOPLE.admin);
    const invitation = dmButton(bot, PEOPLE.bob, ACCEPT_INVITATION_ACTION);
    const before = bot.iam.calls('CreateAccessKey').length;
    clock.advanceHours(25);
    try {
      expect(await click(bot, PEOPLE.bob, ACCEPT_INVITATION_ACTION, invitation)).toContain(
        INVITATION_EXPIRED,
      );
    } finally {
      clock.advanceHours(-25);
    }
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before);
  });

  it('a service user with no Slack owner: the secret goes to the admin who asked', async () => {
    await command(bot, 'create ci-deploy', PEOPLE.admin);
    const key = bot.iam.state.keysOf('ci-deploy')[0];
    expect(ephemeralSecrets(bot).at(-1)?.params).toMatchObject({
      channel: bot.slack.dmChannelOf(PEOPLE.admin),
      user: PEOPLE.admin,
    });
    expect(JSON.stringify(ephemeralSecrets(bot).at(-1)?.params)).toContain(key?.secretAccessKey);
  });

  it('delivery fails: the new key is deleted again and the asker is told', async () => {
    bot.slack.failNext('chat.postEphemeral', { error: 'channel_not_found' });
    const answer = await command(bot, 'create', PEOPLE.bob);
    expect(answer).toContain(DELIVERY_FAILED_ROLLED_BACK);
    expect(bot.iam.state.keysOf('bob')).toHaveLength(0);
    const created = bot.iam.calls('CreateAccessKey').at(-1);
    expect(created?.status).toBe(200);
    expect(bot.iam.calls('DeleteAccessKey').at(-1)?.params.UserName).toBe('bob');
  });

  it('the DM cannot be opened: no key is made at all', async () => {
    const before = bot.iam.calls('CreateAccessKey').length;
    bot.slack.failNext('conversations.open', { error: 'user_disabled' });
    expect(await command(bot, 'create', PEOPLE.bob)).toContain(DELIVERY_FAILED_NO_KEY);
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before);
  });

  it('an unclear CreateAccessKey is sent once, and a key that appeared anyway is deactivated', async () => {
    bot.iam.injectFault({ action: 'CreateAccessKey', code: 'ServiceFailure', afterApplying: true });
    const before = bot.iam.calls('CreateAccessKey').length;
    const answer = await command(bot, 'create', PEOPLE.bob);
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(before + 1);
    const appeared = bot.iam.state.keysOf('bob');
    expect(appeared).toHaveLength(1);
    expect(appeared[0]?.status).toBe('Inactive');
    expect(answer).toContain(appeared[0]?.accessKeyId);
  });

  it('bob may not create a key for alice, and IAM is not touched', async () => {
    const mutations = () => bot.iam.calls().filter((call) => /Create|Update|Delete/.test(call.action)).length;
    const before = mutations();
    expect(await command(bot, 'create alice', PEOPLE.bob)).toContain(NOT_ALLOWED);
    expect(await command(bot, 'create alice', PEOPLE.stranger)).toContain(NOT_ALLOWED);
    expect(mutations()).toBe(before);
  });
});

describe('activate, deactivate and the buttons on /keys list', () => {
  let bot: Bot;
  beforeAll(async () => {
    const state = account();
    state.addKey('alice', { lastUsed: { date: new Date(), serviceName: 's3', region: 'us-east-1' } });
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());

  it('deactivates and activates by command, with UserName, and says when nothing needs changing', async () => {
    const key = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    expect(await command(bot, `deactivate ${key}`, PEOPLE.alice)).toContain('is now inactive');
    expect(bot.iam.calls('UpdateAccessKey').at(-1)?.params).toMatchObject({
      UserName: 'alice',
      Status: 'Inactive',
    });
    const updates = bot.iam.calls('UpdateAccessKey').length;
    expect(await command(bot, `deactivate ${key}`, PEOPLE.alice)).toContain('already inactive');
    expect(bot.iam.calls('UpdateAccessKey')).toHaveLength(updates);
    expect(await command(bot, `activate ${key}`, PEOPLE.admin)).toContain('is now active');
    expect(await command(bot, `deactivate ${key}`, PEOPLE.bob)).toContain(NOT_ALLOWED);
    expect(bot.iam.state.findKey(key)?.status).toBe('Active');
  });

  it('the Deactivate button next to a key works for its owner and is checked again for anyone else', async () => {
    const key = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    const listed = await command(bot, 'list', PEOPLE.alice);
    expect(listed).toContain(KEY_DEACTIVATE_ACTION);
    const dm = bot.slack.dmChannelOf(PEOPLE.bob);
    const forged = await bot.driver.click(KEY_DEACTIVATE_ACTION, key, { userId: PEOPLE.bob, channelId: dm });
    expect(replyText(await bot.driver.waitForResponse(forged.responseUrl))).toContain(NOT_ALLOWED);
    expect(bot.iam.state.findKey(key)?.status).toBe('Active');
    const own = await bot.driver.click(KEY_DEACTIVATE_ACTION, key, {
      userId: PEOPLE.alice,
      channelId: bot.slack.dmChannelOf(PEOPLE.alice),
    });
    expect(replyText(await bot.driver.waitForResponse(own.responseUrl))).toContain('is now inactive');
    expect(bot.iam.state.findKey(key)?.status).toBe('Inactive');
  });
});

describe('rotation, guided in the owner’s DM', () => {
  let bot: Bot;
  beforeAll(async () => {
    const state = account();
    state.addKey('alice', { createDate: new Date(Date.now() - 200 * 86_400_000) });
    state.addKey('bob');
    state.addKey('bob');
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());

  it('a user with two keys is told what to clean up first', async () => {
    expect(await command(bot, 'rotate', PEOPLE.bob)).toContain('rotation needs room');
  });

  it('a refused rotation changes nothing and is audited', async () => {
    const creates = bot.iam.calls('CreateAccessKey').length;
    expect(await command(bot, 'rotate alice', PEOPLE.stranger)).toContain(NOT_ALLOWED);
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(creates);
    const trail = await command(bot, 'audit alice', PEOPLE.admin);
    expect(trail).toContain('rotated the key of `alice`: refused, not theirs.');
  });

  it('new key -> seen in use -> deactivate old -> request deletion, each step once', async () => {
    const oldKey = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    // Typed in a channel, the answer points to the DM, where the guide and the secret are.
    const started = await bot.driver.command('rotate', { userId: PEOPLE.alice, channelId: 'C0GENERAL' });
    expect(replyText(await bot.driver.waitForResponse(started.responseUrl, 10_000))).toContain(
      'Rotation started',
    );
    const newKey = bot.iam.state.keysOf('alice').find((key) => key.accessKeyId !== oldKey);
    expect(newKey).toBeDefined();
    expect(JSON.stringify(ephemeralSecrets(bot).at(-1)?.params)).toContain(newKey?.secretAccessKey);

    const guide = dmButton(bot, PEOPLE.alice, ROTATION_REFRESH_ACTION);
    expect(JSON.stringify(guide.message.blocks)).not.toContain(ROTATION_DEACTIVATE_ACTION);
    // Not used yet: the old key must stay active.
    expect(await click(bot, PEOPLE.alice, ROTATION_DEACTIVATE_ACTION, guide)).toContain(NEW_KEY_NOT_USED_YET);
    expect(bot.iam.state.findKey(oldKey)?.status).toBe('Active');

    bot.iam.state.markUsed(newKey?.accessKeyId as string, {
      date: new Date(),
      serviceName: 'sts',
      region: 'eu-central-1',
    });
    // Refresh answers by updating the guide in place, not with a message of its own.
    await bot.driver.click(ROTATION_REFRESH_ACTION, guide.value, {
      userId: PEOPLE.alice,
      channelId: guide.channel,
      messageTs: guide.message.ts,
    });
    await eventually(() =>
      JSON.stringify(
        bot.slack.messages(guide.channel).find((m) => m.ts === guide.message.ts)?.blocks,
      ).includes(ROTATION_DEACTIVATE_ACTION),
    );
    const callsBefore = bot.iam.calls().length;
    // A step taken is answered by the guide itself, updated in place: no message beside it.
    const guideNow = () =>
      JSON.stringify(bot.slack.messages(guide.channel).find((m) => m.ts === guide.message.ts)?.blocks);
    await bot.driver.click(ROTATION_DEACTIVATE_ACTION, guide.value, {
      userId: PEOPLE.alice,
      channelId: guide.channel,
      messageTs: guide.message.ts,
    });
    await eventually(() => guideNow().includes('Done: the old key is inactive'));
    expect(bot.iam.state.findKey(oldKey)?.status).toBe('Inactive');
    // Both keys' use is read once, and the old key (known to the rotation) is not looked up again.
    expect(
      bot.iam
        .calls()
        .slice(callsBefore)
        .map((call) => call.action)
        .sort(),
    ).toEqual(['GetAccessKeyLastUsed', 'GetAccessKeyLastUsed', 'UpdateAccessKey']);
    expect(await click(bot, PEOPLE.alice, ROTATION_DEACTIVATE_ACTION, guide)).toContain(ROTATION_STEP_DONE);

    await bot.driver.click(ROTATION_DELETE_ACTION, guide.value, {
      userId: PEOPLE.alice,
      channelId: guide.channel,
      messageTs: guide.message.ts,
    });
    await eventually(() => guideNow().includes('waiting for an approver'));
    expect(JSON.stringify(bot.slack.messages('C0APPROVALS'))).toContain(oldKey);
    expect(await click(bot, PEOPLE.alice, ROTATION_DELETE_ACTION, guide)).toContain(ROTATION_STEP_DONE);
    const finished = bot.slack.messages(guide.channel).find((m) => m.ts === guide.message.ts);
    expect(JSON.stringify(finished?.blocks)).not.toContain(ROTATION_DELETE_ACTION);
  });
});

describe('security rules over a whole session', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ iamState: account() });
    await command(bot, 'create', PEOPLE.alice);
    await command(bot, 'create ci-deploy', PEOPLE.admin);
    await command(bot, 'create bob', PEOPLE.admin);
    await click(
      bot,
      PEOPLE.bob,
      ACCEPT_INVITATION_ACTION,
      dmButton(bot, PEOPLE.bob, ACCEPT_INVITATION_ACTION),
    );
    bot.slack.failNext('chat.postEphemeral', { error: 'channel_not_found' });
    await command(bot, 'create', PEOPLE.alice);
    // Typed in bob's DM: the guide and the secret there are the answer.
    await bot.driver.command('rotate', { userId: PEOPLE.bob });
    await eventually(() =>
      bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.bob))
        .some((m) => JSON.stringify(m.blocks ?? []).includes(ROTATION_REFRESH_ACTION)),
    );
    const keyOfAlice = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    await command(bot, `deactivate ${keyOfAlice}`, PEOPLE.alice);
    await command(bot, `delete ${keyOfAlice}`, PEOPLE.alice);
  });
  afterAll(() => bot.stop());

  it('rule 1: each secret appears in exactly one Slack call, an ephemeral in its recipient’s DM, and nowhere else', async () => {
    const secrets = bot.iam.state.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const seen of await secretSightings(bot, secrets)) {
      expect(seen.calls).toHaveLength(1);
      const call = seen.calls[0];
      expect(call?.method).toBe('chat.postEphemeral');
      expect(String(call?.params.channel)).toMatch(/^D/);
      expect(call?.params.channel).toBe(bot.slack.dmChannelOf(String(call?.params.user)));
      expect(seen.inResponses).toBe(false);
      expect(seen.inLogs).toBe(false);
      expect(seen.inStore).toBe(false);
    }
  });

  it('rule 3: every UpdateAccessKey and DeleteAccessKey names its UserName', () => {
    const mutations = bot.iam
      .calls()
      .filter((call) => ['UpdateAccessKey', 'DeleteAccessKey'].includes(call.action));
    expect(mutations.length).toBeGreaterThan(0);
    for (const call of mutations) expect(call.params.UserName).toMatch(/\S/);
  });
});
