import type { KnownBlock } from '@slack/types';
import { context } from './primitives';

/**
 * A message with one of its lines marked as handled: the actions block the click came from gives way
 * to a note ("Deactivated by @April at 23:37"), so the rest of the channel sees it was dealt with and
 * nobody acts on it twice (the convention of PagerDuty's and Jira's apps: rewrite the original). The
 * other lines keep their buttons. Blocks are Slack's copy of the bot's own message.
 */
export function markLine(blocks: readonly KnownBlock[], blockId: string, note: string): KnownBlock[] {
  return blocks.map((block) =>
    block.type === 'actions' && block.block_id === blockId ? { ...context(note), block_id: blockId } : block,
  );
}
