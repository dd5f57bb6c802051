import type { StoredMessage } from '../../sandbox/slack';
import type { Bot } from './bot';

/** The latest stale-key report the bot posted in a channel (not a CSV file's message). */
export function postedReport(bot: Bot, channel = 'C0SECOPS'): StoredMessage {
  const reports = bot.slack.messages(channel).filter((m) => m.user === bot.slack.botUserId && !m.files);
  const last = reports[reports.length - 1];
  if (!last) throw new Error(`no report in ${channel}`);
  return last;
}

interface Block {
  type: string;
  text?: { text: string };
  elements?: Array<{ action_id?: string; value?: string }>;
}

/** The value of a report row's button, found by the owner the row names. */
export function reportButton(message: { blocks?: unknown[] }, owner: string, actionId: string): string {
  const blocks = (message.blocks ?? []) as Block[];
  const row = blocks.findIndex(
    (block) => block.type === 'section' && block.text?.text.startsWith(`*\`${owner}\`*`),
  );
  const value = blocks[row + 1]?.elements?.find((element) => element.action_id === actionId)?.value;
  if (row < 0 || !value) throw new Error(`no ${actionId} button for ${owner}`);
  return value;
}

/** Owners of the rows of a report, in order. */
export function reportedOwners(message: { blocks?: unknown[] }): string[] {
  return ((message.blocks ?? []) as Block[]).flatMap((block) => {
    const match = block.type === 'section' ? /^\*`([^`]+)`\*/.exec(block.text?.text ?? '') : null;
    return match?.[1] ? [match[1]] : [];
  });
}
