import { Cron } from 'croner';
import type { Logger } from '../../logger';
import type { ReportSchedule } from './thresholds';

/**
 * A run that fires this long after its scheduled time is skipped, not posted late: after a process
 * was suspended or its event loop stalled, the report comes at its next scheduled time instead.
 */
export const LATE_AFTER_MS = 10 * 60_000;

export type FireRun = (index: number, scheduledAt: Date) => Promise<unknown>;

export function cronFor(
  entry: Pick<ReportSchedule, 'schedule' | 'timezone'>,
  fn?: (job: Cron) => Promise<void>,
): Cron {
  // unref: the timers alone never keep a process alive that is otherwise done.
  const options = { timezone: entry.timezone, unref: true };
  return fn ? new Cron(entry.schedule, options, fn) : new Cron(entry.schedule, { ...options, paused: true });
}

/**
 * The instant a run was scheduled for, the same on every replica. croner's own `currentRun()` is it
 * while a run is in progress; otherwise the latest scheduled time at or before `firedAt`.
 * (`previousRuns(1, t)` is strictly before t: a timer firing exactly on time would otherwise name
 * the run before, and that replica would claim a different run key than the others.)
 */
export function scheduledTimeOf(job: Cron, firedAt: Date): Date {
  return job.currentRun() ?? job.previousRuns(1, new Date(firedAt.getTime() + 1))[0] ?? firedAt;
}

export function isTooLate(scheduledAt: Date, firedAt: Date, lateAfterMs = LATE_AFTER_MS): boolean {
  return firedAt.getTime() - scheduledAt.getTime() > lateAfterMs;
}

/**
 * Each `reports` entry on its cron expression, in its time zone. croner schedules only forward from
 * when it starts, so runs missed while the bot was down are not replayed; a run that fires long
 * after its time is skipped too (isTooLate).
 */
export class ReportScheduler {
  private jobs: Cron[] = [];

  constructor(
    private readonly entries: readonly ReportSchedule[],
    private readonly fire: FireRun,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.jobs.length > 0) return;
    this.jobs = this.entries.map((entry, index) => cronFor(entry, (job) => this.tick(index, job)));
    for (const [index, job] of this.jobs.entries()) {
      this.log.info(
        { report: index, channel: this.entries[index]?.channel, next: job.nextRun() },
        'stale report scheduled',
      );
    }
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
  }

  private async tick(index: number, job: Cron): Promise<void> {
    const firedAt = new Date();
    const scheduledAt = scheduledTimeOf(job, firedAt);
    if (isTooLate(scheduledAt, firedAt)) {
      this.log.warn(
        { report: index, scheduledAt, firedAt },
        'scheduled report skipped: its time passed long ago',
      );
      return;
    }
    try {
      await this.fire(index, scheduledAt);
    } catch (error) {
      this.log.error({ err: error, report: index }, 'scheduled report failed');
    }
  }
}
