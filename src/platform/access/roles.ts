import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger';
import type { Membership } from '../../kernel/ports/people';
import type { SlackUserId } from '../../kernel/types';
import type { SlackDirectory } from './slack-directory';

const GROUP_TTL_MS = 60_000;

/**
 * Role membership from the policy: user ids directly, user-group ids (S...) through Slack.
 * Group members are cached briefly so a busy channel does not call usergroups.users.list per
 * click, yet someone removed from a group loses the role within a minute. A failed lookup is
 * not cached and counts as "not a member": deny by default.
 */
export class Roles {
  private readonly groups = new LRUCache<string, ReadonlySet<string>>({ max: 500, ttl: GROUP_TTL_MS });

  constructor(
    private readonly directory: SlackDirectory,
    private readonly log: Logger,
  ) {}

  async holds(members: readonly string[], userId: SlackUserId): Promise<boolean> {
    return (await this.membership(members, userId)) === 'member';
  }

  /**
   * Whether the person is one of `members`, saying so when Slack could not tell: a group that could
   * not be listed and that could have held them makes the answer `unconfirmed`, never `not-member`.
   */
  async membership(members: readonly string[], userId: SlackUserId): Promise<Membership> {
    if (members.includes(userId)) return 'member';
    let unconfirmed = false;
    for (const groupId of members.filter((id) => id.startsWith('S'))) {
      const groupMembers = await this.groupMembers(groupId);
      if (groupMembers?.has(userId)) return 'member';
      if (!groupMembers) unconfirmed = true;
    }
    return unconfirmed ? 'unconfirmed' : 'not-member';
  }

  /** Every person a members list names: user ids as they are, user groups expanded. */
  async expand(members: readonly string[]): Promise<SlackUserId[]> {
    const people = new Set<string>(members.filter((id) => !id.startsWith('S')));
    for (const groupId of members.filter((id) => id.startsWith('S'))) {
      for (const member of await this.membersOf(groupId)) people.add(member);
    }
    return [...people] as SlackUserId[];
  }

  private async membersOf(groupId: string): Promise<ReadonlySet<string>> {
    return (await this.groupMembers(groupId)) ?? new Set();
  }

  /** The group's members, or undefined when Slack could not list them. */
  private async groupMembers(groupId: string): Promise<ReadonlySet<string> | undefined> {
    const cached = this.groups.get(groupId);
    if (cached) return cached;
    try {
      const members = new Set<string>(await this.directory.groupMembers(groupId));
      this.groups.set(groupId, members);
      return members;
    } catch (error) {
      this.log.warn({ err: error, groupId }, 'user-group lookup failed; treating as no members');
      return undefined;
    }
  }
}
