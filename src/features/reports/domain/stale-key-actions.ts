import { mayManage, type Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { ApprovalRequest } from '../../approvals/domain';
import type { ApprovalService } from '../../approvals/domain';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import type { Account } from '../../../kernel/accounts';
import { accountNotManaged, managedAccountOf } from '../../../kernel/account-ref';
import type { IamAccounts, ResolvedKey } from '../../../kernel/ports/accounts';
import { iamRefusal } from '../../../kernel/iam-refusal';
import type { KeyCommands, StatusChange } from '../../keys/domain';
import { done, refused, type Outcome } from './refusals';
import type { AccessKey, Clock, IamUserName, KeyId, LastUse } from '../../../kernel/types';
import { staleReasons } from './classify';
import { thresholdsFor, type StaleThresholds } from './thresholds';

/**
 * A key as a report's button names it. The credential report has no key ids, so a key is named
 * by its owner and its creation time, which IAM keeps to the second.
 */
export interface ReportedKey {
  owner: IamUserName;
  /** The managed account's name; absent in buttons from before accounts (the default account). */
  account?: string;
  /**
   * The account's twelve digits where the report knew them: what still names it when the policy
   * renames an account, or gives its name to another. Absent in buttons from before it was carried.
   */
  accountId?: string;
  createdAt: Date;
  /** The `reports` entry whose thresholds the report used, or ON_DEMAND. */
  reportIndex: number;
}

export interface StaleKeyActionsDeps {
  accounts: IamAccounts;
  commands: KeyCommands;
  approvals: ApprovalService;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  reports: readonly StaleThresholds[];
  exempt: readonly string[];
}

export const DELETION_REASON = 'stale key report';

type Verb = 'deactivate' | 'request-deletion' | 'rotate' | 'nudge';

export interface DeactivateOptions {
  /**
   * From the owner's own nudge DM: the owner acts on their own key as with `/keys deactivate`, so
   * no staleness re-check and no admin hold (they may turn it on again).
   */
  fromNudge?: boolean;
}

/**
 * The buttons of a stale-key report. A report may be hours old, so a click finds the key again
 * (ListAccessKeys: owner and creation time to the second), checks it is still stale against a fresh
 * GetAccessKeyLastUsed, and only then acts, through the same services as the commands, which check
 * the clicker's rights again on the owner IAM names.
 */
export class StaleKeyActions {
  private readonly exempt: ReadonlySet<string>;
  private readonly auditor: Auditor;

  constructor(private readonly deps: StaleKeyActionsDeps) {
    this.exempt = new Set(deps.exempt);
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  async deactivate(
    actor: Actor,
    key: ReportedKey,
    options: DeactivateOptions = {},
  ): Promise<Outcome<StatusChange>> {
    const found = await this.recheck(actor, key, 'deactivate', !options.fromNudge);
    if (!found.ok) return found;
    // The re-check just read the key from IAM: it is passed on, not looked up again.
    const { account, key: listed } = found.value;
    const known = { owner: listed.owner, account, keyId: listed.keyId, status: listed.status };
    return this.deps.commands.setStatus(actor, known, 'Inactive', {
      fromReport: !options.fromNudge,
    });
  }

  /** `reason`: the person's own (asked in a modal where the policy wants one); else the report's. */
  async requestDeletion(actor: Actor, key: ReportedKey, reason?: string): Promise<Outcome<ApprovalRequest>> {
    const found = await this.recheck(actor, key, 'request-deletion');
    if (!found.ok) return found;
    // The re-check just read the key and its last use from IAM: the request is opened on that
    // reading, not on a second one (its owner is still checked against the clicker there).
    return this.deps.approvals.request(actor, found.value, reason ?? DELETION_REASON, {
      generated: reason === undefined,
    });
  }

  /**
   * For "Deactivate now" in the Request deletion modal of a report line: the key the line names, as
   * IAM lists it now, when it is Active and `actor` may turn it off (its owner, or an admin); else
   * undefined, and nothing is offered. Deciding an offer changes nothing, so nothing is audited here:
   * the deactivation itself goes through the key commands, which check and audit it.
   */
  async activeKeyOf(actor: Actor, reported: ReportedKey): Promise<KeyId | undefined> {
    const account = reportedAccount(this.deps.accounts, reported);
    if (!account || !mayManage(actor, reported.owner)) return undefined;
    const keys = await this.deps.accounts.iam(account, actor.slackUserId).listKeys(reported.owner);
    const key = findReported(keys, reported.createdAt);
    return key?.status === 'Active' && mayManage(actor, key.owner) ? key.keyId : undefined;
  }

  /**
   * For "Nudge owner" on a report line: admins only (a nudge speaks for the security team), and the
   * key found again and still stale, as for the other actions. Refusals are audited.
   */
  async stillStale(actor: Actor, reported: ReportedKey): Promise<Outcome<ResolvedKey>> {
    if (!actor.isAdmin) {
      await this.auditor.as(actor).refused('report', { owner: reported.owner, detail: 'nudge: not-allowed' });
      return refused({ reason: 'not-allowed' });
    }
    return this.recheck(actor, reported, 'nudge');
  }

  /**
   * The account a button names, or the refusal (audited): a button of an account the policy no
   * longer manages acts nowhere, never in the default account instead.
   */
  async accountOf(actor: Actor, reported: ReportedKey, verb: Verb): Promise<Outcome<Account>> {
    const account = reportedAccount(this.deps.accounts, reported);
    if (account) return done(account);
    // The name now means another account than the one the report was made in: said so.
    const namesAnother = reported.accountId
      ? this.deps.accounts.all().find((other) => other.name === reported.account && other.id)
      : undefined;
    if (namesAnother?.id && reported.account && reported.accountId) {
      await this.auditor.as(actor).refused('report', {
        owner: reported.owner,
        detail: `${verb}: account-name-reused (${reported.accountId}, now ${namesAnother.id})`,
      });
      return refused({
        reason: 'report-account-renamed',
        account: reported.account,
        accountId: reported.accountId,
        nowId: namesAnother.id,
      });
    }
    await this.auditor
      .as(actor)
      .refused('report', { owner: reported.owner, detail: `${verb}: account-not-managed` });
    return refused(accountNotManaged(reported));
  }

  /** The key found again, and (unless `stillStale` is false) seen still stale on a fresh last use. */
  private recheck(actor: Actor, reported: ReportedKey, verb: Verb): Promise<Outcome<ResolvedKey>>;
  private recheck(
    actor: Actor,
    reported: ReportedKey,
    verb: Verb,
    stillStale: boolean,
  ): Promise<Outcome<Rechecked>>;
  private async recheck(
    actor: Actor,
    reported: ReportedKey,
    verb: Verb,
    stillStale = true,
  ): Promise<Outcome<Rechecked>> {
    const refuse = async (detail: string, keyId?: KeyId) => {
      await this.auditor
        .as(actor)
        .refused('report', { owner: reported.owner, keyId, detail: `${verb}: ${detail}` });
    };
    const located = await this.accountOf(actor, reported, verb);
    if (!located.ok) return located;
    const account = located.value;
    const iam = this.deps.accounts.iam(account, actor.slackUserId);
    // The owner in a button is only a claim; checking it here spares IAM a stranger's clicks, and
    // the service checks again against the owner IAM itself names for the key.
    if (!mayManage(actor, reported.owner)) {
      await refuse('not-allowed');
      return refused({ reason: 'not-allowed' });
    }
    let key: AccessKey | undefined;
    let lastUse: LastUse | undefined;
    try {
      const keys = await iam.listKeys(reported.owner);
      key = findReported(keys, reported.createdAt);
      if (!key) {
        await refuse('key-gone');
        return refused({ reason: 'reported-key-gone' });
      }
      // Deactivating an inactive key does nothing; deleting one is the usual next step after it.
      if (verb === 'deactivate' && key.status !== 'Active') {
        await refuse('not-active', key.keyId);
        return refused({ reason: 'reported-key-not-active' });
      }
      if (!stillStale) return done({ account, owner: key.owner, key });
      ({ lastUse } = await iam.lastUse(key.keyId));
      const now = this.deps.clock.now();
      const thresholds = thresholdsFor(this.deps.reports, reported.reportIndex);
      // A key asked to be deleted counts as Active: deactivating it first ("Deactivate now") is
      // containment, and must not make a second active key's finding (CIS 1.13) vanish from under it.
      const counted = verb === 'request-deletion' ? { ...key, status: 'Active' as const } : key;
      const active = keys.filter(
        (candidate) => candidate.status === 'Active' || candidate.keyId === counted.keyId,
      ).length;
      if (
        this.exempt.has(key.owner) ||
        staleReasons({ ...counted, lastUse }, thresholds, now, active).length === 0
      ) {
        await refuse('no-longer-stale', key.keyId);
        return refused({ reason: 'reported-key-no-longer-stale', lastUsedAt: lastUse.at });
      }
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'no-such-user', user: reported.owner });
      await refuse(refusal.reason, key?.keyId);
      return refused(refusal);
    }
    return done({ account, owner: key.owner, key, lastUse });
  }
}

/** A reported key found again: `lastUse` is read where staleness was checked. */
type Rechecked = Omit<ResolvedKey, 'lastUse'> & { lastUse?: LastUse };

/**
 * The managed account a button names; undefined when the policy no longer manages it (refuse,
 * never act in another). By its id where the button carries one (a renamed account is still found;
 * a name given to another account is not taken for it). Buttons from before accounts were named are
 * the default account's.
 */
export function reportedAccount(
  accounts: IamAccounts,
  reported: { account?: string; accountId?: string },
): Account | undefined {
  return managedAccountOf({ account: reported.account, accountId: reported.accountId }, accounts.all());
}

/** The one key of the owner created in that second, or none (two in one second: no guessing). */
export function findReported(keys: AccessKey[], createdAt: Date): AccessKey | undefined {
  const second = Math.floor(createdAt.getTime() / 1000);
  const matches = keys.filter((key) => Math.floor(key.createdAt.getTime() / 1000) === second);
  return matches.length === 1 ? matches[0] : undefined;
}
