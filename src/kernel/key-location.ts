import type { Account } from './accounts';
import { iamRefusal } from './iam-refusal';
import { done, refused, type Outcome } from './outcome';
import type { Caller, IamAccounts } from './ports/accounts';
import type { KeyId } from './types';

/** The managed account that holds a key, or the refusal that says why it cannot be told. */
export async function locateKey(
  accounts: IamAccounts,
  keyId: KeyId,
  caller: Caller,
): Promise<Outcome<Account>> {
  let holders: readonly Account[];
  try {
    holders = await accounts.locate(keyId, caller);
  } catch (error) {
    return refused(iamRefusal(error, { reason: 'no-such-key', keyId }));
  }
  const [holder, ...others] = holders;
  if (!holder) return refused({ reason: 'no-such-key', keyId });
  // An access key belongs to one account: where two claim it, one answer is wrong, and acting on
  // either could change a key in the wrong account.
  if (others.length > 0) return refused({ reason: 'key-in-several-accounts', keyId, accounts: [...holders] });
  return done(holder);
}
