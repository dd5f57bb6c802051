import type { SlackUserId } from '../../../../kernel/types';

/**
 * Slack's side of the identity rules (the same lookups the identity mapping uses): an approver's
 * email for the provider's login_hint, and the member an email belongs to. Failures throw.
 */
export interface ApproverDirectory {
  emailOf(user: SlackUserId): Promise<string | undefined>;
  userByEmail(email: string): Promise<SlackUserId | undefined>;
}
