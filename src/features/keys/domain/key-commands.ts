import { mayManage, type Actor } from '../../../kernel/authorization';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import type { Account } from '../../../kernel/accounts';
import type { Caller, IamAccounts } from '../../../kernel/ports/accounts';
import type { KeyHold, KeyHolds } from './ports/key-holds';
import { accountRef } from '../../../kernel/account-ref';
import { iamRefusal } from '../../../kernel/iam-refusal';
import type { Logger } from '../../../kernel/logger';
import { done, refused, type Outcome } from './refusals';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock, IamUserName, KeyId, KeyStatus } from '../../../kernel/types';
import { KeyStatusListeners, type KeyStatusListener } from './key-status-listeners';

/** The audit detail of a deactivation under hold (for people reading the trail; no rule reads it). */
export const HOLD_DETAIL = 'hold';

/** A key its caller just read from IAM; `status` unknown means "send the change anyway". */
export interface KnownKey {
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
  /**
   * What became of the key's hold: `placed` by an admin's (or a report's) deactivation,
   * `not-stored` when that hold could not be written (the key is off, but its owner could turn it
   * on again), `lifted` by an admin's activation, `not-lifted` when that write failed.
   */
  hold?: 'placed' | 'not-stored' | 'lifted' | 'not-lifted';
}

/** Activate and deactivate: one named key, its owner resolved and checked before anything changes. */
export class KeyCommands {
  constructor(
    private readonly accounts: IamAccounts,
    private readonly holds: KeyHolds,
    audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.auditor = new Auditor(audit, clock, log);
    this.statusListeners = new KeyStatusListeners(log);
  }

  private readonly auditor: Auditor;
  private readonly statusListeners: KeyStatusListeners;

  /** Told of every status this slice changes in IAM, after the change and its audit event. */
  onStatusChanged(listener: KeyStatusListener): void {
    this.statusListeners.register(listener);
  }

  /**
   * `target` is a key id typed by a person (resolved here: owner from IAM, then the key in the
   * owner's list), or a key a caller already resolved from IAM moments ago (a report's re-check, a
   * rotation), which is not looked up again. The owner is checked against the asker either way.
   * `fromReport`: the click came from a stale-key report. A key deactivated by an admin or from a
   * report is incident response: it is put under hold (KeyHolds), and only an admin may turn it on
   * again, which lifts the hold. `reason`: the person's words where the surface asks for them (a
   * workflow step's), kept in the audit event.
   */
  async setStatus(
    actor: Actor,
    target: KeyId | KnownKey,
    status: KeyStatus,
    options: { fromReport?: boolean; reason?: string } = {},
  ): Promise<Outcome<StatusChange>> {
    const known = typeof target === 'string' ? await this.resolve(actor, target) : done(target);
    if (!known.ok) return known;
    const { owner, account, keyId } = known.value;
    const iam = this.accounts.iam(account, actor.slackUserId);
    const action = status === 'Active' ? 'activate' : 'deactivate';
    const record = (outcome: 'ok' | 'refused' | 'failed', detail?: string) => {
      const words = [detail, options.reason].filter((part) => part !== undefined && part !== '');
      const joined = words.length > 0 ? words.join('; ') : undefined;
      return this.auditor.record(actor, action, outcome, {
        owner,
        account: account.name,
        keyId,
        detail: joined,
      });
    };
    if (!mayManage(actor, owner)) {
      await record('refused', 'not-allowed');
      return refused({ reason: 'not-allowed' });
    }
    // An admin's (or a report's) deactivation puts the key under hold; an admin's activation lifts it.
    const placesHold = status === 'Inactive' && (actor.isAdmin || options.fromReport === true);
    const liftsHold = status === 'Active' && actor.isAdmin;
    const changed = known.value.status !== status;
    if (!changed && !placesHold && !liftsHold) return done({ owner, account, keyId, status, changed });
    let hold: StatusChange['hold'];
    try {
      if (changed && status === 'Active' && !actor.isAdmin) {
        const held = await this.heldBy(keyId);
        if (!held.ok) {
          await record('refused', held.refusal.reason);
          return held;
        }
      }
      // The hold is stored before the key goes off, so no deactivation is reported done without
      // it (an admin's repeat stores it on a key already off). A hold left on a key whose
      // deactivation then failed only waits for an admin's activation.
      if (placesHold) hold = await this.placeHold(actor.slackUserId, { keyId, owner, account });
      if (changed) await iam.setStatus(owner, keyId, status);
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'no-such-key', keyId });
      await record('failed', refusal.reason);
      return refused(refusal);
    }
    // Lifted after the key is on: an activation that failed leaves the hold in place.
    if (liftsHold) hold = await this.liftHold(actor, keyId);
    if (changed || hold !== undefined) await record('ok', auditDetail(changed, hold));
    if (changed) {
      await this.statusListeners.tell({
        owner,
        account,
        keyId,
        status,
        by: actor.slackUserId,
        at: this.clock.now(),
      });
    }
    return done({ owner, account, keyId, status, changed, ...(hold ? { hold } : {}) });
  }

  /**
   * Incident response nobody clicked (a leaked key AWS reported): the key goes off as `system`
   * (CloudTrail names the session `keywarden`), under a hold, so only an admin turns it on again.
   * The hold is stored first, as an admin's deactivation does. Never deletes.
   */
  async contain(key: KnownKey): Promise<Outcome<StatusChange>> {
    const { owner, account, keyId } = key;
    const record = (outcome: 'ok' | 'failed', detail?: string) =>
      this.auditor.record('system', 'deactivate', outcome, { owner, account: account.name, keyId, detail });
    const hold = await this.placeHold('system', key);
    const changed = key.status !== 'Inactive';
    try {
      if (changed) await this.accounts.iam(account, 'system').setStatus(owner, keyId, 'Inactive');
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'no-such-key', keyId });
      await record('failed', refusal.reason);
      return refused(refusal);
    }
    await record('ok', `exposure; ${auditDetail(changed, hold) ?? ''}`.replace(/; $/, ''));
    if (changed) {
      await this.statusListeners.tell({
        owner,
        account,
        keyId,
        status: 'Inactive',
        by: 'system',
        at: this.clock.now(),
      });
    }
    return done({ owner, account, keyId, status: 'Inactive', changed, hold });
  }

  /** A key id typed by a person: where it lives, whose it is and its status, from IAM. */
  private async resolve(actor: Actor, keyId: KeyId): Promise<Outcome<KnownKey>> {
    const resolved = await this.accounts.resolve(keyId, actor.slackUserId);
    if (!resolved.ok) return resolved;
    const { owner, account, key } = resolved.value;
    return done({ owner, account, keyId: key.keyId, status: key.status });
  }

  /** Refuses while the key is under hold; a hold that cannot be read is a no (fail closed). */
  private async heldBy(keyId: KeyId): Promise<Outcome<void>> {
    let hold: KeyHold | undefined;
    try {
      hold = await this.holds.get(keyId);
    } catch (error) {
      this.log.warn({ err: error, keyId }, 'hold could not be read; activation refused');
      return refused(storeRefusal(error));
    }
    return hold ? refused({ reason: 'deactivated-by-admin', by: hold.by, at: hold.at }) : done(undefined);
  }

  private async placeHold(
    by: Caller,
    key: { keyId: KeyId; owner: IamUserName; account: Account },
  ): Promise<'placed' | 'not-stored'> {
    try {
      await this.holds.place({
        keyId: key.keyId,
        owner: key.owner,
        ...accountRef(key.account),
        by,
        at: this.clock.now(),
      });
      return 'placed';
    } catch (error) {
      this.log.error({ err: error, keyId: key.keyId }, 'hold could not be stored; deactivating anyway');
      return 'not-stored';
    }
  }

  /** Undefined when no hold was in place. */
  private async liftHold(actor: Actor, keyId: KeyId): Promise<'lifted' | 'not-lifted' | undefined> {
    try {
      return (await this.holds.lift(keyId, actor.slackUserId, this.clock.now())) ? 'lifted' : undefined;
    } catch (error) {
      this.log.error({ err: error, keyId }, 'hold could not be lifted');
      return 'not-lifted';
    }
  }
}

/** What the trail says of a status change: whether the hold went with it. */
function auditDetail(changed: boolean, hold: StatusChange['hold']): string | undefined {
  if (hold === 'placed') return changed ? HOLD_DETAIL : `${HOLD_DETAIL}; the key was already inactive`;
  if (hold === 'not-stored') return 'hold-not-stored';
  if (hold === 'not-lifted') return 'hold-not-lifted';
  return undefined;
}
