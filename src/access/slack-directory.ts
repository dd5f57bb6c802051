import type { SlackUserId } from '../keys/types';

/** What access decisions need to know about Slack people and groups. */
export interface SlackDirectory {
  groupMembers(groupId: string): Promise<SlackUserId[]>;
  /** Undefined for an unknown, deleted or bot user, or one without an email. */
  emailOf(userId: SlackUserId): Promise<string | undefined>;
  userByEmail(email: string): Promise<SlackUserId | undefined>;
}
