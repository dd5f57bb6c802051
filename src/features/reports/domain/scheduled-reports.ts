import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog, AuditOutcome } from '../../../kernel/ports/audit-log';
import { Auditor } from '../../../kernel/auditor';
import type { Clock } from '../../../kernel/types';
import type { Caller } from '../../../kernel/ports/accounts';
import { RetryLaterError, type PublishProgress, type ReportPublisher } from './ports/report-publisher';
import { reportId, type RunClaims, type ScheduledRun } from '../../../kernel/ports/run-claims';
import type { RunAccounts, RunLeases } from './ports/run-leases';
import { ReplicaPresence, type CatchUp, type MissedRun } from './missed-runs';
import { StoppedError } from './adaptive-concurrency';
import type { AccountProgress } from './stale-report-service';
import { nameShownKeys, type KeyIdLookup, type KeyNaming } from './key-id-lookup';
import type { OwnerNudges } from './owner-nudges';
import type { StaleReport } from './stale-report';
import type { StaleReportService } from './stale-report-service';
import { thresholdsFor, type ReportSchedule } from './thresholds';
import { codeOf } from '../../../kernel/errors';
import { Heartbeats } from '../../../kernel/heartbeat';

export type RunResult = 'posted' | 'claimed-elsewhere' | 'failed' | 'stopped';

/** A run's lease: renewed every third of it, so a replica that stops is replaced within about this. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

export interface ScheduledReportsDeps {
  entries: readonly ReportSchedule[];
  service: Pick<StaleReportService, 'build'>;
  /** Who posts a run, without a lease: a run its replica did not finish is missed. */
  claims: RunClaims;
  /**
   * Runs held under a lease instead (issue 22): renewed while the run scans, each account's part kept
   * as it is scanned, and a run whose holder stopped renewing taken over by `takeOverExpired`.
   */
  leases?: { runs: RunLeases; accounts: RunAccounts; leaseMs?: number };
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
  /**
   * Runs due while no replica ran (a deploy, an outage) caught up at start (catchUp): the replicas'
   * presence marks say when one last ran, `catchUp` says which runs fell after it.
   */
  catchUp?: CatchUp;
}

/** How a run came about, for its message and its log. */
interface RunOptions {
  scheduledAt?: Date;
  by?: Caller;
  held?: { progress: AccountProgress; signal: AbortSignal };
  /** Due while no replica ran: the message says it is late. */
  caughtUp?: boolean;
}

/**
 * Runs a `reports` entry: claim the run (so one replica of several posts it), scan, publish.
 * A rate-limited publication is retried after Slack's Retry-After, on this run's own timer, so
 * nothing else waits behind it.
 */
export class ScheduledReports {
  private readonly stopping = new AbortController();
  private readonly heartbeats = new Heartbeats();
  private readonly auditor: Auditor;
  private readonly presence: ReplicaPresence | undefined;

  constructor(private readonly deps: ScheduledReportsDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
    const { catchUp, entries, clock, log } = deps;
    this.presence =
      catchUp && entries.length > 0 ? new ReplicaPresence(entries, catchUp, clock, log) : undefined;
  }

  async runScheduled(index: number, scheduledAt: Date, caughtUp = false): Promise<RunResult> {
    const entry = this.deps.entries[index];
    if (!entry) throw new RangeError(`no reports entry ${index}`);
    const run = { report: reportId(index, entry.channel), scheduledAt };
    const log = this.deps.log.child({ report: run.report, scheduledAt: scheduledAt.toISOString() });
    let won: boolean;
    try {
      const { leases } = this.deps;
      const now = this.deps.clock.now();
      won = leases
        ? await leases.runs.claim(run, this.deps.instance, now, leases.leaseMs ?? DEFAULT_LEASE_MS)
        : await this.deps.claims.claim(run, this.deps.instance, now);
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
    return this.runHeld(index, entry, run, log, caughtUp);
  }

  /**
   * The runs' sweep, every half lease on each replica: marks this replica present, takes over runs a
   * replica left unfinished, and catches up the runs due while none ran if the start could not.
   */
  async sweep(): Promise<RunResult[]> {
    const results: RunResult[] = [];
    for (const missed of (await this.presence?.mark()) ?? []) results.push(await this.runMissed(missed));
    return [...results, ...(await this.takeOverExpired())];
  }

  /**
   * At start, before the schedules: marks this replica present and gives the runs due while no
   * replica ran (a deploy, an outage), each to be run (`runMissed`) as its caller sees fit.
   */
  async catchUp(): Promise<MissedRun[]> {
    return (await this.presence?.mark()) ?? [];
  }

  /**
   * A missed run, claimed as at its scheduled time by the run's usual conditional write: a run another
   * replica posted, or is posting, is not run again here. Its message says it is late.
   */
  runMissed(missed: MissedRun): Promise<RunResult> {
    this.deps.log.warn(
      { report: missed.index, scheduledAt: missed.scheduledAt.toISOString() },
      'a scheduled report was due while no replica ran; catching it up',
    );
    return this.runScheduled(missed.index, missed.scheduledAt, true);
  }

  /**
   * Runs another replica claimed and did not finish, their lease run out: taken over (one replica
   * wins each) and finished here, the accounts already scanned in them read, not scanned again.
   */
  async takeOverExpired(): Promise<RunResult[]> {
    const { leases } = this.deps;
    if (!leases) return [];
    const results: RunResult[] = [];
    for (const run of await leases.runs.expired(this.deps.clock.now())) {
      const index = this.deps.entries.findIndex((entry, i) => reportId(i, entry.channel) === run.report);
      const entry = this.deps.entries[index];
      // An entry no longer in the policy (or moved): its run is left to expire with its TTL.
      if (!entry) continue;
      const log = this.deps.log.child({ report: run.report, scheduledAt: run.scheduledAt.toISOString() });
      const leaseMs = leases.leaseMs ?? DEFAULT_LEASE_MS;
      if (!(await leases.runs.takeOver(run, this.deps.instance, this.deps.clock.now(), leaseMs))) continue;
      log.warn('taking over a scheduled report another replica did not finish');
      results.push(await this.runHeld(index, entry, run, log));
    }
    return results;
  }

  /** A claimed run: its lease renewed while it scans and publishes, and released once posted. */
  private async runHeld(
    index: number,
    entry: ReportSchedule,
    run: ScheduledRun,
    log: Logger,
    caughtUp = false,
  ): Promise<RunResult> {
    const { leases } = this.deps;
    const scheduled = { scheduledAt: run.scheduledAt, caughtUp };
    if (!leases) return this.runAndPublish(index, entry, log, scheduled);
    const leaseMs = leases.leaseMs ?? DEFAULT_LEASE_MS;
    // Renewed every third of the lease, a failed renewal tried again at the next beat (the lease has
    // room for a few); taken over by another replica, this run stops.
    const renewal = this.heartbeats.start({
      keeps: 'the run lease',
      everyMs: leaseMs / 3,
      beat: () => leases.runs.renew(run, this.deps.instance, this.deps.clock.now(), leaseMs),
      log,
    });
    const { lost } = renewal;
    try {
      const progress: AccountProgress = {
        scanned: () => leases.accounts.scanned(run),
        record: (account, part) => leases.accounts.record(run, account, part, this.deps.clock.now()),
      };
      const signal = AbortSignal.any([this.stopping.signal, lost]);
      const result = await this.runAndPublish(index, entry, log, {
        ...scheduled,
        held: { progress, signal },
      });
      // Posted, or failed and audited: done either way. Only a stopped run is left to be taken over.
      if (result === 'posted' || result === 'failed') {
        await leases.runs.finish(run, this.deps.instance, this.deps.clock.now());
      }
      return lost.aborted && result === 'stopped' ? 'claimed-elsewhere' : result;
    } finally {
      renewal.stop();
    }
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
      { by },
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
    { scheduledAt, by = 'system', held, caughtUp = false }: RunOptions,
  ): Promise<RunResult> {
    const audit = (outcome: AuditOutcome, detail: string) => this.audit(outcome, entry.channel, detail, by);
    let report: StaleReport;
    try {
      const scope =
        entry.ou === undefined
          ? entry.accounts
          : { ou: entry.ou, reportOus: this.deps.entries.flatMap((other) => (other.ou ? [other.ou] : [])) };
      report = await this.deps.service.build(thresholdsFor(this.deps.entries, index), scope, by, held);
    } catch (error) {
      if (error instanceof StoppedError) {
        // The accounts scanned so far are kept: the replica that takes the run over starts from them.
        log.warn('stopped before every account was scanned; another replica finishes the run');
        await this.audit('failed', entry.channel, 'stopped before it was finished (left to another replica)');
        return 'stopped';
      }
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
        const target = {
          channel: entry.channel,
          reportIndex: index,
          scheduledAt,
          ...(caughtUp ? { caughtUp } : {}),
        };
        await this.deps.publisher.publish(target, report, progress);
        log.info({ stale: report.counts.keys, source: report.source, attempt }, 'stale report posted');
        const late = caughtUp ? `, caught up: due ${scheduledAt?.toISOString()} while no replica ran` : '';
        await audit('ok', `${report.counts.keys} stale keys (${report.source})${late}`);
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
