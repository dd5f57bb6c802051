import { KeywardenError } from '../../kernel/errors';
import type { Account } from '../../kernel/accounts';
import { mapConcurrent } from '../../kernel/map-concurrent';
import type { ResolvedKey } from '../../kernel/ports/accounts';
import type { IamPort } from '../../kernel/ports/iam';
import type { KeyId } from '../../kernel/types';
import type { Logger } from '../logger';
import { accountUnavailable } from './role-credentials';

/** Accounts asked at once when STS cannot say which account holds a key. */
const LOCATE_CONCURRENCY = 4;

/** An account that holds a key, with the key as read there when confirming it took reading it. */
export interface Holding {
  account: Account;
  read?: ResolvedKey;
}

/**
 * Every account is asked whether it holds the key (see heldIn); those that confirm are the answer.
 * Throws ACCOUNT_UNAVAILABLE when none confirms and some could not be asked: "not found" is only
 * said when every account answered.
 */
export async function askEachAccount(
  accounts: readonly Account[],
  keyId: KeyId,
  iamOf: (account: Account) => IamPort,
  log: Logger,
): Promise<readonly Holding[]> {
  const unreachable: string[] = [];
  const found = await mapConcurrent([...accounts], LOCATE_CONCURRENCY, async (account) => {
    try {
      const read = await heldIn(account, iamOf(account), keyId);
      return read && { account, read };
    } catch (error) {
      unreachable.push(account.name);
      if (!(error instanceof KeywardenError)) throw accountUnavailable(account.name, error);
      return undefined;
    }
  });
  const holders = found.filter((holding): holding is Required<Holding> => holding !== undefined);
  if (holders.length > 1) {
    log.warn(
      { keyId, accounts: holders.map((holding) => holding.account.name) },
      "more than one account lists the key as its user's",
    );
  }
  if (holders.length > 0) return holders;
  if (unreachable.length > 0) {
    throw new KeywardenError(
      'ACCOUNT_UNAVAILABLE',
      `the key could not be looked for in ${unreachable.sort().join(', ')}`,
    );
  }
  return [];
}

/**
 * The key, where the account holds it: the user its GetAccessKeyLastUsed names lists the key
 * there. The answer alone is not enough: some IAM implementations give it for a key of another
 * account, with that account's user name, which may name a user this account has too.
 */
export async function heldIn(account: Account, iam: IamPort, keyId: KeyId): Promise<ResolvedKey | undefined> {
  let used;
  try {
    used = await iam.lastUse(keyId);
  } catch (error) {
    // A key of another account reads as "no such key" or "not yours" there.
    if (hasCode(error, 'IAM_NOT_FOUND') || hasCode(error, 'IAM_ACCESS_DENIED')) return undefined;
    throw error;
  }
  try {
    const key = (await iam.listKeys(used.owner)).find((candidate) => candidate.keyId === keyId);
    return key && { account, owner: used.owner, key, lastUse: used.lastUse };
  } catch (error) {
    // The named user is not one of this account's. A refused listing is not a "no": it throws,
    // and the account counts as not asked.
    if (hasCode(error, 'IAM_NOT_FOUND')) return undefined;
    throw error;
  }
}

function hasCode(error: unknown, code: KeywardenError['code']): boolean {
  return error instanceof KeywardenError && error.code === code;
}
