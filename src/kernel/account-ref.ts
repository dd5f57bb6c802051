import { accountLabel, type Account } from './accounts';
import type { KernelRefusal as Refusal } from './outcome';

/**
 * How a stored record (a deletion request, an invitation, a rotation) names the account its key is
 * in: the policy name at the time, and the twelve-digit id where it was known. The id is what stays
 * true when the policy renames an account; the name is kept for records of the bot's own account,
 * whose id may not be known yet.
 */
export interface AccountRef {
  account?: string;
  accountId?: string;
}

/** What to store for an account. */
export function accountRef(account: Account): AccountRef {
  return account.id ? { account: account.name, accountId: account.id } : { account: account.name };
}

/**
 * The managed account a stored record names, or undefined when that account is no longer managed.
 * Never another account: a record of a removed or renamed-away account is refused by its caller,
 * not carried out in the default account. A record with neither field predates accounts (one
 * account then, the default one).
 */
export function managedAccountOf(ref: AccountRef, managed: readonly Account[]): Account | undefined {
  if (ref.accountId) {
    const byId = managed.find((account) => account.id === ref.accountId);
    if (byId) return byId;
    // The bot's own account may not know its id yet: its name still identifies it.
    return managed.find((account) => account.id === undefined && account.name === ref.account);
  }
  if (ref.account !== undefined) return managed.find((account) => account.name === ref.account);
  return managed[0];
}

/**
 * How a stored record's account is named to people and in the trail, as the record names it (a
 * record from before accounts: `default`); for records whose account may no longer be managed.
 */
export function accountRefLabel(ref: AccountRef): string {
  return accountLabel({ name: ref.account ?? 'default', id: ref.accountId });
}

/** The refusal for a record whose account is no longer managed, naming the account as stored. */
export function accountNotManaged(ref: AccountRef): Refusal {
  return {
    reason: 'account-not-managed',
    ...(ref.account !== undefined ? { account: ref.account } : {}),
    ...(ref.accountId !== undefined ? { accountId: ref.accountId } : {}),
  };
}
