import type { Bot } from './bot';

/** The last bot message in a DM that carries a button with this action id, and the button's value. */
export function dmButton(bot: Bot, user: string, actionId: string) {
  const channel = bot.slack.dmChannelOf(user);
  const message = bot.slack
    .messages(channel)
    .filter((candidate) => JSON.stringify(candidate.blocks ?? []).includes(`"${actionId}"`))
    .at(-1);
  if (!message) throw new Error(`no ${actionId} button in ${channel}`);
  const match = new RegExp(`"action_id":"${actionId.replace('.', '\\.')}","value":"([^"]+)"`).exec(
    JSON.stringify(message.blocks),
  );
  return { channel, message, value: match?.[1] ?? '' };
}
