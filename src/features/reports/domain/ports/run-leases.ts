import type { Account } from '../../../../kernel/accounts';
import type { ScheduledRun } from '../../../../kernel/ports/run-claims';
import type { StaleReport } from '../stale-report';

/**
 * Who runs a scheduled report: one replica at a time, holding a lease it renews while it scans. A run
 * whose holder stopped renewing (a crash, a deploy) before it was posted is taken over by another
 * replica once the lease has run out; a posted run is never run again.
 */
export interface RunLeases {
  /** The first claim of a run: true for the one replica that made it. */
  claim(run: ScheduledRun, holder: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Extends the holder's lease; false when the run is no longer this holder's (taken over, or posted). */
  renew(run: ScheduledRun, holder: string, now: Date, leaseMs: number): Promise<boolean>;
  /** Runs claimed and not posted whose lease ran out before `now`. */
  expired(now: Date): Promise<ScheduledRun[]>;
  /** Takes a run whose lease ran out: true for the one replica that did. */
  takeOver(run: ScheduledRun, holder: string, now: Date, leaseMs: number): Promise<boolean>;
  /** The run is posted (or failed for good, audited): nobody takes it over again. */
  finish(run: ScheduledRun, holder: string, now: Date): Promise<void>;
}

/** Each account's part of a run, kept as it is scanned (for a day), for a replica that takes it over. */
export interface RunAccounts {
  scanned(run: ScheduledRun): Promise<ReadonlyMap<string, StaleReport>>;
  record(run: ScheduledRun, account: Account, part: StaleReport, now: Date): Promise<void>;
}

/**
 * When a replica last showed it was running the reports: each replica's sweep marks it. At start, a run
 * due after the last mark was due while no replica ran (a deploy, an outage), and is caught up.
 */
export interface ReportsPresence {
  /** The latest mark of any replica; undefined before the first (a new table: nothing was missed). */
  last(): Promise<Date | undefined>;
  /** Marks `now`, never moving the mark back (a replica whose clock is behind leaves it as it is). */
  mark(now: Date): Promise<void>;
}
