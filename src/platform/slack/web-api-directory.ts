import type { WebClient } from '@slack/web-api';
import type { SlackDirectory } from '../access/slack-directory';
import type { PersonName, SlackProfiles } from '../access/person-names';
import { asSlackUserId, type SlackUserId } from '../../kernel/types';

/** The directory through the Slack Web API. "Not found" answers are values; other failures throw. */
export class WebApiDirectory implements SlackDirectory, SlackProfiles {
  constructor(private readonly client: WebClient) {}

  async groupMembers(groupId: string): Promise<SlackUserId[]> {
    const answer = await this.client.usergroups.users.list({ usergroup: groupId });
    return (answer.users ?? []).flatMap((id) => asSlackUserId(id) ?? []);
  }

  async emailOf(userId: SlackUserId): Promise<string | undefined> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user || !isMember(user)) return undefined;
      return user.profile?.email;
    } catch (error) {
      if (slackError(error) === 'user_not_found') return undefined;
      throw error;
    }
  }

  /** Anyone's name and email as Slack shows them, whatever their membership: for display only. */
  async profileOf(userId: SlackUserId): Promise<PersonName | undefined> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user) return undefined;
      const name = user.profile?.real_name || user.real_name || user.name;
      const email = user.profile?.email;
      return { ...(name ? { name } : {}), ...(email ? { email } : {}) };
    } catch (error) {
      if (slackError(error) === 'user_not_found') return undefined;
      throw error;
    }
  }

  async userByEmail(email: string): Promise<SlackUserId | undefined> {
    try {
      const { user } = await this.client.users.lookupByEmail({ email });
      if (!user?.id || !isMember(user)) return undefined;
      return asSlackUserId(user.id);
    } catch (error) {
      if (slackError(error) === 'users_not_found') return undefined;
      throw error;
    }
  }
}

/**
 * Only a full member of the workspace can own an IAM user by email: a deleted account, a bot or a
 * guest (single- or multi-channel, `is_restricted` / `is_ultra_restricted`) never does.
 */
function isMember(user: {
  deleted?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
}): boolean {
  return !user.deleted && !user.is_bot && !user.is_restricted && !user.is_ultra_restricted;
}

/** The `error` field of a Slack platform error, e.g. "user_not_found". */
export function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } } | undefined)?.data?.error;
}
