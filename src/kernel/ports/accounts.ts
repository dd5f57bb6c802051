import type { Account } from '../accounts';
import type { KeyId, SlackUserId } from '../types';
import type { IamPort } from './iam';

/**
 * Whose session an IAM call runs in: the person whose command or click made it (CloudTrail names
 * them), or `system` for work nobody clicked (the sweep, scheduled reports).
 */
export type Caller = SlackUserId | 'system';

/**
 * The managed AWS accounts. `iam(account, caller)` is IAM in that account, as that caller: in an
 * account reached through a role, every call runs in a session named for the caller. A failure to
 * get that session (AssumeRole denied, STS down) throws KeywardenError ACCOUNT_UNAVAILABLE.
 */
export interface IamAccounts {
  /** In policy order; the first is the default. */
  all(): readonly Account[];
  byName(name: string): Account | undefined;
  iam(account: Account, caller: Caller): IamPort;
  /**
   * The managed accounts that hold a key: STS's GetAccessKeyInfo names one, or else an account
   * holds it only when the user its GetAccessKeyLastUsed names lists the key there (some IAM
   * implementations answer that call for another account's key). Empty when none does; more than
   * one only where IAM answers wrongly, which the caller refuses (locateKey). Throws
   * (ACCOUNT_UNAVAILABLE, IAM_*) when it cannot tell: "not found" is only said when every account
   * could be asked.
   */
  locate(keyId: KeyId, caller: Caller): Promise<readonly Account[]>;
}
