import {
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import type { Account } from '../../../kernel/accounts';
import type { Caller } from '../../../kernel/ports/accounts';
import type { IamUserName } from '../../../kernel/types';
import type { Logger } from '../../logger';
import type { SdkIamAccounts } from '../iam-accounts';
import { toIamError } from '../iam-errors';
import { failureOf, type LookupFailure } from './lookup-failure';

/** AWS attaches one of these to the user of a key it found in public. */
const QUARANTINE_PREFIX = 'AWSCompromisedKeyQuarantine';

export type PermissionsRead =
  | { managedPolicies: string[]; inlinePolicies: string[]; groups: string[]; quarantined: boolean }
  | { failure: LookupFailure };

/**
 * What an IAM user can do, for the incident card: attached managed policies, inline policy names
 * and groups, through the SDK's paginators in the account's session. A failure is answered as such
 * (the card names it), never thrown: the containment is done by then.
 */
export class IamPermissionReader {
  constructor(
    private readonly accounts: SdkIamAccounts,
    private readonly log: Logger,
  ) {}

  async read(account: Account, owner: IamUserName, caller: Caller): Promise<PermissionsRead> {
    try {
      const client = this.accounts.clients(account, caller).standard;
      const config = { client };
      const managedPolicies: string[] = [];
      for await (const page of paginateListAttachedUserPolicies(config, { UserName: owner })) {
        for (const policy of page.AttachedPolicies ?? [])
          if (policy.PolicyName) managedPolicies.push(policy.PolicyName);
      }
      const inlinePolicies: string[] = [];
      for await (const page of paginateListUserPolicies(config, { UserName: owner })) {
        inlinePolicies.push(...(page.PolicyNames ?? []));
      }
      const groups: string[] = [];
      for await (const page of paginateListGroupsForUser(config, { UserName: owner })) {
        for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
      }
      const quarantined = managedPolicies.some((name) => name.startsWith(QUARANTINE_PREFIX));
      return { managedPolicies, inlinePolicies, groups, quarantined };
    } catch (error) {
      const failure = toIamError(error, 'read the user permissions');
      this.log.warn({ err: failure, account: account.name }, "the user's permissions could not be read");
      return { failure: failureOf(failure) };
    }
  }
}
