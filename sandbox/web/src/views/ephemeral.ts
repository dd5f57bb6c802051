import type { MessageView } from '../../../page-server/api';

/** Slack's `ts` (seconds.microseconds) as milliseconds. */
function tsMillis(ts: string): number {
  return Number(ts) * 1000;
}

/**
 * What a channel shows a page opened at `openedAtMs`: as in Slack, an ephemeral message lives in the
 * client that was open when it came, and is gone on reload; everything else stays.
 */
export function visibleAfterLoad<M extends Pick<MessageView, 'ts' | 'ephemeral'>>(
  messages: readonly M[],
  openedAtMs: number,
): M[] {
  return messages.filter((message) => !message.ephemeral || tsMillis(message.ts) >= openedAtMs);
}
