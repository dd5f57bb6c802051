import type { Actor } from '../../../kernel/authorization';
import { KeywardenError, codeOf } from '../../../kernel/errors';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import { iamRefusal } from '../../../kernel/iam-refusal';
import { done, refused, type Outcome } from '../../../kernel/outcome';
import type { Clock } from '../../../kernel/types';
import type { AccountScan, AccountScanner } from '../../../kernel/key-facts/key-facts';
import {
  MAX_SNOOZED_KEPT,
  mergeReports,
  staleReport,
  type AccountSection,
  type FallbackCause,
  type SnoozedKeys,
  type StaleReport,
} from './stale-report';
import { nameShownKeys, type KeyNaming } from './key-id-lookup';
import type { Account } from '../../../kernel/accounts';
import type { Caller } from '../../../kernel/ports/accounts';
import { AimdLimit, mapAdaptive, type Pressure } from './adaptive-concurrency';
import { mapConcurrent } from '../../../kernel/map-concurrent';
import type { StaleThresholds } from './thresholds';
import type { SnoozeStore } from './ports/snooze-store';
import { KeyRefIndex, keyRefs } from './key-ref';
import { StaleKeyTable } from './stale-key-table';
import { isRecentSnooze, type Snooze } from './snooze';
import { inReportScope, type ReportScope } from './report-scope';

export interface AccountScanners {
  /** A few calls for the whole account: tried first. */
  credentialReport: AccountScanner;
  /** 1 + users + keys calls: used only when the credential report is denied or fails. */
  listing: AccountScanner;
}

/**
 * A scheduled run's accounts as they are scanned (in the table, per run and account): a replica that
 * takes over a run another did not finish scans only the accounts not yet there.
 */
export interface AccountProgress {
  /** The accounts already scanned in this run, by name, each with its part of the report. */
  scanned(): Promise<ReadonlyMap<string, StaleReport>>;
  /** One account's part, as soon as it is scanned; a failure to keep it only means a rescan later. */
  record(account: Account, part: StaleReport): Promise<void>;
}

export interface BuildOptions {
  progress?: AccountProgress;
  /** Aborted: no more accounts start (the process drains); build rejects with StoppedError. */
  signal?: AbortSignal;
}

export interface StaleReportDeps {
  /** The managed accounts, in policy order. */
  accounts: readonly Account[];
  /**
   * The two ways of scanning one account, as `caller`: keywarden (`system`) for work nobody clicked,
   * the admin who clicked otherwise, so CloudTrail in a role account names them. They tell `pressure`
   * each time STS or IAM throttle them, so fewer accounts are scanned at once.
   */
  scanners(account: Account, caller: Caller, pressure: Pressure): AccountScanners;
  exempt: readonly string[];
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /**
   * At most this many accounts scanned at once (policy `scanning.maxConcurrentAccounts`); each holds
   * its credential report while it is parsed. The scan starts at a few and adapts (AimdLimit). Default 16.
   */
  maxConcurrentAccounts?: number;
  /** Owners' snoozes, shown on their keys; absent, no key shows one. */
  snoozes?: SnoozeStore;
  /** Names the keys of `/keys stale`'s rows with buttons by their ids (the credential report has none). */
  keyNaming?: KeyNaming;
}

export const DEFAULT_MAX_CONCURRENT_ACCOUNTS = 16;
/** Snooze Queries in flight at once, one per account with stale keys. */
const SNOOZE_READS_AT_ONCE = 8;
/** Where a scan starts before it adapts: a few, so a throttling STS or IAM is met gently. */
const INITIAL_CONCURRENT_ACCOUNTS = 4;
/** Failures of the credential report that listing the account's keys cannot help. */
const NO_FALLBACK: ReadonlySet<string> = new Set([
  'ACCOUNT_UNAVAILABLE',
  'IAM_THROTTLED',
  'IAM_REPORT_NOT_READY',
]);

/** Builds stale-key reports: through the credential report, or by listing when that is not possible. */
export class StaleReportService {
  private readonly exempt: ReadonlySet<string>;
  private readonly auditor: Auditor;

  constructor(private readonly deps: StaleReportDeps) {
    this.exempt = new Set(deps.exempt);
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  /**
   * Every account named (default: all), scanned a few at a time. Each account's scan is classified
   * and dropped before its keys are merged, so only stale keys outlive a scan. An account that
   * cannot be scanned is a failed section of the report; if none could be, this throws the first
   * account's error (KeywardenError IAM_* or ACCOUNT_UNAVAILABLE).
   */
  async build(
    thresholds: StaleThresholds,
    scope?: ReportScope,
    caller: Caller = 'system',
    options: BuildOptions = {},
  ): Promise<StaleReport> {
    // Merged in a call of its own: the accounts' parts, garbage once merged, must not stay
    // referenced from this frame while the snoozes are read (500 parts are as large as the report).
    const merged = await this.scanAndMerge(thresholds, scope, caller, options);
    return this.withSnoozes(merged);
  }

  private async scanAndMerge(
    thresholds: StaleThresholds,
    scope: ReportScope | undefined,
    caller: Caller,
    { progress, signal }: BuildOptions,
  ): Promise<StaleReport> {
    const chosen = this.deps.accounts.filter((account) => inReportScope(account, scope));
    const earlier = progress ? await progress.scanned() : new Map<string, StaleReport>();
    if (earlier.size > 0) {
      this.deps.log.info(
        { accounts: earlier.size },
        'accounts already scanned in this run are not scanned again',
      );
    }
    const max = this.deps.maxConcurrentAccounts ?? DEFAULT_MAX_CONCURRENT_ACCOUNTS;
    const limit = new AimdLimit({ min: 1, max, initial: Math.min(max, INITIAL_CONCURRENT_ACCOUNTS) }, () =>
      this.deps.clock.now().getTime(),
    );
    const toScan = chosen.filter((account) => !earlier.has(account.name));
    const scanned = await mapAdaptive(
      toScan,
      limit,
      async (account, pressure) => {
        try {
          const { scan, fallback } = await this.scan(account, caller, pressure);
          const now = this.deps.clock.now();
          const part = staleReport(scan, { thresholds, exempt: this.exempt, now, fallback, account });
          await this.keep(progress, account, part);
          return part;
        } catch (error) {
          this.deps.log.warn({ err: error, account: account.name }, 'account could not be scanned');
          return {
            account,
            staleKeys: 0,
            scanned: { users: 0, keys: 0 },
            failure: failureText(error),
            error,
          };
        }
      },
      signal,
    );
    const byName = new Map(toScan.map((account, i) => [account.name, scanned[i]]));
    const parts = chosen.map((account) => earlier.get(account.name) ?? byName.get(account.name)!);
    const failed = parts.filter((part) => 'error' in part);
    if (failed.length === parts.length && failed[0]) throw failed[0].error;
    const sections = parts.map((part) => {
      if (!('error' in part)) return part;
      const { error: _error, ...section } = part;
      return section as AccountSection;
    });
    return mergeReports(sections, thresholds, this.deps.clock.now());
  }

  /** Keeps an account's part for a replica that may finish the run; never fails the scan. */
  private async keep(
    progress: AccountProgress | undefined,
    account: Account,
    part: StaleReport,
  ): Promise<void> {
    try {
      await progress?.record(account, part);
    } catch (error) {
      this.deps.log.warn(
        { err: error, account: account.name },
        "an account's scan could not be kept for this run; a replica taking the run over scans it again",
      );
    }
  }

  /** Each stale key with its latest snooze; unreadable snoozes are said, not guessed. */
  private async withSnoozes(report: StaleReport): Promise<StaleReport> {
    const { snoozes } = this.deps;
    if (!snoozes || report.keys.length === 0) return report;
    const withStale = report.accounts.filter((section) => section.staleKeys > 0);
    const accounts = [
      ...new Map(withStale.map((section) => [section.account.name, section.account])).values(),
    ];
    let stored: Snooze[];
    try {
      // A few Queries at a time: 500 accounts at once made the store (and the bench's) give up.
      stored = (
        await mapConcurrent(accounts, SNOOZE_READS_AT_ONCE, (account) => snoozes.forAccount(account))
      ).flat();
    } catch (error) {
      this.deps.log.error({ err: error }, 'snoozes could not be read; the report shows none');
      return { ...report, snoozesUnavailable: true };
    }
    // The latest snooze of each key; found by the key's account id, or its name for older snoozes.
    const byKey = new KeyRefIndex(stored, (earlier, later) => (earlier.at < later.at ? later : earlier));
    if (byKey.size === 0) return report;
    const refOf = keyRefs(report);
    const byRow = new Map<number, Snooze>();
    let row = 0;
    for (const key of report.keys) {
      const snooze = byKey.find(refOf(key));
      if (snooze) byRow.set(row, snooze);
      row++;
    }
    const keys = StaleKeyTable.from(report.keys).withSnoozes(byRow);
    return { ...report, keys, snoozed: recentlySnoozed(keys, byRow, this.deps.clock.now()) };
  }

  /** `/keys stale`: a whole-account view, so admins only. */
  async onDemand(actor: Actor, thresholds: StaleThresholds): Promise<Outcome<StaleReport>> {
    const record = (outcome: 'ok' | 'refused' | 'failed', detail: string) =>
      this.auditor.record(actor, 'report', outcome, { detail });
    if (!actor.isAdmin) {
      await record('refused', 'stale report: not-allowed');
      return refused({ reason: 'not-allowed' });
    }
    try {
      // The admin asked: their session scans, so CloudTrail in a role account names them.
      const report = await this.build(thresholds, undefined, actor.slackUserId);
      await record('ok', `stale report: ${report.counts.keys} stale keys (${report.source})`);
      const { keyNaming } = this.deps;
      return done(
        keyNaming
          ? await nameShownKeys(report, keyNaming, keyNaming.lookup(actor.slackUserId), this.deps.log)
          : report,
      );
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'iam-unavailable' });
      await record('failed', `stale report: ${refusal.reason}`);
      return refused(refusal);
    }
  }

  private async scan(
    account: Account,
    caller: Caller,
    pressure: Pressure,
  ): Promise<{ scan: AccountScan; fallback?: FallbackCause }> {
    const scanners = this.deps.scanners(account, caller, pressure);
    try {
      return { scan: await scanners.credentialReport.scan() };
    } catch (error) {
      // Listing would fail the same way (the role), or make throttling worse, or wait as long.
      if (error instanceof KeywardenError && NO_FALLBACK.has(error.code)) throw error;
      const denied = error instanceof KeywardenError && error.code === 'IAM_ACCESS_DENIED';
      this.deps.log.warn(
        { err: error, code: codeOf(error) },
        denied
          ? `credential report not permitted in ${account.name}; listing keys instead`
          : `credential report failed in ${account.name}; listing keys instead`,
      );
      return { scan: await scanners.listing.scan(), fallback: denied ? 'denied' : 'failed' };
    }
  }
}

/** The stale keys whose snooze the channel hears of, worst first: rows are in the report's order. */
function recentlySnoozed(keys: StaleKeyTable, byRow: ReadonlyMap<number, Snooze>, now: Date): SnoozedKeys {
  const rows = [...byRow]
    .filter(([, snooze]) => isRecentSnooze(snooze, now))
    .map(([row]) => row)
    .sort((a, b) => a - b);
  return {
    count: rows.length,
    keys: rows.slice(0, MAX_SNOOZED_KEPT).flatMap((row) => keys.at(row) ?? []),
  };
}

/** Why an account is missing from a report, in words; Keywarden's own messages only. */
function failureText(error: unknown): string {
  if (!(error instanceof KeywardenError)) return 'an unexpected error (logged)';
  switch (error.code) {
    case 'ACCOUNT_UNAVAILABLE':
      return error.message;
    case 'IAM_ACCESS_DENIED':
      return 'access denied in IAM';
    case 'IAM_THROTTLED':
      return 'IAM kept throttling the scan, past its retries';
    case 'IAM_REPORT_NOT_READY':
      return 'the credential report was not ready in time';
    default:
      return 'IAM could not be reached';
  }
}
