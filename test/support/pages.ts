import { randomUUID } from 'node:crypto';
import type { ApprovalRequest } from '../../src/features/approvals/domain/approval';
import type { IamUserName, KeyId, SlackUserId } from '../../src/kernel/types';
import type { Bot } from './bot';

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type?: string; action_id?: string; value?: string; text?: string | { text: string } }[];
}

export function blocksOf(body: Record<string, unknown>): Block[] {
  return (body.blocks ?? []) as Block[];
}

/** The value of the button with that action id, or undefined when the page has none. */
export function buttonValue(body: Record<string, unknown>, actionId: string): string | undefined {
  for (const block of blocksOf(body)) {
    const found = block.elements?.find((element) => element.action_id === actionId);
    if (found) return found.value;
  }
  return undefined;
}

/** Every section's text, in order: the lines of a page. */
export function sectionLines(body: Record<string, unknown>): string[] {
  return blocksOf(body)
    .filter((block) => block.type === 'section' && block.text)
    .flatMap((block) => (block.text?.text ?? '').split('\n'));
}

/** The ephemeral answer a command left in the asker's DM with the bot (where the driver sends it). */
export function lastMessageIn(bot: Bot, channel: string) {
  const message = bot.slack.messages(channel).at(-1);
  if (!message) throw new Error(`no message in ${channel}`);
  return message;
}

/** A pending request as the service writes it, `minutesAgo` old, unexpired. */
export function pendingRequest(
  index: number,
  options: { now: Date; requestedBy: string; minutesAgo: number; expired?: boolean },
): ApprovalRequest {
  const createdAt = new Date(options.now.getTime() - options.minutesAgo * 60_000);
  const keyId = `AKIAPAGE${String(index).padStart(12, '0')}` as KeyId;
  return {
    id: randomUUID(),
    account: 'default',
    state: 'PENDING',
    keyId,
    owner: `user${index}` as IamUserName,
    requestedBy: options.requestedBy as SlackUserId,
    reason: 'paging test',
    createdAt,
    expiresAt: new Date(options.now.getTime() + (options.expired ? -60_000 : 24 * 3_600_000)),
    required: 1,
    approvals: [],
    history: [{ at: createdAt, by: options.requestedBy as SlackUserId, state: 'PENDING' }],
    key: { status: 'Active', createdAt: new Date('2025-01-01T00:00:00Z') },
    message: { channel: 'C0APPROVALS', ts: `1700000000.${String(index).padStart(6, '0')}` },
    version: 1,
  };
}
