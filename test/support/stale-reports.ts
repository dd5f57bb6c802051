import type { StoredMessage } from '../../sandbox/slack';
import type { Bot } from './bot';
import { lineChoice } from '../../src/features/reports/slack/report-line-menu';

/** The latest stale-key report the bot posted in a channel (not a CSV file's message). */
export function postedReport(bot: Bot, channel = 'C0SECOPS'): StoredMessage {
  const reports = bot.slack.messages(channel).filter((m) => m.user === bot.slack.botUserId && !m.files);
  const last = reports[reports.length - 1];
  if (!last) throw new Error(`no report in ${channel}`);
  return last;
}

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: {
    type?: string;
    action_id?: string;
    options?: Array<{ text: { text: string }; value: string }>;
  };
}

/** A report line: "*`AKIA…`* of <@U0BOB> (`bob`) · created …", or "*access key 1* of `bob` · …". */
const LINE = /^\*[^*]+\* of (?:<@[A-Z0-9]+> \()?`([^`]+)`/;

/** The report lines naming `owner`'s keys, in order. */
export function reportLines(message: { blocks?: unknown[] }, owner: string): Block[] {
  return ((message.blocks ?? []) as Block[]).filter(
    (block) => block.type === 'section' && LINE.exec(block.text?.text ?? '')?.[1] === owner,
  );
}

/**
 * The value of the option of a report line's menu that stands for the button `actionId` once was
 * (Deactivate, Request deletion, Rotate), on the first line naming `owner`. Pick it with
 * `bot.driver.pick(STALE_LINE_MENU_ACTION, value, …)`.
 */
export function reportButton(message: { blocks?: unknown[] }, owner: string, actionId: string): string {
  const line = reportLines(message, owner).find((block) => block.accessory?.type === 'overflow');
  const value = line?.accessory?.options?.find(
    (option) => lineChoice(option.value)?.actionId === actionId,
  )?.value;
  if (!value) throw new Error(`no ${actionId} option for ${owner}`);
  return value;
}

/** Owners of the rows of a report, in order. */
export function reportedOwners(message: { blocks?: unknown[] }): string[] {
  return ((message.blocks ?? []) as Block[]).flatMap((block) => {
    const match = block.type === 'section' ? LINE.exec(block.text?.text ?? '') : null;
    return match?.[1] ? [match[1]] : [];
  });
}
