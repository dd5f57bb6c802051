import { NUDGE_EVENT } from '../../src/features/reports/slack/slack-owner-notifier';
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

/** The value of a nudge row's button, found by the IAM user the row names. */
export function nudgeButton(nudge: { blocks: unknown[] }, iamUser: string, actionId: string): string {
  const blocks = nudge.blocks as Block[];
  const row = blocks.findIndex(
    (block) => block.type === 'section' && (block.text?.text ?? '').includes(` · \`${iamUser}\` · `),
  );
  const value = blocks[row + 1]?.elements?.find((element) => element.action_id === actionId)?.value;
  if (row < 0 || !value) throw new Error(`no ${actionId} button for ${iamUser}`);
  return value;
}
