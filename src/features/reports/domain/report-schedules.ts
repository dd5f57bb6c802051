import type { Scheduler } from '../../../kernel/ports/scheduler';
import type { ReportSchedule } from './thresholds';

/** Puts each `reports` entry on its cron expression, in its time zone. */
export function scheduleReports(
  scheduler: Scheduler,
  entries: readonly ReportSchedule[],
  run: (index: number, scheduledAt: Date) => Promise<unknown>,
): void {
  entries.forEach((entry, index) => {
    scheduler.cron(`report ${index} (${entry.channel})`, entry, (scheduledAt) => run(index, scheduledAt));
  });
}
