import type { WebClient } from '@slack/web-api';
import type { MessageRef } from '../../kernel/message-ref';
import type { Reply } from './blocks/primitives';

/** Posts a built reply as a message and names it, for the chat.update that keeps it current. */
export async function postReply(client: WebClient, channel: string, reply: Reply): Promise<MessageRef> {
  const answer = await client.chat.postMessage({ channel, text: reply.text, blocks: reply.blocks });
  if (!answer.ts) throw new Error('chat.postMessage returned no ts');
  return { channel: answer.channel ?? channel, ts: answer.ts };
}
