import { mayManage, type Actor } from './authorization';
import type { AuditLog } from './ports/audit-log';
import { Auditor } from './audit/auditor';
import type { Account } from './accounts';
import { locateKey } from './key-location';
import type { IamAccounts } from './ports/accounts';
import { iamRefusal } from './iam-refusal';
import type { Logger } from '../logger';
import { done, refused, type Outcome } from './outcome';
import { storeRefusal } from './store-refusal';
import type { Clock, IamUserName, KeyId, KeyStatus } from './types';

/** Marks a deactivation only an admin may undo: by an admin, or from a stale-key report. */
export const HOLD_DETAIL = 'hold';

/** A key its caller just read from IAM; `status` unknown means "send the change anyway". */
export interface ResolvedKey {
  owner: IamUserName;
  account: Account;
  keyId: KeyId;
  status?: KeyStatus;
}

export interface StatusChange {
  owner: IamUserName;
  account: Account;
  keyId: KeyId;
  status: KeyStatus;
  /** False when the key already had that status: nothing was sent to IAM. */
  changed: boolean;
}

/** Activate and deactivate: one named key, its owner resolved and checked before anything changes. */
export class KeyCommands {
  constructor(
    private readonly accounts: IamAccounts,
    audit: AuditLog,
    clock: Clock,
    log: Logger,
  ) {
    this.auditor = new Auditor(audit, clock, log);
  }

  private readonly auditor: Auditor;

  /**
   * `target` is a key id typed by a person (resolved here: owner from IAM, then the key in the
   * owner's list), or a key a caller already resolved from IAM moments ago (a report's re-check, a
   * rotation), which is not looked up again. The owner is checked against the asker either way.
   * `fromReport`: the click came from a stale-key report. A key deactivated by an admin or from a
   * report is incident response: only an admin may turn it on again, so the owner cannot undo it.
   */
  async setStatus(
    actor: Actor,
    target: KeyId | ResolvedKey,
    status: KeyStatus,
    options: { fromReport?: boolean } = {},
  ): Promise<Outcome<StatusChange>> {
    const keyId = typeof target === 'string' ? target : target.keyId;
    const action = status === 'Active' ? 'activate' : 'deactivate';
    let account: Account;
    if (typeof target === 'string') {
      const located = await locateKey(this.accounts, keyId, actor.slackUserId);
      if (!located.ok) return located;
      account = located.value;
    } else {
      account = target.account;
    }
    const iam = this.accounts.iam(account, actor.slackUserId);
    const record = (outcome: 'ok' | 'refused' | 'failed', owner?: IamUserName, detail?: string) =>
      this.auditor.record(actor, action, outcome, { owner, account: account.name, keyId, detail });
    let owner: IamUserName | undefined = typeof target === 'string' ? undefined : target.owner;
    try {
      owner ??= (await iam.lastUse(keyId)).owner;
      if (!mayManage(actor, owner)) {
        await record('refused', owner, 'not-allowed');
        return refused({ reason: 'not-allowed' });
      }
      const key =
        typeof target === 'string'
          ? (await iam.listKeys(owner)).find((candidate) => candidate.keyId === keyId)
          : target;
      if (!key) return refused({ reason: 'no-such-key', keyId });
      if (key.status === status) return done({ owner, account, keyId, status, changed: false });
      if (status === 'Active' && !actor.isAdmin) {
        const held = await this.heldBy(keyId);
        if (!held.ok) {
          await record('refused', owner, held.refusal.reason);
          return held;
        }
      }
      await iam.setStatus(owner, keyId, status);
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'no-such-key', keyId });
      if (owner) await record('failed', owner, refusal.reason);
      return refused(refusal);
    }
    const hold = status === 'Inactive' && (actor.isAdmin || options.fromReport === true);
    await record('ok', owner, hold ? HOLD_DETAIL : undefined);
    return done({ owner, account, keyId, status, changed: true });
  }

  /** Refuses when the key's last status change was a deactivation under hold; unreadable is a no. */
  private async heldBy(keyId: KeyId): Promise<Outcome<void>> {
    let events;
    try {
      events = await this.auditor.recent({ keyId, limit: 50 });
    } catch (error) {
      return refused(storeRefusal(error));
    }
    const last = events.find(
      (event) => event.outcome === 'ok' && (event.action === 'activate' || event.action === 'deactivate'),
    );
    if (last?.action === 'deactivate' && last.detail === HOLD_DETAIL && last.actor !== 'system') {
      return refused({ reason: 'deactivated-by-admin', by: last.actor, at: last.at });
    }
    return done(undefined);
  }
}
