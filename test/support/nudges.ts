import { NUDGE_EVENT } from '../../src/features/reports/slack/slack-owner-notifier';
import { NUDGE_SNOOZE_ACTION } from '../../src/features/reports/slack/owner-nudge';
import {
  SNOOZE_PERIOD_ACTION,
  SNOOZE_PERIOD_BLOCK,
  SNOOZE_REASON_ACTION,
  SNOOZE_REASON_BLOCK,
} from '../../src/features/reports/slack/snooze-modal';
import { eventually } from './approvals';
import type { Bot } from './bot';

export interface SentNudge {
  /** The Slack user whose DM it went to. */
  owner: string;
  run: string;
  text: string;
  blocks: unknown[];
}

/** Every owner nudge the bot sent, in order, found by its message metadata. */
export function sentNudges(bot: Pick<Bot, 'slack'>): SentNudge[] {
  const ownerOfDm = (channel: string) =>
    ['U0ADMIN', 'U0APPROVER', 'U0APPROVER2', 'U0ALICE', 'U0BOB', 'U0STRANGER'].find(
      (user) => bot.slack.dmChannelOf(user) === channel,
    ) ?? channel;
  return bot.slack
    .calls('chat.postMessage')
    .filter(
      (call) => call.ok && (call.params.metadata as { event_type?: string })?.event_type === NUDGE_EVENT,
    )
    .map((call) => ({
      owner: ownerOfDm(String(call.params.channel)),
      run: (call.params.metadata as { event_payload: { run: string } }).event_payload.run,
      text: String(call.params.text),
      blocks: (call.params.blocks as unknown[]) ?? [],
    }));
}

interface Block {
  type: string;
  text?: { text: string };
  elements?: Array<{ action_id?: string; value?: string }>;
}

/** The IAM users named by the rows of a nudge, in order. */
export function nudgedUsers(nudge: { blocks: unknown[] }): string[] {
  return (nudge.blocks as Block[]).flatMap((block) => {
    const match = block.type === 'section' ? /^\*[^*]+\* · `([^`]+)`/.exec(block.text?.text ?? '') : null;
    return match?.[1] ? [match[1]] : [];
  });
}

/** The value of a nudge row's button, found by the IAM user the row names (and its account, if given). */
export function nudgeButton(
  nudge: { blocks: unknown[] },
  iamUser: string,
  actionId: string,
  account?: string,
): string {
  const blocks = nudge.blocks as Block[];
  const rowText = account ? `*${account}* · \`${iamUser}\` · ` : ` · \`${iamUser}\` · `;
  const row = blocks.findIndex(
    (block) => block.type === 'section' && (block.text?.text ?? '').includes(rowText),
  );
  const value = blocks[row + 1]?.elements?.find((element) => element.action_id === actionId)?.value;
  if (row < 0 || !value) throw new Error(`no ${actionId} button for ${iamUser}`);
  return value;
}

/**
 * The owner snoozes a key from their last nudge DM, through the modal, and the bot confirms it:
 * the key of `iamUser` (in `account`, where the DM lists several).
 */
export async function snoozeFromNudge(
  bot: Bot,
  snooze: { userId: string; iamUser: string; account?: string; days: number; reason: string },
): Promise<void> {
  const { userId } = snooze;
  const channelId = bot.slack.dmChannelOf(userId);
  const nudge = sentNudges(bot)
    .filter((sent) => sent.owner === userId)
    .at(-1);
  if (!nudge) throw new Error(`no nudge to ${userId}`);
  const value = nudgeButton(nudge, snooze.iamUser, NUDGE_SNOOZE_ACTION, snooze.account);
  const answers = () =>
    bot.slack.messages(channelId).filter((m) => m.user === bot.slack.botUserId && !m.ephemeralTo);
  const before = answers().length;
  await bot.driver.click(NUDGE_SNOOZE_ACTION, value, { userId, channelId });
  await eventually(() => bot.slack.openViews(userId).length > 0);
  const view = bot.slack.openViews(userId).at(-1);
  await bot.driver.submitView(
    view?.id ?? '',
    {
      [SNOOZE_REASON_BLOCK]: { [SNOOZE_REASON_ACTION]: snooze.reason },
      [SNOOZE_PERIOD_BLOCK]: {
        [SNOOZE_PERIOD_ACTION]: { type: 'number_input', value: String(snooze.days) },
      },
    },
    { userId },
  );
  await eventually(() => answers().length > before);
  const answer = answers().at(-1)?.text ?? '';
  if (!answer.includes(':zzz: Snoozed until')) throw new Error(`the snooze was not confirmed: ${answer}`);
}
