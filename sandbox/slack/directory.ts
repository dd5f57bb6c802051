import { createHash } from 'node:crypto';

import type { SlackUserSeed } from './types';

/** The workspace's people, user groups and the DM channel of each person with the bot. */
export class Directory {
  private readonly users = new Map<string, SlackUserSeed>();

  constructor(
    users: SlackUserSeed[],
    private readonly usergroups: Record<string, string[]>,
    readonly teamId: string,
  ) {
    for (const user of users) this.users.set(user.id, user);
  }

  add(user: SlackUserSeed): void {
    if (!this.users.has(user.id)) this.users.set(user.id, user);
  }

  user(id: string): SlackUserSeed | undefined {
    return this.users.get(id);
  }

  byEmail(email: string): SlackUserSeed | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === wanted);
  }

  usergroup(id: string): string[] | undefined {
    return this.usergroups[id];
  }

  /** Deterministic so that tests can name a DM before the bot opens it: U0ALICE -> D0ALICE. */
  dmChannelOf(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  userOfDm(channelId: string): SlackUserSeed | undefined {
    return [...this.users.values()].find((u) => this.dmChannelOf(u.id) === channelId);
  }

  mpimChannelOf(userIds: string[]): string {
    const digest = createHash('sha1')
      .update([...userIds].sort().join(','))
      .digest('hex');
    return `G${digest.slice(0, 10).toUpperCase()}`;
  }

  /**
   * The conversation a message to `channel` lands in, or undefined where Slack says channel_not_found.
   * A user id means the bot's DM with that person; public and private channels are taken on trust.
   */
  conversationOf(channel: string): string | undefined {
    if (/^[UW]/.test(channel)) return this.users.has(channel) ? this.dmChannelOf(channel) : undefined;
    if (channel.startsWith('D')) return this.userOfDm(channel) ? channel : undefined;
    if (/^[CG][A-Z0-9]+$/.test(channel)) return channel;
    return undefined;
  }

  /** The `user` object of users.info and users.lookupByEmail. */
  toSlackUser(user: SlackUserSeed): Record<string, unknown> {
    const realName = user.realName ?? user.name;
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      deleted: user.deleted ?? false,
      real_name: realName,
      is_bot: user.isBot ?? false,
      is_restricted: user.isRestricted ?? false,
      is_ultra_restricted: user.isUltraRestricted ?? false,
      is_app_user: false,
      profile: {
        real_name: realName,
        display_name: user.name,
        ...(user.email !== undefined ? { email: user.email } : {}),
        team: this.teamId,
      },
    };
  }
}
