import type { WebClient } from '@slack/web-api';
import type { SlackDirectory } from '../access/slack-directory';
import { asSlackUserId, type SlackUserId } from '../keys/types';

/** The directory through the Slack Web API. "Not found" answers are values; other failures throw. */
export class WebApiDirectory implements SlackDirectory {
  constructor(private readonly client: WebClient) {}

  async groupMembers(groupId: string): Promise<SlackUserId[]> {
    const answer = await this.client.usergroups.users.list({ usergroup: groupId });
    return (answer.users ?? []).flatMap((id) => asSlackUserId(id) ?? []);
  }

  async emailOf(userId: SlackUserId): Promise<string | undefined> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user || user.deleted || user.is_bot) return undefined;
      return user.profile?.email;
    } catch (error) {
      if (slackError(error) === 'user_not_found') return undefined;
      throw error;
    }
  }

  async userByEmail(email: string): Promise<SlackUserId | undefined> {
    try {
      const { user } = await this.client.users.lookupByEmail({ email });
      if (!user?.id || user.deleted || user.is_bot) return undefined;
      return asSlackUserId(user.id);
    } catch (error) {
      if (slackError(error) === 'users_not_found') return undefined;
      throw error;
    }
  }
}

/** The `error` field of a Slack platform error, e.g. "user_not_found". */
export function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } } | undefined)?.data?.error;
}
