import type { SlackView } from '../../sandbox/slack/types';
import { eventually } from './approvals';
import type { Bot } from './bot';

/** Every views.publish the bot made for this person so far. */
export function publishesFor(bot: Bot, userId: string): number {
  return bot.slack.calls('views.publish').filter((call) => call.params.user_id === userId).length;
}

/** Waits until the bot has published the person's Home `count` more times, and returns it. */
export async function nextHome(bot: Bot, userId: string, before: number, count = 1): Promise<SlackView> {
  await eventually(() => publishesFor(bot, userId) >= before + count, 15_000);
  const publishes = bot.slack.calls('views.publish').filter((call) => call.params.user_id === userId);
  const failed = publishes.filter((call) => !call.ok);
  if (failed.length > 0)
    throw new Error(`views.publish refused: ${failed.map((call) => call.error).join(', ')}`);
  const view = bot.slack.homeView(userId);
  if (!view) throw new Error(`no Home for ${userId}`);
  return view;
}

/** The person opens the Home tab (a signed Events API request); resolves with what the bot published. */
export async function openHome(bot: Bot, userId: string): Promise<SlackView> {
  const before = publishesFor(bot, userId);
  const reply = await bot.driver.appHomeOpened(userId);
  if (reply.status !== 200) throw new Error(`app_home_opened answered ${reply.status}`);
  return nextHome(bot, userId, before);
}

/** A click on a button of the person's Home; resolves with the Home published after it. */
export async function clickOnHome(
  bot: Bot,
  userId: string,
  actionId: string,
  value: string,
  publishes = 1,
): Promise<SlackView> {
  const home = bot.slack.homeView(userId);
  if (!home) throw new Error(`${userId} has no Home to click on`);
  const before = publishesFor(bot, userId);
  const reply = await bot.driver.clickInView(actionId, value, { userId, viewId: home.id });
  if (reply.status !== 200) throw new Error(`the click answered ${reply.status}`);
  return nextHome(bot, userId, before, publishes);
}

interface Element {
  action_id?: string;
  value?: string;
  url?: string;
}
interface Block {
  type: string;
  accessory?: Element;
  elements?: Element[];
}

/** Every button of a view, in order. */
export function buttons(view: { blocks: readonly unknown[] }): Element[] {
  return (view.blocks as Block[]).flatMap((block) => [
    ...(block.accessory ? [block.accessory] : []),
    ...(block.type === 'actions' ? (block.elements ?? []) : []),
  ]);
}

/** The value of the button with this action id whose value mentions `about`. */
export function buttonValue(view: { blocks: readonly unknown[] }, actionId: string, about: string): string {
  const found = buttons(view).find(
    (element) => element.action_id === actionId && element.value?.includes(about),
  );
  if (!found?.value) throw new Error(`no ${actionId} button about ${about}`);
  return found.value;
}

export function viewText(view: { blocks: readonly unknown[] }): string {
  return JSON.stringify(view.blocks);
}
