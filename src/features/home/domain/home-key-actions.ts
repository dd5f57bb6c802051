import type { Account } from '../../../kernel/accounts';
import type { ApprovalRequest } from '../../approvals/domain';
import type { ApprovalService } from '../../approvals/domain';
import { mayManage, type Actor } from '../../../kernel/authorization';
import { iamRefusal } from '../../../kernel/iam-refusal';
import type { KeyCommands, KnownKey, StatusChange } from '../../keys/domain';
import { done, refused, type Outcome } from './refusals';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { KeyRotation, RotationStart } from '../../rotation/domain';
import type { KeyId } from '../../../kernel/types';

/** The reason a deletion request from the Home carries, for approvers and the audit trail. */
export const HOME_DELETION_REASON = 'requested from App Home';

export interface HomeKeyActionsDeps {
  accounts: IamAccounts;
  commands: Pick<KeyCommands, 'setStatus'>;
  rotation: Pick<KeyRotation, 'start'>;
  approvals: Pick<ApprovalService, 'request'>;
}

/**
 * The buttons next to a key on the Home. A button names the key and its account; everything else
 * (whose key it is, its status) is read again from IAM in that account, and then the same service
 * as the command decides, with the same rights check and audit.
 */
export class HomeKeyActions {
  constructor(private readonly deps: HomeKeyActionsDeps) {}

  async deactivate(actor: Actor, account: Account, keyId: KeyId): Promise<Outcome<StatusChange>> {
    const key = await this.resolve(actor, account, keyId);
    if (!key.ok) return key;
    return this.deps.commands.setStatus(actor, key.value, 'Inactive');
  }

  async rotate(actor: Actor, account: Account, keyId: KeyId): Promise<Outcome<RotationStart>> {
    const key = await this.resolve(actor, account, keyId);
    if (!key.ok) return key;
    return this.deps.rotation.start(actor, key.value.owner, account);
  }

  /**
   * The approval service finds the key's account and owner itself, as for `/keys delete`.
   * `reason`: the person's own (asked in a modal where the policy wants one); else the Home's.
   */
  requestDeletion(actor: Actor, keyId: KeyId, reason?: string): Promise<Outcome<ApprovalRequest>> {
    return this.deps.approvals.request(actor, keyId, reason ?? HOME_DELETION_REASON, {
      generated: reason === undefined,
    });
  }

  /**
   * Owner from GetAccessKeyLastUsed, status from the owner's list: IAM's word, not the button's. A
   * key in another account than the button says is not found there, so nothing acts on it.
   */
  private async resolve(actor: Actor, account: Account, keyId: KeyId): Promise<Outcome<KnownKey>> {
    const iam = this.deps.accounts.iam(account, actor.slackUserId);
    try {
      const { owner } = await iam.lastUse(keyId);
      // Someone else's key: the service refuses and audits it, and nothing more of theirs is read.
      if (!mayManage(actor, owner)) return done({ owner, account, keyId });
      const key = (await iam.listKeys(owner)).find((candidate) => candidate.keyId === keyId);
      if (!key) return refused({ reason: 'no-such-key', keyId });
      return done({ owner, account, keyId, status: key.status });
    } catch (error) {
      return refused(iamRefusal(error, { reason: 'no-such-key', keyId }));
    }
  }
}
