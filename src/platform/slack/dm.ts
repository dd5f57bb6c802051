import type { WebClient } from '@slack/web-api';

/** The D... id of the bot's DM with a person: chat.update and ephemeral delivery need it. */
export async function openDm(client: WebClient, userId: string): Promise<string> {
  const answer = await client.conversations.open({ users: userId });
  const id = answer.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}
