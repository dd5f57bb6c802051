import type { Account } from '../../../../kernel/accounts';
import type { Caller } from '../../../../kernel/ports/accounts';
import type { IamUserName } from '../../../../kernel/types';
import type { UserPermissions } from '../incident';
import type { ActivityQuery, RegionActivity } from '../key-activity';

/** The managed account with this twelve-digit id, or undefined: an account Keywarden does not manage. */
export type ManagedAccountById = (accountId: string) => Promise<Account | undefined>;

/**
 * CloudTrail's LookupEvents by AccessKeyId, in the account as the caller's session, in each region:
 * paced to CloudTrail's 2 calls a second per account and region, paged, bounded. A region that
 * fails is answered as its failure; this never throws for CloudTrail's sake.
 */
export interface KeyActivityLookup {
  lookup(account: Account, query: ActivityQuery, caller: Caller): Promise<RegionActivity[]>;
}

/** What an IAM user can do: attached managed policies, inline policy names, groups. Never throws. */
export interface PermissionReader {
  read(account: Account, owner: IamUserName, caller: Caller): Promise<UserPermissions>;
}
