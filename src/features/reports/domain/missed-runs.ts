import type { Logger } from '../../../kernel/logger';
import type { Clock } from '../../../kernel/types';
import type { ReportsPresence } from './ports/run-leases';
import type { ReportSchedule } from './thresholds';

/**
 * A run due while no replica ran is caught up only this soon after: later than that, its readers have
 * moved on and the next run is nearer (a weekly report is not posted on Thursday for Monday).
 */
export const CATCH_UP_WITHIN_MS = 6 * 3600_000;

export interface CatchUp {
  presence: ReportsPresence;
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
  catchUp: Pick<CatchUp, 'lastDue' | 'withinMs'>,
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

/**
 * This replica's presence mark, written at start and at every sweep; the first write of the process
 * reads the last mark first and gives each run due after it. A store that cannot say leaves that to
 * the next mark (the sweep's), so nothing is caught up twice nor missed for a blip.
 */
export class ReplicaPresence {
  private looked = false;

  constructor(
    private readonly entries: readonly ReportSchedule[],
    private readonly catchUp: CatchUp,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async mark(): Promise<MissedRun[]> {
    const now = this.clock.now();
    // Set before the first await: a sweep during the start's look does not look again.
    const first = !this.looked;
    this.looked = true;
    let lastPresent: Date | undefined;
    try {
      if (first) lastPresent = await this.catchUp.presence.last();
      await this.catchUp.presence.mark(now);
    } catch (error) {
      if (first) this.looked = false;
      this.log.warn({ err: error }, 'report presence could not be read or marked; trying at the next sweep');
      return [];
    }
    return first ? missedRuns(this.entries, this.catchUp, lastPresent, now) : [];
  }
}
