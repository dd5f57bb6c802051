import { mayManage, type Actor } from '../../../kernel/authorization';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { KeyId } from '../../../kernel/types';

/**
 * A key asked to be deleted can go on working for a day while approvers decide: where the person
 * asking may turn it off (its owner, or an admin: the rights of `/keys deactivate`) and it is still
 * Active, the Request deletion modal offers to deactivate it first. This only decides whether to
 * offer; the deactivation itself goes through the key commands, which check everything again.
 */
export class ContainmentOffer {
  constructor(private readonly accounts: Pick<IamAccounts, 'resolve'>) {}

  /** True when `keyId` is Active and `actor` may deactivate it; false when not, or IAM cannot tell. */
  async offers(actor: Actor, keyId: KeyId): Promise<boolean> {
    const resolved = await this.accounts.resolve(keyId, actor.slackUserId);
    return resolved.ok && resolved.value.key.status === 'Active' && mayManage(actor, resolved.value.owner);
  }
}
