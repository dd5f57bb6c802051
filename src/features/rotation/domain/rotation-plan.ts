import { mayManage, type Actor } from '../../../kernel/authorization';
import type { Account } from '../../../kernel/accounts';
import { iamRefusal } from '../../../kernel/iam-refusal';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { People } from '../../../kernel/ports/people';
import type { IamUserName, KeyId, SlackUserId } from '../../../kernel/types';
import { secretRecipient } from '../../creation/domain';
import { done, refused, type Outcome } from './refusals';

/** What a rotation starts from: who drives it and the one key it replaces. */
export interface RotationPlan {
  /** Whoever receives the new secret: the owner, or the admin who asked for a service user. */
  driver: SlackUserId;
  oldKeyId: KeyId;
}

/**
 * Whether `actor` may rotate `owner`'s key in `account`, and from what: the refusal otherwise. A user
 * with no key has nothing to rotate; one with two has no room for the new key (the answer lists them).
 */
export async function rotationPlan(
  deps: { accounts: IamAccounts; people: People },
  actor: Actor,
  owner: IamUserName,
  account: Account,
): Promise<Outcome<RotationPlan>> {
  if (!mayManage(actor, owner)) return refused({ reason: 'not-allowed' });
  const driver = secretRecipient(await deps.people.ownerOf(owner), owner, actor.slackUserId);
  if (!driver.ok) return refused(driver.refusal);
  try {
    const keys = await deps.accounts.iam(account, actor.slackUserId).listKeys(owner);
    if (keys.length === 0) return refused({ reason: 'nothing-to-rotate', owner });
    if (keys.length > 1) return refused({ reason: 'rotation-needs-room', owner, keys });
    return done({ driver: driver.value, oldKeyId: (keys[0] as { keyId: KeyId }).keyId });
  } catch (error) {
    return refused(iamRefusal(error, { reason: 'no-such-user', user: owner }));
  }
}
