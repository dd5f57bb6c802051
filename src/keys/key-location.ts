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
  try {
    const account = await accounts.locate(keyId, caller);
    return account ? done(account) : refused({ reason: 'no-such-key', keyId });
  } catch (error) {
    return refused(iamRefusal(error, { reason: 'no-such-key', keyId }));
  }
}
