import type { Account } from '../../../src/kernel/accounts';
import { readKey, resolveAmong } from '../../../src/kernel/key-location';
import type { Outcome } from '../../../src/kernel/outcome';
import type { Caller, IamAccounts, ResolvedKey } from '../../../src/kernel/ports/accounts';
import type { IamPort } from '../../../src/kernel/ports/iam';
import type { KeyId } from '../../../src/kernel/types';
import type { FakeIam } from './fake-iam';

/** The default account of the unit lane: the one most stories run in. */
export const DEFAULT_ACCOUNT: Account = { name: 'default' };

/**
 * Managed accounts over fake IAMs, in order (the first is the default). Records who each call
 * ran as, so a test can check the caller's session. `resolve` finds the accounts holding a key
 * without a call (as STS would name it), then reads it, in the caller's session, where one does.
 */
export class FakeAccounts implements IamAccounts {
  readonly callers: { account: string; caller: Caller }[] = [];
  private readonly accounts: Account[];

  constructor(private readonly iams: ReadonlyMap<string, FakeIam>) {
    this.accounts = [...iams.keys()].map((name) => ({ name }));
  }

  static single(iam: FakeIam): FakeAccounts {
    return new FakeAccounts(new Map([[DEFAULT_ACCOUNT.name, iam]]));
  }

  all(): readonly Account[] {
    return this.accounts;
  }

  byName(name: string): Account | undefined {
    return this.accounts.find((account) => account.name === name);
  }

  iam(account: Account, caller: Caller): IamPort {
    const iam = this.iams.get(account.name);
    if (!iam) throw new Error(`no fake account ${account.name}`);
    this.callers.push({ account: account.name, caller });
    return iam;
  }

  /** Every account whose fake IAM holds the key: two when a test gives two the same key id. */
  async locate(keyId: KeyId): Promise<readonly Account[]> {
    return this.accounts.filter((account) => this.iams.get(account.name)?.holdsKey(keyId));
  }

  resolve(keyId: KeyId, caller: Caller): Promise<Outcome<ResolvedKey>> {
    return resolveAmong(
      keyId,
      () => this.locate(keyId),
      (account) => readKey(this.iam(account, caller), account, keyId),
    );
  }
}
