import type { KnownBlock, SectionBlock } from '@slack/types';
import { context } from './primitives';

/**
 * A line whose menu is its accessory (a report line) keeps its text, with the note under it; its menu
 * goes unless `keepMenu` (a nudge changes nothing about the key, so the line can still be acted on).
 */
function markedSection(block: SectionBlock, note: string, keepMenu: boolean): SectionBlock {
  const { accessory, ...rest } = block;
  const text = block.text ? { ...block.text, text: `${block.text.text}\n${note}` } : block.text;
  return { ...rest, ...(text ? { text } : {}), ...(keepMenu && accessory ? { accessory } : {}) };
}

/**
 * A message with one of its lines marked as handled: the actions block the click came from gives way
 * to a note ("Deactivated by @April at 23:37"), so the rest of the channel sees it was dealt with and
 * nobody acts on it twice (the convention of PagerDuty's and Jira's apps: rewrite the original). The
 * other lines keep their buttons. Blocks are Slack's copy of the bot's own message.
 */
export function markLine(
  blocks: readonly KnownBlock[],
  blockId: string,
  note: string,
  keepMenu = false,
): KnownBlock[] {
  return blocks.map((block) => {
    if (block.block_id !== blockId) return block;
    if (block.type === 'actions') return { ...context(note), block_id: blockId };
    if (block.type === 'section' && block.accessory) return markedSection(block, note, keepMenu);
    return block;
  });
}
