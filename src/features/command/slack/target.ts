import type { Account } from '../../../kernel/accounts';
import type { Actor } from '../../../kernel/authorization';
import type { UserRef } from '../domain/command';
import { done, refused, type Outcome } from '../../../kernel/outcome';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { IamUserName } from '../../../kernel/types';
import type { Access } from '../../../platform/access/access';

export interface Target {
  owner: IamUserName;
  account: Account;
}

/**
 * The IAM user a command is about, and in which account: the one named, the one a mention maps
 * to, or the asker's own; `@ACCOUNT` names the account, else it is the first (default) one.
 */
export async function resolveTarget(
  access: Access,
  accounts: IamAccounts,
  actor: Actor,
  ref?: UserRef,
): Promise<Outcome<Target>> {
  const all = accounts.all();
  const account = ref?.account === undefined ? all[0] : accounts.byName(ref.account);
  if (!account) {
    return refused({
      reason: 'unknown-account',
      name: ref?.account ?? '',
      known: all.map((known) => known.name),
    });
  }
  if (ref === undefined) {
    if (actor.iamUser) return done({ owner: actor.iamUser, account });
    return refused({ reason: actor.identityUnconfirmed ? 'identity-unconfirmed' : 'no-identity' });
  }
  if ('iamUser' in ref) return done({ owner: ref.iamUser, account });
  const mapped = await access.identity.iamUserOf(ref.slackUser);
  if ('unconfirmed' in mapped) return refused({ reason: 'identity-unconfirmed' });
  return mapped.iamUser
    ? done({ owner: mapped.iamUser, account })
    : refused({ reason: 'unmapped-slack-user', slackUser: ref.slackUser });
}
