import type { IamState } from '../iam';
import type { StoredMessage } from '../slack';
import type { AccountKeyView, AccountRef, AccountView, ChannelView, MessageView } from './api';

export interface WorkspaceLayout {
  channels: readonly { id: string; name: string }[];
  botName: string;
  dmChannelOf(userId: string): string;
}

/** The download link the page uses: same origin, served (as an attachment) by the page server. */
export function fileLink(fileId: string, name: string): string {
  return `/files/${encodeURIComponent(fileId)}/${encodeURIComponent(name)}`;
}

function toView(message: StoredMessage): MessageView {
  return {
    ts: message.ts,
    channel: message.channel,
    user: message.user,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
    ephemeral: message.ephemeralTo !== undefined,
    edited: message.edited === true,
    ...(message.threadTs !== undefined ? { threadTs: message.threadTs } : {}),
    files: (message.files ?? []).map((file) => ({
      id: file.id,
      name: file.name,
      ...(file.title !== undefined ? { title: file.title } : {}),
      url: fileLink(file.id, file.name),
    })),
  };
}

/**
 * What one person sees of the workspace, as Slack would show it to them: the public channels, their own
 * DM with the bot (nobody else's), and of ephemeral messages only those sent to them. The filtering is
 * done here, on the server, so another person's ephemeral message never reaches the browser at all.
 */
export function channelsSeenBy(
  viewer: string,
  messages: StoredMessage[],
  layout: WorkspaceLayout,
): ChannelView[] {
  const ownDm = layout.dmChannelOf(viewer);
  const visible = messages.filter((m) => m.ephemeralTo === undefined || m.ephemeralTo === viewer);
  const inChannel = (id: string) => visible.filter((m) => m.channel === id).map(toView);
  const named = layout.channels.map((channel): ChannelView => ({
    id: channel.id,
    name: channel.name,
    kind: 'channel',
    messages: inChannel(channel.id),
  }));
  // A channel the policy does not name can still receive a message (a report moved elsewhere); show it.
  const known = new Set(layout.channels.map((c) => c.id));
  const others = [...new Set(visible.map((m) => m.channel))]
    .filter((id) => /^[CG]/.test(id) && !known.has(id))
    .sort()
    .map((id): ChannelView => ({ id, name: id, kind: 'channel', messages: inChannel(id) }));
  return [...named, ...others, { id: ownDm, name: layout.botName, kind: 'dm', messages: inChannel(ownDm) }];
}

/** An account the page shows: the policy's name and id, and its role where it is not the bot's own. */
export interface ShownAccount extends AccountRef {
  roleArn?: string;
}

/**
 * Each account's IAM users and keys, as the IAM stand-in holds them this moment: what the bot's calls
 * did, visible without asking the bot. Only what ListAccessKeys and GetAccessKeyLastUsed would show:
 * a key's secret never leaves the stand-in.
 */
export function accountViews(
  accounts: readonly ShownAccount[],
  stateOf: (accountId: string) => IamState | undefined,
): AccountView[] {
  return accounts.flatMap((account): AccountView[] => {
    const state = stateOf(account.id);
    if (!state) return [];
    const users = state.userNames().map((userName) => ({
      userName,
      service: state.user(userName)?.path === '/service/',
      keys: state.keysOf(userName).map((key): AccountKeyView => ({
        accessKeyId: key.accessKeyId,
        status: key.status,
        createdAt: key.createDate.toISOString(),
        ...(key.lastUsed
          ? {
              lastUsed: {
                at: key.lastUsed.date.toISOString(),
                service: key.lastUsed.serviceName,
                region: key.lastUsed.region,
              },
            }
          : {}),
      })),
    }));
    return [
      { name: account.name, id: account.id, ...(account.roleArn ? { roleArn: account.roleArn } : {}), users },
    ];
  });
}
