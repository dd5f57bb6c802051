import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog, AuditOutcome } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import type { Clock } from '../../../kernel/types';
import type { Caller } from '../../../kernel/ports/accounts';
import { RetryLaterError, type PublishProgress, type ReportPublisher } from './ports/report-publisher';
import { reportId, type RunClaims } from '../../../kernel/ports/run-claims';
import { nameShownKeys, type KeyIdLookup, type KeyNaming } from './key-id-lookup';
import type { OwnerNudges } from './owner-nudges';
import type { StaleReport } from './stale-report';
import type { StaleReportService } from './stale-report-service';
import { thresholdsFor, type ReportSchedule } from './thresholds';
import { codeOf } from '../../../kernel/errors';

export type RunResult = 'posted' | 'claimed-elsewhere' | 'failed' | 'stopped';

export interface ScheduledReportsDeps {
  entries: readonly ReportSchedule[];
  service: Pick<StaleReportService, 'build'>;
  claims: RunClaims;
  publisher: ReportPublisher;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Names this replica in the claims it writes, for whoever reads the table. */
  instance: string;
  /** Publication attempts while Slack answers "rate limited". */
  maxAttempts?: number;
  /** The longest single wait for a rate limit; Slack's Retry-After is usually seconds. */
  maxRetryWaitMs?: number;
  /** DMs the owners of stale keys, for entries with notifyOwners. */
  nudges?: Pick<OwnerNudges, 'run'>;
  /** Told what each posted run produced (App Home shows admins the last one); never throws. */
  lastRuns?: { ran(index: number, report: StaleReport): Promise<void> };
  /** Names the keys the DMs and the message show by their ids (the credential report has none). */
  keyNaming?: KeyNaming;
}

/**
 * Runs a `reports` entry: claim the run (so one replica of several posts it), scan, publish.
 * A rate-limited publication is retried after Slack's Retry-After, on this run's own timer, so
 * nothing else waits behind it.
 */
export class ScheduledReports {
  private readonly stopping = new AbortController();
  private readonly auditor: Auditor;

  constructor(private readonly deps: ScheduledReportsDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  async runScheduled(index: number, scheduledAt: Date): Promise<RunResult> {
    const entry = this.deps.entries[index];
    if (!entry) throw new RangeError(`no reports entry ${index}`);
    const run = { report: reportId(index, entry.channel), scheduledAt };
    const log = this.deps.log.child({ report: run.report, scheduledAt: scheduledAt.toISOString() });
    let won: boolean;
    try {
      won = await this.deps.claims.claim(run, this.deps.instance, this.deps.clock.now());
    } catch (error) {
      // Posting unclaimed could post once per replica; a missed run is the smaller harm.
      log.error({ err: error }, 'scheduled report skipped: the run could not be claimed');
      await this.audit('failed', entry.channel, 'run could not be claimed');
      return 'failed';
    }
    if (!won) {
      log.info('scheduled report claimed by another replica');
      return 'claimed-elsewhere';
    }
    return this.runAndPublish(index, entry, log, scheduledAt);
  }

  /**
   * Runs an entry at once, unclaimed: an admin's "Run now" (which one replica serves). `by` is the
   * admin who clicked: the scan runs in their session (CloudTrail in a role account names them) and
   * the audit names them; without one (the sandbox's schedule button) it is keywarden's run.
   */
  async runNow(index: number, by: Caller = 'system'): Promise<RunResult> {
    const entry = this.deps.entries[index];
    if (!entry) throw new RangeError(`no reports entry ${index}`);
    return this.runAndPublish(
      index,
      entry,
      this.deps.log.child({ report: reportId(index, entry.channel), manual: true }),
      undefined,
      by,
    );
  }

  /** Abandons retry waits; runs in flight end as 'stopped'. */
  stop(): void {
    this.stopping.abort();
  }

  private async runAndPublish(
    index: number,
    entry: ReportSchedule,
    log: Logger,
    scheduledAt?: Date,
    by: Caller = 'system',
  ): Promise<RunResult> {
    const audit = (outcome: AuditOutcome, detail: string) => this.audit(outcome, entry.channel, detail, by);
    let report: StaleReport;
    try {
      const scope =
        entry.ou === undefined
          ? entry.accounts
          : { ou: entry.ou, reportOus: this.deps.entries.flatMap((other) => (other.ou ? [other.ou] : [])) };
      report = await this.deps.service.build(thresholdsFor(this.deps.entries, index), scope, by);
    } catch (error) {
      log.error({ err: error, code: codeOf(error) }, 'stale report could not be built');
      await audit('failed', `scan failed: ${codeOf(error) ?? 'UNEXPECTED'}`);
      return 'failed';
    }
    // One lookup for the run: a user both nudged and on a row with buttons is listed once.
    const lookup = this.deps.keyNaming?.lookup(by);
    report = await this.nudgeOwners(index, entry, report, log, { scheduledAt, lookup });
    if (lookup && this.deps.keyNaming) report = await nameShownKeys(report, this.deps.keyNaming, lookup, log);
    const progress: PublishProgress = {};
    const attempts = this.deps.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const target = { channel: entry.channel, reportIndex: index, scheduledAt };
        await this.deps.publisher.publish(target, report, progress);
        log.info({ stale: report.counts.keys, source: report.source, attempt }, 'stale report posted');
        await audit('ok', `${report.counts.keys} stale keys (${report.source})`);
        await this.deps.lastRuns?.ran(index, report);
        return 'posted';
      } catch (error) {
        if (!(error instanceof RetryLaterError) || attempt >= attempts) {
          log.error({ err: error, attempt }, 'stale report could not be posted');
          await audit('failed', error instanceof RetryLaterError ? 'rate limited' : 'post failed');
          return 'failed';
        }
        const waitMs = Math.min(error.retryAfterMs, this.deps.maxRetryWaitMs ?? 5 * 60_000);
        log.warn({ attempt, waitMs }, 'Slack rate limited the report; retrying later');
        try {
          await sleep(waitMs, undefined, { signal: this.stopping.signal });
        } catch {
          log.warn('stopped before the report could be posted');
          return 'stopped';
        }
      }
    }
  }

  /**
   * Before the channel post, so the post can list the keys owners ignored. A scheduled run is named
   * by its time, so a retry on any replica finds the DMs already sent; a run by hand is a new run,
   * and counts nothing towards escalation.
   */
  private async nudgeOwners(
    index: number,
    entry: ReportSchedule,
    report: StaleReport,
    log: Logger,
    { scheduledAt, lookup }: { scheduledAt?: Date; lookup?: KeyIdLookup },
  ): Promise<StaleReport> {
    const { nudges } = this.deps;
    if (!entry.notifyOwners || !nudges) return report;
    const name = reportId(index, entry.channel);
    const runId = `${name}@${scheduledAt ? scheduledAt.toISOString() : `manual-${randomUUID()}`}`;
    try {
      const result = await nudges.run(
        {
          runId,
          report: name,
          reportIndex: index,
          scheduled: scheduledAt !== undefined,
          escalateAfterRuns: entry.escalateAfterRuns,
          signal: this.stopping.signal,
        },
        report,
        lookup,
      );
      return result.report;
    } catch (error) {
      // The channel report matters more than the DMs: it goes out without them.
      log.error({ err: error }, 'owner nudges failed');
      return report;
    }
  }

  private audit(
    outcome: AuditOutcome,
    channel: string,
    detail: string,
    by: Caller = 'system',
  ): Promise<void> {
    return this.auditor.record(by, 'report', outcome, {
      detail: `stale report to ${channel}: ${detail}`,
    });
  }
}
