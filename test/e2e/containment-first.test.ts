import { IamState } from '../../sandbox/iam';
import {
  DEACTIVATE_NOW_ACTION,
  DEACTIVATE_NOW_BLOCK,
  DEACTIVATE_NOW_OPTION,
  DEACTIVATE_NOW_VALUE,
  DELETION_REASON_CALLBACK,
  REASON_ACTION,
  REASON_BLOCK,
} from '../../src/features/approvals/slack/deletion-reason-modal';
import { KEY_DEACTIVATE_ACTION, KEY_DELETE_ACTION } from '../../src/features/keys/slack/key-list';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { approvalMessageFor, eventually } from '../support/approvals';
import { commandReply, PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';

/** A policy that wants a ticket: a button's Request deletion opens the modal. */
const POLICY = POLICY_YAML.replace(
  '  expiresAfterHours: 24',
  `  expiresAfterHours: 24
  reason:
    required: true
    pattern: '^(INC|CHG)-[0-9]+'`,
);

const TWO_HOURS_AGO = () => new Date(Date.now() - 2 * 3_600_000 - 5 * 60_000);

const ticked = {
  [DEACTIVATE_NOW_BLOCK]: {
    [DEACTIVATE_NOW_ACTION]: {
      type: 'checkboxes',
      selected_options: [
        { text: { type: 'plain_text', text: DEACTIVATE_NOW_OPTION }, value: DEACTIVATE_NOW_VALUE },
      ],
    },
  },
};
const unticked = {
  [DEACTIVATE_NOW_BLOCK]: { [DEACTIVATE_NOW_ACTION]: { type: 'checkboxes', selected_options: [] } },
};

describe('containment first: a deletion request offers to deactivate the key while approvers decide', () => {
  let bot: Bot;

  beforeAll(async () => {
    const state = new IamState();
    for (const user of ['alice', 'bob']) state.addUser(user);
    bot = await startBot({ iamState: state, policyYaml: POLICY });
  });
  afterAll(async () => {
    await bot.stop();
  });

  /** A fresh Active key of alice, last used two hours ago. */
  function freshKey(owner = 'alice'): string {
    for (const key of bot.iam.state.keysOf(owner)) bot.iam.state.deleteKey(owner, key.accessKeyId);
    const key = bot.iam.state.addKey(owner).accessKeyId;
    bot.iam.state.markUsed(key, { date: TWO_HOURS_AGO(), serviceName: 's3', region: 'eu-west-1' });
    return key;
  }

  /** The modal a Request deletion click on a listed key opens for this person. */
  async function requestDeletionModal(key: string, userId: string) {
    const opened = () => bot.slack.calls('views.open').filter((call) => call.ok).length;
    const before = opened();
    await bot.driver.click(KEY_DELETE_ACTION, key, { userId, channelId: bot.slack.dmChannelOf(userId) });
    await eventually(() => opened() > before, 10_000);
    return bot.slack.openViews(userId).at(-1) as { id: string; callback_id?: string; blocks: unknown[] };
  }

  /** Submits the modal and resolves with the answer beside the button. */
  async function submit(modalId: string, userId: string, values: Record<string, unknown>) {
    const channel = bot.slack.dmChannelOf(userId);
    const answers = () =>
      bot.slack
        .calls('chat.postEphemeral')
        .filter((call) => call.params.user === userId && call.params.channel === channel);
    const before = answers().length;
    await bot.driver.submitView(
      modalId,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'INC-77 suspected leak' }, ...values } as never,
      { userId },
    );
    await eventually(() => answers().length > before, 10_000);
    return String(answers().at(-1)?.params.text ?? '');
  }

  const trail = () =>
    new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, { now: () => new Date() });

  it('the owner gets "Deactivate now", ticked; the key goes off first, then the request opens', async () => {
    const key = freshKey();
    const modal = await requestDeletionModal(key, PEOPLE.alice);
    expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
    const checkbox = JSON.stringify(modal.blocks);
    expect(checkbox).toContain(`"block_id":"${DEACTIVATE_NOW_BLOCK}"`);
    expect(checkbox).toMatch(/"initial_options":\[\{[^\]]*"value":"deactivate"/);

    const answer = await submit(modal.id, PEOPLE.alice, ticked);
    expect(answer).toContain('is now inactive');
    expect(answer).toContain('requested');
    expect(bot.iam.state.findKey(key)?.status).toBe('Inactive');
    // Deactivated before the request was made: the approvers' card says so, and warns of nothing.
    const card = JSON.stringify(approvalMessageFor(bot, key).message.blocks);
    expect(card).toContain('*Status when asked*\\nInactive');
    expect(card).not.toContain('Still Active');
    const events = (await trail().recent({ limit: 20 })).filter((event) => event.keyId === key);
    expect(events.map((event) => [event.action, event.outcome, event.actor])).toEqual(
      expect.arrayContaining([
        ['deactivate', 'ok', PEOPLE.alice],
        ['request-deletion', 'ok', PEOPLE.alice],
      ]),
    );
  });

  it('unticked, the key stays Active, and the card says when it was last used', async () => {
    const key = freshKey();
    const modal = await requestDeletionModal(key, PEOPLE.alice);
    const answer = await submit(modal.id, PEOPLE.alice, unticked);
    expect(answer).not.toContain('inactive');
    expect(bot.iam.state.findKey(key)?.status).toBe('Active');
    const card = JSON.stringify(approvalMessageFor(bot, key).message.blocks);
    expect(card).toContain('Still Active, last used 2 h ago');
  });

  it('IAM refuses the deactivation: the request still opens, and the answer says the key is still Active', async () => {
    const key = freshKey();
    const modal = await requestDeletionModal(key, PEOPLE.alice);
    bot.iam.injectFault({ action: 'UpdateAccessKey', code: 'AccessDenied' });
    const answer = await submit(modal.id, PEOPLE.alice, ticked);
    expect(answer).toContain('could not be deactivated, so it is *still Active*');
    expect(answer).toContain('requested');
    expect(bot.iam.state.findKey(key)?.status).toBe('Active');
    expect(JSON.stringify(approvalMessageFor(bot, key).message.blocks)).toContain('Still Active');
    const [failed] = (await trail().recent({ limit: 20 })).filter(
      (event) => event.keyId === key && event.action === 'deactivate',
    );
    expect(failed).toMatchObject({ outcome: 'failed', actor: PEOPLE.alice });
  });

  it('no offer for a key already Inactive, nor for someone who may not turn it off', async () => {
    const key = freshKey();
    bot.iam.state.setStatus('alice', key, 'Inactive');
    expect(JSON.stringify((await requestDeletionModal(key, PEOPLE.alice)).blocks)).not.toContain(
      DEACTIVATE_NOW_BLOCK,
    );
    const bobs = freshKey('bob');
    // April approves deletions, but may not manage bob's keys: she is not offered to deactivate it.
    expect(JSON.stringify((await requestDeletionModal(bobs, PEOPLE.approver)).blocks)).not.toContain(
      DEACTIVATE_NOW_BLOCK,
    );
  });

  it('/keys delete answers with a "Deactivate now" button beside the request, which turns the key off', async () => {
    const key = freshKey();
    const answer = await commandReply(bot, `delete ${key} INC-78 laptop stolen`, PEOPLE.alice);
    expect(answer).toContain('requested');
    expect(answer).toContain(`"action_id":"${KEY_DEACTIVATE_ACTION}","value":"${key}"`);
    const clicked = await bot.driver.click(KEY_DEACTIVATE_ACTION, key, {
      userId: PEOPLE.alice,
      channelId: bot.slack.dmChannelOf(PEOPLE.alice),
      isEphemeral: true,
    });
    expect(replyText(await bot.driver.waitForResponse(clicked.responseUrl, 10_000))).toContain(
      'is now inactive',
    );
    expect(bot.iam.state.findKey(key)?.status).toBe('Inactive');

    // No button where there is nothing to contain: the key is already off.
    const off = freshKey();
    bot.iam.state.setStatus('alice', off, 'Inactive');
    const offAnswer = await commandReply(bot, `delete ${off} INC-79 unused`, PEOPLE.alice);
    expect(offAnswer).toContain('requested');
    expect(offAnswer).not.toContain(KEY_DEACTIVATE_ACTION);
  });
});
