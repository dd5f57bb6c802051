import { mayManage, type Actor } from '../../../kernel/authorization';
import { accountNotManaged } from '../../../kernel/account-ref';
import type { Logger } from '../../../kernel/logger';
import { Auditor } from '../../../kernel/auditor';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { SnoozeStore } from './ports/snooze-store';
import { iamRefusal } from '../../../kernel/iam-refusal';
import { done, refused, type Outcome } from './refusals';
import { storeRefusal } from '../../../kernel/store-refusal';
import { DAY_MS, type Clock } from '../../../kernel/types';
import { stableAccountId } from './key-ref';
import { MAX_SNOOZE_DAYS, MAX_SNOOZE_REASON, type Snooze } from './snooze';
import { findReported, reportedAccount, type ReportedKey } from './stale-key-actions';

export interface SnoozeAsk {
  days: number;
  reason: string;
}

export interface KeySnoozesDeps {
  accounts: IamAccounts;
  store: SnoozeStore;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/**
 * "Not now" for a stale key, from its owner's nudge: the key leaves their nudges until the snooze
 * ends, and the channel report says who snoozed it, until when, and why. The same rights as
 * deactivating it: whoever may manage the key's owner.
 */
export class KeySnoozes {
  private readonly auditor: Auditor;

  constructor(private readonly deps: KeySnoozesDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  async snooze(actor: Actor, reported: ReportedKey, ask: SnoozeAsk): Promise<Outcome<Snooze>> {
    if (!Number.isInteger(ask.days) || ask.days < 1 || ask.days > MAX_SNOOZE_DAYS)
      throw new RangeError(`a snooze lasts 1 to ${MAX_SNOOZE_DAYS} days`);
    const reason = ask.reason.trim();
    if (reason === '' || reason.length > MAX_SNOOZE_REASON)
      throw new RangeError(`a snooze needs a reason of 1 to ${MAX_SNOOZE_REASON} characters`);
    const account = reportedAccount(this.deps.accounts, reported);
    const audit = this.auditor.as(actor);
    if (!account) {
      await audit.refused('snooze', { owner: reported.owner, detail: 'account-not-managed' });
      return refused(accountNotManaged(reported));
    }
    const details = { owner: reported.owner, account: account.name };
    if (!mayManage(actor, reported.owner)) {
      await audit.refused('snooze', { ...details, detail: 'not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    // The button is hours old at best: the key must still be there, or the snooze would name nothing.
    try {
      const keys = await this.deps.accounts.iam(account, actor.slackUserId).listKeys(reported.owner);
      if (!findReported(keys, reported.createdAt)) {
        await audit.refused('snooze', { ...details, detail: 'key-gone' });
        return refused({ reason: 'reported-key-gone' });
      }
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'no-such-user', user: reported.owner });
      await audit.refused('snooze', { ...details, detail: refusal.reason });
      return refused(refusal);
    }
    const at = this.deps.clock.now();
    const snooze: Snooze = {
      key: {
        account: account.name,
        // Kept under the account's id where it has one for good: a rename keeps the snooze.
        ...(stableAccountId(account) ? { accountId: stableAccountId(account) } : {}),
        owner: reported.owner,
        createdAt: reported.createdAt,
      },
      by: actor.slackUserId,
      at,
      until: new Date(at.getTime() + ask.days * DAY_MS),
      reason,
    };
    try {
      await this.deps.store.put(snooze);
    } catch (error) {
      this.deps.log.error({ err: error }, 'snooze could not be stored');
      await audit.failed('snooze', { ...details, detail: 'store-unavailable' });
      return refused(storeRefusal(error));
    }
    await audit.ok('snooze', {
      ...details,
      detail: `key created ${reported.createdAt.toISOString()} snoozed ${ask.days} days until ${snooze.until.toISOString()}: ${reason}`,
    });
    return done(snooze);
  }
}
