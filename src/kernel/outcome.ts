import type { Account } from './accounts';
import type { ApprovalState } from '../features/approvals/domain/approval';
import type { AccessKey, IamUserName, KeyId, KeyStatus, SlackUserId } from './types';

/**
 * Why the domain said no. Expected failures are values, not exceptions, so a listener can
 * render every one of them and a test can assert on the reason rather than on wording.
 */
export type Refusal =
  | { reason: 'not-allowed' }
  | { reason: 'no-identity' }
  | { reason: 'identity-unconfirmed' }
  | { reason: 'owner-unconfirmed'; user: IamUserName }
  | { reason: 'no-owner'; user: IamUserName }
  | { reason: 'unmapped-slack-user'; slackUser: SlackUserId }
  | { reason: 'no-such-user'; user: IamUserName }
  | { reason: 'no-such-key'; keyId: KeyId }
  /**
   * More than one managed account lists the key as its user's (an IAM that answers for other
   * accounts' keys, or a misconfigured policy): which holds it cannot be told, so nothing is done.
   */
  | { reason: 'key-in-several-accounts'; keyId: KeyId; accounts: Account[] }
  /** Incident response: an admin (or a report) turned the key off; only an admin turns it on. */
  | { reason: 'deactivated-by-admin'; by: SlackUserId; at: Date }
  | { reason: 'iam-throttled' }
  | { reason: 'iam-denied' }
  | { reason: 'iam-unavailable' }
  /** An account whose role could not be assumed (or STS not reached); the others still work. */
  | { reason: 'account-unavailable'; why: string }
  | { reason: 'unknown-account'; name: string; known: string[] }
  /**
   * A stored record (an invitation, a rotation, a cleanup, a report button) names an account the
   * policy no longer manages: refused, never carried out in another account.
   */
  | { reason: 'account-not-managed'; account?: string; accountId?: string }
  | { reason: 'store-unavailable' }
  | { reason: 'approvals-not-configured' }
  | { reason: 'no-such-request' }
  | { reason: 'not-pending'; state: ApprovalState }
  | { reason: 'expired' }
  | { reason: 'self-approval' }
  | { reason: 'not-approver' }
  | { reason: 'not-requester' }
  | { reason: 'reason-required'; pattern?: string }
  | { reason: 'reason-mismatch'; pattern: string }
  | { reason: 'already-approved' }
  /**
   * The key has an open deletion request; `link` is its approval message, where Slack gave one,
   * `channel` where the message is known but no link could be made.
   */
  | { reason: 'already-requested'; requestId: string; link?: string; channel?: string }
  | { reason: 'approval-post-failed' }
  | { reason: 'wrong-message' }
  | { reason: 'key-limit'; owner: IamUserName; keys: AccessKey[] }
  /** The owner's DM could not be opened (or the invitation not sent): no key was made. */
  | { reason: 'dm-unavailable' }
  /** The key was made but its secret not delivered; `keyState` is what is true of it now. */
  | { reason: 'delivery-failed'; keyId: KeyId; keyState: 'deleted' | KeyStatus }
  /** `checked` false: the follow-up listing failed too, and the sweep repeats it. */
  | { reason: 'create-unclear'; deactivated: KeyId[]; checked: boolean }
  | { reason: 'no-such-invitation' }
  | { reason: 'invitation-expired' }
  | { reason: 'invitation-used' }
  | { reason: 'not-your-invitation' }
  | { reason: 'nothing-to-rotate'; owner: IamUserName }
  | { reason: 'rotation-needs-room'; owner: IamUserName; keys: AccessKey[] }
  | { reason: 'no-such-rotation' }
  | { reason: 'rotation-step-done' }
  | { reason: 'new-key-not-used-yet' }
  | { reason: 'reported-key-gone' }
  | { reason: 'reported-key-not-active' }
  | { reason: 'reported-key-no-longer-stale'; lastUsedAt?: Date };

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export function done<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function refused<T = never>(refusal: Refusal): Outcome<T> {
  return { ok: false, refusal };
}
