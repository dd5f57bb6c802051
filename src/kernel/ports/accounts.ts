import type { Account } from '../accounts';
import type { Outcome } from '../outcome';
import type { AccessKey, IamUserName, KeyId, LastUse, SlackUserId } from '../types';
import type { IamPort } from './iam';

/**
 * Whose session an IAM call runs in: the person whose command or click made it (CloudTrail names
 * them), or `system` for work nobody clicked (the sweep, scheduled reports).
 */
export type Caller = SlackUserId | 'system';

/** A key as IAM tells it, confirmed in the one managed account that holds it. */
export interface ResolvedKey {
  account: Account;
  /** The user GetAccessKeyLastUsed names: whose key it is, for the rights check. */
  owner: IamUserName;
  /** The key as its owner's list shows it (id, status, creation). */
  key: AccessKey;
  lastUse: LastUse;
}

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
   * Where a key lives and whose it is, every IAM call in the caller's session. An account holds
   * the key only when the user its GetAccessKeyLastUsed names lists the key there (some IAM
   * implementations answer that call for another account's key). Refused as `no-such-key` when no
   * managed account holds it (said only when every account could be asked), as
   * `key-in-several-accounts` where IAM answers wrongly, and as IAM's failure (account-unavailable,
   * iam-throttled...) when it cannot tell. Nothing is checked against anyone's rights here: the
   * caller checks `owner` before it acts.
   */
  resolve(keyId: KeyId, caller: Caller): Promise<Outcome<ResolvedKey>>;
}
