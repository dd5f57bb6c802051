import type { ChannelView, PersonView } from '../../../page-server/api';
import { escapeHtml } from '../blockkit';

export function viewerOptionsHtml(people: readonly PersonView[], viewer: string): string {
  return people
    .map(
      (person) =>
        `<option value="${escapeHtml(person.id)}"${person.id === viewer ? ' selected' : ''}>` +
        `${escapeHtml(person.realName)} (${escapeHtml(person.role)})</option>`,
    )
    .join('');
}

function channelItem(channel: ChannelView, current: string, unread: ReadonlySet<string>): string {
  const label = channel.kind === 'dm' ? escapeHtml(channel.name) : `# ${escapeHtml(channel.name)}`;
  const isUnread = unread.has(channel.id);
  return (
    `<li><button type="button" class="channel${isUnread ? ' channel-unread' : ''}" data-channel="${escapeHtml(channel.id)}"` +
    `${channel.id === current ? ' aria-current="true"' : ''}>${label}` +
    `${isUnread ? '<span class="unread-dot" aria-label="new messages"></span>' : ''}</button></li>`
  );
}

/** Channels, then the one DM a person has with the bot, as Slack's sidebar groups them. */
export function channelListHtml(
  channels: readonly ChannelView[],
  current: string,
  unread: ReadonlySet<string>,
): string {
  const list = (items: readonly ChannelView[]) => items.map((c) => channelItem(c, current, unread)).join('');
  return (
    `<h2 class="sidebar-heading">Channels</h2><ul class="channel-list">${list(channels.filter((c) => c.kind === 'channel'))}</ul>` +
    `<h2 class="sidebar-heading">Direct messages</h2><ul class="channel-list">${list(channels.filter((c) => c.kind === 'dm'))}</ul>`
  );
}

/** The channel parameter of the Home tab: not a Slack channel id, so it never clashes with one. */
export const HOME_TAB = 'home';

/** The bot's Home tab, under Apps as Slack lists it. */
export function homeItemHtml(botName: string, current: string): string {
  return (
    `<h2 class="sidebar-heading">Apps · ${escapeHtml(botName)}</h2><ul class="channel-list"><li>` +
    `<button type="button" class="channel" data-home${current === HOME_TAB ? ' aria-current="true"' : ''}>Home</button>` +
    `</li></ul>`
  );
}
