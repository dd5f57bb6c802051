import type { ReportSchedule } from './thresholds';

/**
 * A run due while no replica ran is caught up only this soon after: later than that, its readers have
 * moved on and the next run is nearer (a weekly report is not posted on Thursday for Monday).
 */
export const CATCH_UP_WITHIN_MS = 6 * 3600_000;

export interface CatchUp {
  /** The latest time the entry's schedule was due at or before `at`; undefined if it never was. */
  lastDue(entry: ReportSchedule, at: Date): Date | undefined;
  withinMs?: number;
}

export interface MissedRun {
  index: number;
  scheduledAt: Date;
}

/**
 * Each entry's last due run when it fell after `lastPresent` (no replica marked itself present since)
 * and within the window. Without a mark (a new table, a first start) nothing was missed: a bot that
 * never ran owes no report. Only the last due run of an entry: one late report, never a backlog.
 */
export function missedRuns(
  entries: readonly ReportSchedule[],
  catchUp: CatchUp,
  lastPresent: Date | undefined,
  now: Date,
): MissedRun[] {
  if (!lastPresent) return [];
  const withinMs = catchUp.withinMs ?? CATCH_UP_WITHIN_MS;
  return entries.flatMap((entry, index) => {
    const due = catchUp.lastDue(entry, now);
    if (!due || due.getTime() <= lastPresent.getTime()) return [];
    return now.getTime() - due.getTime() <= withinMs ? [{ index, scheduledAt: due }] : [];
  });
}
