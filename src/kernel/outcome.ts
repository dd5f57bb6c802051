import type { Account } from './accounts';
import type { IamUserName, KeyId, SlackUserId } from './types';

/**
 * Why the domain said no. Expected failures are values, not exceptions, so a listener can
 * render every one of them and a test can assert on the reason rather than on wording.
 *
 * Every slice has refusals of its own (in its domain/refusals.ts); this is what any slice may
 * answer, and all that a refusal has in common: a reason, which its words are looked up by.
 */
export interface AnyRefusal {
  readonly reason: string;
}

/** The refusals every slice shares: authorization, identity, accounts, IAM and the store. */
export type KernelRefusal =
  | { reason: 'not-allowed' }
  /**
   * The asker's own keys were asked for, but they map to no IAM user. `mayNameUser`: they are an
   * admin, who may name a user instead (anyone else is not told to, since they may not).
   */
  | { reason: 'no-identity'; mayNameUser: boolean }
  | { reason: 'identity-unconfirmed' }
  | { reason: 'unmapped-slack-user'; slackUser: SlackUserId }
  | { reason: 'no-such-user'; user: IamUserName }
  | { reason: 'no-such-key'; keyId: KeyId }
  /**
   * More than one managed account lists the key as its user's (an IAM that answers for other
   * accounts' keys, or a misconfigured policy): which holds it cannot be told, so nothing is done.
   */
  | { reason: 'key-in-several-accounts'; keyId: KeyId; accounts: Account[] }
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
  | { reason: 'store-unavailable' };

/**
 * What was done, or why not. `R` is every refusal the call can end in: a slice writes
 * `Outcome<T, KernelRefusal | ItsOwnRefusal>` (its domain/refusals.ts names that `Outcome<T>`).
 */
export type Outcome<T, R extends AnyRefusal = KernelRefusal> =
  { ok: true; value: T } | { ok: false; refusal: R };

/** Done: fits any outcome of `T`, whatever it could have been refused for. */
export function done<T>(value: T): Outcome<T, never> {
  return { ok: true, value };
}

export function refused<T = never, R extends AnyRefusal = KernelRefusal>(refusal: R): Outcome<T, R> {
  return { ok: false, refusal };
}
