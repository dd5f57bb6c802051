import { mayManage, type Actor } from '../access/actor';
import type { AuditLog } from './audit/audit-event';
import { recordAfterTheFact } from './audit/safe-audit';
import type { IamPort } from './iam-port';
import { iamRefusal } from './iam-refusal';
import type { Logger } from '../logger';
import { done, refused, type Outcome } from './outcome';
import type { Clock, IamUserName, KeyId, KeyStatus } from './types';

export interface StatusChange {
  owner: IamUserName;
  keyId: KeyId;
  status: KeyStatus;
  /** False when the key already had that status: nothing was sent to IAM. */
  changed: boolean;
}

/** Activate and deactivate: one named key, its owner resolved and checked before anything changes. */
export class KeyCommands {
  constructor(
    private readonly iam: IamPort,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async setStatus(actor: Actor, keyId: KeyId, status: KeyStatus): Promise<Outcome<StatusChange>> {
    const action = status === 'Active' ? 'activate' : 'deactivate';
    const record = (outcome: 'ok' | 'refused' | 'failed', owner?: IamUserName, detail?: string) =>
      recordAfterTheFact(this.audit, this.log, {
        at: this.clock.now(),
        actor: actor.slackUserId,
        action,
        outcome,
        owner,
        keyId,
        detail,
      });
    let owner: IamUserName | undefined;
    try {
      owner = (await this.iam.lastUse(keyId)).owner;
      if (!mayManage(actor, owner)) {
        await record('refused', owner, 'not-allowed');
        return refused({ reason: 'not-allowed' });
      }
      const key = (await this.iam.listKeys(owner)).find((candidate) => candidate.keyId === keyId);
      if (!key) return refused({ reason: 'no-such-key', keyId });
      if (key.status === status) return done({ owner, keyId, status, changed: false });
      await this.iam.setStatus(owner, keyId, status);
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'no-such-key', keyId });
      if (owner) await record('failed', owner, refusal.reason);
      return refused(refusal);
    }
    await record('ok', owner);
    return done({ owner, keyId, status, changed: true });
  }
}
