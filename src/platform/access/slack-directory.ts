import type { SlackUserId } from '../../kernel/types';

/** What access decisions need to know about Slack people and groups. */
export interface SlackDirectory {
  groupMembers(groupId: string): Promise<SlackUserId[]>;
  /** Undefined for an unknown, deleted, bot or guest user, or one without an email. Failures throw. */
  emailOf(userId: SlackUserId): Promise<string | undefined>;
  /** Undefined when nobody, or only a deleted, bot or guest account, has that email. Failures throw. */
  userByEmail(email: string): Promise<SlackUserId | undefined>;
}
