import type { Account } from './accounts';
import { iamRefusal } from './iam-refusal';
import { done, refused, type Outcome } from './outcome';
import type { ResolvedKey } from './ports/accounts';
import type { IamPort } from './ports/iam';
import type { KeyId } from './types';

/**
 * How IamAccounts.resolve is answered, for every implementation: `holders` are the accounts that
 * hold the key (throwing when it cannot tell), `read` reads it in the one that does (undefined
 * when its owner's list does not hold it).
 */
export async function resolveAmong(
  keyId: KeyId,
  holders: () => Promise<readonly Account[]>,
  read: (account: Account) => Promise<ResolvedKey | undefined>,
): Promise<Outcome<ResolvedKey>> {
  const notFound = { reason: 'no-such-key', keyId } as const;
  try {
    const [holder, ...others] = await holders();
    if (!holder) return refused(notFound);
    // An access key belongs to one account: where two claim it, one answer is wrong, and acting on
    // either could change a key in the wrong account.
    if (others.length > 0) {
      return refused({ reason: 'key-in-several-accounts', keyId, accounts: [holder, ...others] });
    }
    const resolved = await read(holder);
    return resolved ? done(resolved) : refused(notFound);
  } catch (error) {
    return refused(iamRefusal(error, notFound));
  }
}

/**
 * A key read in one account: its owner from GetAccessKeyLastUsed, then the key in that owner's
 * list; undefined when the list does not hold it. IAM's failures are thrown.
 */
export async function readKey(
  iam: IamPort,
  account: Account,
  keyId: KeyId,
): Promise<ResolvedKey | undefined> {
  const { owner, lastUse } = await iam.lastUse(keyId);
  const key = (await iam.listKeys(owner)).find((candidate) => candidate.keyId === keyId);
  return key && { account, owner, key, lastUse };
}
