import { IamState } from '../../sandbox/iam';
import { KEY_DEACTIVATE_ACTION } from '../../src/features/keys/slack/key-list';
import { DynamoApprovalStore } from '../../src/features/approvals/store/dynamo-approval-store';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { approvalMessageFor, eventually } from '../support/approvals';
import { commandReply, PEOPLE, replyText, startBot, type Bot } from '../support/bot';

const TWO_HOURS_AGO = () => new Date(Date.now() - 2 * 3_600_000 - 5 * 60_000);

/**
 * `/keys delete` answers with "Deactivate now" beside the request; the approvers' card, posted
 * before, said "Still Active". A click on it (or any deactivation through Keywarden) rewrites the
 * card in place, as the other flows rewrite their messages.
 */
describe("the approval card follows its key's status while the request waits", () => {
  let bot: Bot;

  beforeAll(async () => {
    const state = new IamState();
    for (const user of ['alice', 'bob']) state.addUser(user);
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());

  /** An Active key of alice, last used two hours ago, asked to be deleted by alice. */
  async function requested(): Promise<{ key: string; card: () => string; updates: () => number }> {
    // IAM allows two keys a user: the earlier stories' keys go (their requests stay open).
    for (const old of bot.iam.state.keysOf('alice')) bot.iam.state.deleteKey('alice', old.accessKeyId);
    const key = bot.iam.state.addKey('alice').accessKeyId;
    bot.iam.state.markUsed(key, { date: TWO_HOURS_AGO(), serviceName: 's3', region: 'eu-west-1' });
    const answer = await commandReply(bot, `delete ${key} laptop stolen`, PEOPLE.alice);
    expect(answer).toContain(`"action_id":"${KEY_DEACTIVATE_ACTION}","value":"${key}"`);
    const { message } = approvalMessageFor(bot, key);
    const card = () => JSON.stringify(approvalMessageFor(bot, key).message.blocks);
    const updates = () =>
      bot.slack
        .calls('chat.update')
        .filter((call) => call.ok && call.params.channel === 'C0APPROVALS' && call.params.ts === message.ts)
        .length;
    expect(card()).toContain('Still Active, last used 2 h ago');
    return { key, card, updates };
  }

  /** A click on the answer's "Deactivate now"; resolves with the answer's text. */
  async function deactivateNow(key: string, userId: string): Promise<string> {
    const clicked = await bot.driver.click(KEY_DEACTIVATE_ACTION, key, {
      userId,
      channelId: bot.slack.dmChannelOf(userId),
      isEphemeral: true,
    });
    return replyText(await bot.driver.waitForResponse(clicked.responseUrl, 10_000));
  }

  it('"Deactivate now" clicked after asking: the card is rewritten in place, saying who turned the key off', async () => {
    const { key, card, updates } = await requested();
    expect(await deactivateNow(key, PEOPLE.alice)).toContain('is now inactive');
    await eventually(() => !card().includes('Still Active'), 10_000);
    expect(card()).toContain(`Deactivated`);
    expect(card()).toContain(`by <@${PEOPLE.alice}>`);
    // What the requester saw when asking is kept; the buttons are still there for approvers.
    expect(card()).toContain('*Status when asked*\\nActive');
    expect(card()).toContain('approval.approve');
    expect(updates()).toBe(1);
    const stored = await new DynamoApprovalStore(bot.keywarden.store.doc, bot.keywarden.store.tableName).get(
      approvalMessageFor(bot, key).requestId,
    );
    expect(stored).toMatchObject({
      state: 'PENDING',
      key: { status: 'Active' },
      keyStatusChange: { status: 'Inactive', by: PEOPLE.alice },
    });

    // A second click finds the key already off: nothing changes, the card is not written again.
    expect(await deactivateNow(key, PEOPLE.alice)).toContain('inactive');
    expect(updates()).toBe(1);
  });

  it('turned on again by an admin: the card warns again that the key works', async () => {
    const { key, card } = await requested();
    await deactivateNow(key, PEOPLE.alice);
    await eventually(() => !card().includes('Still Active'), 10_000);
    expect(await commandReply(bot, `activate ${key}`, PEOPLE.admin)).toContain('active');
    await eventually(() => card().includes('Still Active'), 10_000);
    expect(bot.iam.state.findKey(key)?.status).toBe('Active');
  });

  it('someone who may not turn the key off is refused, and the card stays as it was', async () => {
    const { key, card, updates } = await requested();
    expect(await deactivateNow(key, PEOPLE.bob)).toContain(NOT_ALLOWED);
    expect(bot.iam.state.findKey(key)?.status).toBe('Active');
    expect(updates()).toBe(0);
    expect(card()).toContain('Still Active');
  });
});
