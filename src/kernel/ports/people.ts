import type { Actor } from '../authorization';
import type { IamUserName, SlackUserId } from '../types';

/**
 * Who owns an IAM user, as far as the policy and Slack can confirm it (security rule 2). A failed
 * lookup is its own answer, `unconfirmed`, never "nobody": treating it as "no owner" once sent a
 * person's new secret to the admin who asked.
 */
export type Ownership =
  | { kind: 'person'; slackUser: SlackUserId }
  /** Named in `identity.serviceUsers`: its secret goes to the admin who asked. */
  | { kind: 'service' }
  /** Neither mapped to a person nor a service user: no key is made for it. */
  | { kind: 'unowned' }
  /** Slack could not answer: refuse and change nothing. */
  | { kind: 'unconfirmed' };

export type Membership = 'member' | 'not-member' | 'unconfirmed';

/** Who is who, as the domain needs it; Access (src/platform/access) provides it. */
export interface People {
  actor(slackUserId: SlackUserId): Promise<Actor>;
  ownerOf(iamUser: IamUserName): Promise<Ownership>;
  /** Whether the person is one of `members` (Slack user ids, or user-group ids S... resolved in Slack). */
  holds(slackUserId: SlackUserId, members: readonly string[]): Promise<boolean>;
  /**
   * Whether the person is one of `members`, or `unconfirmed` when Slack could not list a group that
   * might hold them: for checks that must fail closed and say why.
   */
  membership(slackUserId: SlackUserId, members: readonly string[]): Promise<Membership>;
  /** The people of a members list, groups expanded; a group Slack cannot list counts as empty. */
  membersOf(members: readonly string[]): Promise<SlackUserId[]>;
}
