import { IamState } from '../../sandbox/iam';
import { KEY_DELETE_ACTION } from '../../src/features/keys/slack/key-list';
import { NOTE_BLOCK } from '../../src/features/approvals/slack/decision-modal';
import {
  DELETION_REASON_CALLBACK,
  REASON_ACTION,
  REASON_BLOCK,
} from '../../src/features/approvals/slack/deletion-reason-modal';
import { NUDGE_SNOOZE_ACTION } from '../../src/features/reports/slack/owner-nudge';
import { reportButtonValue } from '../../src/features/reports/slack/report-button';
import {
  SNOOZE_CALLBACK_ID,
  SNOOZE_PERIOD_ACTION,
  SNOOZE_PERIOD_BLOCK,
  SNOOZE_REASON_ACTION,
  SNOOZE_REASON_BLOCK,
} from '../../src/features/reports/slack/snooze-modal';
import { MAX_SNOOZE_REASON } from '../../src/features/reports/domain/snooze';
import { MAX_REASON_LENGTH } from '../../src/kernel/user-text';
import type { IamUserName } from '../../src/kernel/types';
import { USER_TEXT_NOT_PLAIN, userTextTooLong } from '../../src/platform/slack/user-text-input';
import { approvalMessageFor, decideInModal, eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';
import { storedItemsText } from '../support/secrets';

/** The stories' policy, where a deletion needs a person's reason: buttons ask for it in a modal. */
const POLICY = POLICY_YAML.replace(
  '  expiresAfterHours: 24',
  `  expiresAfterHours: 24
  reason:
    required: true`,
);

// A right-to-left override makes "INC-7 cod.exe" read as something else; each text is unique so the
// store can be searched for it.
const BIDI = (what: string) => `INC-7 ${what} \u202Eexe.dat\u202C`;
const HUGE = (what: string) => `INC-8 ${what} ${'x'.repeat(100_000)}`;

const SNOOZED_KEY_CREATED = new Date('2025-01-02T03:04:05Z');

describe('text people type in modals follows the rule /keys delete applies', () => {
  let bot: Bot;

  beforeAll(async () => {
    const state = new IamState();
    for (const user of ['alice', 'bob']) state.addUser(user);
    state.addKey('alice', { createDate: SNOOZED_KEY_CREATED });
    bot = await startBot({ iamState: state, policyYaml: POLICY });
  });
  afterAll(() => bot.stop());

  const approvalPosts = () =>
    bot.slack.calls('chat.postMessage').filter((call) => call.params.channel === 'C0APPROVALS');

  /** The modal a click opened for this person (views.open with the click's trigger). */
  async function openedBy(userId: string, click: () => Promise<unknown>) {
    const opened = () => bot.slack.calls('views.open').filter((call) => call.ok).length;
    const before = opened();
    await click();
    await eventually(() => opened() > before);
    return bot.slack.openViews(userId).at(-1) as { id: string; callback_id?: string };
  }

  async function expectNothingStored(...texts: string[]) {
    const stored = await storedItemsText(bot);
    for (const text of texts) expect(stored).not.toContain(text.slice(0, 40));
  }

  it('the deletion-reason modal: a bidi override or 100 KB is answered under the input, nothing requested or stored', async () => {
    const key = bot.iam.state.addKey('bob').accessKeyId;
    const modal = await openedBy(PEOPLE.bob, () =>
      bot.driver.click(KEY_DELETE_ACTION, key, {
        userId: PEOPLE.bob,
        channelId: bot.slack.dmChannelOf(PEOPLE.bob),
      }),
    );
    expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
    const before = approvalPosts().length;

    for (const [reason, error] of [
      [BIDI('deletion'), USER_TEXT_NOT_PLAIN],
      [HUGE('deletion'), userTextTooLong(MAX_REASON_LENGTH)],
    ] as const) {
      const submitted = await bot.driver.submitView(
        modal.id,
        { [REASON_BLOCK]: { [REASON_ACTION]: reason } },
        { userId: PEOPLE.bob },
      );
      expect(submitted.body).toEqual({ response_action: 'errors', errors: { [REASON_BLOCK]: error } });
      // Slack keeps the form open with the error under the input.
      expect(bot.slack.openViews(PEOPLE.bob).at(-1)?.id).toBe(modal.id);
    }
    expect(approvalPosts()).toHaveLength(before);
    await expectNothingStored(BIDI('deletion'), HUGE('deletion'));

    // The same form takes a plain reason.
    const answered = bot.slack.calls('chat.postEphemeral').length;
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'INC-9 laptop stolen' } },
      { userId: PEOPLE.bob },
    );
    await eventually(() => bot.slack.calls('chat.postEphemeral').length > answered);
    expect(JSON.stringify(approvalMessageFor(bot, key).message.blocks)).toContain('INC-9 laptop stolen');
  });

  it("the decision modal's note: refused under the input for approve and reject alike; the request stays pending", async () => {
    const key = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    const reply = await bot.driver.command(`delete ${key} INC-10 retired`, { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000))).toContain('requested');
    const request = approvalMessageFor(bot, key);

    for (const [verb, note, error] of [
      ['approve', BIDI('approve'), USER_TEXT_NOT_PLAIN],
      ['approve', HUGE('approve'), userTextTooLong(MAX_REASON_LENGTH)],
      ['reject', BIDI('reject'), USER_TEXT_NOT_PLAIN],
      ['reject', HUGE('reject'), userTextTooLong(MAX_REASON_LENGTH)],
    ] as const) {
      const { submitted } = await decideInModal(bot, verb, request, PEOPLE.approver, note);
      expect(submitted.body).toEqual({ response_action: 'errors', errors: { [NOTE_BLOCK]: error } });
    }
    expect(bot.iam.state.findKey(key)).toBeDefined();
    await expectNothingStored(BIDI('approve'), HUGE('approve'), BIDI('reject'), HUGE('reject'));
    const pending = await bot.driver.command('approvals', { userId: PEOPLE.approver });
    expect(replyText(await bot.driver.waitForResponse(pending.responseUrl, 10_000))).toContain(key);
  });

  it('the snooze reason: a bidi override or 100 KB is answered under the input, no snooze stored', async () => {
    const value = reportButtonValue({
      owner: 'alice' as IamUserName,
      account: 'default',
      createdAt: SNOOZED_KEY_CREATED,
      reportIndex: 0,
    });
    const modal = await openedBy(PEOPLE.alice, () =>
      bot.driver.click(NUDGE_SNOOZE_ACTION, value, {
        userId: PEOPLE.alice,
        channelId: bot.slack.dmChannelOf(PEOPLE.alice),
      }),
    );
    expect(modal.callback_id).toBe(SNOOZE_CALLBACK_ID);
    for (const [reason, error] of [
      [BIDI('snooze'), USER_TEXT_NOT_PLAIN],
      [HUGE('snooze'), userTextTooLong(MAX_SNOOZE_REASON)],
    ] as const) {
      const submitted = await bot.driver.submitView(
        modal.id,
        {
          [SNOOZE_REASON_BLOCK]: { [SNOOZE_REASON_ACTION]: reason },
          [SNOOZE_PERIOD_BLOCK]: { [SNOOZE_PERIOD_ACTION]: { type: 'number_input', value: '7' } },
        },
        { userId: PEOPLE.alice },
      );
      expect(submitted.body).toEqual({ response_action: 'errors', errors: { [SNOOZE_REASON_BLOCK]: error } });
    }
    await expectNothingStored(BIDI('snooze'), HUGE('snooze'));
    expect(await storedItemsText(bot)).not.toContain('SNOOZE#');
  });
});
