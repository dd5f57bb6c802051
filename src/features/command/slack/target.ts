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

/** `read`: the keys are shown (list, audit); `change`: a key is made (create, rotate). */
export type TargetUse = 'read' | 'change';

/**
 * The IAM user a command is about, and in which account: the one named, the one a mention maps
 * to, or the asker's own; `@ACCOUNT` names the account, else it is the first (default) one.
 * Someone mapped to no IAM user who is no admin has nothing to `change`: that is a refusal of the
 * right, not advice to name a user they may not name.
 */
export async function resolveTarget(
  access: Access,
  accounts: IamAccounts,
  actor: Actor,
  ref: UserRef | undefined,
  use: TargetUse,
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
    if (actor.identityUnconfirmed) return refused({ reason: 'identity-unconfirmed' });
    if (use === 'change' && !actor.isAdmin) return refused({ reason: 'not-allowed' });
    return refused({ reason: 'no-identity', mayNameUser: actor.isAdmin });
  }
  if ('iamUser' in ref) return done({ owner: ref.iamUser, account });
  const mapped = await access.identity.iamUserOf(ref.slackUser);
  if ('unconfirmed' in mapped) return refused({ reason: 'identity-unconfirmed' });
  return mapped.iamUser
    ? done({ owner: mapped.iamUser, account })
    : refused({ reason: 'unmapped-slack-user', slackUser: ref.slackUser });
}
